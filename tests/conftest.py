"""Shared fixtures: run the CLI as a user would, and make editable copies of the bundled dataset."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fmscompare.cli.app import app
from fmscompare.dataset.files import bundled_data_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PAPER = SHARED / "source" / "hattori-2023-japans-foreign-military-sales.md"
TIV_EXPORTERS = SHARED / "sipri" / "tiv-exporters-1950-2024-generated-2024-10-13.csv"
TRADE_REGISTER = SHARED / "sipri" / "trade-register-1995-2024-generated-2026-02-12.csv"

# TERM=dumb keeps ANSI codes out of help text even where CI forces a terminal (GITHUB_ACTIONS).
CLEAN_ENV = {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "80", "FMSCOMPARE_DATA_DIR": ""}


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep the cyclic garbage collector off what every test shares. Collected, a test process holds millions
    of long-lived objects (pytest's items, Hypothesis, pandas and matplotlib once imported), and each full
    collection walked them all: 17 s of the suite's CPU time went to the collector, 15 of them to full
    collections, while the tests made cyclic garbage (YAML node trees, figures) at a high rate. Frozen, they
    are never walked again; a younger generation is collected after 7,000 new objects rather than 700.
    Measured with gc.callbacks over a whole run: 17 s of collection fell to 5 s."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(7000, 10, 10)


@pytest.fixture(autouse=True, scope="session")
def _scratch_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The dataset cache in a scratch folder: tests neither read nor fill the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FMSCOMPARE_CACHE_DIR", str(folder))
        patch.delenv("FMSCOMPARE_NO_CACHE", raising=False)
        yield folder


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True, scope="session")
def _one_click_command() -> Iterator[None]:
    """Typer's test runner builds the Click command from the app on every call (about 16 ms, over a thousand
    calls in the suite): build it once. Click commands are made to be invoked many times, as a shell does."""
    import typer.testing

    built: dict[int, Any] = {}
    real = typer.testing._get_command

    def get_command(typer_app: Any) -> Any:
        if id(typer_app) not in built:
            built[id(typer_app)] = real(typer_app)
        return built[id(typer_app)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", get_command)  # raises if Typer renames it: we would see
        yield


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke `fmscompare ARGS...` in-process; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(app, list(args), env={**CLEAN_ENV, **(env or {})}, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def run() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed CLI in a real process (for pipes, signals and start-up behaviour)."""

    def go(*args: str, shell: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **CLEAN_ENV, **(env or {})}
        full_env.pop("FMSCOMPARE_DATA_DIR")
        if shell is not None:
            return subprocess.run(
                ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, env=full_env, timeout=120
            )
        return subprocess.run(
            [sys.executable, "-m", "fmscompare", *args], capture_output=True, text=True, env=full_env, timeout=120
        )

    return go


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled dataset, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def without_deal_citations(data: Path) -> Path:
    """Drop the assessments' `deals: [...]` lines from a data folder's countries.yaml, for a test that
    brings its own deals file (or none), whose ids the bundled profiles do not cite."""
    countries = data / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    countries.write_text(re.sub(r"(?m)^ +deals: \[[^\]\n]*\]\n", "", text), encoding="utf-8")
    return data


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a data file, failing loudly if the text is not there (so a test cannot pass vacuously)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent (a user's clone has no shared/)")


PAPER_SEVEN = ("USA", "FRA", "AUS", "ISR", "KOR", "DEU", "JPN")


@pytest.fixture(scope="session")
def paper_seven(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset cut to the paper's seven countries, for known answers computed by hand.

    The seven come first in countries.yaml; the profiles added later (issue 6) follow them.
    """
    target = tmp_path_factory.mktemp("paper-seven") / "data"
    shutil.copytree(bundled_data_dir(), target)
    countries = target / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    cut = text.index("\n  - name: United Kingdom\n")
    countries.write_text(text[: cut + 1], encoding="utf-8")
    # The deals of the other exporters would name sellers this cut has no profile for.
    deals = target / "deals.yaml"
    if deals.exists():
        import yaml

        from tests.helpers import read_yaml

        catalogue = read_yaml(deals)
        kept = [deal for deal in catalogue["deals"] if deal["seller"] in PAPER_SEVEN]
        cited = {deal["source"] for deal in kept}
        sources = {key: value for key, value in (catalogue.get("sources") or {}).items() if key in cited}
        deals.write_text(yaml.safe_dump({"sources": sources, "deals": kept}, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture
def cli7(paper_seven: Path) -> Callable[..., Result]:
    """`cli` on the paper's seven countries only (FMSCOMPARE_DATA_DIR points at them)."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        full = {**CLEAN_ENV, "FMSCOMPARE_DATA_DIR": str(paper_seven), **(env or {})}
        result = runner.invoke(app, list(args), env=full, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


DATED = REPO / "tests" / "fixtures" / "dated"


@pytest.fixture
def dated_data(tmp_path: Path) -> Path:
    """Two invented exporters with month-dated assessments and a paper claim, and the bundled criteria."""
    target = tmp_path / "dated"
    shutil.copytree(DATED, target)
    shutil.copy(bundled_data_dir() / "mechanisms.yaml", target / "mechanisms.yaml")
    return target
