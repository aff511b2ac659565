"""What several reports show alike: a country's SIPRI figures by period, a source's fields and citations,
what-if marks, and pandas values as plain ones."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fmscompare.formatting import format_change, format_share
from fmscompare.periods import previous_period
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset


def native(value: Any) -> Any:
    """A pandas or numpy scalar as a plain Python value; NaN and NA as None."""
    import pandas as pd

    if pd.isna(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


# One country's SIPRI figures per period: shared by `trend COUNTRY` and `show`.
SIPRI_COLUMNS = (
    Column("period", "Period"),
    Column("share_pct", "Share%", Kind.NUMBER, show=format_share),
    Column("rank", "Rank", Kind.NUMBER),
    Column("change_pct", "Change%", Kind.NUMBER, show=format_change),
    Column("compared_with", "Against"),
    Column("basis", "Basis"),
    Column("source", "Source"),
)


def sipri_history(dataset: Dataset, iso3: str, include_missing: bool) -> list[dict[str, Any]]:
    """The country's SIPRI row for each period in the data, oldest first (a bare row where it has none)."""
    by_period = dataset.shares[dataset.shares["iso3"] == iso3].set_index("period")
    rows: list[dict[str, Any]] = []
    for period in dataset.periods():
        if period not in by_period.index:
            if include_missing:
                rows.append({"period": period, "compared_with": previous_period(period)})
            continue
        record = by_period.loc[period]
        rows.append(
            {
                "period": period,
                "share_pct": native(record["share_pct"]),
                "rank": native(record["rank"]),
                "change_pct": native(record["change_pct"]),
                "compared_with": previous_period(period),
                "basis": native(record["basis"]),
                "source": native(record["source"]),
            }
        )
    return rows


def source_record(source: schema.Source) -> dict[str, Any]:
    """A source's fields for machine output (`sources`, and `show -f json`)."""
    return {
        "title": source.title,
        "author": source.author,
        "publisher": source.publisher,
        "date": None if source.date is None else str(source.date),
        "url": source.url,
        "accessed": None if source.accessed is None else str(source.accessed),
        "language": source.language,
        "secondary": source.secondary,
    }


def what_if_noted(table: Table, notes: list[str]) -> Table:
    """The table marked as a what-if in its title, with the what-if sentences leading its caption."""
    if not notes:
        return table
    return replace(
        table,
        title=table.title + "; WHAT-IF",
        caption="What-if: " + " ".join(notes) + " " + (table.caption or ""),
    )


def citations(dataset: Dataset) -> Counter[str]:
    """How many times each source id is cited: assessments (every dated one), agencies, the paper's
    assessment and figures, and SIPRI rows. Notes that mention a URL do not count."""
    cited: Counter[str] = Counter()
    for record in dataset.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.source:
                    cited[entry.source] += 1
        for part in (record.agency, record.assessment, record.paper_figures):
            if part is not None:
                cited[part.source] += 1
    cited.update(str(s) for s in dataset.shares["source"])
    return cited


def unused_sources(dataset: Dataset) -> list[str]:
    """Sources the dataset lists but no claim cites, in the order they are listed."""
    cited = citations(dataset)
    return [ident for ident in dataset.sources if cited[ident] == 0]
