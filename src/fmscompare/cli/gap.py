"""`fmscompare gap COUNTRY`: what it lacks against a peer, a model or every exporter, and what adopting it
would change."""

from typing import Annotated

import typer

from fmscompare.choices import ContractingModelChoice, OutputFormat
from fmscompare.cli.inputs import load, weights
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
        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.reports.gap import gap_report

        dataset = load(ctx, data_dir, as_of, paper)
        chosen = weights(dataset, preset, weights_file)
        report = gap_report(
            dataset,
            find_country_in(dataset, country),
            chosen,
            peer=find_country_in(dataset, vs) if vs is not None else None,
            model=model.value if model is not None else None,
            adopt=adopt.split(",") if adopt is not None else None,
        )
        emit(report, fmt, output, bom=bom)
