"""The dataset as a whole: every claim cited with a URL, no unused sources, `validate`, `sources`, coverage."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fmscompare.dataset.loading import load_dataset
from fmscompare.reports.common import citations, unused_sources
from tests.conftest import edit

DATASET = load_dataset()
PROFILED = {
    "USA",
    "FRA",
    "AUS",
    "ISR",
    "KOR",
    "DEU",
    "JPN",
    "GBR",
    "RUS",
    "CHN",
    "ITA",
    "ESP",
    "TUR",
    "SWE",
    "CAN",
    "BRA",
}


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


def test_an_unused_source_is_noted_by_validate(cli, data_copy):
    f = data_copy / "countries.yaml"
    orphan = (
        "  orphan:\n    title: Nothing cites me\n    publisher: Nobody\n    date: 2020\n"
        "    url: https://example.org\n    accessed: 2026-12\n"
    )
    edit(f, "sources:\n", "sources:\n" + orphan)
    result = cli("validate", str(data_copy))
    assert result.exit_code == 0
    assert "note: sources nothing cites: orphan" in result.stdout


def test_the_profiled_countries(cli):
    assert {c.iso3 for c in DATASET.countries} == PROFILED
    rows = json.loads(cli("rank", "-f", "json").stdout)
    assert {r["iso3"] for r in rows} == PROFILED
    assert all(r["sipri_share_pct"] is not None for r in rows)  # every one has 2020-2024 SIPRI figures


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("united kingdom", "GBR"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("turkiye", "TUR"),
        ("PRC", "CHN"),
        ("russian federation", "RUS"),
        ("España", "ESP"),
        ("brasil", "BRA"),
        ("CA", "CAN"),
        ("se", "SWE"),
        ("italia", "ITA"),
    ],
)
def test_aliases_as_users_type_them(cli, query, iso3):
    record = json.loads(cli("show", query, "-f", "json").stdout)
    assert record["iso3"] == iso3


def test_validate_reports_the_bundled_dataset_clean(cli):
    result = cli("validate")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": valid")
    assert f"{len(PROFILED)} countries, 17 mechanisms with a rubric, 4 weight presets" in lines[1]
    assert lines[4] == f"  profiles reviewed: 2026-12 ({len(PROFILED)})"
    assert "note:" not in result.stdout


def test_validate_lists_every_problem_and_exits_1(cli, data_copy):
    f = data_copy / "countries.yaml"
    edit(f, 'iso3: "SWE"', 'iso3: "SWEDEN"')
    edit(f, "source: hattori2023", "source: hatori2023")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "iso3: expected a three-letter upper-case code; got 'SWEDEN'" in result.stderr


def test_validate_uses_data_dir_and_defaults(cli, data_copy):
    assert cli("--data-dir", str(data_copy), "validate").stdout.startswith(f"{data_copy}: valid")


def test_sources_in_every_format(cli):
    rows = json.loads(cli("sources", "-f", "json").stdout)
    assert len(rows) == len(DATASET.sources)
    by_id = {r["id"]: r for r in rows}
    assert by_id["hattori2023"]["url"].startswith("https://www.csis.org/")
    assert by_id["hattori2023"]["cited"] == citations(DATASET)["hattori2023"] > 80
    text = cli("sources", "-f", "csv").stdout
    assert text.splitlines()[0] == "id,date,cited,publisher,author,title,url,accessed,language,secondary"
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(rows)
    markdown = cli("sources", "-f", "markdown").stdout
    assert markdown.startswith(f"### Sources: the {len(rows)} the dataset cites")
    table = cli("sources", env={"COLUMNS": "100"}).stdout
    assert "https://www.csis.org/analysis/considering-japanese-version-foreign-military-sales" in table


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
