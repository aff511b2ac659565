"""Markdown pipe tables, for pasting into reports. Every text from the data is made visible first
(textutil.visible): an escape sequence in a name is shown as `\\x1b`, not passed to the terminal."""

from __future__ import annotations

from fmscompare.reports.report import Kind, Report, Table
from fmscompare.textutil import visible


def _cell(text: str) -> str:
    """One line of a table cell (or a field): `|` escaped, a newline a space, control characters shown."""
    return visible(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))


def _line(text: str) -> str:
    """A heading: one line, control characters shown."""
    return visible(text)


def _lines(text: str) -> str:
    """Prose: its lines kept, control characters shown."""
    return visible(text, keep_newlines=True)


def markdown_table(table: Table, heading: str = "###") -> str:
    columns = table.human_columns()
    lines = [f"{heading} {_line(table.title)}", ""]
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
    parts = [f"## {_line(report.title)}", ""]
    parts += [f"- **{_cell(label)}:** {_cell(value)}" for label, value in report.fields]
    parts.append("")
    for section in report.sections:
        parts.append(markdown_table(section))
    if report.notes:
        parts += ["### The paper against SIPRI", ""]
        parts += [f"- {_lines(note)}" for note in report.notes]
        parts.append("")
    for heading, text in report.paragraphs:
        parts += [f"### {_line(heading)}", ""]
        parts += (
            [f"- {line}" for line in _lines(text.replace("\nhttp", " http")).splitlines()]
            if heading == "Sources"
            else [_lines(text)]
        )
        parts.append("")
    return "\n".join(parts)
