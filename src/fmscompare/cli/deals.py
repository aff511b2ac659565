"""`fmscompare deals [COUNTRY]`: the export deals catalogue, by seller, channel, buyer and order year."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fmscompare.choices import DealChannel, OutputFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import BomOption, DataDirOption, FormatOption, OutputOption
from fmscompare.cli.output import emit, reported_errors, say

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.reports.report import Table


def deals(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        typer.Argument(help="Only deals this exporter sold (name, alias or code).", show_default=False),
    ] = None,
    channel: Annotated[
        DealChannel | None,
        typer.Option("--channel", help="Only deals through this channel: dcs, g2g or fms.", show_default=False),
    ] = None,
    buyer: Annotated[
        str | None,
        typer.Option(
            "--buyer", help="Only deals this country bought (a profiled name or any ISO3 code).", show_default=False
        ),
    ] = None,
    since: Annotated[
        int | None, typer.Option("--since", min=1900, max=2100, help="Only deals ordered in or after this year.")
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            help="Match the deals to a SIPRI trade register by deal id: per exporter, the TIV delivered in "
            "--period by channel and the share of its deliveries the catalogue explains.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="With --register: the years, e.g. 2020-2024 (default: the last five).", show_default=False
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """List export deals with their contracting channel, the seller government's role and the evidence.

    Example: fmscompare deals france --channel g2g; fmscompare deals --buyer POL --format csv
    """
    with reported_errors():
        from fmscompare.dataset.lookup import find_country_in

        dataset = load(ctx, data_dir)
        seller = find_country_in(dataset, country).iso3 if country is not None else None
        if register is not None:
            from fmscompare.errors import exclusive

            exclusive(" (--register reports deliveries per exporter)", register=register, channel=channel, buyer=buyer)
            exclusive(" (--register reports deliveries per exporter)", register=register, since=since)
            report, warnings = _register_report(dataset, register, period, seller)
            say(f"warning: {line}" for line in warnings)
            emit(report, fmt, output, bom=bom)
            return
        if period is not None:
            from fmscompare.errors import Option, UsageError

            raise UsageError(Option("period"), " works with --register FILE")
        from fmscompare.api.tables import deals_listing

        table = deals_listing(dataset, country, channel=channel.value if channel else None, buyer=buyer, since=since)
        emit(table, fmt, output, bom=bom)


def _register_report(
    dataset: "Dataset", register: Path, period: str | None, seller: str | None
) -> "tuple[Table, list[str]]":
    """The register read (a TIV table is refused: it has no deals) and matched to the catalogue."""
    from fmscompare.errors import Option, UsageError
    from fmscompare.periods import Period
    from fmscompare.reports.deals import register_table
    from fmscompare.sipri.export import ExportKind, read_export
    from fmscompare.sipri.names import load_name_map, names_file

    window = None
    if period is not None:
        try:
            window = Period.parse(period)
        except ValueError as exc:
            raise UsageError(Option("period"), f": {exc}") from None
    export = read_export(register)
    if export.kind is not ExportKind.TRADE_REGISTER:
        raise UsageError(Option("register"), f" {register.name} is a TIV table; deals are matched in a trade register")
    if window is None:
        last = export.years[1]
        window = Period(last - 4, last)
    return register_table(dataset, export, load_name_map(names_file(dataset.directory)), window, seller)
