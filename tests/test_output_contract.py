"""The output contract (SPEC §4): spreadsheet-safe CSV, no colour when piped, quiet under `| head`."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fmscompare.render.csv_format import escape_cell
from tests.conftest import REPO, edit


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


def test_errors_from_a_real_process_have_no_traceback(run):
    result = run("show", "atlantis")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: unknown country 'atlantis'")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_wheel_carries_the_data_and_runs_outside_the_repo(tmp_path):
    """`pip install .` must find the bundled data: build the wheel, install it alone, run from elsewhere."""
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("fmscompare-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for data_file in ("countries.yaml", "mechanisms.yaml", "sipri_shares.csv"):
        assert f"fmscompare/data/{data_file}" in names
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import fmscompare.dataset.files as d, sys; "
        "assert d.__file__.startswith(sys.argv[1]), d.__file__; "
        "print(d.bundled_data_dir())"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    where = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, cwd=elsewhere, env=env
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(target)
    rank = subprocess.run(
        [sys.executable, "-m", "fmscompare", "rank", "-f", "csv"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert rank.returncode == 0, rank.stderr
    assert len(rank.stdout.splitlines()) == 17  # the header and 16 countries
    shutil.rmtree(target)


COMPLETION = {"_FMSCOMPARE_COMPLETE": "complete_bash", "COMP_WORDS": "fmscompare ra", "COMP_CWORD": "1"}


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--help"], {}),
        (["--version"], {}),
        (["sensitivity", "--help"], {}),
        (["correlate", "--help"], {}),
        ([], COMPLETION),  # a shell-completion request, as `fmscompare ra<TAB>` sends it
    ],
)
def test_help_version_and_completion_import_no_numpy_pandas_or_scipy(args, env):
    """Start-up stays light: the heavy libraries load only inside the commands that use them."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fmscompare", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb", **env},
        timeout=60,
    )
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "fmscompare" in imported
    assert not imported & {"numpy", "pandas", "scipy", "msgspec", "yaml", "matplotlib", "pydantic"}
