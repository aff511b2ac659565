"""The output contract (SPEC §4): every format, spreadsheet-safe CSV, tables that never crop, no colour when
piped, quiet under `| head`, and output files replaced whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

import pytest

from fmscompare.formatting import format_coverage
from fmscompare.render import OutputFormat, render
from fmscompare.render.csv_format import escape_cell
from tests.conftest import REPO, edit
from tests.helpers import RANK_HEADER


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("France", "France"),
        (-5.6, -5.6),
        (-19, -19),
        (39.0, 39),
        (True, "true"),
        (False, "false"),
    ],
)
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_formula_payloads_in_data_are_defused_and_numbers_stay_numbers(cli, data_copy):
    edit(
        data_copy / "countries.yaml", "name: Defense Security Cooperation Agency (DSCA)", "name: \"=cmd|' /C calc'!A0\""
    )
    edit(data_copy / "countries.yaml", "  - name: Germany\n", '  - name: "@Germany"\n')
    out = cli("rank", "--data-dir", str(data_copy), "--format", "csv", "--period", "2017-2021").stdout
    rows = {r["iso3"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["USA"]["agency"] == "'=cmd|' /C calc'!A0"
    assert rows["DEU"]["country"] == "'@Germany"
    assert rows["DEU"]["sipri_change_pct"] == "-19"  # negative numbers are not escaped
    assert rows["ISR"]["sipri_change_pct"] == "-5.6"


def test_json_keeps_formula_text_as_it_is(cli, data_copy):
    edit(data_copy / "countries.yaml", "  - name: Germany\n", '  - name: "=Germany"\n')
    rows = json.loads(cli("rank", "--data-dir", str(data_copy), "-f", "json").stdout)
    assert "=Germany" in {r["country"] for r in rows}


def test_markup_in_data_is_printed_literally(cli, data_copy):
    edit(data_copy / "countries.yaml", "  - name: Germany\n", '  - name: "[bold]Germany[/]"\n')
    out = cli("rank", "--data-dir", str(data_copy), "-f", "table", env={"COLUMNS": "120"}).stdout
    assert "[bold]Germany[/]" in out


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


@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_narrow_terminal_never_crops_figures(cli, columns):
    """Text columns wrap or fold to fit, or are left out (and named); every figure stays whole on its line."""
    out = cli("rank", env={"COLUMNS": columns}).stdout
    csv_rows = list(csv.DictReader(io.StringIO(cli("rank", "-f", "csv").stdout)))
    lines = out.splitlines()
    body = lines[next(i for i, line in enumerate(lines) if line.strip().startswith("─")) + 1 :]
    body = body[: body.index("")]
    rows = [line.split() for line in body if line[:4].strip()]  # a wrapped name continues with no rank
    assert len(rows) == len(csv_rows)
    for cells, row in zip(rows, csv_rows, strict=True):
        assert cells[0] == row["rank"], (cells, row)
        known = format_coverage(float(row["coverage_pct"])) + ("*" if row["low_coverage"] == "true" else "")
        assert f"{float(row['support_score']):.1f}" in cells and known in cells, (cells, row)


def test_a_narrow_terminal_leaves_out_columns_and_says_which(cli):
    """At 60 columns rank leaves out Agency, ISO3 and Level (in that order) rather than fold every name."""
    wide, narrow = cli("rank", env={"COLUMNS": "120"}).stdout, cli("rank", env={"COLUMNS": "60"}).stdout
    assert "Agency" in wide.splitlines()[2] and "ISO3" in wide.splitlines()[2]
    header = next(line for line in narrow.splitlines() if line.strip().startswith("#"))
    assert header.split() == ["#", "Country", "Model", "Score", "Known", "Share%", "SIPRI#", "Change%"]
    assert (
        "Not shown at 60 columns: Agency, ISO3, Level (a wider terminal or --format csv shows every column)."
        in " ".join(narrow.split())
    )
    assert "United Kingdom" in narrow and "Not shown" not in wide


# Every command's tables, as the fit and layout tests run them.
COMMANDS_AT_WIDTHS = [
    ["rank"],
    ["rank", "--adopt", "japan:g2g_contracting"],
    ["show", "france"],
    ["show", "gbr"],
    ["compare", "france", "japan", "israel"],
    ["gap", "japan"],
    ["gap", "japan", "--vs", "australia"],
    ["gap", "japan", "--model", "fms"],
    ["gap", "japan", "--adopt", "all"],
    ["validate"],
    ["sources"],
    ["mechanisms"],
    ["spectrum"],
    ["sensitivity"],
    ["sensitivity", "--leave-one-out"],
    ["correlate"],
    ["trend"],
    ["trend", "japan"],
    ["timeline", "japan", "korea"],
    ["timeline", "--events"],
    ["timeline", "--event-study", "--sipri", "examples/sipri-tiv-exporters-excerpt.csv"],
    ["correlate", "--lag", "3"],
    ["sipri", "import", "tests/fixtures/sipri/tiv-exporters-small.csv"],
]


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize(
    "command",
    COMMANDS_AT_WIDTHS,
    ids=" ".join,
)
def test_tables_fit_the_terminal(cli, command, columns):
    """No line wider than the terminal, for every command; only a URL too long for it stands alone on a line."""
    out = cli(*command, env={"COLUMNS": str(columns)}).stdout
    assert out.strip()
    wide = [line for line in out.splitlines() if len(line) > columns]
    assert all(line.strip().startswith("http") and " " not in line.strip() for line in wide), wide


def test_show_wraps_its_prose_at_the_terminal_and_keeps_urls_whole(cli):
    for country in ("france", "japan", "gbr"):
        lines = cli("show", country, env={"COLUMNS": "80"}).stdout.splitlines()
        long = [line for line in lines if len(line) > 80]
        assert all(line.strip().startswith("http") and " " not in line.strip() for line in long), long


def test_wide_tables_grow_instead_of_cropping_cells(cli):
    """Four countries side by side need more than 80 columns: every cell must still be whole."""
    out = cli("compare", "france", "australia", "korea", "usa", env={"COLUMNS": "120"}).stdout
    lines = out.splitlines()
    controls = next(line for line in lines if line.startswith(" Flexible export controls"))
    assert controls.split()[-5:] == ["unknown", "partial", "2.4†", "partial", "2.4"]
    procurement = next(line for line in lines if line.startswith(" Intermediary procurement"))
    assert procurement.split()[-8:] == ["partial", "4.9", "partial", "4.9", "partial", "4.9†", "yes", "9.8"]


@pytest.mark.parametrize("fmt", ["csv", "table", "json", "markdown"])
@pytest.mark.parametrize("reader", ["head -1", "true", "head -c 10"])
def test_piping_into_a_reader_that_stops_early_is_quiet(run, fmt, reader):
    result = run(shell=f"{sys.executable} -m fmscompare rank --format {fmt} | {reader}")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    "command",
    [
        "show japan",
        "compare usa fra kor",
        "mechanisms",
        "spectrum",
        "sensitivity --draws 200",
        "correlate --permutations 200",
        "gap japan",
        "trend",
        "sources",
        "validate",
        "sipri import tests/fixtures/sipri/trade-register-small.csv --all-periods",
    ],
)
def test_every_command_is_quiet_when_the_reader_stops_early(run, command):
    result = run(shell=f"cd {REPO} && {sys.executable} -m fmscompare {command} | head -1")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()


def test_piped_csv_first_line_is_the_header(run):
    result = run(shell=f"{sys.executable} -m fmscompare rank --format csv | head -1")
    assert result.stdout.startswith("rank,country,iso3,")


def test_no_colour_when_not_a_terminal_even_without_no_color(run):
    result = run("rank", env={"NO_COLOR": "", "TERM": "xterm-256color"})
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout


# Output files (-o) ---------------------------------------------------------------------------------------


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
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 26


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


def test_a_failing_write_leaves_the_previous_file_whole(cli, tmp_path, monkeypatch):
    target = tmp_path / "rank.csv"
    target.write_text("previous contents\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = cli("rank", "-f", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert f"error: {target}: cannot write output: No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rank.csv"]  # no temporary file left behind


def test_an_interrupted_write_leaves_the_previous_file_whole(cli, tmp_path, monkeypatch):
    target = tmp_path / "rank.json"
    target.write_text("[]\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = cli("rank", "-f", "json", "-o", str(target))  # the runner, like Click, turns it into an abort
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "[]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rank.json"]


def test_full_disk_on_standard_output_is_an_error_without_traceback(run):
    done = run(shell=f"{sys.executable} -m fmscompare rank > /dev/full")
    assert done.returncode == 1
    assert "error: cannot write to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr
