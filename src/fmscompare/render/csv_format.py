"""CSV for spreadsheets: stable snake_case header, raw numbers, formula-safe text, LF line endings."""

from __future__ import annotations

import csv
import io
from typing import Any

from fmscompare.reports.report import Profile, Report

# OWASP CSV-injection guidance: a text cell starting with one of these is read as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = "; "  # a list in one cell (JSON has an array): one separator for every command


def escape_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with `'`; numbers are never altered."""
    if isinstance(value, list | tuple):
        return escape_cell(LIST_SEPARATOR.join(str(item) for item in value))  # JSON writes an array
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON writes them; spreadsheets read either case
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 39 rather than 39.0: the same number, as SIPRI prints it
    return value


def render_csv(report: Report) -> str:
    table = report.flat if isinstance(report, Profile) else report
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = table.machine_columns()
    writer.writerow([c.key for c in columns])
    for record in table.records():
        writer.writerow(["" if record[c.key] is None else escape_cell(record[c.key]) for c in columns])
    return out.getvalue()
