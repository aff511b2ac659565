"""`fmscompare trend [COUNTRY]...`: SIPRI shares and changes across every period, as a table or a chart."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import BomOption, ChartOption, DataDirOption, FormatOption, OutputOption
from fmscompare.cli.output import emit, reported_errors, say


def trend(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COUNTRY]...",
            help="Countries (any in the SIPRI figures: japan, russia, TUR). One: its history; several: those rows. "
            "Default: all.",
            show_default=False,
        ),
    ] = None,
    chart: ChartOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show SIPRI export shares and changes across every period in the data, with sparklines.

    Example: fmscompare trend japan; fmscompare trend usa france korea japan --chart trend.png
    """
    with reported_errors():
        from fmscompare.dataset.lookup import find_sipri_country
        from fmscompare.reports import trend as report

        if chart is not None:
            from fmscompare.errors import exclusive
            from fmscompare.render.chart import check_chart_path

            # The chart replaces the table: an --output file would silently not be written.
            exclusive(" (--chart draws the image instead of the table)", chart=chart, output=output)
            check_chart_path(chart)  # before any work
        dataset = load(ctx, data_dir)
        found = [find_sipri_country(dataset, name) for name in countries or []]
        if chart is not None:
            from fmscompare.render.chart import trend_chart

            trend_chart(report.trend_chart(dataset, found), chart)
            say([f"wrote {chart}"])
        else:
            from fmscompare.api.tables import trend_table

            emit(trend_table(dataset, countries or []), fmt, output, bom=bom)
