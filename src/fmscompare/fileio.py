"""Reading input files with clear errors, and writing output files atomically (temp file, then rename).

Every input file is read through `read_regular_file`: it opens without blocking (a FIFO where a file was
expected is refused at once rather than waited on for ever), refuses anything but a regular file (a device
such as /dev/zero, a directory, a socket) and reads at most a limit, so that a wrong path fails at once with a
message instead of hanging or filling the memory. Several files that must change together are written
with `write_all_atomic` (all or nothing) under `locked` (one writer at a time).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fmscompare.errors import DataError, Option, Problem

# A dataset file is tens of kilobytes; refuse anything this large before parsing it.
MAX_DATA_FILE_BYTES = 20_000_000
# SIPRI's whole trade register, every deal since 1950, is some tens of megabytes; an export larger than this
# is not one (a disk image, a wrong path), and reading it would only fill the memory.
MAX_EXPORT_FILE_BYTES = 500_000_000

_READ_CHUNK = 1 << 20


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
    if path.is_dir():
        raise DataError([Problem(name, "cannot write output: it is a directory")])
    if path.exists() and not path.is_file():
        # Opened by the name given: following its link (/dev/stdout -> /proc/self/fd/1 -> pipe:[1234])
        # would name nothing.
        _write_in_place(path, name, data)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    tmp = _temporary_copy(path, name, data, "cannot write output")
    try:
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DataError([Problem(name, f"cannot write output: {exc.strerror or exc}")]) from None
    except BaseException:  # Ctrl-C mid-write: the old file stays, and no temporary file is left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files all or nothing: afterwards every file has its new bytes, or every one its old.

    Each new file is first written in full beside its target (and synced to disk), so that a full disk or
    a read-only file fails before any target is touched. Then each target is replaced in turn, its previous
    version kept under a backup name; if a replacement fails (or Ctrl-C comes), the files already replaced
    are put back from their backups, and the error names the file that could not be written. A target must
    be a regular file or not exist yet. Symbolic links are followed, as by `write_atomic_bytes`.
    """
    targets: list[tuple[Path, str, bytes]] = []
    for path, data in files.items():
        name = str(path)
        real = Path(os.path.realpath(path)) if path.is_symlink() else path
        if real.exists() and not real.is_file():
            what = "a directory" if real.is_dir() else "not a regular file"
            raise DataError([Problem(name, f"cannot write file: it is {what}")])
        targets.append((real, name, data))
    temporaries: list[Path] = []
    try:
        for real, name, data in targets:
            temporaries.append(_temporary_copy(real, name, data, "cannot write file"))
        _replace_all(targets, temporaries)
    finally:
        for tmp in temporaries:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    for folder in {real.parent for real, _, _ in targets}:
        _sync_folder(folder)


def _replace_all(targets: list[tuple[Path, str, bytes]], temporaries: list[Path]) -> None:
    """Replace each target by its temporary file; on any failure put back those already replaced."""
    done: list[tuple[Path, Path | None]] = []  # (target, its backup, or None where it did not exist before)
    current = targets[0][1] if targets else ""
    try:
        for (real, name, _), tmp in zip(targets, temporaries, strict=True):
            current = name
            backup = _backup(real) if real.exists() else None
            try:
                tmp.replace(real)
            except BaseException:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        backup.unlink()
                raise
            done.append((real, backup))
    except BaseException as exc:
        unrestored = _restore(done)
        if not isinstance(exc, OSError):
            raise
        message = f"cannot write file: {exc.strerror or exc}"
        if done and not unrestored:
            message += "; the files written before it were put back as they were"
        problems = [Problem(current, message)]
        problems += [
            Problem(str(real), f"could not be put back; its previous version is {backup}")
            if backup is not None
            else Problem(str(real), "could not be removed again; it did not exist before")
            for real, backup in unrestored
        ]
        raise DataError(problems) from None
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def _backup(real: Path) -> Path:
    """A second name for the file about to be replaced (a hard link, else a copy), to put it back from."""
    for attempt in range(100):
        backup = real.with_name(f".{real.name}.{os.getpid()}.{attempt}.bak")
        try:
            os.link(real, backup)
            return backup
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            import shutil

            if backup.exists():
                continue
            try:
                shutil.copy2(real, backup)
            except BaseException:
                with contextlib.suppress(OSError):
                    backup.unlink()
                raise
            return backup
    raise FileExistsError(errno.EEXIST, "no free name for a backup copy", str(real))


def _restore(done: list[tuple[Path, Path | None]]) -> list[tuple[Path, Path | None]]:
    """Put back the files already replaced, last first (removing those that were new); the ones that could
    not be, with their backups."""
    failed = []
    for real, backup in reversed(done):
        try:
            if backup is None:
                real.unlink()
            else:
                backup.replace(real)
        except OSError:
            failed.append((real, backup))
    return failed


def _temporary_copy(path: Path, name: str, data: bytes, failure: str) -> Path:
    """`data` in a new file beside `path`, synced to disk, with the permissions `path` has (or would get)."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise DataError([Problem(name, f"{failure}: folder {str(folder)!r} does not exist")])
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataError([Problem(name, f"{failure}: {exc.strerror or exc}")]) from None
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
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DataError([Problem(name, f"{failure}: {exc.strerror or exc}")]) from None
    except BaseException:  # Ctrl-C mid-write: no temporary file is left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (POSIX); a failure only loses durability, not data."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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


LOCK_FILE = ".fmscompare-write.lock"  # Windows only: elsewhere the folder itself is locked


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the exclusive write lock of `folder` (waiting for whoever holds it) until the block ends.

    A read-change-write of files in `folder` done under it cannot interleave with another one, in this
    process or any other: the second waits, then reads what the first wrote. On POSIX the lock is an
    advisory `flock` on the folder itself, so nothing is left in it; Windows, which cannot lock a folder,
    locks `LOCK_FILE` in it instead.
    """
    if sys.platform == "win32":
        path = folder / LOCK_FILE
        flags = os.O_RDWR | os.O_CREAT
    else:
        path = folder
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise DataError([Problem(str(folder), f"cannot lock the folder for writing: {exc.strerror or exc}")]) from None
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # releases the lock


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after ten seconds; keep waiting, as flock does
                continue
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


# Opening a FIFO for reading without O_NONBLOCK waits for a writer, possibly for ever; with it, the open
# returns at once and fstat() tells what it is. (Windows has no FIFOs in the file system, nor the flag.)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _kind(mode: int) -> str | None:
    """What a file that is not a regular one is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something that is neither a file nor a directory"


def _not_regular(name: str, kind: str) -> DataError:
    if kind == "a directory":
        return DataError([Problem(name, "expected a file; found a directory")])
    return DataError([Problem(name, f"expected a regular file; found {kind}")])


def read_regular_file(path: Path, limit: int, kind: str = "an input file") -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; every way it can fail is a DataError.

    The one way fmscompare reads an input file. The file is opened without blocking and checked on the open
    descriptor, so a FIFO, a device (/dev/zero), a directory or a socket is refused at once, and the same
    file that was checked is the one read. At most `limit` + 1 bytes are read, so a file that is larger than
    it says (or grows while it is read) is refused without filling the memory. `kind` names what the file
    should be in the message about its size ("a data file").
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except IsADirectoryError:
        raise _not_regular(name, "a directory") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket (or a device with nothing behind it): say what it is
            with contextlib.suppress(OSError):
                kind_found = _kind(path.stat().st_mode)
                if kind_found is not None:
                    raise _not_regular(name, kind_found) from None
        raise DataError([Problem(name, f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        info = os.fstat(fd)
        kind_found = _kind(info.st_mode)
        if kind_found is not None:
            raise _not_regular(name, kind_found)
        if info.st_size > limit:
            raise _too_large(name, kind, limit, info.st_size)
        raw = _read_at_most(fd, limit + 1, info.st_size)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise _not_regular(name, "a directory") from None
        raise DataError([Problem(name, f"cannot read file: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise _too_large(name, kind, limit, None)
    return raw


def _read_at_most(fd: int, most: int, size: int) -> bytes:
    """Up to `most` bytes from `fd`: the whole file in one read when its size is right, else in chunks."""
    chunks = []
    total = 0
    want = min(size + 1, most)  # one byte more than the size, to see the end of the file at once
    while total < most:
        chunk = os.read(fd, min(want, most - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = _READ_CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(name: str, kind: str, limit: int, size: int | None) -> DataError:
    """`size` is what fstat() said; None when the file said less and was found larger by reading it."""
    found = (
        f"{_amount(size)}; the limit is {_amount(limit)}"
        if size is not None
        else f"more than the limit of {_amount(limit)}"
    )
    return DataError([Problem(name, f"file is too large for {kind} ({found})")])


def _amount(size: int) -> str:
    return f"{size / 1e6:.0f} MB" if size >= 1_000_000 else f"{size} bytes"


def read_text(path: Path) -> str:
    """Read a UTF-8 data file (at most 20 MB), turning every way it can fail into a DataError naming the file."""
    return read_utf8_bytes(path, MAX_DATA_FILE_BYTES, "a data file").decode("utf-8")


def read_utf8_bytes(path: Path, limit: int = MAX_EXPORT_FILE_BYTES, kind: str = "a SIPRI export") -> bytes:
    """The bytes of a UTF-8 text file (without a BOM), checked: missing, not a regular file, larger than
    `limit` (by default the 500 MB allowed a SIPRI export), unreadable, empty, binary, not UTF-8.

    Bytes rather than text, so that a large file can go to pandas without a second copy in memory.
    """
    name = str(path)
    raw = read_regular_file(path, limit, kind)
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
