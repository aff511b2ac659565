"""Terminal tables with Rich. Data cells are `Text`, so `[brackets]` in data are never read as markup, and
every text from the data is made visible first (textutil.visible), so that an escape sequence or control
character in a name is shown as `\\x1b` rather than colouring, clearing or retitling the terminal."""

from __future__ import annotations

import io
import textwrap

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from fmscompare.reports.report import Kind, Profile, Report, Table
from fmscompare.textutil import visible


def _text(text: str, style: str = "", *, lines: bool = False) -> Text:
    """Rich text of `text` with its control characters shown as escapes; newlines kept only with `lines`."""
    return Text(visible(text, keep_newlines=lines), style=style)


# Columns whose text may be long: they take the spare width and wrap; the others stay on one line.
_WRAPPING = {"agency"}


def rich_table(table: Table) -> RenderableType:
    """The table, with long-text columns listed under it (a quote in a 6-character column is unreadable)."""
    columns = [c for c in table.human_columns() if not c.long_text]
    long_columns = [c for c in table.human_columns() if c.long_text]
    # Title and caption sit outside the table so they wrap at the terminal's width, not the table's.
    out = RichTable(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        padding=(0, 0, 0, 0),
    )
    cells = [[_text(column.human(row.get(column.key))) for column in columns] for row in table.rows]
    for j, column in enumerate(columns):
        wraps = column.key in _WRAPPING
        # A column that does not wrap is never narrower than its widest cell, so no figure is ever cropped.
        widest = max([_text(column.header).cell_len, *(row[j].cell_len for row in cells)])
        out.add_column(
            _text(column.header),
            justify="right" if column.kind is Kind.NUMBER else "left",
            no_wrap=not wraps,
            ratio=1 if wraps else None,
            min_width=6 if wraps else widest,
            overflow="fold",
        )
    for i, row in enumerate(table.rows):
        following = table.rows[i + 1] if i + 1 < len(table.rows) else None
        ends_group = (
            table.group_key is not None
            and following is not None
            and following.get(table.group_key) != row.get(table.group_key)
        )
        out.add_row(*cells[i], end_section=ends_group)
    heading = _text(table.title, "bold")
    caption = [_text(table.caption, lines=True)] if table.caption else []  # the table already ends with a blank line
    if not long_columns:
        return Group(heading, out, *caption, Text(""))
    details: list[RenderableType] = []
    for row in table.rows:
        texts = [(c, row.get(c.key)) for c in long_columns if row.get(c.key)]
        if not texts:
            continue
        label = columns[0].human(row.get(columns[0].key))
        details.append(_text(f"{label}:", "bold"))
        for column, value in texts:
            prefix = "" if column is long_columns[0] else f"{column.header}: "
            details.append(Padding(_text(prefix + str(value), lines=True), (0, 0, 0, 2)))
    return Group(heading, out, *caption, Text(""), *details, Text(""))


def _profile(profile: Profile) -> RenderableType:
    facts = RichTable.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    for label, value in profile.fields:
        facts.add_row(_text(label), _text(value))
    parts: list[RenderableType] = [_text(profile.title, "bold underline"), facts, Text("")]
    parts += [rich_table(section) for section in profile.sections]
    if profile.notes:
        parts.append(Text("The paper against SIPRI", style="bold"))
        parts += [Padding(_text(note, lines=True), (0, 0, 0, 2)) for note in profile.notes]
        parts.append(Text(""))
    return Group(*parts)


def _paragraphs(profile: Profile, width: int) -> str:
    """Prose sections, wrapped as plain text: Rich would crop or fold a URL, which then cannot be copied."""
    out = []
    for heading, text in profile.paragraphs:
        out.append(visible(heading))
        for line in visible(text, keep_newlines=True).splitlines():
            if line.startswith("http"):
                out.append("    " + line)
            else:
                out += textwrap.wrap(line, width=width - 2, initial_indent="  ", subsequent_indent="  ")
        out.append("")
    return "\n".join(out) + "\n"


# Given with the width, so that Rich reads neither COLUMNS nor LINES itself: it would take `²` or a
# 5 000-digit number for a size and fail (ValueError) where the CLI has already chosen a width. Tables do not
# use the height.
_HEIGHT = 25


def _needed_width(renderable: RenderableType) -> int:
    """The narrowest width at which Rich can lay the report out without cropping a cell."""
    console = Console(width=100_000, height=_HEIGHT, file=io.StringIO(), legacy_windows=False)
    return Measurement.get(console, console.options, renderable).minimum


def render_table(report: Report, *, width: int = 80, color: bool = False) -> str:
    renderable = rich_table(report) if isinstance(report, Table) else _profile(report)
    # Narrower than this, Rich would crop figures (58.5 shown as 58); wider lines are better than wrong
    # figures, and the terminal wraps them.
    width = max(width, _needed_width(renderable))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        height=_HEIGHT,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(renderable)
    text = buffer.getvalue()
    if isinstance(report, Profile):
        text += _paragraphs(report, width)
    # Rich pads every line to the full width; plain text pasted into a report should not carry that.
    if not color:
        text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    return text.rstrip("\n") + "\n"
