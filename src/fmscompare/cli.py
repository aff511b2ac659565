"""The command-line interface: parses options, calls the core, picks a renderer, maps errors to exit codes.

Nothing here computes; heavy modules (pandas, the dataset loader) are imported inside the commands so
that `--help`, `--version` and shell completion stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from fmscompare import __version__
from fmscompare.errors import DataError, FmsError
from fmscompare.ranking import RankBy
from fmscompare.render import OutputFormat, render

if TYPE_CHECKING:
    from fmscompare.dataset import Dataset
    from fmscompare.report import Report
    from fmscompare.scoring import Weights

app = typer.Typer(
    name="fmscompare",
    help=(
        "Compare how governments support defence exports, along the DCS -> G2G -> FMS-style spectrum of "
        "the CSIS paper 'Japan's Foreign Military Sales' (Hattori, 2023), with cited evidence and SIPRI "
        "export figures."
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fmscompare {__version__}\n")
        raise typer.Exit()


DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="FMSCOMPARE_DATA_DIR",
        help="Dataset folder (countries.yaml, mechanisms.yaml, sipri_shares.csv). Default: the bundled data.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table, csv, json or markdown.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.", dir_okay=False),
]
PresetOption = Annotated[
    str, typer.Option("--preset", help="Weight preset from mechanisms.yaml: default, equal, promotion, ...")
]


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Compare how governments support defence exports."""
    ctx.obj = data_dir


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn the core's errors into messages on stderr and their exit code; never a traceback."""
    try:
        yield
    except FmsError as exc:
        lines = exc.messages()
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


def _emit(report: Report, fmt: OutputFormat, output: Path | None) -> None:
    if output is not None:
        from fmscompare.fileio import write_atomic

        write_atomic(output, render(report, fmt, width=max(_width(), 100)))
        return
    text = render(report, fmt, width=_width(), color=_use_color() and fmt is OutputFormat.TABLE)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_went_away()


def _reader_went_away() -> NoReturn:
    """The reader closed the pipe (`| head -1`): it has what it wanted, so stop quietly with exit 0.

    Standard output is pointed at /dev/null so that the interpreter's final flush cannot fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(0)


def _load(ctx: typer.Context, data_dir: Path | None) -> Dataset:
    from fmscompare.dataset import load_dataset

    return load_dataset(data_dir if data_dir is not None else ctx.obj)


def _weights(dataset: Dataset, preset: str) -> Weights:
    from fmscompare.scoring import preset_weights

    return preset_weights(dataset.mechanisms, dataset.presets, dataset.default_rationale, preset)


@app.command()
def rank(
    ctx: typer.Context,
    by: Annotated[RankBy, typer.Option("--by", help="Rank by score, share, growth or involvement.")] = RankBy.SCORE,
    period: Annotated[
        str | None,
        typer.Option("--period", help="SIPRI five-year period, e.g. 2017-2021. Default: the latest in the data."),
    ] = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Show only the first N countries.")] = None,
    preset: PresetOption = "default",
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Rank countries by government support for defence exports, with SIPRI figures.

    Example: fmscompare rank --period 2017-2021 --format csv
    """
    with _reported_errors():
        from fmscompare.ranking import ranking

        dataset = _load(ctx, data_dir)
        report = ranking(dataset, _weights(dataset, preset), period=period, by=by, top=top)
        _emit(report, fmt, output)


@app.command()
def show(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="Name, alias or ISO code: france, FR, fra, 'south korea', ROK.")],
    preset: PresetOption = "default",
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show one country: model, level, score breakdown with evidence, SIPRI figures and sources.

    Example: fmscompare show "south korea"
    """
    with _reported_errors():
        from fmscompare.lookup import find_country
        from fmscompare.profile import country_profile

        dataset = _load(ctx, data_dir)
        weights = _weights(dataset, preset)
        report = country_profile(dataset, find_country(dataset.countries, country), weights)
        _emit(report, fmt, output)


def main() -> None:
    """Console-script entry point."""
    app()
