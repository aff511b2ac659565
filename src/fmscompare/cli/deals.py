"""`fmscompare deals [COUNTRY]`: the export deals catalogue, by seller, channel, buyer and order year."""

from typing import Annotated

import typer

from fmscompare.choices import DealChannel, OutputFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import BomOption, DataDirOption, FormatOption, OutputOption
from fmscompare.cli.output import emit, reported_errors


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
        from fmscompare.reports.deals import deals_table

        dataset = load(ctx, data_dir)
        seller = find_country_in(dataset, country).iso3 if country is not None else None
        bought_by = None
        if buyer is not None:
            from fmscompare.errors import UsageError

            try:
                bought_by = find_country_in(dataset, buyer).iso3
            except UsageError:
                code = buyer.strip().upper()
                if not (len(code) == 3 and code.isascii() and code.isalpha()):
                    raise  # a buyer without a profile is named by its ISO3 code
                bought_by = code
        table = deals_table(
            dataset, seller=seller, channel=channel.value if channel else None, buyer=bought_by, since=since
        )
        emit(table, fmt, output, bom=bom)
