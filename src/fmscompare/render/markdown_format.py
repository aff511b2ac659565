"""Markdown pipe tables, for pasting into reports."""

from __future__ import annotations

from fmscompare.reports.report import Kind, Report, Table


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table, heading: str = "###") -> str:
    columns = table.human_columns()
    lines = [f"{heading} {table.title}", ""]
    lines.append("| " + " | ".join(_cell(c.header) for c in columns) + " |")
    lines.append("|" + "|".join("---:" if c.kind is Kind.NUMBER else "---" for c in columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c.human(row.get(c.key))) for c in columns) + " |")
    if table.caption:
        lines += ["", f"*{_cell(table.caption)}*"]
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> str:
    if isinstance(report, Table):
        return markdown_table(report)
    parts = [f"## {report.title}", ""]
    parts += [f"- **{label}:** {_cell(value)}" for label, value in report.fields]
    parts.append("")
    for section in report.sections:
        parts.append(markdown_table(section))
    if report.notes:
        parts += ["### The paper against SIPRI", ""]
        parts += [f"- {note}" for note in report.notes]
        parts.append("")
    for heading, text in report.paragraphs:
        parts += [f"### {heading}", ""]
        parts += (
            [f"- {line}" for line in text.replace("\nhttp", " http").splitlines()] if heading == "Sources" else [text]
        )
        parts.append("")
    return "\n".join(parts)
