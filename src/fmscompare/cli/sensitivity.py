"""`fmscompare sensitivity`: how robust the ranking is to the weights (Monte Carlo, or leave one out)."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat
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


def sensitivity(
    ctx: typer.Context,
    draws: Annotated[int, typer.Option("--draws", min=1, max=10_000_000, help="Monte Carlo draws.")] = 10_000,
    noise: Annotated[
        float, typer.Option("--noise", help="Uniform noise on each weight, as a fraction: 0.25 is ±25 %.")
    ] = 0.25,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed (0 or more); the same seed gives the same figures.")
    ] = 0,
    leave_one_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-out",
            help="Instead: how far the ranking moves when each mechanism is left out (no Monte Carlo, so "
            "--draws, --noise and --seed do not apply).",
        ),
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
    """Test how robust the ranking is to the weights: median rank, 5-95 % interval, P(rank 1).

    Example: fmscompare sensitivity --draws 10000 --noise 0.25 --seed 1
    """
    with reported_errors():
        from fmscompare.reports.sensitivity import sensitivity as sensitivity_report

        dataset = load(ctx, data_dir, as_of, paper)
        chosen = weights(dataset, preset, weights_file)
        report = sensitivity_report(dataset, chosen, draws=draws, noise=noise, seed=seed, by_mechanism=leave_one_out)
        emit(report, fmt, output, bom=bom)
