"""The dataset as a whole: every claim cited with a URL, no unused sources, the countries profiled, and the
bundled SIPRI and paper figures checked against SIPRI's rounding, its exports and the paper."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.dataset.loading import load_dataset
from fmscompare.formatting import sipri_round
from fmscompare.reports.common import unused_sources
from tests.conftest import PAPER, TIV_EXPORTERS, needs_shared
from tests.helpers import DATASET, PROFILED


def test_every_yes_partial_and_no_cites_a_listed_source_with_a_url():
    checked = 0
    for record in DATASET.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.status == "unknown":
                    assert entry.source is None and entry.evidence is None, (record.iso3, key)
                    continue
                checked += 1
                assert entry.source in DATASET.sources, (record.iso3, key, entry.source)
                url = DATASET.sources[entry.source].url
                assert url and url.startswith(("http://", "https://")), entry.source
    assert checked > 110


def test_no_source_is_left_unused():
    assert unused_sources(DATASET) == []


def test_the_profiled_countries(cli):
    assert {c.iso3 for c in DATASET.countries} == PROFILED
    rows = json.loads(cli("rank", "-f", "json").stdout)
    assert {r["iso3"] for r in rows} == PROFILED
    assert all(r["sipri_share_pct"] is not None for r in rows)  # every one has 2020-2024 SIPRI figures


def test_spectrum_and_correlate_run_on_every_country(cli):
    bands = json.loads(cli("spectrum", "-f", "json").stdout)
    assert len(bands) == len(PROFILED)
    rows = json.loads(cli("correlate", "--involvement", "score", "--against", "share", "-f", "json").stdout)
    assert rows[0]["n"] == len(PROFILED)
    assert rows[0]["test"].startswith("100000 random pairings")  # 16! is too many to enumerate


def test_unknown_model_is_marked_in_tables(cli, dated_data):
    """Betaland's G2G contracting is unknown, so its DCS is a default for missing evidence, not a finding."""
    out = cli("--data-dir", str(dated_data), "rank", env={"COLUMNS": "1000"}).stdout
    beta = next(line for line in out.splitlines() if " Betaland " in line)
    assert "DCS?" in beta and "L1?" in beta  # export finance is a full yes: promoted DCS, if DCS at all
    assert "? where G2G contracting is unknown, so DCS is a default for missing evidence" in out
    bands = json.loads(cli("--data-dir", str(dated_data), "spectrum", "-f", "json").stdout)
    assert next(r for r in bands if r["iso3"] == "BET")["model_known"] is False


def test_every_computed_figure_is_rounded_as_sipri_rounds():
    with (bundled_data_dir() / "sipri_shares.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("share_pct", "change_pct"):
                if row[column]:
                    value = float(row[column])
                    assert sipri_round(value) == value, (row["iso3"], row["period"], column, value)


def test_shares_in_a_period_never_exceed_100_percent():
    shares = load_dataset().shares.frame()
    totals = shares.groupby("period")["share_pct"].sum()
    assert (totals <= 100.5).all(), totals.to_dict()


@needs_shared
def test_2019_2023_figures_match_sipri_database_export():
    """Recompute 2019-2023 from the real SIPRI TIV export: share of world total, rank, change vs 2014-2018."""
    import pandas as pd

    table = pd.read_csv(TIV_EXPORTERS, skiprows=9).rename(columns={"Exports by": "exporter"})
    table = table[~table["exporter"].astype(str).str.contains("Total")].set_index("exporter")

    def window(first: int) -> pd.Series:
        years = [str(y) for y in range(first, first + 5)]
        values = table[years].apply(lambda c: pd.to_numeric(c.astype(str).str.strip(), errors="coerce"))
        return values.fillna(0).sum(axis=1)

    now, before = window(2019), window(2014)
    share = now / now.sum() * 100
    # Ranked among states: non-state actors (*), organisations (**) and unknown suppliers are not ranked.
    # Ties share a rank (Japan and North Korea, 13 each).
    states = now[~now.index.str.endswith("*") & ~now.index.str.startswith("unknown")]
    ranks = states.rank(method="min", ascending=False)
    sipri_names = {"TUR": "Turkiye", "ARE": "UAE", "USA": "United States", "KOR": "South Korea"}
    rows = load_dataset().shares.frame().query("period == '2019-2023'")
    assert len(rows) == 28  # SIPRI's top 25, Japan, and Jordan and Czechia (26th and 27th), profiled since
    for row in rows.itertuples():
        name = sipri_names.get(row.iso3, row.country)
        assert row.share_pct == sipri_round(share[name]), name
        assert row.rank == ranks[name], name
        assert row.change_pct == sipri_round((now[name] / before[name] - 1) * 100), name


@needs_shared
def test_paper_figures_are_the_papers_numbers():
    """Each paper_figures entry states its numbers in our words, and the paper gives them for that country."""
    paper = PAPER.read_text(encoding="utf-8")
    checked = 0
    for country in load_dataset().countries:
        figures = country.paper_figures
        if figures is None:
            continue
        for number in (figures.share_pct, abs(figures.change_pct)):
            assert re.search(rf"\b{number:g} ?(%|percent)", figures.text), (country.name, number)
        section = paper[paper.index(f"### {country.name}") :]
        assert f"{figures.share_pct:g} percent" in section[:4000], country.name
        assert f"{abs(figures.change_pct):g} percent" in section[:4000], country.name
        checked += 1
    assert checked == 5  # the five exporters whose SIPRI figures the paper quotes (not the US or Japan)


def test_data_files_are_plain_utf8_with_lf_endings():
    for name in ("countries.yaml", "mechanisms.yaml", "sipri_shares.csv"):
        raw = (Path(bundled_data_dir()) / name).read_bytes()
        assert b"\r\n" not in raw, name
        raw.decode("utf-8")
