"""The commands as a user types them: rank and show, their options, formats and output files."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from fmscompare import __version__
from fmscompare.render import OutputFormat, render
from tests.conftest import edit

ANSI = re.compile(r"\x1b\[")
RANK_HEADER = (
    "rank,country,iso3,contracting_model,level,support_score,coverage_pct,sipri_period,sipri_share_pct,"
    "sipri_rank,sipri_change_pct,sipri_basis,agency,model_known"
)


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
    assert len(rows) == 16
    assert rows[0]["rank"] == "1"


@pytest.mark.parametrize(
    ("by", "first", "key"),
    [("share", "USA", "sipri_share_pct"), ("growth", "AUS", "sipri_change_pct"), ("involvement", "USA", "level")],
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
    rows = json.loads(cli("rank", "--by", "growth", "-f", "json").stdout)
    assert rows[-1]["iso3"] == "JPN"
    assert rows[-1]["sipri_change_pct"] is None
    assert rows[-1]["rank"] is None


def test_unknown_period_is_a_usage_error(cli):
    result = cli("rank", "--period", "2018-2022")
    assert result.exit_code == 2
    assert "no SIPRI figures for period '2018-2022'; the data has 2017-2021, 2019-2023, 2020-2024" in result.stderr
    assert result.stdout == ""


def test_bad_option_value_is_a_usage_error(cli):
    result = cli("rank", "--by", "size")
    assert result.exit_code == 2
    assert "size" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("france", "FRA"),
        ("FR", "FRA"),
        ("fra", "FRA"),
        ("south korea", "KOR"),
        ("South-Korea", "KOR"),
        ("korea", "KOR"),
        ("ROK", "KOR"),
        ("usa", "USA"),
        ("us", "USA"),
        ("U.S.", "USA"),
        ("United States of America", "USA"),
        ("DEU", "DEU"),
        ("japan", "JPN"),
        ("Israel", "ISR"),
        ("au", "AUS"),
    ],
)
def test_show_finds_countries_as_users_type_them(cli, query, iso3):
    result = cli("show", query, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["iso3"] == iso3


def test_show_unknown_country_suggests(cli):
    result = cli("show", "germny")
    assert result.exit_code == 2
    assert "unknown country 'germny'; did you mean 'Germany'?" in result.stderr
    assert result.stdout == ""


def test_show_prints_breakdown_with_evidence_and_sources(cli):
    out = cli("show", "france").stdout
    assert "France (FR / FRA)" in out
    assert "Contracting model  G2G" in out
    assert re.search(r"G2G contracting\s+g2g\s+yes\s+3\s+14\.6\s+\S+", out)
    assert "Where: [hattori2023] section " in out  # brackets are not read as markup
    assert "Direction du Développement International (DI)" in out
    assert "https://www.csis.org/analysis/considering-japanese-version-foreign-military-sales" in out
    assert "SIPRI arms-export figures" in out


def test_show_json_breakdown_adds_up_to_the_score(cli):
    record = json.loads(cli("show", "israel", "-f", "json").stdout)
    total = sum(m["points"] for m in record["mechanisms"])
    assert total == pytest.approx(record["support_score"], abs=0.1)
    assert len(record["mechanisms"]) == 17
    assert record["sources"]["hattori2023"]["publisher"].startswith("Center for Strategic")


def test_show_csv_is_the_breakdown(cli):
    text = cli("show", "jp", "-f", "csv").stdout
    assert text.splitlines()[0] == (
        "country,iso3,mechanism,label,stage,status,weight,points,source,evidence,locator,find,note,as_of,"
        "recommendation,status_at_paper_date,paper_status,paper_differs,paper_evidence,paper_locator,paper_find"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 17
    assert {r["iso3"] for r in rows} == {"JPN"}
    g2g = next(r for r in rows if r["mechanism"] == "g2g_contracting")
    assert (g2g["status"], g2g["status_at_paper_date"], g2g["as_of"]) == ("partial", "no", "2024-07")
    assert "PAC-3" in g2g["evidence"] and g2g["locator"] and g2g["source"].startswith("jpn-")


def test_markdown_is_a_pipe_table(cli):
    out = cli("rank", "-f", "markdown").stdout
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("| #"))
    assert header.startswith("| # | Country | ISO3 | Model |")
    assert any(line.startswith("|---:|---|") for line in lines)
    assert sum(line.startswith("| ") for line in lines) == 17  # the header and 16 countries


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders_both_kinds_of_report(cli, fmt):
    commands = (
        ("rank",),
        ("show", "france"),
        ("compare", "france", "korea"),
        ("mechanisms",),
        ("spectrum",),
        ("sensitivity", "--draws", "200"),
        ("sensitivity", "--leave-one-out"),
        ("correlate",),
    )
    for args in commands:
        result = cli(*args, "--format", fmt.value)
        assert result.exit_code == 0
        assert result.stdout.strip()


def test_render_dispatch_covers_every_format():
    from fmscompare.reports.report import Column, Table

    table = Table("t", (Column("a", "A"),), [{"a": "x"}])
    assert all(render(table, fmt) for fmt in OutputFormat)


def test_output_file_is_written_and_stdout_stays_empty(cli, tmp_path):
    target = tmp_path / "rank.csv"
    result = cli("rank", "-f", "csv", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").splitlines()[0] == RANK_HEADER
    assert [p.name for p in tmp_path.iterdir()] == ["rank.csv"]  # no temporary file left behind


def test_output_replaces_an_existing_file_whole(cli, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    cli("rank", "-f", "json", "-o", str(target))
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 16


def test_output_into_missing_folder_fails_cleanly(cli, tmp_path):
    result = cli("rank", "-o", str(tmp_path / "nope" / "out.csv"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    assert result.stdout == ""


def test_bad_data_leaves_an_existing_output_untouched(cli, tmp_path, data_copy):
    target = tmp_path / "out.csv"
    target.write_text("previous\n", encoding="utf-8")
    edit(data_copy / "sipri_shares.csv", "FRA,France,2017-2021,11,", "FRA,France,2017-2021,x,")
    result = cli("rank", "--data-dir", str(data_copy), "-o", str(target))
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "previous\n"


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"fmscompare {__version__}\n"


def test_data_dir_from_option_global_option_and_environment(cli, data_copy):
    edit(data_copy / "countries.yaml", "name: Israel\n", "name: Israel (edited copy)\n")
    for args, env in (
        (("rank", "--data-dir", str(data_copy)), {}),
        (("--data-dir", str(data_copy), "rank"), {}),
        (("rank",), {"FMSCOMPARE_DATA_DIR": str(data_copy)}),
    ):
        result = cli(*args, "-f", "csv", env=env)
        assert "Israel (edited copy)" in result.stdout, (args, env)


def test_missing_data_dir(cli, tmp_path):
    result = cli("rank", "--data-dir", str(tmp_path / "absent"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'absent'}: data directory not found" in result.stderr


@pytest.mark.parametrize("columns", ["40", "60"])
def test_narrow_terminal_never_crops_figures(cli, columns):
    out = cli("rank", env={"COLUMNS": columns}).stdout
    assert "58.5" in out and "United States" in out and "DSCA" in out


def test_coverage_has_one_precision_everywhere(cli):
    ranked = next(r for r in json.loads(cli("rank", "-f", "json").stdout) if r["iso3"] == "USA")
    shown = json.loads(cli("show", "usa", "-f", "json").stdout)
    assert ranked["coverage_pct"] == shown["coverage_pct"]


def test_help_lists_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("rank", "show", "compare", "mechanisms", "spectrum", "sensitivity", "correlate"):
        assert command in result.stdout
    assert not ANSI.search(result.stdout)


def test_wide_tables_grow_instead_of_cropping_cells(cli):
    """Four countries side by side need more than 80 columns: every cell must still be whole."""
    out = cli("compare", "france", "australia", "korea", "usa").stdout
    lines = out.splitlines()
    controls = next(line for line in lines if line.startswith(" Flexible export controls"))
    assert controls.split()[-5:] == ["unknown", "partial", "2.4†", "partial", "2.4"]
    procurement = next(line for line in lines if line.startswith(" Intermediary procurement"))
    assert procurement.split()[-8:] == ["partial", "4.9", "partial", "4.9", "partial", "4.9†", "yes", "9.8"]


def test_output_dash_means_standard_output(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("rank", "-f", "csv", "-o", "-")
    assert result.stdout.startswith("rank,country,")
    assert not (tmp_path / "-").exists()


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(cli, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert cli("rank", "-f", "csv", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("rank,country,")


def test_output_to_a_device_is_written_in_place(cli):
    result = cli("rank", "-f", "csv", "-o", "/dev/null")
    assert result.exit_code == 0
    assert Path("/dev/null").is_char_device()


def test_output_directory_is_a_data_error_not_a_usage_error(cli, tmp_path):
    result = cli("rank", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert f"error: {tmp_path}: cannot write output: it is a directory" in result.stderr


def test_full_disk_on_standard_output_is_an_error_without_traceback(run):
    done = run(shell=f"{sys.executable} -m fmscompare rank > /dev/full")
    assert done.returncode == 1
    assert "error: cannot write to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr
