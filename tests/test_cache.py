"""The dataset cache: a second run reads the stored dataset, and no edit, damage or odd folder ever
makes a command show a stale figure or fail."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from fmscompare.dataset import cache as dataset_cache
from fmscompare.dataset import loading
from fmscompare.dataset.cache import KEEP_ENTRIES, load_dataset_cached
from fmscompare.dataset.loading import load_dataset
from fmscompare.dataset.model import Dataset
from tests.conftest import Result, edit
from tests.helpers import DATASET_VERSION, sha256_of_data

USA_LATEST = "USA,United States,2020-2024,43,1,21,computed,sipri-db-2026-02-12"


def _data(folder: Path) -> list[bytes] | None:
    return dataset_cache._read_data(folder)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("dataset-*.pickle"))


def usa_share(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return next(row for row in csv.DictReader(io.StringIO(result.stdout)) if row["iso3"] == "USA")["sipri_share_pct"]


def assert_same(a: Dataset, b: Dataset) -> None:
    assert a.shares == b.shares
    for name in Dataset.__dataclass_fields__:
        if name != "shares":
            assert getattr(a, name) == getattr(b, name), name


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FMSCOMPARE_CACHE_DIR", str(folder))
    return folder


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any full load fail, so a call that returns must have been served from the cache."""

    def fail(directory: Path | None = None) -> Dataset:
        raise AssertionError(f"parsed {directory} again instead of reading the cache")

    monkeypatch.setattr(loading, "load_dataset", fail)


def test_a_cached_dataset_equals_a_freshly_loaded_one(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_dataset_cached()
    assert len(entries(cache)) == 1
    refuse_to_parse(monkeypatch)
    second = load_dataset_cached()
    assert_same(second, first)
    # The loader itself, not the cache's patched reference to it; the cache adds the data's version.
    assert_same(second, replace(load_dataset(), version=DATASET_VERSION))


def test_the_version_is_the_data_files_digest_and_follows_an_edit(data_copy: Path) -> None:
    """Files made from the same data carry the same version wherever the data sits; an edit changes it."""
    assert load_dataset_cached(data_copy).version == DATASET_VERSION
    edit(data_copy / "sipri_shares.csv", ",43,", ",44,")
    changed = load_dataset_cached(data_copy).version
    assert changed != DATASET_VERSION and changed == sha256_of_data(data_copy)


def test_rank_prints_the_same_table_from_the_cache_as_without_it(cli: Callable[..., Result], cache: Path) -> None:
    without = cli("rank", "--format", "csv", env={"FMSCOMPARE_NO_CACHE": "1"})
    assert without.exit_code == 0
    assert not cache.exists()
    filling = cli("rank", "--format", "csv")
    reading = cli("rank", "--format", "csv")
    assert len(entries(cache)) == 1
    assert filling.stdout == reading.stdout == without.stdout
    assert reading.stderr == ""


def test_an_edit_is_seen_even_when_size_and_time_are_unchanged(
    cli: Callable[..., Result], cache: Path, data_copy: Path
) -> None:
    shares = data_copy / "sipri_shares.csv"
    assert usa_share(cli("--data-dir", str(data_copy), "rank", "--format", "csv")) == "43"
    before = shares.stat()
    edit(shares, USA_LATEST, USA_LATEST.replace(",43,", ",47,"))
    os.utime(shares, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert shares.stat().st_size == before.st_size
    assert usa_share(cli("--data-dir", str(data_copy), "rank", "--format", "csv")) == "47"
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # empty, garbage, a pickled 1
def test_a_damaged_entry_is_only_a_miss(cli: Callable[..., Result], cache: Path, damage: bytes) -> None:
    expected = cli("rank", "--format", "csv").stdout
    [entry] = entries(cache)
    entry.write_bytes(damage)
    again = cli("rank", "--format", "csv")
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected, "")
    assert entry.read_bytes() != damage  # stored afresh


def test_an_unusable_cache_folder_is_ignored(cli: Callable[..., Result], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("rank", "--format", "csv", env={"FMSCOMPARE_CACHE_DIR": str(blocker / "cache")})
    assert (result.exit_code, result.stderr) == (0, "")
    assert usa_share(result) == "43"


def test_no_cache_turns_it_off(cli: Callable[..., Result], cache: Path) -> None:
    assert cli("rank", env={"FMSCOMPARE_NO_CACHE": "1"}).exit_code == 0
    assert not cache.exists()


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FMSCOMPARE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert dataset_cache.cache_dir() == tmp_path / "fmscompare"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec says to ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert dataset_cache.cache_dir() == tmp_path / "home" / ".cache" / "fmscompare"


def test_a_dataset_with_problems_is_never_cached(cli: Callable[..., Result], cache: Path, data_copy: Path) -> None:
    edit(data_copy / "sipri_shares.csv", USA_LATEST, USA_LATEST.replace(",43,", ",4x3,"))
    for _ in range(2):
        result = cli("--data-dir", str(data_copy), "rank")
        assert result.exit_code == 1
        line = (
            (data_copy / "sipri_shares.csv").read_text("utf-8").splitlines().index(USA_LATEST.replace(",43,", ",4x3,"))
        )
        assert f"sipri_shares.csv:{line + 1}:" in result.stderr and "expected a number; got '4x3'" in result.stderr
    assert entries(cache) == []


def test_the_same_files_in_another_folder_keep_that_folder(
    cache: Path, tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sipri import --write` writes into `dataset.directory`; a hit stored from a copy must not redirect it."""
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    assert load_dataset_cached(data_copy).directory == data_copy
    refuse_to_parse(monkeypatch)
    assert load_dataset_cached(other).directory == other


def test_a_new_version_of_fmscompare_does_not_read_old_entries(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset_cached()
    monkeypatch.setattr(dataset_cache, "__version__", "99.0.0")
    load_dataset_cached()
    assert len(entries(cache)) == 2


def test_old_entries_are_pruned(cache: Path, data_copy: Path) -> None:
    # Eleven full loads: of the corpus's one-country file, not the bundled 26 countries (2.4 to 0.6 s).
    shutil.copy(Path(__file__).parent / "corpus" / "base-countries.yaml", data_copy / "countries.yaml")
    (data_copy / "deals.yaml").unlink()
    shares = data_copy / "sipri_shares.csv"
    current = USA_LATEST
    for share in range(30, 30 + KEEP_ENTRIES + 3):
        changed = USA_LATEST.replace(",43,", f",{share},")
        edit(shares, current, changed)
        current = changed
        assert load_dataset_cached(data_copy).shares.frame().query("iso3 == 'USA'")["share_pct"].iloc[-1] == share
    assert len(entries(cache)) == KEEP_ENTRIES
    assert not list(cache.glob("*.tmp"))


def test_a_hit_imports_no_yaml_parser_or_checker(cache: Path) -> None:
    """What the cache saves: with a stored dataset, `rank` neither parses YAML nor checks a field."""

    def modules_imported() -> set[str]:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "fmscompare", "rank"],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "TERM": "dumb", "FMSCOMPARE_CACHE_DIR": str(cache)},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}

    parsing = {
        "yaml",
        "fmscompare.dataset.loading",
        "fmscompare.dataset.yamldoc",
        "fmscompare.dataset.validation",
        "fmscompare.reports.gap",
    }
    assert parsing - {"fmscompare.reports.gap"} <= modules_imported()  # the first run fills the cache
    assert not modules_imported() & parsing


def test_an_entry_others_could_write_is_not_loaded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unpickling runs code: an entry anyone may have changed is ignored and replaced, never loaded."""
    load_dataset_cached()
    [entry] = entries(cache)
    entry.chmod(0o666)
    parsed: list[Path | None] = []

    def counting_load(directory: Path | None = None) -> Dataset:
        parsed.append(directory)
        return load_dataset(directory)

    monkeypatch.setattr(loading, "load_dataset", counting_load)
    load_dataset_cached()
    assert len(parsed) == 1
    assert entry.stat().st_mode & 0o777 == 0o600  # stored afresh, private


def test_a_library_upgrade_is_a_miss(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """msgspec's record types are pickled in an entry (the dataset holds no pandas or numpy object)."""
    before = dataset_cache._key(_data(data_copy))
    monkeypatch.setattr(__import__("msgspec"), "__version__", "0.0.0-test")
    assert dataset_cache._key(_data(data_copy)) != before


def test_an_edited_module_or_pyyaml_install_is_a_miss(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a checkout the code changes without a new version; PyYAML's files stand for its version and build."""
    package = tmp_path / "fmscompare"
    (package / "render").mkdir(parents=True)
    (package / "render" / "table_format.py").write_text("# one\n")
    yaml_files = tmp_path / "yaml"
    yaml_files.mkdir()
    monkeypatch.setattr(dataset_cache, "__file__", str(package / "dataset" / "cache.py"))
    monkeypatch.setattr(dataset_cache, "_yaml_folder", lambda: yaml_files)
    keys = [dataset_cache._key(_data(data_copy))]
    (package / "render" / "table_format.py").write_text("# two\n")  # a module in a subpackage
    keys.append(dataset_cache._key(_data(data_copy)))
    (package / "render" / "__pycache__").mkdir()
    (package / "render" / "__pycache__" / "table_format.cpython-311.pyc").write_bytes(b"bytecode")
    keys.append(dataset_cache._key(_data(data_copy)))  # bytecode is not code that changed
    (yaml_files / "_yaml.cpython-311-x86_64-linux-gnu.so").write_bytes(b"C parser")
    keys.append(dataset_cache._key(_data(data_copy)))
    assert keys[0] != keys[1] == keys[2] != keys[3]


def test_a_file_saved_during_the_load_is_not_stored_under_the_old_key(
    cache: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shares = data_copy / "sipri_shares.csv"

    def load_then_save(directory: Path | None = None) -> Dataset:
        loaded = load_dataset(directory)
        edit(shares, USA_LATEST, USA_LATEST.replace(",43,", ",99,"))  # saved just after the read
        return loaded

    monkeypatch.setattr(loading, "load_dataset", load_then_save)
    load_dataset_cached(data_copy)
    assert entries(cache) == []
    monkeypatch.undo()
    edit(shares, USA_LATEST.replace(",43,", ",99,"), USA_LATEST)  # undone: the old bytes, the old key
    assert load_dataset_cached(data_copy).shares.frame().query("iso3 == 'USA'")["share_pct"].iloc[-1] == 43


def test_a_temporary_file_left_by_a_killed_run_is_removed(cache: Path, data_copy: Path) -> None:
    load_dataset_cached(data_copy)
    stale, fresh = cache / ".dataset-killed.tmp", cache / ".dataset-running.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    edit(data_copy / "sipri_shares.csv", USA_LATEST, USA_LATEST.replace(",43,", ",44,"))
    load_dataset_cached(data_copy)  # a miss stores an entry, and prunes
    assert not stale.exists() and fresh.exists()


# In one process (the API in a notebook, `sipri import --write` checking what it wrote, the test suite), the
# YAML reader keeps the documents it parsed, by their text (dataset/yamldoc.py). Reading a file again must be
# indistinguishable from reading it the first time.


def test_a_document_read_again_is_fresh_data_and_names_the_file_read(tmp_path: Path) -> None:
    from fmscompare.dataset.yamldoc import load_yaml
    from fmscompare.errors import DataError

    text = "a: [1, 2]\nb: {c: x}\na: 3\n"  # `a` given twice: a problem that is kept with the parse
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")

    one = load_yaml(first, keep_going=True)
    one.data["b"]["c"] = "changed by the first caller"
    one.data["a"] = None
    two = load_yaml(second, keep_going=True)

    assert two.data == {"a": 3, "b": {"c": "x"}}
    assert [(p.file, p.line, p.message) for p in two.problems] == [
        (str(second), 3, "duplicate key 'a' (first given on line 1)")
    ]
    assert two.line_of(["b", "c"]) == 2
    with pytest.raises(DataError) as refused:
        load_yaml(second)
    assert [str(p) for p in refused.value.problems] == [f"{second}:3: duplicate key 'a' (first given on line 1)"]


def test_a_broken_document_is_reported_every_time_and_its_fix_is_read(tmp_path: Path) -> None:
    from fmscompare.dataset.yamldoc import load_yaml
    from fmscompare.errors import DataError

    path = tmp_path / "file.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as refused:
            load_yaml(path)
        assert str(refused.value.problems[0]).startswith(f"{path}:2: invalid YAML")
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    assert load_yaml(path).data == {"a": [1, 2]}


def test_an_edit_is_seen_by_the_next_load_in_the_same_process(data_copy: Path) -> None:
    assert load_dataset(data_copy).countries[0].name == "United States"
    edit(data_copy / "countries.yaml", "name: United States", "name: United States of America")
    assert load_dataset(data_copy).countries[0].name == "United States of America"
    edit(data_copy / "countries.yaml", "name: United States of America", "name: United States")
    assert load_dataset(data_copy).countries[0].name == "United States"


def test_the_reader_keeps_a_few_documents_not_every_one_it_read(tmp_path: Path) -> None:
    from fmscompare.dataset import yamldoc

    for i in range(3 * yamldoc._KEEP_PARSED):
        path = tmp_path / f"{i}.yaml"
        path.write_text(f"value: {i}\n", encoding="utf-8")
        assert yamldoc.load_yaml(path).data == {"value": i}
    assert len(yamldoc._PARSED) == yamldoc._KEEP_PARSED
