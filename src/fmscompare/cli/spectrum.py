"""`fmscompare spectrum`: the paper's Figure 1 rebuilt, as a table or a chart."""

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load, weights, what_ifs
from fmscompare.cli.options import (
    AdoptOption,
    AsOfOption,
    BomOption,
    ChartOption,
    DataDirOption,
    FormatOption,
    OutputOption,
    PaperOption,
    PeriodOption,
    PresetOption,
    WeightsOption,
)
from fmscompare.cli.output import emit, reported_errors, say


def spectrum(
    ctx: typer.Context,
    period: PeriodOption = None,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    adopt: AdoptOption = None,
    chart: ChartOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Rebuild the paper's Figure 1: countries in bands DCS -> G2G -> FMS-style, with support scores.

    Example: fmscompare spectrum --preset equal
    """
    with reported_errors():
        from fmscompare.reports import spectrum as report

        if chart is not None:
            from fmscompare.errors import exclusive
            from fmscompare.render.chart import check_chart_path

            # The chart replaces the table: an --output file would silently not be written.
            exclusive(" (--chart draws the image instead of the table)", chart=chart, output=output)
            check_chart_path(chart)  # before any work
        real = load(ctx, data_dir, as_of, paper)
        chosen = weights(real, preset, weights_file)
        from fmscompare.api.tables import with_what_ifs

        dataset, notes = with_what_ifs(real, what_ifs(adopt), chosen)
        if chart is None:
            from fmscompare.api.tables import spectrum_table

            table = spectrum_table(real, period=period, preset=preset, weights_file=weights_file, adopt=what_ifs(adopt))
            emit(table, fmt, output, bom=bom)
            return
        from fmscompare.render.chart import spectrum_chart

        spectrum_chart(report.spectrum_chart(real, dataset, chosen, period, notes), chart)
        say([f"wrote {chart}"])
