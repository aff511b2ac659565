"""`fmscompare timeline`: scores by year, the dated changes and the event study, on the two invented
exporters of tests/fixtures/dated, with every figure computed by hand.

Default weights sum to 20.5: export agency 2, seven other promotion mechanisms 1 each, G2G contracting 3,
three other G2G-stage mechanisms 1 each, intermediary procurement 2, guarantee 2, three industrial-base
mechanisms 0.5 each.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import edit
from tests.helpers import WIDE


def records(cli, data: Path, *args: str) -> list[dict]:
    result = cli("--data-dir", str(data), "timeline", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_scores_by_year_as_computed_by_hand(cli, dated_data):
    rows = {(r["iso3"], r["year"]): r for r in records(cli, dated_data, "--from", "2011", "--to", "2024")}
    assert len(rows) == 2 * 14

    def seen(iso3: str, year: int) -> tuple:
        r = rows[(iso3, year)]
        model = r["contracting_model"] + ("" if r["model_known"] else "?")
        return r["support_score"], r["coverage_pct"], model, r["level"] + ("" if r["model_known"] else "?")

    # Alphaland: nothing dated before its first G2G sale (2012-11).
    assert seen("ALP", 2011) == (0.0, 0.0, "dcs?", "L0?")
    # G2G contracting yes, weight 3: 100 x 3 / 20.5 = 14.6, known 14.6 %.
    assert seen("ALP", 2012) == (14.6, 14.6, "g2g", "L2")
    assert seen("ALP", 2022) == (14.6, 14.6, "g2g", "L2")
    # 2023-04 adds the agency (yes, 2) and flexible controls (no, 1): 100 x 5 / 20.5 = 24.4, known 6 / 20.5.
    assert seen("ALP", 2023) == (24.4, 29.3, "g2g", "L2")
    # Controls partial from 2024-03, yes from 2024-12: at the year's end, 100 x 6 / 20.5 = 29.3.
    assert seen("ALP", 2024) == (29.3, 29.3, "g2g", "L2")
    # Betaland: export finance yes from 2018 (a year alone counts from its January): 100 x 1 / 20.5 = 4.9.
    assert seen("BET", 2017) == (0.0, 0.0, "dcs?", "L0?")
    assert seen("BET", 2018) == (4.9, 4.9, "dcs?", "L1?")
    # SIPRI's 2020-2024 figures stand beside 2024 only; each row's picture is its year's end.
    assert (rows[("ALP", 2024)]["sipri_period"], rows[("ALP", 2024)]["sipri_share_pct"]) == ("2020-2024", 2.5)
    assert (rows[("BET", 2024)]["sipri_change_pct"], rows[("BET", 2023)]["sipri_period"]) == (-5, None)
    assert rows[("ALP", 2012)]["as_of"] == "2012-12" and rows[("ALP", 2012)]["weights"] == "default"


def test_countries_named_come_alone_and_in_order(cli, dated_data):
    rows = records(cli, dated_data, "betaland", "alphaland", "--from", "2023", "--to", "2024")
    assert [(r["iso3"], r["year"]) for r in rows] == [("BET", 2023), ("BET", 2024), ("ALP", 2023), ("ALP", 2024)]


def test_events_list_each_dated_change_oldest_first(cli, dated_data):
    rows = records(cli, dated_data, "--events", "--from", "2000", "--to", "2024")
    assert [(r["iso3"], r["status_since"], r["mechanism"], r["status_before"], r["status_after"]) for r in rows] == [
        ("ALP", "2012-11", "g2g_contracting", "unassessed", "yes"),
        ("BET", "2018", "export_finance", "unassessed", "yes"),
        ("ALP", "2023-04", "export_agency", "unassessed", "yes"),
        ("ALP", "2023-04", "flexible_controls", "unassessed", "no"),
        ("ALP", "2024-03", "flexible_controls", "no", "partial"),
        ("ALP", "2024-12", "flexible_controls", "partial", "yes"),
    ]
    # A first assessment is not an adoption, nor is any change of another mechanism.
    assert not any(r["adoption"] for r in rows)
    assert rows[-1]["source"] == "wire-2024" and rows[-1]["locator"] == "paragraph 5"
    # --from and --to bound the dates.
    assert len(records(cli, dated_data, "--events", "--from", "2024", "--to", "2024")) == 2


ADOPTIONS = {
    "      intermediary_procurement: {status: unknown}\n": """\
      intermediary_procurement:
        - status: "no"
          evidence: The ministry said it would not buy for foreign governments.
          source: wire-2024
          locator: paragraph 8
          as_of: "2015-06"
        - status: "yes"
          evidence: The ministry began buying from its industry for foreign governments.
          source: wire-2024
          locator: paragraph 9
          as_of: "2018-03"
""",
}
BETA_G2G = """\
      g2g_contracting:
        - status: "no"
          evidence: Betaland's government signs no export contracts.
          source: wire-2024
          locator: paragraph 10
          as_of: "2020-01"
        - status: partial
          evidence: A law now lets Betaland's government sign export contracts.
          source: wire-2024
          locator: paragraph 11
          as_of: "2022-05"
"""

# Alphaland exports 10 a year to 2017, 15 in 2018 and 20 from 2019; Betaland 5 a year; the world 100 a year
# (Gammaland, unprofiled, the rest).
YEARS = list(range(2012, 2025))
TIV_TABLE = (
    "Volume of transfers of major arms\n"
    "Figures are in millions of SIPRI trend-indicator values (TIVs).\n"
    "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
    "Data generated: 3 Mar 2025 09:15:00 AM\n"
    "\n"
    "Exports by," + ",".join(map(str, YEARS)) + ",2012-2024,Percentage,Sum total years,Percentage of total\n"
    "Alphaland," + ",".join("10" if y < 2018 else "15" if y == 2018 else "20" for y in YEARS) + ",,,,\n"
    "Betaland," + ",".join("5" for _ in YEARS) + ",,,,\n"
    "Gammaland," + ",".join("85" if y < 2018 else "80" if y == 2018 else "75" for y in YEARS) + ",,,,\n"
    "Total world export," + ",".join("100" for _ in YEARS) + ",,,,\n"
)


@pytest.fixture
def adopting(dated_data: Path) -> Path:
    """Alphaland adopts intermediary procurement in 2018 (no to yes); Betaland G2G contracting in 2022 (no to
    partial); a TIV table and a name table for both."""
    countries = dated_data / "countries.yaml"
    for old, new in ADOPTIONS.items():
        edit(countries, old, new)
    text = countries.read_text(encoding="utf-8")
    beta = text.index("  - name: Betaland")
    countries.write_text(
        text[:beta] + text[beta:].replace("      g2g_contracting: {status: unknown}\n", BETA_G2G, 1), encoding="utf-8"
    )
    (dated_data / "sipri_names.csv").write_text(
        "sipri_name,iso3,kind\nAlphaland,ALP,state\nBetaland,BET,state\n", encoding="utf-8"
    )
    (dated_data / "tiv.csv").write_text(TIV_TABLE, encoding="utf-8")
    return dated_data


def test_adoptions_are_rises_of_government_contracting_from_a_recorded_status(cli, adopting):
    rows = records(cli, adopting, "--events", "--from", "2000", "--to", "2024")
    adoptions = [(r["iso3"], r["status_since"], r["mechanism"]) for r in rows if r["adoption"]]
    assert adoptions == [("ALP", "2018-03", "intermediary_procurement"), ("BET", "2022-05", "g2g_contracting")]
    # The first assessments of the same mechanisms (unassessed to no) are events, not adoptions.
    firsts = [r for r in rows if r["status_before"] == "unassessed" and r["mechanism"] == "intermediary_procurement"]
    assert [(f["status_after"], f["adoption"]) for f in firsts] == [("no", False)]


def test_event_study_as_computed_by_hand(cli, adopting):
    result = cli(
        "--data-dir", str(adopting), "timeline", "--event-study", "--sipri", str(adopting / "tiv.csv"), "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    alp, bet = json.loads(result.stdout)
    # 2018: before 2013-2017 (5 x 10 = 50 of 500, 10 %), after 2019-2023 (5 x 20 = 100, 20 %): +100 %.
    assert (alp["window_before"], alp["tiv_before"], alp["share_before_pct"]) == ("2013-2017", 50, 10)
    assert (alp["window_after"], alp["tiv_after"], alp["share_after_pct"], alp["tiv_change_pct"]) == (
        "2019-2023",
        100,
        20,
        100,
    )
    # 2022: before 2017-2021 (25 of 500, 5 %); after 2023-2027 runs past the table (2012-2024): no figure.
    assert (bet["window_before"], bet["tiv_before"], bet["share_before_pct"]) == ("2017-2021", 25, 5)
    assert (bet["tiv_after"], bet["share_after_pct"], bet["tiv_change_pct"]) == (None, None, None)
    table = " ".join(
        cli(
            "--data-dir", str(adopting), "timeline", "--event-study", "--sipri", str(adopting / "tiv.csv"), env=WIDE
        ).stdout.split()
    )
    assert "n = 1 of 2 adoptions with a change (both windows inside the export's years, 2012-2024" in table
    assert "median change +100 %, 1 up and 0 flat or down" in table
    assert "patterns, not causes" in table


def test_csv_and_markdown_carry_the_same_rows(cli, dated_data):
    out = cli("--data-dir", str(dated_data), "timeline", "--from", "2023", "--to", "2024", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["iso3"], r["year"], r["support_score"]) for r in rows] == [
        ("ALP", "2023", "24.4"),
        ("ALP", "2024", "29.3"),
        ("BET", "2023", "4.9"),
        ("BET", "2024", "4.9"),
    ]
    markdown = cli("--data-dir", str(dated_data), "timeline", "--from", "2024", "--to", "2024", "-f", "markdown").stdout
    assert "| ALP | 2024 | 29.3 | 29% | G2G | L2 | 2020-2024 | 2.5 | +10 |" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2020", "--to", "2019"], "2020 is after --to 2019"),
        (["--to", "2999"], "2999"),
        (["--event-study"], "--event-study needs --sipri FILE"),
        (["--events", "--event-study"], "give --events or --event-study, not both"),
        (["--sipri", "README.md"], "--sipri works with --event-study"),
        (["--chart", "x.gif"], "expected a file name ending in .svg, .png or .pdf"),
        (["narnia"], "narnia"),
    ],
)
def test_bad_options_are_usage_errors(cli, args, message):
    result = cli("timeline", *args)
    assert result.exit_code == 2, result.stdout
    assert message in " ".join(result.stderr.split()), result.stderr


def test_the_bundled_data_japan_2014_to_2026(cli):
    """Japan's picture by year: G2G contracting partial from the TC-90 lease (2016-09), known from then on."""
    rows = {r["year"]: r for r in records(cli, Path("data"), "japan", "--from", "2014")}
    assert list(rows) == list(range(2014, max(rows) + 1))
    assert rows[2015]["contracting_model"] == "dcs" and rows[2016]["contracting_model"] == "g2g"
    assert rows[2015]["model_known"] is False and rows[2016]["model_known"] is True
    assert rows[2022]["coverage_pct"] < 50 <= rows[2023]["coverage_pct"]


def test_chart_draws_a_file(cli, dated_data, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "timeline.svg"
    result = cli("--data-dir", str(dated_data), "timeline", "alphaland", "--from", "2010", "--chart", str(target))
    assert result.exit_code == 0, result.stderr
    drawn = target.read_bytes()
    assert drawn.startswith(b"<?xml") and b"Alphaland" in drawn
    # The same chart twice is the same file, byte for byte.
    again = tmp_path / "again.svg"
    assert (
        cli("--data-dir", str(dated_data), "timeline", "alphaland", "--from", "2010", "--chart", str(again)).exit_code
        == 0
    )
    assert again.read_bytes() == drawn


def test_event_study_on_an_excerpt_leaves_unknown_the_exporters_it_cuts(cli):
    """The bundled excerpt keeps six exporters: Italy (2021 adoption) has its window before; Sweden, cut from
    the file, has no figure rather than a zero."""
    result = cli("timeline", "--event-study", "--sipri", "examples/sipri-tiv-exporters-excerpt.csv", "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["iso3"]: r for r in json.loads(result.stdout)}
    assert rows["ITA"]["window_before"] == "2016-2020" and rows["ITA"]["tiv_before"] > 0
    assert rows["SWE"]["tiv_before"] is None and rows["SWE"]["tiv_change_pct"] is None


def test_year_scores_equal_scoring_each_december_picture():
    """The one-pass timeline gives, for every bundled country and year, exactly what scoring the country
    as of that December gives (the picture `--as-of` would score)."""
    from fmscompare.analysis.timeline import year_scores
    from fmscompare.months import Month
    from fmscompare.scoring.score import score_country
    from fmscompare.scoring.weights import choose_weights
    from tests.helpers import DATASET

    weights = choose_weights(DATASET, "guarantees", None)
    for point in year_scores(DATASET.records, DATASET.mechanisms, weights, 1950, 2026):
        record = DATASET.record_by_iso3(point.iso3)
        expected = score_country(record.as_of(Month(point.year, 12)), DATASET.mechanisms, weights)
        assert (point.score, point.coverage_pct) == pytest.approx((expected.support_score, expected.coverage_pct)), (
            point.iso3,
            point.year,
        )
        assert (point.model, point.level, point.model_known) == (
            expected.contracting_model.value,
            expected.level.value,
            expected.model_known,
        ), (point.iso3, point.year)


def test_an_empty_year_in_progress_is_not_counted_as_no_deliveries(cli, adopting):
    """SIPRI's TIV table has a column for the year in progress with every cell empty: a window that takes
    it in is not covered (no figure), rather than a window with a year of zero deliveries."""
    table = adopting / "tiv.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(",2024,", ",2024,2025,", 1)  # a 2025 column, empty in every row
    lines[6:] = [line.replace(",,,,", ",,,,,", 1) if line else line for line in lines[6:]]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edit(adopting / "countries.yaml", 'as_of: "2018-03"', 'as_of: "2020-03"')  # after: 2021-2025
    result = cli("--data-dir", str(adopting), "timeline", "--event-study", "--sipri", str(table), "-f", "json")
    assert result.exit_code == 0, result.stderr
    alp = json.loads(result.stdout)[0]
    assert (alp["window_after"], alp["tiv_after"], alp["tiv_change_pct"]) == ("2021-2025", None, None)
    assert alp["sipri_file"] == "tiv.csv" and alp["sipri_generated"] == "2025-03-03"


def test_views_that_do_not_score_still_refuse_a_bad_preset_and_the_chart_a_crowd(cli):
    assert cli("timeline", "--events", "--preset", "bogus").exit_code == 2
    crowd = ["usa", "france", "australia", "israel", "korea", "germany", "japan", "italy", "spain"]
    result = cli("timeline", *crowd, "--chart", "x.svg")
    assert result.exit_code == 2 and "draws at most 8 countries" in result.stderr


def test_to_without_from_shows_the_ten_years_before(cli, dated_data):
    years = [r["year"] for r in records(cli, dated_data, "alphaland", "--to", "2009")]
    assert years == list(range(1999, 2010))
