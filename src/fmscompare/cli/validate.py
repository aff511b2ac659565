"""`fmscompare validate [DIRECTORY]`: check a dataset; every problem with its file and line, exit 1 if any."""

import textwrap
from pathlib import Path
from typing import Annotated

import typer

from fmscompare.cli.inputs import load
from fmscompare.cli.options import DataDirOption
from fmscompare.cli.output import reported_errors, terminal_width, write_stdout


def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(help="Dataset folder to check. Default: --data-dir, else the bundled data.", show_default=False),
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Check a dataset and list every problem with its file and line; exit 1 if there is any.

    Example: fmscompare validate data/
    """
    with reported_errors():
        from fmscompare.reports.validate import summary
        from fmscompare.textutil import visible

        # The folder named on the line wins over --data-dir (which FMSCOMPARE_DATA_DIR may set).
        dataset = load(ctx, directory if directory is not None else data_dir)
        # Wrapped at the terminal's width, a continued line indented under its own.
        width = terminal_width()
        lines = [
            wrapped
            for line in summary(dataset)
            for wrapped in textwrap.wrap(
                visible(line.strip()),
                width=width,
                initial_indent=" " * (len(line) - len(line.lstrip())),
                subsequent_indent=" " * (len(line) - len(line.lstrip()) + 2),
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        ]
        write_stdout("".join(f"{line}\n" for line in lines))
