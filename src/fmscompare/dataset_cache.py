"""A cache of the loaded dataset, so a command does not parse and check the same files on every run.

Reading `countries.yaml` and checking every field is most of what `fmscompare rank` does beyond starting
Python (about 40 ms of 110). The cache keeps the loaded `Dataset`, pickled, under a key that hashes the
bytes of every data file, the fmscompare version, the size and time of every module of the package, and
the Python, pandas and msgspec versions. Any edit to the data or the code is therefore a miss, never a
stale figure. A dataset with problems is never cached: the full load runs and reports them.

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
from dataclasses import replace
from pathlib import Path

from fmscompare import __version__
from fmscompare.dataset import COUNTRIES_FILE, MECHANISMS_FILE, SHARES_FILE, Dataset, load_dataset, resolve_data_dir

CACHE_DIR_ENV = "FMSCOMPARE_CACHE_DIR"
NO_CACHE_ENV = "FMSCOMPARE_NO_CACHE"
CACHE_FORMAT = 1
KEEP_ENTRIES = 8  # one per data version in use; editing the data leaves old entries, so prune the oldest
_LARGEST_CACHED_FILE = 20 * 1024 * 1024  # the loader refuses bigger files; leave those to its message


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
    """`load_dataset`, served from the cache when the data and code are unchanged since it was stored."""
    directory = resolve_data_dir(data_dir)
    folder = cache_dir()
    key = _key(directory) if folder is not None else None
    if folder is None or key is None:
        return load_dataset(directory)
    entry = folder / f"dataset-{key}.pickle"
    cached = _read(entry)
    if cached is not None:
        # The same files may sit in another folder; `directory` is where `--write` would write.
        return replace(cached, directory=directory)
    dataset = load_dataset(directory)
    _store(folder, entry, dataset)
    return dataset


def _key(directory: Path) -> str | None:
    """A digest of everything the loaded dataset depends on; None if a data file cannot be read as is."""
    import msgspec
    import pandas

    digest = hashlib.blake2b(digest_size=20)
    for part in (str(CACHE_FORMAT), __version__, sys.version, pandas.__version__, msgspec.__version__):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).parent
    try:
        for module in sorted(os.scandir(package), key=lambda e: e.name):
            if module.name.endswith(".py"):
                stat = module.stat()
                digest.update(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
        for name in (COUNTRIES_FILE, MECHANISMS_FILE, SHARES_FILE):
            with (directory / name).open("rb") as handle:
                data = handle.read(_LARGEST_CACHED_FILE + 1)
            if len(data) > _LARGEST_CACHED_FILE:
                return None
            digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    except OSError:
        return None  # missing or unreadable: the uncached load says what is wrong
    return digest.hexdigest()


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
    owner_ok = not hasattr(os, "getuid") or stat.st_uid == os.getuid()
    return owner_ok and not stat.st_mode & 0o022


def _store(folder: Path, entry: Path, dataset: Dataset) -> None:
    """Write the entry atomically (a reader sees all of it or none) and prune the oldest entries."""
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
