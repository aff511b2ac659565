"""A cache of the loaded dataset, so a command does not parse and check the same files on every run.

Reading `countries.yaml` and checking every field is most of what `fmscompare rank` does beyond starting
Python (about 40 ms of 110). The cache keeps the loaded `Dataset`, pickled, under a key that hashes the
bytes of the three data files; the fmscompare version; the name, size and modification time of every
file of the package and of PyYAML's installed files; and the Python and msgspec versions (the dataset
holds no pandas or numpy object, so a cached `rank` imports neither).
An edit to the data, an edited module or an upgrade is therefore a miss and a full load. An entry is
stored only if the files still hash to its key after the load, so a file saved mid-load is not filed
under its old bytes. A dataset with problems is never cached: the full load runs and reports them.

The cache is an optimisation only: if it cannot be read or written (no home directory, a read-only disk, a
damaged file) the dataset is loaded as without it, silently. `FMSCOMPARE_NO_CACHE=1` turns it off;
`FMSCOMPARE_CACHE_DIR` moves it (default `$XDG_CACHE_HOME/fmscompare`, else `~/.cache/fmscompare`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

from fmscompare.dataset.files import DATA_FILES, OPTIONAL_FILES, data_version, resolve_data_dir
from fmscompare.dataset.model import Dataset
from fmscompare.errors import DataError
from fmscompare.fileio import MAX_DATA_FILE_BYTES, read_regular_file
from fmscompare.version import __version__

CACHE_DIR_ENV = "FMSCOMPARE_CACHE_DIR"
NO_CACHE_ENV = "FMSCOMPARE_NO_CACHE"
# 2: the dataset's classes moved into fmscompare.dataset; 3: Dataset.version; 4: SIPRI rows, not a DataFrame
CACHE_FORMAT = 4
KEEP_ENTRIES = 8  # one per data version in use; editing the data leaves old entries, so prune the oldest


def cache_dir() -> Path | None:
    """Where cached datasets live, or None when caching is turned off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():  # the XDG spec says to ignore a relative path
        return Path(xdg) / "fmscompare"
    try:
        return Path.home() / ".cache" / "fmscompare"
    except RuntimeError:  # no home directory to be found
        return None


def load_dataset_cached(data_dir: Path | None = None) -> Dataset:
    """`load_dataset`, served from the cache when the data and code are unchanged since it was stored, with
    its `version` (a digest of the data files) set."""
    directory = resolve_data_dir(data_dir)
    folder = cache_dir()
    read = _read_data(directory)
    key = _key(read) if folder is not None and read is not None else None
    if folder is None or key is None:
        return _load(directory, read)
    entry = folder / f"dataset-{key}.pickle"
    cached = _read(entry)
    if cached is not None:
        # The same files may sit in another folder; `directory` is where `--write` would write.
        return replace(cached, directory=directory)
    dataset = _load(directory, read)
    # A file saved while it was being loaded would file new figures under the old bytes' key (and an undo
    # would then bring them back); store only if the files are still the ones the key was made from.
    now = _read_data(directory)
    if now == read:
        _store(folder, entry, dataset)
    return dataset


def _load(directory: Path, read: list[bytes] | None) -> Dataset:
    """Read and check the files: the parser and checkers are imported only here, as a cache hit needs neither.
    The version is that of the bytes `read` just before (a file saved in between is not stored in the cache)."""
    from fmscompare.dataset.loading import load_dataset

    dataset = load_dataset(directory)
    return replace(dataset, version=data_version(read)) if read is not None else dataset


def _read_data(directory: Path) -> list[bytes] | None:
    """The data files' bytes, read as the loader reads them (a FIFO or a device is refused at once rather
    than waited on, and no more than the limit is read); None if one cannot be read as is."""
    try:
        return [
            b""
            if name in OPTIONAL_FILES and not (directory / name).exists() and not (directory / name).is_symlink()
            else read_regular_file(directory / name, MAX_DATA_FILE_BYTES)
            for name in DATA_FILES
        ]
    except (OSError, DataError):
        return None  # missing, unreadable, not a regular file, too large: the uncached load says what is wrong


def _key(data: list[bytes]) -> str | None:
    """A digest of everything the loaded dataset depends on: the data files' bytes and the code's version;
    None if the code's files cannot be listed."""
    import msgspec

    digest = hashlib.blake2b(digest_size=20)
    versions = (str(CACHE_FORMAT), __version__, sys.version)
    for part in (*versions, msgspec.__version__):
        digest.update(part.encode() + b"\0")
    try:
        # fmscompare's own modules (an edit in a checkout), and PyYAML's installed files, which stand for its
        # version and whether its C parser is built: importing yaml to ask would cost what a hit saves.
        for folder in (Path(__file__).parents[1], _yaml_folder()):
            for line in _files_signature(folder):
                digest.update(line.encode() + b"\0")
    except OSError:
        return None
    for name, content in zip(DATA_FILES, data, strict=True):
        digest.update(name.encode() + b"\0" + len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def _yaml_folder() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def _files_signature(folder: Path | None, prefix: str = "") -> list[str]:
    """Name, size and modification time of every file under `folder` but bytecode, in a fixed order."""
    if folder is None:
        return ["-"]
    lines = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):  # scandir: no stat for the file type
        if entry.is_dir():
            if entry.name != "__pycache__":
                lines += _files_signature(Path(entry.path), f"{prefix}{entry.name}/")
        else:
            stat = entry.stat()
            lines.append(f"{prefix}{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return lines


def _read(entry: Path) -> Dataset | None:
    try:
        with entry.open("rb") as handle:
            if not _written_by_us(os.fstat(handle.fileno())):
                return None
            loaded = pickle.load(handle)
    except Exception:  # a missing, truncated or foreign file is only a miss
        return None
    return loaded if isinstance(loaded, Dataset) else None


def _written_by_us(stat: os.stat_result) -> bool:
    """Unpickling runs code, so only load an entry that this user wrote and no one else could change.

    Entries are written 0600 by this user; a cache folder set to a shared place (FMSCOMPARE_CACHE_DIR=/tmp)
    must not let another user plant one.
    """
    if not hasattr(os, "getuid"):
        return True  # Windows: no POSIX owner or mode bits (every writable file reports 0o666)
    # A file system that reports every file as 0777 (a FAT or SMB mount) therefore never hits: slower, safe.
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def _store(folder: Path, entry: Path, dataset: Dataset) -> None:
    """Write the entry atomically (a reader sees all of it or none) and prune the oldest entries.

    Not `fileio.write_atomic_bytes`: that syncs to disk and reports failures, where a cache entry may be
    lost and its failures must be silent; and its files are 0644 where an entry should be private.
    """
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".dataset-", suffix=".tmp", dir=folder)
    except OSError:
        return
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(dataset, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(entry)
    except Exception:  # a full disk or an unpicklable value: no entry, and (below) nothing left behind
        return
    finally:  # also on Ctrl-C, which then goes on through
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("dataset-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            old.unlink()
        # A run killed outright (SIGKILL, power loss) leaves its temporary file; an hour on, no run owns it.
        for stale in folder.glob(".dataset-*.tmp"):
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
