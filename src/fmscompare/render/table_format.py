"""Terminal tables with Rich. Data cells are `Text`, so `[brackets]` in data are never read as markup, and
every text from the data is made visible first (textutil.visible), so that an escape sequence or control
character in a name is shown as `\\x1b` rather than colouring, clearing or retitling the terminal."""

from __future__ import annotations

import contextvars
import io
import re
import textwrap
from dataclasses import replace
from typing import Any

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from fmscompare.reports.report import Column, Kind, Profile, Report, Table
from fmscompare.textutil import visible


def _text(text: str, style: str = "", *, lines: bool = False) -> Text:
    """Rich text of `text` with its control characters shown as escapes; newlines kept only with `lines`."""
    return Text(visible(text, keep_newlines=lines), style=style)


# A text column starts as wide as its longest word, up to this; in a narrow terminal it gives way down to
# `_NARROWEST` and folds the words that do not fit (a URL, "Rosoboronexport").
_LONGEST_WORD = 16
_NARROWEST = 5
_KEY_WIDTH = 24


def _longest_word(text: Text) -> int:
    return max((len(word) for word in text.plain.split()), default=0)


def _minimum_widths(table: Table, cells: list[list[Text]], width: int) -> list[int]:
    """Each column's minimum width at a terminal `width`: a number column as wide as its widest cell (a
    figure is never cropped); a text column as its longest word, narrowed, widest first, until the table
    fits `width` or every text column is at `_NARROWEST`. The first text column (the country, the mechanism)
    starts as wide as its longest cell and gives way last."""
    columns = [c for c in table.human_columns() if not c.long_text]
    text_columns = [j for j, column in enumerate(columns) if column.kind is not Kind.NUMBER and not column.whole]
    key = text_columns[0] if text_columns else None  # what a row is about: kept whole, up to `_KEY_WIDTH`
    minimum: list[int] = []
    for j, column in enumerate(columns):
        header = _text(column.header)
        if column.kind is Kind.NUMBER or column.whole:
            minimum.append(max([header.cell_len, *(row[j].cell_len for row in cells)]))
        elif j == key:
            minimum.append(max(1, min(_KEY_WIDTH, max([header.cell_len, *(row[j].cell_len for row in cells)]))))
        else:
            longest = max([_longest_word(header), *(_longest_word(row[j]) for row in cells)])
            minimum.append(max(1, min(_LONGEST_WORD, longest)))
    while _table_width(minimum) > width:
        others = [j for j in text_columns if j != key and minimum[j] > _NARROWEST]
        narrowable = others or [j for j in text_columns if minimum[j] > _NARROWEST]
        if not narrowable:
            break
        minimum[max(narrowable, key=lambda j: minimum[j])] -= 1
    return minimum


def _widths(table: Table, cells: list[list[Text]], width: int) -> list[int]:
    """Each column's width at a terminal `width`: its minimum, then the room left over given to the text
    columns from the left, none wider than its longest cell. Rich is given these widths outright, so it
    folds a word rather than overflow (and then crop) the terminal."""
    columns = [c for c in table.human_columns() if not c.long_text]
    widths = _minimum_widths(table, cells, width)
    wanted = [
        widths[j]
        if column.kind is Kind.NUMBER or column.whole
        else max([widths[j], _text(column.header).cell_len, *(row[j].cell_len for row in cells)])
        for j, column in enumerate(columns)
    ]
    # The room left goes to the text columns from the left: the first is what a row is about (the country,
    # the mechanism), and is better whole than an agency's name.
    spare = width - _table_width(widths)
    for j in range(len(widths)):
        given = min(spare, wanted[j] - widths[j])
        widths[j] += given
        spare -= given
    return widths


def _table_width(columns: list[int]) -> int:
    """The columns, a space between each, and the box's edge of one character on either side."""
    return sum(columns) + max(0, len(columns) - 1) + 2


def _cells(table: Table) -> list[list[Text]]:
    """Each row's cells as the terminal shows them; within one `render_table`, made once per table (the fit
    check, the width needed and the layout each ask for them)."""
    made = _MADE_CELLS.get()
    if made is not None and id(table) in made and made[id(table)][0] is table:
        return made[id(table)][1]
    columns = [c for c in table.human_columns() if not c.long_text]
    cells = [[_text(column.human(row.get(column.key))) for column in columns] for row in table.rows]
    if made is not None:
        made[id(table)] = (table, cells)  # the table held, so that its id stays its own
    return cells


_MADE_CELLS: contextvars.ContextVar[dict[int, tuple[Table, list[list[Text]]]] | None] = contextvars.ContextVar(
    "made_cells", default=None
)


# From this many rows, a plain table (no colour) is laid out here rather than by Rich, whose measuring and
# rendering cost about 0.6 ms a row: the same text, measured in terminal cells as Rich measures them (a
# kanji takes two; tests/test_fast_table.py holds it to Rich's for every command, many widths and wide
# characters), with the texts listed under the table, in time linear in the rows. Every plain table, then:
# even `rank`'s 26 rows take a fifth of a cached run's own time in Rich. Tests raise it to compare with Rich.
FAST_ROWS = 0


def _wrap(text: str, width: int) -> list[str]:
    """`text` wrapped as Rich wraps a cell with overflow "fold" (`rich._wrap.divide_line`), in terminal cells
    (a Hangul or kanji character takes two): greedily at spaces; a word longer than the width, with the
    spaces after it, cut into pieces of the width (`rich.cells.chop_cells`), the last piece starting the next
    line (so it may be only spaces, or put a space before the next word); each line without its trailing
    spaces."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in re.findall(r"\s*\S+\s*", paragraph):
            if cell_len(line + word.rstrip()) <= width:
                line += word
                continue
            if line:
                out.append(line.rstrip())
            if cell_len(word.rstrip()) > width:
                pieces = chop_cells(word, width)
                out += [piece.rstrip() for piece in pieces[:-1]]
                word = pieces[-1]
            line = word
        out.append(line.rstrip())
    return out


# What the plain layout leaves to Rich: a tab (Rich expands it to the next stop of eight), whitespace other than
# the space and the newline (Rich keeps a no-break or ideographic space at the end of a line, where this layout
# trims it), a zero-width joiner (Rich counts a padding space into the joined sequence). Data rarely holds any.
_RICH_ONLY = re.compile(r"[^\S \n]|\u200d")


def _plain(text: str) -> bool:
    """Whether the plain layout lays `text` out exactly as Rich would."""
    return _RICH_ONLY.search(text) is None


def _pad(text: str, width: int, right: bool) -> str:
    """`text` padded with spaces to `width` terminal cells, on the left for a figure."""
    spaces = " " * (width - cell_len(text))
    return spaces + text if right else text + spaces


def _plain_body(table: Table, cells: list[list[Text]], widths: list[int]) -> list[str] | None:
    """The lines of the table's header, rule and rows as Rich's SIMPLE_HEAD box lays them out without colour,
    measured in terminal cells as Rich measures them; None where a text is not `_plain` or a column one
    cell wide would hold a character two wide (Rich blanks it)."""
    columns = [c for c in table.human_columns() if not c.long_text]
    plain = [[cell.plain for cell in row] for row in cells]
    headers = [_text(c.header).plain for c in columns]
    texts = [text for row in [headers, *plain] for text in row]
    if not all(_plain(text) for text in texts):
        return None
    if min(widths, default=2) < 2 and any(cell_len(text) != len(text) for text in texts):
        return None
    right = [c.kind is Kind.NUMBER for c in columns]

    def lines_of(row: list[str], bottom: bool = False) -> list[str]:
        wrapped = [
            [text] if (c.kind is Kind.NUMBER or c.whole) else _wrap(text, w)
            for c, text, w in zip(columns, row, widths, strict=True)
        ]
        height = max(len(w) for w in wrapped)
        if bottom:  # a header's short cells sit on its last line, as Rich aligns them
            wrapped = [[""] * (height - len(part)) + part for part in wrapped]
        return [
            " "
            + " ".join(
                _pad(part[i] if i < len(part) else "", w, r) for part, w, r in zip(wrapped, widths, right, strict=True)
            )
            + " "
            for i in range(height)
        ]

    total = sum(widths) + len(widths) - 1
    blank = " " * (total + 2)  # the box's top and bottom edges, blank in SIMPLE_HEAD
    out = [blank, *lines_of(headers, bottom=True), " " + "─" * total + " "]
    for i, row in enumerate(plain):
        out += lines_of(row)
        following = table.rows[i + 1] if i + 1 < len(table.rows) else None
        key = table.group_key
        if key is not None and following is not None and following.get(key) != table.rows[i].get(key):
            out.append(blank)
    return [*out, blank]


def plain_table(table: Table, width: int) -> list[str] | None:
    """The lines `rich_table` gives without colour, laid out here (see `FAST_ROWS`); None where the plain
    layout does not apply (a terminal too narrow for the texts under the table)."""
    columns = [c for c in table.human_columns() if not c.long_text]
    long_columns = [c for c in table.human_columns() if c.long_text]
    cells = _cells(table)
    body = _plain_body(table, cells, _widths(table, cells, width))
    return _plain_grouped(table, body, columns, long_columns, width) if body is not None else None


def rich_table(table: Table, width: int = 80) -> RenderableType:
    """The table at a terminal `width`, with long-text columns listed under it (a quote in a 6-character
    column is unreadable). Figures never wrap and are never cropped; text columns wrap at spaces and fold a
    word only where the terminal is too narrow for it."""
    columns = [c for c in table.human_columns() if not c.long_text]
    long_columns = [c for c in table.human_columns() if c.long_text]
    # Title and caption sit outside the table so they wrap at the terminal's width, not the table's.
    out = RichTable(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        padding=(0, 0, 0, 0),
    )
    cells = _cells(table)
    widths = _widths(table, cells, width)
    for column, size in zip(columns, widths, strict=True):
        if column.kind is Kind.NUMBER:
            out.add_column(_text(column.header), justify="right", no_wrap=True, width=size)
        elif column.whole:
            out.add_column(_text(column.header), justify="left", no_wrap=True, width=size)
        else:
            out.add_column(_text(column.header), justify="left", width=size, overflow="fold")
    for i, row in enumerate(table.rows):
        following = table.rows[i + 1] if i + 1 < len(table.rows) else None
        ends_group = (
            table.group_key is not None
            and following is not None
            and following.get(table.group_key) != row.get(table.group_key)
        )
        out.add_row(*cells[i], end_section=ends_group)
    return _grouped(table, out, columns, long_columns)


def _grouped(table: Table, body: RenderableType, columns: list[Column], long_columns: list[Column]) -> RenderableType:
    """The title, the table's body, its caption, and under it the long texts of each row."""
    heading = _text(table.title, "bold")
    caption = [_text(table.caption, lines=True)] if table.caption else []  # the table already ends with a blank line
    if not long_columns:
        return Group(heading, body, *caption, Text(""))
    details: list[RenderableType] = [
        Padding(_text(text, lines=True), (0, 0, 0, 2)) if indented else _text(text, "bold")
        for text, indented in _details(table, columns, long_columns)
    ]
    return Group(heading, body, *caption, Text(""), *details, Text(""))


def _details(table: Table, columns: list[Column], long_columns: list[Column]) -> list[tuple[str, bool]]:
    """The texts listed under the table: each row's label, then its long texts, indented (True)."""
    details: list[tuple[str, bool]] = []
    for row in table.rows:
        texts = [(c, row.get(c.key)) for c in long_columns if row.get(c.key)]
        if not texts:
            continue
        details.append((f"{columns[0].human(row.get(columns[0].key))}:", False))
        for column, value in texts:
            prefix = "" if column is long_columns[0] else f"{column.header}: "
            details.append((prefix + column.human(value), True))
    return details


def _plain_grouped(
    table: Table, body: list[str], columns: list[Column], long_columns: list[Column], width: int
) -> list[str] | None:
    """The lines `_grouped` lays out, laid out here as Rich would without colour: the title and caption
    wrapped at the terminal's width, and each row's long texts at two spaces in (the sources' titles and
    notes: most of what `sources` prints, which Rich took a sixth of a second to wrap). None where a text is
    not `_plain`, or the room is too narrow for it."""

    def wrapped(text: str, at: int, *, lines: bool = False) -> list[str]:
        shown = visible(text, keep_newlines=lines)
        if at < 1 or not _plain(shown) or (at < 2 and cell_len(shown) != len(shown)):
            raise _NotPlainError
        return _wrap(shown, at)

    try:
        out = [*wrapped(table.title, width), *body]
        if table.caption:
            out += wrapped(table.caption, width, lines=True)
        out.append("")
        if not long_columns:
            return out
        for text, indented in _details(table, columns, long_columns):
            if indented:
                out += ["  " + line for line in wrapped(text, width - 2, lines=True)]
            else:
                out += wrapped(text, width)
        return [*out, ""]
    except _NotPlainError:
        return None


class _NotPlainError(Exception):
    """A text the plain layout leaves to Rich."""


def _profile(profile: Profile, width: int) -> RenderableType:
    facts = RichTable.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    for label, value in profile.fields:
        facts.add_row(_text(label), _text(value))
    parts: list[RenderableType] = [_text(profile.title, "bold underline"), facts, Text("")]
    parts += [rich_table(section, width) for section in profile.sections]
    if profile.notes:
        parts.append(Text("The paper against SIPRI", style="bold"))
        parts += [Padding(_text(note, lines=True), (0, 0, 0, 2)) for note in profile.notes]
        parts.append(Text(""))
    return Group(*parts)


_PROSE: dict[str, Any] = {
    "initial_indent": "  ",
    "subsequent_indent": "  ",
    "break_long_words": False,
    "break_on_hyphens": False,
}
_BREAK_WORDS = {"break_long_words": True, "break_on_hyphens": True}


def _paragraphs(profile: Profile, width: int) -> str:
    """Prose sections, wrapped as plain text: Rich would crop or fold a URL, which then cannot be copied."""
    out = []
    for heading, text in profile.paragraphs:
        out.append(visible(heading))
        for line in visible(text, keep_newlines=True).splitlines():
            if line.startswith("http"):
                out.append("    " + line)
            else:
                # A URL is never broken: it goes whole onto a line of its own. Any other word too long for
                # the line (a repository's name in a title) breaks at its hyphens, or else where it must.
                for wrapped in textwrap.wrap(line, width - 2, **_PROSE):
                    if len(wrapped) <= width or wrapped.strip().startswith(("http://", "https://")):
                        out.append(wrapped)
                    else:
                        out += textwrap.wrap(wrapped, width - 2, **{**_PROSE, **_BREAK_WORDS})
        out.append("")
    return "\n".join(out) + "\n"


# Given with the width, so that Rich reads neither COLUMNS nor LINES itself: it would take `²` or a
# 5 000-digit number for a size and fail (ValueError) where the CLI has already chosen a width. Tables do not
# use the height.
_HEIGHT = 25
# Spaces at the end of a line, before any closing style codes.
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$")


def _needed_width(report: Report, width: int) -> int:
    """The narrowest width at which every table of the report fits without cropping a figure."""
    tables = [report] if isinstance(report, Table) else list(report.sections)
    needed = 0
    for table in tables:
        needed = max(needed, _table_width(_minimum_widths(table, _cells(table), width)))
    return needed


def _fits(table: Table, width: int) -> bool:
    """Whether the table fits `width` with what a row is about (its first text column) whole."""
    cells = _cells(table)
    minimum = _minimum_widths(table, cells, width)
    if _table_width(minimum) > width:
        return False
    columns = [c for c in table.human_columns() if not c.long_text]
    key = next((j for j, column in enumerate(columns) if column.kind is not Kind.NUMBER and not column.whole), None)
    if key is None:
        return True
    whole = max([_text(columns[key].header).cell_len, *(row[key].cell_len for row in cells)])
    return minimum[key] >= min(_KEY_WIDTH, whole)


def _fitted(table: Table, width: int) -> Table:
    """The table without the columns a terminal of `width` has no room for (`Column.narrow_drop`, lowest
    first), named in its caption; the table itself when it fits."""
    droppable = sorted({c.narrow_drop for c in table.human_columns() if c.narrow_drop})
    dropped: list[Column] = []
    fitted = table
    for order in droppable:
        if _fits(fitted, width):
            break
        dropped += [c for c in fitted.columns if c.narrow_drop == order and not c.machine_only]
        fitted = replace(fitted, columns=tuple(c for c in fitted.columns if c not in dropped))
    if not dropped:
        return table
    note = (
        f"Not shown at {width} columns: {', '.join(c.header for c in dropped)} "
        "(a wider terminal or --format csv shows every column)."
    )
    return replace(fitted, caption=f"{fitted.caption} {note}" if fitted.caption else note)


_PLAIN_CONSOLE: dict[str, Any] = {"highlight": False, "emoji": False, "markup": False, "legacy_windows": False}


def render_table(report: Report, *, width: int = 80, color: bool = False) -> str:
    token = _MADE_CELLS.set({})
    try:
        return _render_table(report, width, color)
    finally:
        _MADE_CELLS.reset(token)


def _render_table(report: Report, width: int, color: bool) -> str:
    if isinstance(report, Table):
        report = _fitted(report, width)
    # Narrower than this, Rich would crop figures (58.5 shown as 58); wider lines are better than wrong
    # figures, and the terminal wraps them.
    width = max(width, _needed_width(report, width))
    fast = not color and isinstance(report, Table) and len(report.rows) >= FAST_ROWS
    plain = plain_table(report, width) if fast and isinstance(report, Table) else None
    if plain is not None:
        # Lines Rich would only pad to the width (the padding is taken off below): written as they are.
        text = "\n".join(plain) + "\n"
    else:
        renderable = rich_table(report, width) if isinstance(report, Table) else _profile(report, width)
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=width,
            height=_HEIGHT,
            force_terminal=color,
            color_system="auto" if color else None,
            no_color=not color,
            **_PLAIN_CONSOLE,
        )
        console.print(renderable)
        text = buffer.getvalue()
    if isinstance(report, Profile):
        text += _paragraphs(report, width)
    # Rich pads every line to the full width; plain text pasted into a report should not carry that, and a
    # terminal narrower than the padding would wrap it onto a blank line (with colour, the padding sits
    # before the closing style codes).
    text = "".join(_TRAILING.sub(r"\1", line) + "\n" for line in text.splitlines())
    return text.rstrip("\n") + "\n"
