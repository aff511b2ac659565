"""`fmscompare rank`: the table, its CSV and markdown, `--by`, `--top`, `--period` and SIPRI's figures."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest

from fmscompare.formatting import format_share
from tests.helpers import ANSI, PROFILED, RANK_HEADER, WIDE


def test_rank_table_names_period_and_weights(cli):
    result = cli("rank")
    assert result.exit_code == 0
    assert "Ranked by support score; SIPRI 2020-2024; weights: default" in result.stdout
    assert not ANSI.search(result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 90  # 16 countries: "Rosoboronexport" is long
    for name in ("United States", "France", "Australia", "Israel", "South Korea", "Germany", "Japan", "China"):
        assert name in result.stdout
    assert result.stderr == ""


def test_rank_csv_header_is_stable(cli):
    out = cli("rank", "--format", "csv").stdout
    assert out.splitlines()[0] == RANK_HEADER
    assert "\r" not in out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(PROFILED) == 26
    assert rows[0]["rank"] == "1"


@pytest.mark.parametrize(
    ("by", "first", "key"),
    [("share", "USA", "sipri_share_pct"), ("growth", "JPN", "sipri_change_pct"), ("involvement", "USA", "level")],
)
def test_rank_by(cli7, by, first, key):
    rows = json.loads(cli7("rank", "--by", by, "-f", "json").stdout)
    assert rows[0]["iso3"] == first
    values = [r[key] for r in rows if r[key] is not None]
    assert values == sorted(values, reverse=True)


def test_rank_by_score_ties_share_a_rank(cli):
    rows = json.loads(cli("rank", "-f", "json").stdout)
    scores = [r["support_score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        higher = sum(1 for other in rows if other["support_score"] > row["support_score"])
        assert row["rank"] == higher + 1


def test_rank_top(cli):
    rows = json.loads(cli("rank", "--top", "3", "-f", "json", "--paper").stdout)
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert len(rows) == 3


def test_rank_top_keeps_countries_tied_at_the_cut(cli):
    """Countries tied at the cut are all kept, not an arbitrary one of them."""
    everyone = json.loads(cli("rank", "-f", "json").stdout)
    counts = Counter(r["rank"] for r in everyone)
    cut = min(rank for rank, n in counts.items() if n > 1)  # the first shared rank (the data has ties)
    rows = json.loads(cli("rank", "--top", str(cut), "-f", "json").stdout)
    assert len(rows) == cut - 1 + counts[cut]
    assert {r["iso3"] for r in rows if r["rank"] == cut} == {r["iso3"] for r in everyone if r["rank"] == cut}


def test_rank_growth_puts_missing_change_last(cli):
    # Japan had no deliveries in 2012-16, so no change figure for 2017-21.
    rows = json.loads(cli("rank", "--by", "growth", "--period", "2017-2021", "-f", "json").stdout)
    assert rows[-1]["iso3"] == "JPN"
    assert rows[-1]["sipri_change_pct"] is None
    assert rows[-1]["rank"] is None


def test_unknown_period_is_a_usage_error(cli):
    result = cli("rank", "--period", "2018-2022")
    assert result.exit_code == 2
    assert "no SIPRI figures for period '2018-2022'; the data has 2017-2021, 2019-2023, 2020-2024" in result.stderr
    assert result.stdout == ""


def test_markdown_is_a_pipe_table(cli):
    out = cli("rank", "-f", "markdown").stdout
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("| #"))
    assert header.startswith("| # | Country | ISO3 | Model |")
    assert any(line.startswith("|---:|---|") for line in lines)
    assert sum(line.startswith("| ") for line in lines) == 1 + len(PROFILED)  # the header and every country


# (iso3, share %, SIPRI rank, change % against 2012-2016) for 2017-2021, as SIPRI gives them. The paper
# gives South Korea 2.7 % and Australia +97 %; SIPRI's figures are 2.8 % and +98 %.
SIPRI_2017_2021 = [
    ("USA", 39, 1, 14),
    ("FRA", 11, 3, 59),
    ("AUS", 0.6, 16, 98),
    ("ISR", 2.4, 10, -5.6),
    ("KOR", 2.8, 8, 177),
    ("DEU", 4.5, 5, -19),
    ("JPN", 0.0037, 49, None),  # 5 of 136,019 TIV, 49th (tied) in the 2022 vintage; no deliveries in 2012-2016
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


def test_a_score_resting_on_little_evidence_is_marked(cli):
    rows = list(csv.DictReader(io.StringIO(cli("rank", "-f", "csv").stdout)))
    low = {r["iso3"] for r in rows if float(r["coverage_pct"]) < 65}
    assert low and {r["iso3"] for r in rows if r["low_coverage"] == "true"} == low
    table = cli("rank", env=WIDE).stdout
    marked = {re.findall(r"\b[A-Z]{3}\b", line)[0] for line in table.splitlines() if re.search(r"\d%\*", line)}
    assert marked == low
    assert f"*: under 65% of the weight known ({len(low)} of {len(rows)})" in table


def test_min_coverage_ranks_only_the_well_evidenced_among_themselves(cli):
    everyone = list(csv.DictReader(io.StringIO(cli("rank", "-f", "csv").stdout)))
    kept = list(csv.DictReader(io.StringIO(cli("rank", "--min-coverage", "70", "-f", "csv").stdout)))
    assert [r["iso3"] for r in kept] == [r["iso3"] for r in everyone if float(r["coverage_pct"]) >= 70]
    assert [int(r["rank"]) for r in kept][:2] == [1, 2] and kept[-1]["rank"] == str(len(kept))
    result = cli("rank", "--min-coverage", "100.1")
    assert result.exit_code == 2 and "--min-coverage" in result.stderr


def test_the_caption_says_what_share_of_world_exports_the_list_covers(cli):
    for args in ([], ["--top", "5"], ["--period", "2017-2021"]):
        rows = list(csv.DictReader(io.StringIO(cli("rank", *args, "-f", "csv").stdout)))
        total = sum(float(r["sipri_share_pct"]) for r in rows if r["sipri_share_pct"])
        text = " ".join(cli("rank", *args, env=WIDE).stdout.split())
        assert f"The {len(rows)} countries listed exported {format_share(total)}% of the world's arms" in text
