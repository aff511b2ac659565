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
        from fmscompare.analysis.sensitivity import unknown_prior as parse_prior
        from fmscompare.errors import Option, UsageError
        from fmscompare.reports.sensitivity import sensitivity as sensitivity_report

        if leave_one_out and (unknowns or unknown_prior is not None):
            given = Option("unknowns") if unknowns else Option("unknown_prior")
            raise UsageError(
                Option("leave_one_out"),
                " and ",
                given,
                " do not combine: leaving a mechanism out reranks the statuses as they are, with no draws",
            )
        if unknown_prior is not None and not unknowns:
            raise UsageError(Option("unknown_prior"), " only applies with ", Option("unknowns"))
        prior = parse_prior(unknown_prior) if unknowns else None

        dataset = load(ctx, data_dir, as_of, paper)
        chosen = weights(dataset, preset, weights_file)
        report = sensitivity_report(
            dataset, chosen, draws=draws, noise=noise, seed=seed, by_mechanism=leave_one_out, unknowns=prior
        )
        emit(report, fmt, output, bom=bom)
