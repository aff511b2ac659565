"""Start-up stays light: `--help`, `--version` and shell completion import none of the heavy libraries, and
the data commands neither pandas nor numpy."""

from __future__ import annotations

import json
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


DATA_COMMANDS = [["rank"], ["show", "japan"], ["compare", "france", "japan"], ["gap", "japan"], ["spectrum"], ["trend"]]
LISTINGS = [["deals"], ["mechanisms"], ["sources"], ["validate"], ["timeline", "japan"]]
HEAVY = {"numpy", "pandas", "scipy", "matplotlib"}

# Runs each command in turn in one process, as `fmscompare` runs it, and notes the modules loaded after each:
# a module a command imports is there from that command on, so the first command it shows after is the one.
RUN_IN_TURN = """
import json, sys
from fmscompare.cli.entry import main
commands, report = json.loads(sys.argv[1]), sys.argv[2]
found = []
for args in commands:
    sys.argv = ["fmscompare", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    found.append([args, code, sorted({name.split(".")[0] for name in sys.modules})])
with open(report, "w", encoding="utf-8") as handle:
    json.dump(found, handle)
"""


@pytest.mark.parametrize("cached", [False, True])
def test_the_data_commands_and_listings_import_no_pandas_or_numpy(cached, tmp_path):
    """The data commands read the bundled figures as plain rows (issue 22): pandas and numpy, a quarter of a
    second between them, load only for SIPRI registers, charts and the analyses. Both the first run, which
    parses and checks the files, and a run served from the dataset cache."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "FMSCOMPARE_CACHE_DIR": str(tmp_path / "cache")}
    if cached:
        env.pop("FMSCOMPARE_NO_CACHE", None)
        fill = subprocess.run([sys.executable, "-m", "fmscompare", "rank"], capture_output=True, env=env, timeout=60)
        assert fill.returncode == 0, fill.stderr
        assert list((tmp_path / "cache").glob("dataset-*.pickle"))
    else:
        env["FMSCOMPARE_NO_CACHE"] = "1"
    report = tmp_path / "imported.json"
    commands = DATA_COMMANDS + LISTINGS
    done = subprocess.run(
        [sys.executable, "-c", RUN_IN_TURN, json.dumps(commands), str(report)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(report.read_text(encoding="utf-8"))
    assert [args for args, _, _ in found] == commands
    for args, code, imported in found:
        assert code == 0, (args, done.stderr)
        assert "fmscompare" in imported
        assert not HEAVY & set(imported), f"{' '.join(args)} imports {sorted(HEAVY & set(imported))}"
