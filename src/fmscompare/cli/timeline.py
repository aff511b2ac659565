"""`fmscompare timeline [COUNTRY]...`: support by year from the dated assessments, the changes behind it
(`--events`), SIPRI's figures around each adoption (`--event-study`), or a chart (`--chart`)."""

from pathlib import Path
from typing import Annotated

import typer

from fmscompare.choices import OutputFormat
from fmscompare.cli.inputs import load, weights
from fmscompare.cli.options import (
    BomOption,
    ChartOption,
    DataDirOption,
    FormatOption,
    OutputOption,
    PresetOption,
    WeightsOption,
)
from fmscompare.cli.output import emit, reported_errors, say

# The first year shown when --from is not given: the catalogue's and most dated assessments' era.
DEFAULT_FROM = 2010
# Chart and table read best for a few countries; with none named, the chart draws the paper's seven.
CHART_DEFAULT = ("USA", "FRA", "AUS", "ISR", "KOR", "DEU", "JPN")
# More lines than this cannot be told apart, nor their labels fitted beside the plot.
CHART_MOST = 8
# With --to but no --from: this many years before it.
SPAN = 10


def timeline(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COUNTRY]...",
            help="Profiled countries (japan, KOR). Default: all (the chart: the paper's seven).",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        int | None,
        typer.Option(
            "--from",
            min=1900,
            max=2100,
            help=f"First year. Default: {DEFAULT_FROM}, or {SPAN} years before --to.",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        int | None,
        typer.Option("--to", min=1900, max=2100, help="Last year. Default: this year.", show_default=False),
    ] = None,
    show_events: Annotated[
        bool, typer.Option("--events", help="Instead: each dated change of a status (from, to, date, source).")
    ] = False,
    study: Annotated[
        bool,
        typer.Option(
            "--event-study",
            help="Instead: SIPRI exports 5 years before and after each adoption of G2G contracting or intermediary "
            "procurement (needs --sipri FILE).",
        ),
    ] = False,
    sipri: Annotated[
        Path | None,
        typer.Option(
            "--sipri",
            help="For --event-study: a SIPRI TIV table or trade register (CSV from the Arms Transfers Database).",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ] = None,
    chart: ChartOption = None,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show each country's support score, known share, model and level by year, with SIPRI beside.

    Example: fmscompare timeline japan korea --from 2014; fmscompare timeline --events --from 2020
    """
    with reported_errors():
        from fmscompare.errors import Option, UsageError, exclusive
        from fmscompare.months import Month

        exclusive(" (each is a view of its own)", events=show_events, event_study=study, chart=chart)
        if chart is not None:
            from fmscompare.render.chart import check_chart_path

            # The chart replaces the table: an --output file would silently not be written.
            exclusive(" (--chart draws the image instead of the table)", chart=chart, output=output)
            check_chart_path(chart)
        if sipri is not None and not study:
            raise UsageError(Option("sipri"), " works with --event-study")
        if study and sipri is None:
            raise UsageError(
                Option("event_study"),
                " needs --sipri FILE: a SIPRI TIV table or trade register covering the years around each adoption "
                "(the bundled shares hold only three overlapping periods)",
            )
        if study and (start is not None or end is not None):
            raise UsageError(Option("event_study"), " studies every adoption; --from and --to do not apply")
        last = end if end is not None else Month.today().year
        first = start if start is not None else (DEFAULT_FROM if end is None else last - SPAN)
        if first > last:
            raise UsageError(Option("from"), f" {first} is after --to {last}")
        if last > Month.today().year:
            raise UsageError(Option("to"), f" {last} is in the future")

        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.reports import timeline as report

        dataset = load(ctx, data_dir)
        if not study and chart is None:
            from fmscompare.api.tables import timeline_years

            table = timeline_years(
                dataset,
                countries or [],
                start=first,
                end=last,
                events=show_events,
                preset=preset,
                weights_file=weights_file,
            )
            emit(table, fmt, output, bom=bom)
            return
        iso3s = list(dict.fromkeys(find_country_in(dataset, name).iso3 for name in countries or []))
        # Read even where the view does not score, so that a mistyped preset or a missing file is not passed over.
        chosen = weights(dataset, preset, weights_file)
        if chart is not None and len(iso3s) > CHART_MOST:
            raise UsageError(
                Option("chart"), f" draws at most {CHART_MOST} countries, to tell their lines apart; {len(iso3s)} named"
            )
        if study:
            assert sipri is not None
            from fmscompare.sipri.export import read_export
            from fmscompare.sipri.names import load_name_map, names_file

            table = report.event_study_table(
                dataset, iso3s, read_export(sipri), load_name_map(names_file(dataset.directory))
            )
            emit(table, fmt, output, bom=bom)
            return
        assert chart is not None  # neither the tables nor the study: the chart
        from fmscompare.render.chart import timeline_chart

        drawn = iso3s or [c for c in CHART_DEFAULT if any(r.iso3 == c for r in dataset.records)]
        timeline_chart(report.timeline_chart(dataset, chosen, drawn, first, last), chart)
        say([f"wrote {chart}"])
