"""`fmscompare mechanisms`: the scoring criteria, their rubric and weights."""

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import BomOption, DataDirOption, FormatOption, OutputOption, PresetOption, WeightsOption
from fmscompare.cli.output import emit, reported_errors


def mechanisms(
    ctx: typer.Context,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """List the scoring criteria: key, stage, weight, definition and the paper's recommendation.

    Example: fmscompare mechanisms --preset guarantees
    """
    with reported_errors():
        from fmscompare.api.tables import mechanisms_table

        dataset = load(ctx, data_dir)
        emit(mechanisms_table(dataset, preset=preset, weights_file=weights_file), fmt, output, bom=bom)
