"""Reading input text files with clear errors, and writing output files atomically (temp file, then rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from fmscompare.errors import DataError, Option, Problem


def write_atomic(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write text atomically (see `write_atomic_bytes`)."""
    write_atomic_bytes(path, text.encode(encoding))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never a part.

    A symbolic link is followed, so the file it points to is replaced and the link stays. A device or
    pipe (`/dev/stdout`, a FIFO) cannot be replaced by a rename, so it is written to directly.
    """
    name = str(path)
    if not name:
        raise DataError([Problem(Option("output"), "expected a file name; got an empty one")])
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise DataError([Problem(name, "cannot write output: it is a directory")])
    if path.exists() and not path.is_file():
        _write_in_place(path, name, data)
        return
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise DataError([Problem(name, f"cannot write output: folder {str(folder)!r} does not exist")])
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataError([Problem(name, f"cannot write output: {exc.strerror or exc}")]) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            # Keep the permissions of the file being replaced rather than mkstemp's 0600.
            tmp.chmod(path.stat().st_mode & 0o7777)
        else:
            tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DataError([Problem(name, f"cannot write output: {exc.strerror or exc}")]) from None
    except BaseException:  # Ctrl-C mid-write: the old file stays, and no temporary file is left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _write_in_place(path: Path, name: str, data: bytes) -> None:
    try:
        with path.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise DataError([Problem(name, f"cannot write output: {exc.strerror or exc}")]) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A dataset file is tens of kilobytes; refuse anything this large before parsing it (SIPRI exports,
# read with read_utf8_bytes, may be far larger and have no cap).
MAX_DATA_FILE_BYTES = 20_000_000


def read_text(path: Path) -> str:
    """Read a UTF-8 data file (at most 20 MB), turning every way it can fail into a DataError naming the file."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_utf8_bytes reports why the file cannot be read
    if size > MAX_DATA_FILE_BYTES:
        raise DataError(
            [Problem(str(path), f"file is too large for a data file ({size / 1e6:.0f} MB; the limit is 20 MB)")]
        )
    return read_utf8_bytes(path).decode("utf-8")


def read_utf8_bytes(path: Path) -> bytes:
    """The bytes of a UTF-8 text file (without a BOM), checked: missing, unreadable, empty, binary, not UTF-8.

    Bytes rather than text, so that a large file can go to pandas without a second copy in memory.
    """
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, "expected a file; found a directory")]) from None
    except OSError as exc:
        raise DataError([Problem(name, f"cannot read file: {exc.strerror or exc}")]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark, as Excel writes: harmless
    if not raw.strip():
        raise DataError([Problem(name, "file is empty")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError([Problem(name, "expected a UTF-8 text file; found binary data (a NUL byte)", line)])
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, f"expected UTF-8 text; found byte 0x{raw[exc.start]:02x} that is not UTF-8", line)]
        ) from None
    return raw
