"""The bad-input corpus (tests/corpus/, rebuilt by `python -m tests.corpus.build`): every broken dataset,
weights file and SIPRI export gives exit 1, names the file and line, prints nothing on stdout and no
traceback. Cases that cannot live in git (huge, looping, unreadable) are made here."""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.errors import FmsError
from fmscompare.sipri.export import read_export
from fmscompare.sipri.names import load_name_map
from fmscompare.sipri.shares import complete_periods, period_figures

CORPUS = Path(__file__).parent / "corpus"
DATASET_FILE = {"countries": "countries.yaml", "mechanisms": "mechanisms.yaml", "shares": "sipri_shares.csv"}
CASES = list(csv.DictReader((CORPUS / "expected.csv").open(encoding="utf-8")))


def small_dataset(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    shutil.copy(CORPUS / "base-countries.yaml", data / "countries.yaml")
    (data / "deals.yaml").unlink()  # its sellers are not among the base file's countries
    return data


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    files = {(p.parent.name, p.name) for kind in (*DATASET_FILE, "weights", "sipri") for p in (CORPUS / kind).iterdir()}
    assert files == {(c["kind"], c["name"]) for c in CASES}
    assert len(CASES) >= 40


def test_the_small_base_dataset_is_valid(cli, tmp_path):
    assert cli("validate", str(small_dataset(tmp_path))).exit_code == 0


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}/{c['name']}" for c in CASES])
def test_corpus(cli, tmp_path, case):
    data = small_dataset(tmp_path)
    source = CORPUS / case["kind"] / case["name"]
    if case["kind"] in DATASET_FILE:
        named = data / DATASET_FILE[case["kind"]]
        shutil.copy(source, named)
        result = cli("validate", str(data))
    elif case["kind"] == "weights":
        named = source
        result = cli("--data-dir", str(data), "rank", "--weights", str(source))
    else:
        named = source
        result = cli("--data-dir", str(data), "sipri", "import", str(source))
    where = f"{named}:{case['line']}" if case["line"] else f"{named}"
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {where}: {case['message']}\n")
    assert result.stderr.endswith("nothing was written\n")
    assert "Traceback" not in result.stderr


def test_a_50_megabyte_file_is_refused_before_parsing(cli, tmp_path):
    data = small_dataset(tmp_path)
    with (data / "countries.yaml").open("a", encoding="utf-8") as handle:
        handle.write(("# padding\n" * 1000) * 5300)
    assert (data / "countries.yaml").stat().st_size > 50_000_000
    started = time.perf_counter()
    result = cli("validate", str(data))
    assert result.exit_code == 1
    assert f"{data / 'countries.yaml'}: file is too large for a data file (53 MB; the limit is 20 MB)" in result.stderr
    assert time.perf_counter() - started < 10


def test_a_symlink_loop(cli, tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    result = cli("rank", "--weights", str(loop))
    assert result.exit_code == 1
    assert f"{loop}: cannot read file: Too many levels of symbolic links" in result.stderr


def test_a_directory_where_a_file_is_expected(cli, tmp_path):
    data = small_dataset(tmp_path)
    (data / "mechanisms.yaml").unlink()
    (data / "mechanisms.yaml").mkdir()
    result = cli("validate", str(data))
    assert result.exit_code == 1
    assert f"{data / 'mechanisms.yaml'}: expected a file; found a directory" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, so an unreadable file cannot be made")
def test_an_unreadable_file(cli, tmp_path):
    data = small_dataset(tmp_path)
    (data / "sipri_shares.csv").chmod(0)
    result = cli("validate", str(data))
    assert result.exit_code == 1
    assert "cannot read file: Permission denied" in result.stderr


# Property tests: whatever a file turns into, the loader and importer answer with their own error.


FIXTURES = Path(__file__).parent / "fixtures" / "sipri"
NAMES = load_name_map(bundled_data_dir() / "sipri_names.csv")
INSERTS = [",", ";", "?", "\n", "\r\n", '"', "x", "9", "-", ".", "\x00", "é", "\ufeff", "inf", "Total world export"]


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (kind, position, choice) edits: delete a byte, insert a token, duplicate or drop a line."""
    for kind, position, choice in edits:
        at = position % (len(data) + 1)
        if kind == 0:
            data = data[:at] + data[at + 1 :]
        elif kind == 1:
            data = data[:at] + INSERTS[choice % len(INSERTS)].encode() + data[at:]
        else:
            lines = data.splitlines(keepends=True) or [b""]
            line = lines[at % len(lines)]
            lines.insert(at % len(lines), line) if kind == 2 else lines.pop(at % len(lines))
            data = b"".join(lines)
    return data


edits_strategy = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, 100)), min_size=1, max_size=6
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["tiv-exporters-small.csv", "trade-register-small.csv"]), edits_strategy)
def test_sipri_importer_never_fails_with_anything_but_its_own_error(tmp_path, name, edits):
    path = tmp_path / "export.csv"
    path.write_bytes(mutate((FIXTURES / name).read_bytes(), edits))
    try:
        export = read_export(path)
        for period in complete_periods(export)[-2:]:
            period_figures(export, NAMES, period)
    except FmsError:
        pass  # a clear DataError or UsageError is the right answer for a broken file


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(list(DATASET_FILE.values())), edits_strategy)
def test_dataset_loader_never_fails_with_anything_but_its_own_error(tmp_path_factory, name, edits):
    from fmscompare.dataset.loading import load_dataset

    data = small_dataset(tmp_path_factory.mktemp("fuzz"))
    path = data / name
    path.write_bytes(mutate(path.read_bytes(), edits))
    with contextlib.suppress(FmsError):
        load_dataset(data).at("2023-04").paper()
