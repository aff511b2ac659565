"""What several reports show alike: a country's SIPRI figures by period, a source's fields and citations,
what-if marks, and pandas values as plain ones."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fmscompare.formatting import format_change, format_share
from fmscompare.periods import previous_period
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


def native(value: Any) -> Any:
    """A pandas or numpy scalar as a plain Python value; NaN and NA as None."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    import pandas as pd  # only a pandas or numpy value gets here, so pandas is already loaded

    if pd.isna(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


# One country's SIPRI figures per period: shared by `trend COUNTRY` and `show`.
SIPRI_COLUMNS = (
    Column("sipri_period", "Period"),
    Column("sipri_share_pct", "Share%", Kind.NUMBER, show=format_share),
    Column("sipri_rank", "Rank", Kind.NUMBER),
    Column("sipri_change_pct", "Change%", Kind.NUMBER, show=format_change),
    Column("sipri_previous_period", "Against"),
    Column("sipri_basis", "Basis"),
    Column("sipri_source", "Source"),
)


def sipri_history(dataset: Dataset, iso3: str, include_missing: bool) -> list[dict[str, Any]]:
    """The country's SIPRI row for each period in the data, oldest first (a bare row where it has none)."""
    by_period = dataset.shares.of(iso3)
    rows: list[dict[str, Any]] = []
    for period in dataset.periods():
        record = by_period.get(period)
        if record is None:
            if include_missing:
                rows.append({"sipri_period": period, "sipri_previous_period": previous_period(period)})
            continue
        rows.append(
            {
                "sipri_period": period,
                "sipri_share_pct": record.share_pct,
                "sipri_rank": record.rank,
                "sipri_change_pct": record.change_pct,
                "sipri_previous_period": previous_period(period),
                "sipri_basis": record.basis,
                "sipri_source": record.source,
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


# How a scored file was made, on every row of CSV and JSON (and at the top of `show -f json`), so that two
# files made under different weights, dates or data can be told apart after the fact.
PROVENANCE_COLUMNS = (
    Column("weights", "Weights", machine_only=True),
    Column("as_of", "As of", machine_only=True),
    Column("dataset_version", "Dataset version", machine_only=True),
)
# A country rescored by `--adopt` keeps its name in files (joins on `country` still work); this column lists
# what it was assumed to adopt (empty for the countries as they are), and tables show "Japan (what-if)".
WHAT_IF_COLUMN = Column("what_if", "What-if: assumed adopted", Kind.LIST, machine_only=True, missing="")


def provenance(dataset: Dataset, weights: Weights) -> dict[str, Any]:
    """The weights (a preset's name, or a file's over a preset), the assessments' date, the data's version."""
    return {"weights": weights.name, "as_of": dataset.as_of_value(), "dataset_version": dataset.version}


def with_provenance(table: Table, dataset: Dataset, weights: Weights) -> Table:
    """The table with the provenance columns last and filled on every row."""
    values = provenance(dataset, weights)
    return replace(table, columns=(*table.columns, *PROVENANCE_COLUMNS), rows=[{**row, **values} for row in table.rows])


def what_if_fields(dataset: Dataset, iso3: str, name: str) -> dict[str, Any]:
    """A country row's name (plain for files, marked for a human) and what-if column."""
    from fmscompare.scoring.whatif import what_if_name

    adopted = dataset.what_ifs.get(iso3)
    return {
        "country": name,
        "_country": what_if_name(name) if adopted is not None else name,
        "what_if": list(adopted) if adopted is not None else None,
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
    assessment and figures, SIPRI rows and deals. Notes that mention a URL do not count."""
    cited: Counter[str] = Counter()
    for record in dataset.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.source:
                    cited[entry.source] += 1
        for part in (record.agency, record.assessment, record.paper_figures):
            if part is not None:
                cited[part.source] += 1
    cited.update(row.source for row in dataset.shares)
    cited.update(deal.source for deal in dataset.deals)
    return cited


def unused_sources(dataset: Dataset) -> list[str]:
    """Sources the dataset lists but no claim cites, in the order they are listed."""
    cited = citations(dataset)
    return [ident for ident in dataset.sources if cited[ident] == 0]
