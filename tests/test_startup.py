"""Start-up stays light: `--help`, `--version` and shell completion import none of the heavy libraries, and
the data commands neither pandas nor numpy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


def test_one_blas_thread_unless_the_user_chose_a_count():
    from fmscompare.cli.entry import _one_blas_thread

    chosen = {"OMP_NUM_THREADS": "4"}
    _one_blas_thread(chosen)
    assert chosen == {"OMP_NUM_THREADS": "4"}
    fresh: dict[str, str] = {}
    _one_blas_thread(fresh)
    assert fresh["OPENBLAS_NUM_THREADS"] == "1" and fresh["OMP_NUM_THREADS"] == "1"


@pytest.mark.parametrize(
    "args",
    [["rank"], ["show", "japan"], ["compare", "france", "japan"], ["gap", "japan"], ["spectrum"], ["trend"]],
)
@pytest.mark.parametrize("cached", [False, True])
def test_the_data_commands_import_no_pandas_or_numpy(args, cached, tmp_path):
    """The data commands read the bundled figures as plain rows (issue 22): pandas and numpy, a quarter of a
    second between them, load only for SIPRI registers, charts and the analyses. Both the first run, which
    parses and checks the files, and a run served from the dataset cache."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "FMSCOMPARE_CACHE_DIR": str(tmp_path / "cache")}
    if not cached:
        env["FMSCOMPARE_NO_CACHE"] = "1"
    for _ in range(2 if cached else 1):  # the first run fills the cache, the second reads it
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "fmscompare", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "fmscompare" in imported
    assert not imported & {"numpy", "pandas", "scipy", "matplotlib"}
    if cached:
        assert list((tmp_path / "cache").glob("dataset-*.pickle"))


@pytest.mark.parametrize("args", [["deals"], ["mechanisms"], ["sources"], ["validate"], ["timeline", "japan"]])
def test_the_listings_import_no_pandas_or_numpy_either(args):
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fmscompare", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "fmscompare" in imported
    assert not imported & {"numpy", "pandas", "scipy", "matplotlib"}
