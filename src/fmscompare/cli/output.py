"""Output: a report rendered to standard output or a file, and the core's errors as messages and exit codes.

Standard output may be a pipe whose reader stops early (`| head -1`) or a full disk; neither gives a
traceback. Nothing is written to a file unless the whole report was made (writes are atomic).
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.options import flag

if TYPE_CHECKING:
    from fmscompare.reports.report import Report

# Options of the whole invocation that output needs; set afresh by the app's callback on every run.
SESSION: dict[str, bool] = {"bom": False}


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the core's errors into messages on stderr and their exit code; never a traceback."""
    # Imported here, when a command runs: `--help`, `--version` and completion need no error classes.
    from fmscompare.errors import DataError, FmsError

    try:
        yield
    except FmsError as exc:
        lines = exc.messages(flag)
        for line in lines:
            sys.stderr.write(f"error: {line}\n")
        if isinstance(exc, DataError) and exc.problems:
            count = f"{len(exc.problems)} problem{'s' if len(exc.problems) > 1 else ''}"
            sys.stderr.write(f"error: {count} found; nothing was written\n")
        raise typer.Exit(exc.exit_code) from None


def _use_color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 20:
        return int(columns)
    if sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    return 80


def emit(report: "Report", fmt: OutputFormat, output: Path | None) -> None:
    """Render `report` in `fmt` to `output` (atomically), or to standard output when it is None or '-'."""
    from fmscompare.render import render

    if output is not None and str(output) == "-":
        output = None  # the usual spelling of "standard output"
    bom = "\ufeff" if SESSION["bom"] and fmt is OutputFormat.CSV else ""
    if output is not None:
        from fmscompare.fileio import write_atomic

        write_atomic(output, bom + render(report, fmt, width=max(_width(), 100)))
        return
    write_stdout(bom + render(report, fmt, width=_width(), color=_use_color() and fmt is OutputFormat.TABLE))


def write_stdout(text: str) -> None:
    """Write to standard output; a reader that stops early, or a full disk, never gives a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_went_away()
    except OSError as exc:  # a full disk (`> /dev/full`), a closed terminal
        _silence_stdout()
        sys.stderr.write(f"error: cannot write to standard output: {exc.strerror or exc}\n")
        raise typer.Exit(1) from None


def _reader_went_away() -> NoReturn:
    """The reader closed the pipe (`| head -1`): it has what it wanted, so stop quietly with exit 0."""
    _silence_stdout()
    raise typer.Exit(0)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
