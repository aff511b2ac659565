"""Hostile inputs where a file is expected (issue 16): a FIFO, a device, a file too large for memory.

Each is refused at once with exit 1 and a message that says what was found instead of a regular file;
nothing blocks, nothing is read until memory runs out. The FIFO cases run in a real process with a timeout,
so that a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.errors import DataError
from fmscompare.fileio import read_regular_file
from tests.conftest import CLEAN_ENV

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sipri"
TIV_SMALL = FIXTURES / "tiv-exporters-small.csv"
FIFO = "expected a regular file; found a FIFO (named pipe)"
DEVICE = "expected a regular file; found a character device"
QUICK = 30  # seconds: a process that waits on a FIFO is killed, and the test fails, after this

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this platform")


def fmscompare(*args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`fmscompare ARGS...` in a real process, killed (and the test failed) if it does not end within QUICK."""
    env = {**os.environ, **CLEAN_ENV}
    env.pop("FMSCOMPARE_DATA_DIR")
    if cache is not None:
        env["FMSCOMPARE_CACHE_DIR"] = str(cache)
        env.pop("FMSCOMPARE_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "fmscompare", *args], capture_output=True, text=True, env=env, timeout=QUICK
    )


def refused(result: subprocess.CompletedProcess[str], path: Path | str, message: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert f"error: {path}: {message}\n" in result.stderr
    assert "Traceback" not in result.stderr


@needs_fifo
def test_a_fifo_as_the_weights_file_is_refused_at_once(tmp_path):
    fifo = tmp_path / "weights.yaml"
    os.mkfifo(fifo)
    refused(fmscompare("rank", "--weights", str(fifo)), fifo, FIFO)


@needs_fifo
def test_a_fifo_as_the_sipri_export_is_refused_at_once(tmp_path):
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    refused(fmscompare("sipri", "import", str(fifo)), fifo, FIFO)


@needs_fifo
@pytest.mark.parametrize("name", ["countries.yaml", "mechanisms.yaml", "sipri_shares.csv"])
def test_a_fifo_in_the_data_folder_is_refused_at_once_with_the_cache_on(tmp_path, name):
    """The cache hashes the three files before loading: that read must not wait on a FIFO either."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    (data / name).unlink()
    os.mkfifo(data / name)
    refused(fmscompare("--data-dir", str(data), "rank", cache=tmp_path / "cache"), data / name, FIFO)


@needs_fifo
def test_a_fifo_as_the_sipri_names_table_is_refused_at_once(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    (data / "sipri_names.csv").unlink()
    os.mkfifo(data / "sipri_names.csv")
    result = fmscompare("sipri", "import", str(TIV_SMALL), "--data-dir", str(data))
    refused(result, data / "sipri_names.csv", FIFO)


@needs_dev_zero
@pytest.mark.parametrize(
    "args", [("rank", "--weights", "/dev/zero"), ("sipri", "import", "/dev/zero")], ids=["weights", "sipri-import"]
)
def test_dev_zero_is_refused_at_once(args):
    started = time.perf_counter()
    refused(fmscompare(*args), "/dev/zero", DEVICE)
    assert time.perf_counter() - started < QUICK


@needs_dev_zero
def test_dev_zero_as_a_data_file_is_refused_with_the_cache_on(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    (data / "countries.yaml").unlink()
    (data / "countries.yaml").symlink_to("/dev/zero")
    refused(fmscompare("--data-dir", str(data), "rank", cache=tmp_path / "cache"), data / "countries.yaml", DEVICE)


def test_a_sipri_export_over_the_limit_is_refused_before_reading(cli, tmp_path):
    """A sparse file: 600 MB by its size, no disk space, and it would fill the memory if it were read."""
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(600_000_000)
    started = time.perf_counter()
    result = cli("sipri", "import", str(huge))
    assert result.exit_code == 1
    assert f"error: {huge}: file is too large for a SIPRI export (600 MB; the limit is 500 MB)\n" in result.stderr
    assert time.perf_counter() - started < 10


def test_a_weights_file_over_the_limit_is_refused_before_reading(cli, tmp_path):
    huge = tmp_path / "weights.yaml"
    with huge.open("wb") as handle:
        handle.truncate(25_000_000)
    result = cli("rank", "--weights", str(huge))
    assert result.exit_code == 1
    assert f"error: {huge}: file is too large for a data file (25 MB; the limit is 20 MB)\n" in result.stderr


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc file system")
def test_the_limit_holds_for_a_file_whose_size_says_nothing():
    """/proc files are regular files of size 0 with content: the limit is enforced by what is read."""
    assert Path("/proc/self/status").stat().st_size == 0
    with pytest.raises(DataError) as caught:
        read_regular_file(Path("/proc/self/status"), 10, "a test file")
    assert caught.value.messages() == [
        "/proc/self/status: file is too large for a test file (more than the limit of 10 bytes)"
    ]
    assert len(read_regular_file(Path("/proc/self/status"), 1_000_000)) > 10


def test_a_directory_is_still_named_as_one(cli, tmp_path):
    result = cli("sipri", "import", str(tmp_path))
    assert result.exit_code == 1
    assert f"error: {tmp_path}: expected a file; found a directory\n" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["sipri", "import", "\x00"],
        ["deals", "--register", "a\x00b"],
        ["rank", "-o", "x\x00.csv"],
        ["--data-dir", "\x00", "rank"],
        ["validate", "da\x00ta"],
        ["spectrum", "--chart", "c\x00.png"],
    ],
)
def test_a_nul_in_a_path_is_a_usage_error_not_a_traceback(cli, args):
    """Found by the command-line fuzz test: the path type's file-system check raised ValueError on a NUL."""
    result = cli(*args)
    assert result.exit_code == 2
    assert "holds a NUL character, which no file name can" in result.stderr
    assert "\x00" not in result.stderr and "Traceback" not in result.stderr
