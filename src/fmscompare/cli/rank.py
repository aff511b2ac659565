"""`fmscompare rank`: every country ranked by support, share, growth or involvement, with SIPRI figures."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat, RankBy
from fmscompare.cli.inputs import load, what_ifs
from fmscompare.cli.options import (
    MAX_TOP,
    AdoptOption,
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


def rank(
    ctx: typer.Context,
    by: Annotated[RankBy, typer.Option("--by", help="Rank by score, share, growth or involvement.")] = RankBy.SCORE,
    period: PeriodOption = None,
    top: Annotated[
        int | None, typer.Option("--top", min=1, max=MAX_TOP, help="Show only the first N countries.")
    ] = None,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            min=0,
            max=100,
            help="Rank only countries with at least N % of the weight known (the Known column).",
        ),
    ] = None,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    adopt: AdoptOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Rank countries by government support for defence exports, with SIPRI figures.

    Example: fmscompare rank --period 2017-2021 --format csv
    """
    with reported_errors():
        from fmscompare.api.tables import rank_table

        dataset = load(ctx, data_dir, as_of, paper)
        report = rank_table(
            dataset,
            by=by,
            period=period,
            top=top,
            min_coverage=min_coverage,
            preset=preset,
            weights_file=weights_file,
            adopt=what_ifs(adopt),
        )
        emit(report, fmt, output, bom=bom)
