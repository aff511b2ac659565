"""The app as a whole: help, version, where the data comes from, errors and exit codes, Ctrl-C, the wheel."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from fmscompare import __version__
from fmscompare.dataset.files import bundled_data_dir
from tests.conftest import REPO, edit
from tests.helpers import ANSI

BUNDLED = bundled_data_dir()


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"fmscompare {__version__}\n"


def test_help_lists_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("rank", "show", "compare", "mechanisms", "spectrum", "sensitivity", "correlate"):
        assert command in result.stdout
    assert not ANSI.search(result.stdout)


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


def test_bad_option_value_is_a_usage_error(cli):
    result = cli("rank", "--by", "size")
    assert result.exit_code == 2
    assert "size" in result.stderr
    assert "Traceback" not in result.stderr


def test_errors_from_a_real_process_have_no_traceback(run):
    result = run("show", "atlantis")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: unknown country 'atlantis'")
    assert "Traceback" not in result.stderr


def test_ctrl_c_exits_130_without_a_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "fmscompare", "sensitivity", "--draws", "10000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    time.sleep(
        0.8
    )  # start-up and imports done, into the Monte Carlo (the handler is set before any import: any moment would do)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "\ninterrupted\n"
    assert out == ""


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
    for data_file in ("countries.yaml", "mechanisms.yaml", "sipri_shares.csv", "deals.yaml"):
        assert f"fmscompare/data/{data_file}" in names
    assert "fmscompare/render/templates/brief.html" in names  # the HTML brief's page
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
    assert len(rank.stdout.splitlines()) == 27  # the header and 26 countries
    shutil.rmtree(target)


@pytest.mark.parametrize("command", [["rank"], ["sources"], ["trend"], ["show", "japan"], ["mechanisms"]])
def test_global_options_work_after_the_command_too(cli, command):
    """`--bom` and `--data-dir` are accepted before the command or after it, with the same effect."""
    after = cli(*command, "-f", "csv", "--bom", "--data-dir", str(BUNDLED))
    before = cli("--bom", "--data-dir", str(BUNDLED), *command, "-f", "csv")
    assert after.exit_code == before.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    assert after.stdout.startswith("\ufeff")
    assert not cli(*command, "-f", "csv").stdout.startswith("\ufeff")


def test_validate_takes_data_dir_after_the_command(cli, tmp_path):
    assert cli("validate", "--data-dir", str(BUNDLED)).stdout.startswith(f"{BUNDLED}: valid")
    missing = cli("validate", "--data-dir", str(tmp_path / "none"))
    assert missing.exit_code == 1
    assert f"{tmp_path / 'none'}: data directory not found" in missing.stderr
    # The folder named as the argument wins over --data-dir and FMSCOMPARE_DATA_DIR.
    named = cli("validate", str(BUNDLED), env={"FMSCOMPARE_DATA_DIR": str(tmp_path / "none")})
    assert named.exit_code == 0, named.stderr
