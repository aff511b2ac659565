"""`deals`: the export deals behind the contracting models, contract by contract, with their evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fmscompare.months import Month, query_month
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset
    from fmscompare.periods import Period
    from fmscompare.sipri.export import SipriExport
    from fmscompare.sipri.names import NameMap

CHANNEL_TEXT = {
    "dcs": "DCS, the buyer contracts the company",
    "g2g": "G2G, the seller government signs as a contracting party",
    "fms": "FMS-style, the seller government buys from its industry for the buyer",
    "unknown": "Unknown, the pages read do not show who signed for the seller",
}


def known_by(deal: schema.Deal) -> Month:
    """The month by which a deal was surely signed: its month, or the December of a year given alone (a
    picture of April 2023 does not show a deal dated only 2023)."""
    month = query_month(str(deal.ordered))
    assert month is not None  # the schema's pattern: YYYY or YYYY-MM
    return month


def _value(value: schema.DealValue | None) -> str | None:
    return None if value is None else f"{value.amount:g} {value.unit} {value.currency}"


def deal_row(deal: schema.Deal, names: dict[str, str]) -> dict[str, Any]:
    """One deal as a row; `names` maps the profiled countries' ISO3 codes to their names."""
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
    until: Month | None = None,
) -> Table:
    """The catalogue, newest order first, filtered by seller (ISO3), channel, buyer (ISO3), order year (from
    `since`) and order month (by `until`, the picture's date in `show --as-of`)."""
    chosen = [
        deal
        for deal in dataset.deals
        if (seller is None or deal.seller == seller)
        and (channel is None or channel in deal.channel)
        and (buyer is None or deal.buyer == buyer)
        and (since is None or int(str(deal.ordered)[:4]) >= since)
        and (until is None or known_by(deal) <= until)
    ]
    chosen.sort(key=lambda d: (str(d.ordered), d.id), reverse=True)
    names = {c.iso3: c.name for c in dataset.countries}
    rows = [deal_row(deal, names) for deal in chosen]
    filters = [
        f"sold by {seller}" if seller else "",
        f"through {channel.upper()}" if channel else "",
        f"bought by {buyer}" if buyer else "",
        f"ordered since {since}" if since else "",
        f"ordered by {until}" if until else "",
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


def _tiv(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def register_table(
    dataset: Dataset, export: SipriExport, names: NameMap, period: Period, seller: str | None = None
) -> tuple[Table, list[str]]:
    """Per exporter with catalogued deals: its TIV delivered in `period` (from a SIPRI trade register), the
    TIV of the catalogued deals by channel, and the share of its deliveries the catalogue explains; and a
    warning for every SIPRI id the register does not have (SIPRI revises its register every year)."""
    deliveries = export.deliveries
    assert deliveries is not None  # a trade register (the CLI refuses a TIV table)
    codes = {name: names.lookup(name)[0] for name in deliveries["supplier"].unique()}
    frame = deliveries.assign(iso3=deliveries["supplier"].map(codes))
    window = frame[(frame["year"] >= period.start) & (frame["year"] <= period.end)]
    known_ids = set(frame["deal"].dropna().astype(int))
    supplier_of = frame.dropna(subset=["deal"]).groupby("deal")["iso3"].first()
    warnings: list[str] = []
    by_seller: dict[str, list[schema.Deal]] = {}
    for deal in dataset.deals:
        if seller is None or deal.seller == seller:
            by_seller.setdefault(deal.seller, []).append(deal)
        for sipri_id in deal.sipri_ids:
            if sipri_id not in known_ids:
                warnings.append(f"deal {deal.id}: SIPRI id {sipri_id} is not in {export.path.name}")
            elif supplier_of.get(sipri_id) != deal.seller:
                other = supplier_of.get(sipri_id) or "another supplier"
                warnings.append(
                    f"deal {deal.id}: SIPRI id {sipri_id} is a deal of {other} in {export.path.name}, "
                    f"not of {deal.seller}"
                )
    names_of = {c.iso3: c.name for c in dataset.countries}
    # Grouped once for every exporter: the period's TIV per supplier, and per supplier and deal.
    totals = window.groupby("iso3")["tiv"].sum()
    dealt = window.dropna(subset=["deal"]).astype({"deal": int}).groupby(["iso3", "deal"])["tiv"].sum()
    rows: list[dict[str, Any]] = []
    for iso3, deals in by_seller.items():
        total = float(totals.get(iso3, 0.0))
        channel_tiv = dict.fromkeys(CHANNEL_TEXT, 0.0)
        catalogued = 0.0
        matched = 0
        for deal in deals:
            tiv = float(sum(dealt.get((iso3, i), 0.0) for i in deal.sipri_ids))
            if tiv > 0:
                matched += 1
            catalogued += tiv
            for channel in deal.channel:
                channel_tiv[channel] += tiv
        rows.append(
            {
                "iso3": iso3,
                "country": names_of.get(iso3, iso3),
                "sipri_period": str(period),
                "deals_catalogued": len(deals),
                "deals_delivering": matched,
                "sipri_tiv": round(total, 2),
                "tiv_catalogued": round(catalogued, 2),
                "explained_pct": round(100 * catalogued / total, 1) if total > 0 else None,
                "tiv_dcs": round(channel_tiv["dcs"], 2),
                "tiv_g2g": round(channel_tiv["g2g"], 2),
                "tiv_fms": round(channel_tiv["fms"], 2),
                "tiv_unknown": round(channel_tiv["unknown"], 2),
            }
        )
    rows.sort(key=lambda r: (-r["sipri_tiv"], r["iso3"]))
    columns = (
        Column("iso3", "Seller"),
        Column("country", "Country", machine_only=True),
        Column("sipri_period", "Period", machine_only=True),
        Column("deals_catalogued", "Deals", Kind.NUMBER),
        Column("deals_delivering", "Delivering", Kind.NUMBER),
        Column("sipri_tiv", "TIV", Kind.NUMBER, show=_tiv),
        Column("tiv_catalogued", "In deals", Kind.NUMBER, show=_tiv),
        Column("explained_pct", "Explained", Kind.NUMBER, show=lambda v: f"{v:.1f}%"),
        Column("tiv_dcs", "DCS", Kind.NUMBER, show=_tiv),
        Column("tiv_g2g", "G2G", Kind.NUMBER, show=_tiv),
        Column("tiv_fms", "FMS", Kind.NUMBER, show=_tiv),
        Column("tiv_unknown", "Unknown", Kind.NUMBER, show=_tiv, narrow_drop=1),
    )
    caption = (
        f"Deliveries {period} in {export.path.name} (SIPRI trade register, generated "
        f"{export.generated_text}), in TIV (SIPRI trend-indicator values, millions): each exporter's total "
        "(TIV), the part delivered under the catalogue's deals, matched by SIPRI deal id (In deals), as a share "
        "of the total (Explained), and by channel (a deal with two channels counts in both). Delivering: deals "
        "with deliveries in the period. The catalogue holds notable deals, not every deal: a low share says "
        "what it has not yet covered."
    )
    table = Table(
        title=f"Deliveries {period} explained by the deals catalogue", columns=columns, rows=rows, caption=caption
    )
    return table, warnings
