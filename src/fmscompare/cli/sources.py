"""`fmscompare sources`: the bibliography the dataset cites."""

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import BomOption, DataDirOption, FormatOption, OutputOption
from fmscompare.cli.output import emit, reported_errors


def sources(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """List the bibliography the dataset cites, with URLs and how often each is cited.

    Example: fmscompare sources --format csv
    """
    with reported_errors():
        from fmscompare.reports.sources import bibliography

        emit(bibliography(load(ctx, data_dir)), fmt, output, bom=bom)
