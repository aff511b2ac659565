"""A report as a pandas DataFrame: the CSV's columns, typed, with how it was made in `DataFrame.attrs`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fmscompare.reports.report import Kind, Profile, Report

if TYPE_CHECKING:
    import pandas as pd

# Columns every scored table repeats on each row (reports.common.PROVENANCE_COLUMNS and the what-if): a
# DataFrame keeps them as columns, as the CSV does, and also in `attrs` where one value holds for every row.
PROVENANCE = ("weights", "as_of", "dataset_version", "period", "sipri_period")


def to_frame(report: Report) -> pd.DataFrame:
    """The report's machine columns in the CSV's order and names: numbers as numbers (whole numbers as
    nullable integers, others as floats, a missing figure as NA), yes/no columns as booleans, lists as
    lists. `attrs` holds the title, the caption and each provenance value that is the same on every row."""
    import pandas as pd

    table = report.flat if isinstance(report, Profile) else report
    columns = table.machine_columns()
    records = table.records()
    data: dict[str, Any] = {}
    for column in columns:
        values = [record[column.key] for record in records]
        data[column.key] = _series(values, column.kind)
    frame = pd.DataFrame(data, columns=[c.key for c in columns])
    attrs: dict[str, Any] = {"title": table.title, "caption": table.caption or ""}
    for key in PROVENANCE:
        if key in frame.columns:
            distinct = {v for v in (record[key] for record in records) if v is not None}
            if len(distinct) == 1:
                attrs[key] = distinct.pop()
    frame.attrs.update(attrs)
    return frame


def _series(values: list[Any], kind: Kind) -> Any:
    import pandas as pd

    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean")
    if kind is Kind.NUMBER and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        if all(isinstance(v, int) for v in present):
            return pd.array(values, dtype="Int64")
        return pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kind is Kind.LIST:
        return pd.Series([list(v) if v is not None else None for v in values], dtype=object)
    return pd.Series(values, dtype=object)
