"""`trend`: SIPRI share and change across every period in the data, with a sparkline per country."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fmscompare.dataset.lookup import find_sipri_country
from fmscompare.formatting import format_change, format_share
from fmscompare.periods import Period, previous_period
from fmscompare.reports.common import SIPRI_COLUMNS, sipri_history
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset, ShareRow

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One character per value, scaled between the series' own minimum and maximum; a gap for missing."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif high == low:
            out.append(SPARKS[len(SPARKS) // 2])
        else:
            out.append(SPARKS[round((value - low) / (high - low) * (len(SPARKS) - 1))])
    return "".join(out)


def _key(period: str) -> str:
    return period.replace("-", "_")


# Countries `trend --chart` draws when none are named: the paper's seven.
TREND_CHART_DEFAULT = ("USA", "FRA", "DEU", "ISR", "KOR", "AUS", "JPN")


@dataclass(frozen=True)
class TrendChart:
    """What `trend --chart` draws: each country's share per period, oldest first (None: no figure)."""

    series: dict[str, list[float | None]]
    periods: list[str]
    title: str
    caption: str


def trend_chart(dataset: Dataset, countries: list[tuple[str, str]]) -> TrendChart:
    """The shares of `countries` (name, ISO3) by period; of the paper's seven when none are given."""
    chosen = countries or [find_sipri_country(dataset, iso3) for iso3 in TREND_CHART_DEFAULT]
    return TrendChart(
        series={
            name: [row.get("sipri_share_pct") for row in sipri_history(dataset, iso3, include_missing=True)]
            for name, iso3 in chosen
        },
        periods=dataset.periods(),
        title="SIPRI share of world arms exports by period",
        caption="Share of world arms exports in each SIPRI five-year period (the periods overlap), from "
        "sipri_shares.csv; a gap where the data has no figure. Sources: fmscompare sources.",
    )


def trend_report(dataset: Dataset, countries: list[tuple[str, str]]) -> Table:
    """What `trend` shows for the countries (name, ISO3) asked for: one country's history, or a row each
    for several (for every country in the SIPRI figures when none is asked for)."""
    if len(countries) == 1:
        return trend_one(dataset, *countries[0])
    return trend_all(dataset, only={iso3 for _, iso3 in countries} or None)


def trend_all(dataset: Dataset, only: set[str] | None = None) -> Table:
    """One row per country in the SIPRI figures: its share in every period, a sparkline, the latest change."""
    periods = dataset.periods()
    by_country: dict[str, dict[str, ShareRow]] = {}  # in the order countries first appear in the file
    for figures in dataset.shares:
        if only is None or figures.iso3 in only:
            by_country.setdefault(figures.iso3, {}).setdefault(figures.period, figures)
    rows: list[dict[str, Any]] = []
    for iso3, by_period in by_country.items():
        row: dict[str, Any] = {"iso3": iso3, "country": next(iter(by_period.values())).country}
        series: list[float | None] = []
        for period in periods:
            found = by_period.get(period)
            share = found.share_pct if found is not None else None
            row[f"sipri_share_{_key(period)}_pct"] = share
            row[f"sipri_rank_{_key(period)}"] = found.rank if found is not None else None
            row[f"sipri_change_{_key(period)}_pct"] = found.change_pct if found is not None else None
            series.append(share)
        row["trend"] = sparkline(series)
        row["_latest"] = series[-1] if series[-1] is not None else -1.0
        rows.append(row)
    rows.sort(key=lambda r: (-r["_latest"], r["country"]))
    columns: list[Column] = [Column("country", "Country"), Column("iso3", "ISO3")]
    for period in periods:
        columns.append(
            Column(f"sipri_share_{_key(period)}_pct", Period.parse(period).short, Kind.NUMBER, show=format_share)
        )
    for period in periods:
        columns.append(Column(f"sipri_rank_{_key(period)}", f"Rank {period}", Kind.NUMBER, machine_only=True))
        columns.append(Column(f"sipri_change_{_key(period)}_pct", f"Change {period}", Kind.NUMBER, machine_only=True))
    latest = periods[-1]
    columns += [
        Column("trend", "Trend", human_only=True),
        Column(f"sipri_change_{_key(latest)}_pct", "Change%", Kind.NUMBER, show=format_change, human_only=True),
    ]
    caption = (
        f"Share of world arms exports (%) per SIPRI period, oldest first; the periods overlap. Trend: one "
        "character per period, from the country's lowest share to its highest (a blank where there is no "
        f"figure). Change%: volume in {latest} against {previous_period(latest)}. Sorted by the latest share. "
        "One country's history: fmscompare trend COUNTRY."
    )
    return Table(title="SIPRI export shares by period", columns=tuple(columns), rows=rows, caption=caption)


def trend_one(dataset: Dataset, country_name: str, iso3: str) -> Table:
    """One country's SIPRI figures, one row per period, with the sparkline in the title."""
    rows = sipri_history(dataset, iso3, include_missing=True)
    line = sparkline([r.get("sipri_share_pct") for r in rows])
    columns = SIPRI_COLUMNS
    caption = (
        "Share of world arms exports and world rank per SIPRI period (the periods overlap); change in volume "
        "against the previous five years; – where the data has no figure. Basis and source: see "
        "fmscompare show COUNTRY."
    )
    return Table(
        title=f"{country_name}: SIPRI export share by period {line}", columns=columns, rows=rows, caption=caption
    )
