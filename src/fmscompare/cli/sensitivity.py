"""`fmscompare sensitivity`: how robust the ranking is to the weights (Monte Carlo, or leave one out)."""

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
    unknowns: Annotated[
        bool,
        typer.Option(
            "--unknowns",
            help="Also draw each unknown status (marked unknown, or not given) as yes, partial or no in every "
            "draw, instead of counting it as 0; adds a column of each country's unknowns.",
        ),
    ] = False,
    unknown_prior: Annotated[
        str | None,
        typer.Option(
            "--unknown-prior",
            metavar="yes=P,partial=P,no=P",
            help="With --unknowns: the probabilities of drawing yes, partial and no (all three, summing to 1; "
            "default 1/3 each), e.g. yes=0.2,partial=0.3,no=0.5.",
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
    """Test how robust the ranking is to the weights: median rank, 5-95 % interval, P(rank 1).

    Example: fmscompare sensitivity --draws 10000 --noise 0.25 --seed 1 --unknowns
    """
    with reported_errors():
        from fmscompare.api.tables import check_sensitivity, sensitivity_table

        check_sensitivity(leave_one_out, unknowns, unknown_prior)  # before loading
        dataset = load(ctx, data_dir, as_of, paper)
        report = sensitivity_table(
            dataset,
            draws=draws,
            noise=noise,
            seed=seed,
            leave_one_out=leave_one_out,
            unknowns=unknowns,
            unknown_prior=unknown_prior,
            preset=preset,
            weights_file=weights_file,
        )
        emit(report, fmt, output, bom=bom)
