"""The Python API (issue 23): the public names, the same answers as the CLI's CSV, the CLI's errors, typed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import fmscompare
from fmscompare.render.csv_format import render_csv
from fmscompare.reports.common import native
from fmscompare.reports.report import Column, Kind, Table
from tests.conftest import REPO

README = REPO / "README.md"
DATA = fmscompare.load()


def documented_names() -> list[str]:
    """The names README's "Use from Python" section lists as the public API."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Use from Python") :]
    section = section[: section.index("\n## ", 1)]
    listed = section[section.index("Public names:") :].split("\n\n")[0]
    return sorted(re.findall(r"`([A-Za-z_]+)`", listed))


def test_the_public_names_are_exactly_the_documented_ones() -> None:
    assert sorted(fmscompare.__all__) == documented_names()
    assert sorted(fmscompare.__all__) == sorted(
        n for n in dir(fmscompare) if not n.startswith("_") or n == "__version__"
    )
    for name in fmscompare.__all__:
        assert getattr(fmscompare, name) is not None
    assert sorted(fmscompare.api.__all__) == sorted(set(fmscompare.__all__) - {"__version__"})


def test_a_name_outside_the_api_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'ranking'"):
        fmscompare.ranking  # noqa: B018


def csv_of(frame: pd.DataFrame) -> str:
    """The DataFrame written with the CLI's CSV writer (its columns, in order; NA as None)."""
    columns = tuple(
        Column(key, key, Kind.LIST if frame[key].map(lambda v: isinstance(v, list)).any() else Kind.TEXT)
        for key in frame.columns
    )
    rows = [
        {key: native(value) if not isinstance(value, list) else value for key, value in row.items()}
        for row in frame.to_dict("records")
    ]
    return render_csv(Table(title="", columns=columns, rows=rows))


CASES = [
    (["rank"], lambda: fmscompare.rank(DATA)),
    (["rank", "--by", "share", "--top", "5"], lambda: fmscompare.rank(DATA, by="share", top=5)),
    (
        ["rank", "--adopt", "japan:g2g_contracting,export_agency"],
        lambda: fmscompare.rank(DATA, adopt={"japan": ["g2g_contracting", "export_agency"]}),
    ),
    (["rank", "--as-of", "2024"], lambda: fmscompare.rank(fmscompare.load(as_of="2024"))),
    (["rank", "--paper"], lambda: fmscompare.rank(fmscompare.load(paper=True))),
    (["rank", "--preset", "equal"], lambda: fmscompare.rank(DATA, preset="equal")),
    (["show", "france"], lambda: fmscompare.profile(DATA, "france")),
    (["spectrum"], lambda: fmscompare.spectrum(DATA)),
    (
        ["spectrum", "--adopt", "japan:g2g_contracting"],
        lambda: fmscompare.spectrum(DATA, adopt={"japan": ["g2g_contracting"]}),
    ),
    (["spectrum", "--period", "2017-2021"], lambda: fmscompare.spectrum(DATA, period="2017-2021")),
    (["mechanisms", "--preset", "guarantees"], lambda: fmscompare.mechanisms(DATA, preset="guarantees")),
    (["sources"], lambda: fmscompare.sources(DATA)),
    (["compare", "france", "japan", "israel"], lambda: fmscompare.compare(DATA, ["france", "japan", "israel"])),
    (["gap", "japan"], lambda: fmscompare.gap(DATA, "japan")),
    (["gap", "japan", "--vs", "australia"], lambda: fmscompare.gap(DATA, "japan", vs="australia")),
    (["sensitivity", "--draws", "500"], lambda: fmscompare.sensitivity(DATA, draws=500)),
    (["sensitivity", "--leave-one-out"], lambda: fmscompare.sensitivity(DATA, leave_one_out=True)),
    (["correlate", "--permutations", "500"], lambda: fmscompare.correlate(DATA, permutations=500)),
    (["correlate", "--lag", "3", "--permutations", "500"], lambda: fmscompare.correlate(DATA, lag=3, permutations=500)),
    (["trend"], lambda: fmscompare.trend(DATA)),
    (["trend", "japan"], lambda: fmscompare.trend(DATA, ["japan"])),
    (["deals"], lambda: fmscompare.deals(DATA)),
    (["deals", "korea", "--channel", "g2g"], lambda: fmscompare.deals(DATA, "korea", channel="g2g")),
    (["timeline", "japan", "--from", "2014"], lambda: fmscompare.timeline(DATA, ["japan"], start=2014)),
    (["timeline", "--events", "--from", "2020"], lambda: fmscompare.timeline(DATA, start=2020, events=True)),
]


@pytest.mark.parametrize(("args", "call"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_the_cli_csv_is_the_api_frame_written_with_the_cli_writer(cli, args, call) -> None:
    result = cli(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    frame = call()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert csv_of(frame) == result.stdout


def test_numbers_are_numbers_and_provenance_is_in_attrs() -> None:
    frame = fmscompare.rank(DATA)
    assert str(frame["rank"].dtype) == "Int64"
    assert frame["support_score"].dtype == "float64"
    assert str(frame["model_known"].dtype) == "boolean"
    assert frame.attrs["weights"] == "default"
    assert frame.attrs["as_of"] == "latest"
    assert frame.attrs["dataset_version"] == DATA.version
    assert frame.attrs["title"].startswith("Ranked by support score")
    japan = frame.set_index("iso3").loc["JPN"]
    assert 0 <= japan["support_score"] <= 100
    what_if = fmscompare.rank(DATA, adopt={"japan": ["g2g_contracting"]})
    assert what_if.set_index("iso3").loc["JPN", "what_if"] == ["g2g_contracting"]
    assert "WHAT-IF" in what_if.attrs["title"]


@pytest.mark.parametrize(
    ("args", "call", "exception"),
    [
        (["show", "atlantis"], lambda: fmscompare.profile(DATA, "atlantis"), fmscompare.UsageError),
        (["rank", "--preset", "heavy"], lambda: fmscompare.rank(DATA, preset="heavy"), fmscompare.UsageError),
        (["gap", "japan", "--vs", "narnia"], lambda: fmscompare.gap(DATA, "japan", vs="narnia"), fmscompare.UsageError),
        (["rank", "--as-of", "1999"], lambda: fmscompare.load(as_of="1999"), fmscompare.UsageError),
    ],
)
def test_errors_are_the_cli_s_with_the_same_message(cli, args, call, exception) -> None:
    result = cli(*args)
    with pytest.raises(exception) as raised:
        call()
    assert isinstance(raised.value, fmscompare.FmsError)
    assert result.exit_code == raised.value.exit_code
    # The command line names the option (--as-of), the API the keyword argument (as_of): otherwise the same.
    [line] = result.stderr.splitlines()
    as_python = re.sub(r"--([a-z-]+)", lambda m: m.group(1).replace("-", "_"), line.removeprefix("error: "))
    assert str(raised.value) == as_python


def test_a_bad_dataset_is_a_data_error(data_copy) -> None:
    (data_copy / "sipri_shares.csv").write_text("iso3,country\n", encoding="utf-8")
    with pytest.raises(fmscompare.DataError) as raised:
        fmscompare.load(data_copy)
    assert "sipri_shares.csv" in str(raised.value)


def test_importing_fmscompare_and_loading_import_no_pandas() -> None:
    code = (
        "import sys, fmscompare; assert 'fmscompare.api' not in sys.modules, 'import'; "
        "data = fmscompare.load(); "
        "assert 'pandas' not in sys.modules, 'load'; fmscompare.rank(data); assert 'pandas' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


CONSUMER = """
import pandas as pd
import fmscompare

data: fmscompare.Dataset = fmscompare.load(as_of="2024")
frame: pd.DataFrame = fmscompare.rank(data, by="share", top=5, adopt={"japan": ["g2g_contracting"]})
gaps: pd.DataFrame = fmscompare.gap(data, "japan", vs="australia")
try:
    fmscompare.profile(data, "atlantis")
except fmscompare.UsageError as exc:
    code: int = exc.exit_code
"""


def test_the_api_type_checks_strictly_from_a_consumer(tmp_path: Path) -> None:
    """py.typed is shipped, and a consumer's code type-checks in mypy's strict mode (a wrong call would not)."""
    assert (REPO / "src" / "fmscompare" / "py.typed").is_file()
    good = tmp_path / "good.py"
    good.write_text(CONSUMER, encoding="utf-8")
    bad = tmp_path / "bad.py"
    bad.write_text("import fmscompare\nfmscompare.rank(fmscompare.load(), top='five')\n", encoding="utf-8")
    env = {**os.environ, "MYPYPATH": ""}
    # The project's settings and cache: `make test` has just checked the package with them, so mypy reads
    # fmscompare and pandas' stubs from its cache (half a second, not eight) and checks only the two files.
    config = ["--config-file", str(REPO / "pyproject.toml"), "--cache-dir", str(REPO / ".mypy_cache")]
    mypy = [sys.executable, "-m", "mypy", "--strict", *config]
    # One run over both files: errors in bad.py alone.
    done = subprocess.run(
        [*mypy, "good.py", "bad.py"], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert errors, done.stdout
    assert all(line.startswith("bad.py:2:") for line in errors), done.stdout
    assert any('"top"' in line for line in errors), done.stdout
