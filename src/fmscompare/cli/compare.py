"""`fmscompare compare COUNTRY COUNTRY...`: countries side by side, mechanism by mechanism."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import (
    AsOfOption,
    BomOption,
    DataDirOption,
    FormatOption,
    OutputOption,
    PaperOption,
    PresetOption,
    WeightsOption,
)
from fmscompare.cli.output import emit, reported_errors


def compare(
    ctx: typer.Context,
    countries: Annotated[
        list[str], typer.Argument(metavar="COUNTRY", help="Two or more countries: france australia 'south korea'.")
    ],
    differences: Annotated[
        bool, typer.Option("--differences", help="Only the mechanisms on which the countries differ.")
    ] = False,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Compare countries side by side: each mechanism's status and points, score, model and level.

    Example: fmscompare compare france australia israel
    """
    with reported_errors():
        from fmscompare.api.tables import compare_table

        dataset = load(ctx, data_dir, as_of, paper)
        report = compare_table(dataset, countries, differences=differences, preset=preset, weights_file=weights_file)
        emit(report, fmt, output, bom=bom)
