"""`fmscompare correlate`: does more involvement go with more export success? Spearman's rho, with caveats."""

from typing import Annotated

import typer

from fmscompare.choices import Involvement, OutputFormat, Performance
from fmscompare.cli.inputs import load
from fmscompare.cli.options import (
    AsOfOption,
    BomOption,
    DataDirOption,
    FormatOption,
    OutputOption,
    PaperOption,
    PeriodOption,
    PresetOption,
    WeightsOption,
)
from fmscompare.cli.output import emit, reported_errors

# The longest lag (years) `--lag` takes; the core checks the same bound (analysis.correlation.MAX_LAG).
MAX_LAG = 20
# The random pairings are drawn all at once, n values each: a million take about 1 GB for the bundled
# countries, and a p-value to six decimals is more than the ranks of a few dozen countries can support.
MAX_PERMUTATIONS = 1_000_000


def correlate(
    ctx: typer.Context,
    involvement: Annotated[
        Involvement | None,
        typer.Option("--involvement", help="score or level. Default: both.", show_default=False),
    ] = None,
    against: Annotated[
        Performance | None,
        typer.Option("--against", help="SIPRI share or growth. Default: both.", show_default=False),
    ] = None,
    period: PeriodOption = None,
    all_periods: Annotated[bool, typer.Option("--all-periods", help="One result per SIPRI period.")] = False,
    permutations: Annotated[
        int,
        typer.Option(
            "--permutations",
            min=100,
            max=MAX_PERMUTATIONS,
            help="The test is exact over all n! pairings when n! is at most this; else it draws this many at random.",
        ),
    ] = 100_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed (0 or more) for the random pairings.")] = 0,
    lag: Annotated[
        int | None,
        typer.Option(
            "--lag",
            min=0,
            max=MAX_LAG,
            metavar="YEARS",
            help="Years from support to each SIPRI period: scores as of December of the period's first year "
            "less YEARS, one row per period (not with --as-of or --paper).",
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
    """Rank-correlate involvement with SIPRI export share or growth (Spearman, permutation p-value).

    Example: fmscompare correlate --against share --all-periods
    """
    with reported_errors():
        from fmscompare.api.tables import correlate_table
        from fmscompare.reports.correlate import check_lag

        # Before loading: `--lag 3 --as-of 2019` clashes, whatever the dates --as-of accepts.
        check_lag(lag, as_of, paper)
        dataset = load(ctx, data_dir, as_of, paper)
        report = correlate_table(
            dataset,
            preset=preset,
            weights_file=weights_file,
            period=period,
            all_periods=all_periods,
            involvement=involvement,
            against=against,
            permutations=permutations,
            seed=seed,
            lag=lag,
        )
        emit(report, fmt, output, bom=bom)
