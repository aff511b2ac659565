"""`deals`: the export deals behind the contracting models, contract by contract, with their evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset

CHANNEL_TEXT = {
    "dcs": "DCS, the buyer contracts the company",
    "g2g": "G2G, the seller government signs as a contracting party",
    "fms": "FMS-style, the seller government buys from its industry for the buyer",
}


def _value(value: schema.DealValue | None) -> str | None:
    return None if value is None else f"{value.amount:g} {value.unit} {value.currency}"


def deal_row(dataset: Dataset, deal: schema.Deal) -> dict[str, Any]:
    names = {c.iso3: c.name for c in dataset.countries}
    return {
        "deal": deal.id,
        "iso3": deal.seller,
        "country": names.get(deal.seller, deal.seller),
        "buyer": deal.buyer,
        "systems": deal.systems,
        "ordered": str(deal.ordered),
        "channel": list(deal.channel),
        "seller_roles": list(deal.seller_roles),
        "status": deal.status,
        "value_amount": None if deal.value is None else deal.value.amount,
        "value_unit": None if deal.value is None else deal.value.unit,
        "value_currency": None if deal.value is None else deal.value.currency,
        "_value": _value(deal.value),
        "sipri_ids": [str(i) for i in deal.sipri_ids],
        "evidence": deal.evidence,
        "source": deal.source,
        "locator": deal.locator,
        "find": deal.find,
        "_says": f"{deal.evidence} [{deal.source}, {deal.locator}"
        + (f"; search the page for “{deal.find}”" if deal.find else "")
        + "]",
    }


DEAL_COLUMNS = (
    Column("deal", "Deal", machine_only=True),
    Column("iso3", "Seller"),
    Column("country", "Seller country", machine_only=True),
    Column("buyer", "Buyer"),
    Column("ordered", "Ordered"),
    Column("systems", "Systems"),
    Column("channel", "Channel", Kind.LIST, show=lambda v: "+".join(c.upper() for c in v)),
    Column("seller_roles", "Seller government's roles", Kind.LIST, machine_only=True),
    Column("status", "Status"),
    Column("_value", "Value", human_only=True, narrow_drop=1),
    Column("value_amount", "Value", Kind.NUMBER, machine_only=True),
    Column("value_unit", "Unit", machine_only=True),
    Column("value_currency", "Currency", machine_only=True),
    Column("sipri_ids", "SIPRI deal ids", Kind.LIST, machine_only=True),
    Column("_says", "Evidence", human_only=True, long_text=True),
    Column("evidence", "Evidence", machine_only=True),
    Column("source", "Source", machine_only=True),
    Column("locator", "Where in the source", machine_only=True),
    Column("find", "Find", machine_only=True),
)


def deals_table(
    dataset: Dataset,
    seller: str | None = None,
    channel: str | None = None,
    buyer: str | None = None,
    since: int | None = None,
) -> Table:
    """The catalogue, newest order first, filtered by seller (ISO3), channel, buyer (ISO3) and order year."""
    chosen = [
        deal
        for deal in dataset.deals
        if (seller is None or deal.seller == seller)
        and (channel is None or channel in deal.channel)
        and (buyer is None or deal.buyer == buyer)
        and (since is None or int(str(deal.ordered)[:4]) >= since)
    ]
    chosen.sort(key=lambda d: (str(d.ordered), d.id), reverse=True)
    rows = [deal_row(dataset, deal) for deal in chosen]
    filters = [
        f"sold by {seller}" if seller else "",
        f"through {channel.upper()}" if channel else "",
        f"bought by {buyer}" if buyer else "",
        f"ordered since {since}" if since else "",
    ]
    shown = "; ".join(f for f in filters if f)
    title = f"Export deals{': ' + shown if shown else ''} ({len(rows)} of {len(dataset.deals)} in the catalogue)"
    caption = (
        "Channel: "
        + "; ".join(f"{key.upper()}: {text.split(', ', 1)[1]}" for key, text in CHANNEL_TEXT.items())
        + ". A deal may combine two (a G2G framework with a commercial contract under it). Status as of the "
        "latest source. Under each deal, what the source says in our words and where on the page; the SIPRI "
        "Arms Transfers Database ids, the seller government's roles and the value's parts are in CSV and JSON."
    )
    return Table(title=title, columns=DEAL_COLUMNS, rows=rows, caption=caption)
