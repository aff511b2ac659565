"""The figures users check first: SIPRI shares, ranks and changes, and the paper's own figures."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.dataset.loading import load_dataset
from fmscompare.formatting import format_change, format_share, sipri_round
from tests.conftest import PAPER, TIV_EXPORTERS, needs_shared

# (iso3, share %, SIPRI rank, change % against 2012-2016) for 2017-2021, as SIPRI gives them. The paper
# gives South Korea 2.7 % and Australia +97 %; SIPRI's figures are 2.8 % and +98 %.
SIPRI_2017_2021 = [
    ("USA", 39, 1, 14),
    ("FRA", 11, 3, 59),
    ("AUS", 0.6, 16, 98),
    ("ISR", 2.4, 10, -5.6),
    ("KOR", 2.8, 8, 177),
    ("DEU", 4.5, 5, -19),
    ("JPN", 0.0037, 51, None),  # 5 of 136,019 TIV; no deliveries in 2012-2016, so no change
]


@pytest.mark.parametrize(("iso3", "share", "rank", "change"), SIPRI_2017_2021)
def test_rank_reports_sipri_2017_2021_figures(cli, iso3, share, rank, change):
    result = cli("rank", "--period", "2017-2021", "--format", "json")
    assert result.exit_code == 0, result.stderr
    row = next(r for r in json.loads(result.stdout) if r["iso3"] == iso3)
    assert row["sipri_period"] == "2017-2021"
    assert row["sipri_share_pct"] == share
    assert row["sipri_rank"] == rank
    assert row["sipri_change_pct"] == change


def test_table_shows_figures_as_sipri_prints_them(cli):
    out = cli("rank", "--period", "2017-21", "--paper", env={"COLUMNS": "100"}).stdout
    assert "SIPRI 2017-2021" in out
    assert re.search(r"France\s+FRA\s+G2G\s+L2\s+[\d.]+\s+\d+%\s+11\s+3\s+\+59", out)
    assert re.search(r"South Korea\s+KOR\s+DCS\s+L1\s+[\d.]+\s+\d+%\s+2\.8\s+8\s+\+177", out)
    assert re.search(r"Israel\s+ISR\s+G2G\s+L2\s+[\d.]+\s+\d+%\s+2\.4\s+10\s+-5\.6", out)


def test_default_period_is_the_latest(cli):
    rows = json.loads(cli("rank", "-f", "json").stdout)
    assert {r["sipri_period"] for r in rows} == {"2020-2024"}
    us = next(r for r in rows if r["iso3"] == "USA")
    assert (us["sipri_share_pct"], us["sipri_rank"], us["sipri_change_pct"]) == (43, 1, 21)


@pytest.mark.parametrize(
    ("value", "expected", "shown"),
    [
        (38.60, 39, "39"),
        (10.65, 11, "11"),
        (2.82, 2.8, "2.8"),
        (1.99, 2.0, "2.0"),
        (0.0093, 0.0093, "0.0093"),
        (-52.546, -53, "-53"),
        (176.8, 177, "177"),
    ],
)
def test_sipri_rounding(value, expected, shown):
    assert sipri_round(value) == expected
    assert format_share(abs(value)) == shown.lstrip("-")


def test_change_is_signed():
    assert format_change(59) == "+59"
    assert format_change(-5.6) == "-5.6"
    assert format_change(None) == "–"


def test_every_computed_figure_is_rounded_as_sipri_rounds():
    with (bundled_data_dir() / "sipri_shares.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("share_pct", "change_pct"):
                if row[column]:
                    value = float(row[column])
                    assert sipri_round(value) == value, (row["iso3"], row["period"], column, value)


def test_shares_in_a_period_never_exceed_100_percent():
    shares = load_dataset().shares
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
    rows = load_dataset().shares.query("period == '2019-2023'")
    assert len(rows) == 26
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


def test_show_notes_where_the_paper_differs_from_sipri(cli):
    korea = cli("show", "south korea", "--format", "markdown").stdout
    assert "The paper gives a 2017-2021 share of 2.7 %; SIPRI's figure is 2.8 % (sipri-db-2022-07-28)." in korea
    assert "The paper measures the change against 2011-2016; SIPRI compares 2017-2021 with 2012-2016." in korea
    australia = cli("show", "australia", "--format", "markdown").stdout
    assert "The paper gives a 2017-2021 change of +97 %; SIPRI's figure is +98 % (sipri-db-2022-07-28)." in australia
    france = json.loads(cli("show", "france", "-f", "json").stdout)
    # France's 11 %, 3rd and +59 % all match SIPRI; only the base period is mislabelled.
    assert france["paper_vs_sipri"] == [
        "The paper measures the change against 2011-2016; SIPRI compares 2017-2021 with 2012-2016."
    ]


def test_show_lists_sipri_figures_for_every_period(cli):
    record = json.loads(cli("show", "KOR", "--format", "json").stdout)
    assert [(r["period"], r["share_pct"], r["rank"], r["change_pct"]) for r in record["sipri"]] == [
        ("2017-2021", 2.8, 8, 177),
        ("2019-2023", 2.0, 10, 11),
        ("2020-2024", 2.2, 10, 4.9),
    ]
    assert record["sipri"][0]["compared_with"] == "2012-2016"


def test_data_files_are_plain_utf8_with_lf_endings():
    for name in ("countries.yaml", "mechanisms.yaml", "sipri_shares.csv"):
        raw = (Path(bundled_data_dir()) / name).read_bytes()
        assert b"\r\n" not in raw, name
        raw.decode("utf-8")


@pytest.mark.parametrize(
    ("value", "shown"), [(58.54, "59%"), (58.5, "59%"), (58.46, "59%"), (70.7, "71%"), (43.9, "44%")]
)
def test_coverage_is_one_whole_percentage_everywhere(value, shown):
    """Rounded half up from the one-decimal figure, so show (59 %) and rank (59%) agree for Australia."""
    from fmscompare.formatting import format_coverage

    assert format_coverage(value) == shown
