"""Output: a report rendered to standard output or a file, and the core's errors as messages and exit codes.

Standard output may be a pipe whose reader stops early (`| head -1`) or a full disk; neither gives a
traceback. Nothing is written to a file unless the whole report was made (writes are atomic).
"""

import errno
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from fmscompare.choices import OutputFormat, SourcesFormat
from fmscompare.cli.options import flag

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fmscompare.dataset.schema import Source
    from fmscompare.reports.report import Report

# The formats that write citations (of `sources`, and of `show --cite`) rather than a report.
CITATION_FORMATS = frozenset({SourcesFormat.BIBTEX, SourcesFormat.CSL_JSON})

# Options of the whole invocation that output needs; set afresh by the app's callback on every run.
SESSION: dict[str, bool] = {"bom": False}
# The command line's arguments when run as a program (app.run sets them); empty when called in process.
ARGV: list[str] = []


def command_line() -> str:
    """The command as the user typed it, for the files that say how they were made."""
    import shlex

    return shlex.join(["fmscompare", *ARGV]) if ARGV else "fmscompare (called in process; arguments not known)"


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the core's errors into messages on stderr and their exit code; never a traceback.

    Each message is one line, whatever the data in it: a control character, an escape sequence or a newline
    in a name shows as an escape (`\\x1b`, `\\n`) rather than acting on the terminal or forging a line."""
    # Imported here, when a command runs: `--help`, `--version` and completion need no error classes.
    from fmscompare.errors import DataError, FmsError

    try:
        yield
    except FmsError as exc:
        lines = exc.messages(flag)
        if isinstance(exc, DataError) and exc.problems:
            found = max(getattr(exc, "total", 0), len(exc.problems))
            lines.append(f"{found} problem{'s' if found > 1 else ''} found; nothing was written")
        say(f"error: {line}" for line in lines)
        raise typer.Exit(exc.exit_code) from None


def say(lines: Iterable[str]) -> None:
    """Lines for the user on stderr (what was written, what an error was), each made safe to show."""
    from fmscompare.textutil import visible

    text = "".join(f"{visible(line)}\n" for line in lines)
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr is gone (a closed terminal): the exit code still tells
        pass


def _use_color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty()


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):  # no stdout, or a closed one
        return False


# Wider than this is never a real terminal, and Rich pads every line to the width: COLUMNS=1000000000 would
# ask for gigabytes.
MAX_WIDTH = 1000


def terminal_width() -> int:
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit():  # not `²` or `٣`, which isdigit() accepts and int() may not
        wanted = int(columns) if len(columns) <= 6 else MAX_WIDTH
        if wanted > 20:
            return min(wanted, MAX_WIDTH)
    if _isatty():
        try:
            columns_now = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            return 80
        return min(columns_now, MAX_WIDTH) if columns_now > 20 else 80
    return 80


# Names of standard output itself: written to as `-` is, so `-o /dev/stdout | head -1` works as `| head -1`.
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
# Another open descriptor (`-o /dev/stderr`, `-o >(gzip > out.gz)`, which bash passes as /dev/fd/63).
_DESCRIPTOR = r"/dev/(?:fd/([0-9]+)|(stderr))|/proc/self/fd/([0-9]+)"


def emit(report: "Report", fmt: OutputFormat, output: Path | None, *, bom: bool = False) -> None:
    """Render `report` in `fmt` to `output` (atomically), or to standard output when it is None, '-' or
    /dev/stdout."""
    from fmscompare.render import render

    if output is not None and str(output) in STDOUT_NAMES:
        output = None
    if output is not None and output.suffix.lower() == ".xlsx":
        _write_workbook(report, fmt, output)
        return
    # `--bom` before the command (the app's option) or after it (the command's): the same request.
    bom_text = "\ufeff" if (SESSION["bom"] or bom) and fmt is OutputFormat.CSV else ""
    if output is not None:
        _write_file(output, bom_text + render(report, fmt, width=max(terminal_width(), 100)))
        return
    write_stdout(
        bom_text + render(report, fmt, width=terminal_width(), color=_use_color() and fmt is OutputFormat.TABLE)
    )


def _write_workbook(report: "Report", fmt: OutputFormat, output: Path) -> None:
    """`-o FILE.xlsx`: the report as an Excel workbook (a sheet per table and an About sheet), atomically."""
    from fmscompare.errors import Option, UsageError
    from fmscompare.fileio import write_atomic_bytes
    from fmscompare.render.xlsx_format import render_xlsx
    from fmscompare.reports.report import Profile

    if fmt is not OutputFormat.TABLE:
        raise UsageError(
            Option("output"), f" {output.name} is an Excel workbook; --format {fmt.value} does not apply to it"
        )
    table = report.flat if isinstance(report, Profile) else report
    about = {"Command": command_line()}
    for key, label in _PROVENANCE:
        values = {row.get(key) for row in table.rows} - {None}
        if len(values) == 1:
            about[label] = str(values.pop())
        elif values:  # timeline: each row is its own year's picture
            about[label] = f"per row, in the {key} column"
    write_atomic_bytes(output, render_xlsx(report, about))


# The provenance columns a scored table carries on every row, as the About sheet names them.
_PROVENANCE = (("weights", "Weights"), ("as_of", "Assessments as of"), ("dataset_version", "Dataset version"))


def write_citations(cited: "Sequence[tuple[str, Source]]", fmt: SourcesFormat, output: Path | None) -> None:
    """The sources as BibTeX or CSL-JSON, to `output` (atomically, as `emit` writes) or standard output.

    `--bom` does not apply, as with every format but CSV: a byte-order mark would be a stray character to
    BibTeX, and JSON forbids one."""
    from fmscompare.errors import Option, UsageError
    from fmscompare.render.citations import render_bibtex, render_csl_json

    if output is not None and output.suffix.lower() == ".xlsx":
        raise UsageError(Option("output"), f" {output.name}: citations are text (BibTeX, CSL-JSON), not a workbook")
    text = render_bibtex(cited) if fmt is SourcesFormat.BIBTEX else render_csl_json(cited)
    if output is None or str(output) in STDOUT_NAMES:
        write_stdout(text)
    else:
        _write_file(output, text)


def _write_file(output: Path, text: str) -> None:
    """A file atomically (a device or a pipe is written to as it is: fileio's rule); an open descriptor
    (/dev/fd/N, /dev/stderr) written to by its number."""
    from fmscompare.errors import DataError, Problem
    from fmscompare.fileio import write_atomic

    name = str(output)
    descriptor = re.fullmatch(_DESCRIPTOR, name)
    data = text.encode("utf-8")
    try:
        if descriptor is not None:
            number = descriptor.group(1) or descriptor.group(3)
            fd = 2 if descriptor.group(2) else int(number) if len(number) < 10 else -1
            if fd == 2:
                sys.stderr.flush()
            _write_all(fd, data)
            return
    except OSError as exc:
        raise DataError([Problem(name, f"cannot write output: {exc.strerror or exc}")]) from None
    write_atomic(output, text)


def _write_all(fd: int, data: bytes) -> None:
    if fd < 0:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_stdout(text: str) -> None:
    """Write to standard output; a reader that stops early, or a full disk, never gives a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_went_away()
    except OSError as exc:  # a full disk (`> /dev/full`), a closed terminal
        _silence_stdout()
        say([f"error: cannot write to standard output: {exc.strerror or exc}"])
        raise typer.Exit(1) from None


def _reader_went_away() -> NoReturn:
    """The reader closed the pipe (`| head -1`): it has what it wanted, so stop quietly with exit 0."""
    _silence_stdout()
    raise typer.Exit(0)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
