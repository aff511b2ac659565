"""Output formats: one enum, one dispatch point, each format a pure function returning text."""

from __future__ import annotations

from typing import assert_never

from fmscompare.choices import OutputFormat
from fmscompare.reports.report import Report

__all__ = ["OutputFormat", "render"]


def render(report: Report, fmt: OutputFormat, *, width: int = 80, color: bool = False) -> str:
    """The report as text in the chosen format (width and color apply to `table` only)."""
    if fmt is OutputFormat.TABLE:
        from fmscompare.render.table_format import render_table

        return render_table(report, width=width, color=color)
    if fmt is OutputFormat.CSV:
        from fmscompare.render.csv_format import render_csv

        return render_csv(report)
    if fmt is OutputFormat.JSON:
        from fmscompare.render.json_format import render_json

        return render_json(report)
    if fmt is OutputFormat.MARKDOWN:
        from fmscompare.render.markdown_format import render_markdown

        return render_markdown(report)
    assert_never(fmt)
