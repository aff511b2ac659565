"""`fmscompare gap COUNTRY`: what it lacks against a peer, a model or every exporter, and what adopting it
would change."""

from typing import Annotated

import typer

from fmscompare.choices import ContractingModelChoice, OutputFormat
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


def gap(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="The country to examine: japan, germany, ...")],
    vs: Annotated[
        str | None, typer.Option("--vs", help="A peer: what COUNTRY lacks that the peer has.", show_default=False)
    ] = None,
    model: Annotated[
        ContractingModelChoice | None,
        typer.Option("--model", help="g2g or fms: what COUNTRY lacks for that model.", show_default=False),
    ] = None,
    adopt: Annotated[
        str | None,
        typer.Option(
            "--adopt",
            help="What-if: KEY,KEY (or all: every mechanism the gap lists) rescores COUNTRY as if adopted.",
            show_default=False,
        ),
    ] = None,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show what COUNTRY lacks against a peer, a model or every exporter, mapped to the paper's recommendations.

    Example: fmscompare gap japan --vs australia
    """
    with reported_errors():
        from fmscompare.api.tables import gap_table

        dataset = load(ctx, data_dir, as_of, paper)
        report = gap_table(
            dataset,
            country,
            vs=vs,
            model=model.value if model is not None else None,
            adopt=adopt.split(",") if adopt is not None else None,
            preset=preset,
            weights_file=weights_file,
        )
        emit(report, fmt, output, bom=bom)
