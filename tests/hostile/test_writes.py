"""Hostile conditions for `sipri import --write` (issue 16): a write that fails half-way, two writes at
once, and a clone of the repository in a folder named `fmscompare`.

A merge rewrites two files (sipri_shares.csv, and countries.yaml to cite the export): both change or
neither does. Two merges into one folder run one after the other, so neither's rows are lost. Only the
dataset inside an installed package is refused, known by where it is, not by a folder's name.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bench.synthetic import state_names, synthetic_register

from fmscompare.dataset import files
from fmscompare.dataset.files import bundled_data_dir
from fmscompare.dataset.loading import load_dataset
from tests.conftest import CLEAN_ENV

SOURCE = "sipri-db-2025-03-03"  # the synthetic register's "Data generated" date
BIG_FIVE = ["United States", "France", "Russia", "China", "Germany"]
INSTALLED = "would edit the dataset inside the installed package"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A full-looking trade register: 30 states including the big five, 2000-2024, generated 3 Mar 2025."""
    others = [name for name in state_names(40) if name not in BIG_FIVE][:25]
    return synthetic_register(tmp_path / "register.csv", 3000, names=BIG_FIVE + others)


def periods(folder: Path) -> dict[str, set[str]]:
    """The sources of each period's rows in the folder's sipri_shares.csv."""
    found: dict[str, set[str]] = {}
    text = (folder / "sipri_shares.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        found.setdefault(row["period"], set()).add(row["source"])
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != ".fmscompare-write.lock"
    }


# A write that fails half-way --------------------------------------------------------------------------


@pytest.mark.parametrize("failing", [1, 2], ids=["first-replace", "second-replace"])
def test_a_failed_replace_leaves_both_files_as_they_were(cli, data_copy, register, monkeypatch, failing):
    """The merge adds a period and cites the export, so both files change; the disk fails on one of them.

    (os.replace failing stands for what a test cannot make for real as root: a full or failing disk, a
    file made immutable between the check and the write.)
    """
    before = snapshot(data_copy)
    real_replace = os.replace
    replaced: list[Path] = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst).parent.resolve() == data_copy.resolve() and not Path(dst).name.endswith(".bak"):
            replaced.append(Path(dst))
            if len(replaced) == failing:
                raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = cli("sipri", "import", str(register), "--period", "2015-2019", "--write", "--data-dir", str(data_copy))
    monkeypatch.undo()

    assert result.exit_code == 1
    assert len(replaced) >= failing
    failed = replaced[failing - 1]
    message = f"error: {failed}: cannot write file: Input/output error"
    if failing == 2:
        message += "; the files written before it were put back as they were"
    assert message + "\n" in result.stderr
    assert result.stderr.endswith("error: 1 problem found; nothing was written\n")
    assert snapshot(data_copy) == before  # byte for byte, and no temporary or backup file left behind
    assert SOURCE not in load_dataset(data_copy).sources


def test_after_a_failed_write_the_same_write_succeeds(cli, data_copy, register, monkeypatch):
    real_replace = os.replace
    calls = []

    def replace(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    args = ("sipri", "import", str(register), "--period", "2015-2019", "--write", "--data-dir", str(data_copy))
    monkeypatch.setattr(os, "replace", replace)
    assert cli(*args).exit_code == 1
    monkeypatch.undo()
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert f"source '{SOURCE}' added to countries.yaml" in result.stderr
    assert periods(data_copy)["2015-2019"] == {SOURCE}


# Two writes at once -----------------------------------------------------------------------------------


def test_writes_at_the_same_time_all_land(data_copy, register):
    """Three processes merge three periods of one export into one folder at once: every period is there,
    the export is cited once, and the dataset loads."""
    env = {**os.environ, **CLEAN_ENV}
    env.pop("FMSCOMPARE_DATA_DIR")
    wanted = ["2014-2018", "2015-2019", "2016-2020"]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "fmscompare", "sipri", "import", str(register), "--period", period, "--write"]
            + ["--data-dir", str(data_copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for period in wanted
    ]
    outcomes = []
    for process in processes:
        try:
            _, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            for other in processes:
                other.kill()
            raise
        outcomes.append((process.returncode, stderr))
    for code, stderr in outcomes:
        assert code == 0, stderr
        assert "rows added" in stderr
    found = periods(data_copy)
    for period in wanted:
        assert found.get(period) == {SOURCE}, period
    assert sum("source '" + SOURCE + "' added" in stderr for _, stderr in outcomes) == 1
    countries = (data_copy / "countries.yaml").read_text("utf-8")
    assert countries.count(f"  {SOURCE}:\n") == 1
    assert SOURCE in load_dataset(data_copy).sources


# Which dataset --write refuses ------------------------------------------------------------------------


def test_a_clone_in_a_folder_named_fmscompare_is_writable(cli, tmp_path, register, monkeypatch):
    """`git clone` names the folder fmscompare: the clone's data/ is the user's own, written without --data-dir."""
    clone = tmp_path / "fmscompare"
    (clone / "src" / "fmscompare").mkdir(parents=True)
    shutil.copytree(bundled_data_dir(), clone / "data")
    monkeypatch.setattr(files, "package_dir", lambda: clone / "src" / "fmscompare")
    assert files.bundled_data_dir().resolve() == (clone / "data").resolve()
    result = cli("sipri", "import", str(register), "--period", "2015-2019", "--write")
    assert result.exit_code == 0, result.stderr
    assert f"{clone / 'data' / 'sipri_shares.csv'}:" in result.stderr
    assert periods(clone / "data")["2015-2019"] == {SOURCE}


def test_a_data_folder_inside_a_folder_named_fmscompare_is_writable(cli, tmp_path, register):
    data = tmp_path / "fmscompare" / "data"
    shutil.copytree(bundled_data_dir(), data)
    result = cli("sipri", "import", str(register), "--period", "2015-2019", "--write", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert periods(data)["2015-2019"] == {SOURCE}


@pytest.mark.parametrize("how", ["bundled", "data-dir", "symlink"])
def test_the_installed_packages_own_dataset_is_refused(cli, tmp_path, register, monkeypatch, how):
    package = tmp_path / "site-packages" / "fmscompare"
    shutil.copytree(bundled_data_dir(), package / "data")
    monkeypatch.setattr(files, "package_dir", lambda: package)
    before = snapshot(package / "data")
    given = {"bundled": None, "data-dir": package / "data", "symlink": tmp_path / "link"}[how]
    if how == "symlink":
        (tmp_path / "link").symlink_to(package / "data")
    extra = ["--data-dir", str(given)] if given is not None else []
    result = cli("sipri", "import", str(register), "--period", "2015-2019", "--write", *extra)
    assert result.exit_code == 2
    shown = given if given is not None else package / "data"
    assert (
        f"error: --write {INSTALLED} ({shown}); copy that folder somewhere of your own and pass --data-dir to it\n"
        in result.stderr
    )
    assert snapshot(package / "data") == before
