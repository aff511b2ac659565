"""`fmscompare rank`: every country ranked by support, share, growth or involvement, with SIPRI figures."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat, RankBy
from fmscompare.cli.inputs import load, weights, with_what_if
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
        from fmscompare.reports.rank import ranking

        dataset = load(ctx, data_dir, as_of, paper)
        chosen = weights(dataset, preset, weights_file)
        dataset, notes = with_what_if(dataset, adopt, chosen)
        report = ranking(dataset, chosen, period=period, by=by, top=top, what_if_notes=notes, min_coverage=min_coverage)
        emit(report, fmt, output, bom=bom)
