"""Excel workbooks (`-o FILE.xlsx`): each table a sheet with typed cells, and an About sheet.

Numbers are number cells, true/false the text `true`/`false` and a list one text cell (both as in CSV),
every other value a text cell, stored as text even when it starts with `=`, so no cell is ever a formula. The
header row is frozen, columns are sized to their contents, a URL is a hyperlink, and the About sheet says
what each sheet holds, how it was made (the command, the weights, the assessments' date, the dataset's
version, the date) and what each column means (the data dictionary).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from fmscompare.errors import DataError, Option, Problem
from fmscompare.reports.report import Profile, Report, Table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

INSTALL_HINT = "writing .xlsx needs openpyxl: pip install 'fmscompare[report]' (make run installs it)"
LIST_SEPARATOR = "; "
MAX_WIDTH = 60  # characters: longer text wraps in its cell rather than widening the column without end
# Characters Excel forbids in a sheet's name, and its length limit.
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_SHEET_LENGTH = 31
# XML 1.0 forbids these control characters, which openpyxl refuses to write: shown as their escapes.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise DataError([Problem(Option("output"), INSTALL_HINT)]) from None
    return openpyxl


def _text(value: str) -> str:
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def _sheet_name(title: str, taken: set[str]) -> str:
    clean = _BAD_SHEET.sub(" ", title).replace("'", "").strip()
    if len(clean) > _SHEET_LENGTH:  # cut at a word, as a reader would shorten it
        cut = clean[:_SHEET_LENGTH]
        clean = cut[: cut.rfind(" ")] if " " in cut[10:] else cut
    base = clean.strip(" -,") or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: _SHEET_LENGTH - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_cell(sheet: Worksheet, row: int, column: int, value: Any, key: str) -> int:
    """Write one value as a typed cell; return the width its text needs."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return 0
    if isinstance(value, bool):
        # Text, as CSV writes it: Calc saves a boolean cell as a formula (=TRUE()), and no cell may be one.
        cell.value = "true" if value else "false"
        cell.data_type = "s"
        return 5
    if isinstance(value, int | float):
        cell.value = int(value) if isinstance(value, float) and value.is_integer() else value
        return len(f"{value:g}") if isinstance(value, float) else len(str(value))
    text = _text(LIST_SEPARATOR.join(str(v) for v in value) if isinstance(value, list | tuple) else str(value))
    cell.value = text
    cell.data_type = "s"  # text, even `=cmd|...`: never a formula
    if (key == "url" or key.endswith("_url")) and text.startswith(("http://", "https://")):
        cell.hyperlink = text
        cell.style = "Hyperlink"
    # In terminal cells, as a spreadsheet sizes columns: a Korean or Japanese character takes two.
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _table_sheet(workbook: Any, table: Table, name: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(name)
    columns = table.machine_columns()
    widths = [len(c.key) for c in columns]
    bold = Font(bold=True)
    for j, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=j, value=column.key)
        cell.data_type = "s"
        cell.font = bold
    for i, record in enumerate(table.records(), 2):
        for j, column in enumerate(columns, 1):
            widths[j - 1] = max(widths[j - 1], _write_cell(sheet, i, j, record[column.key], column.key))
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate(widths, 1):
        letter = get_column_letter(j)
        sheet.column_dimensions[letter].width = min(width, MAX_WIDTH) + 2
        if width > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(table.rows) + 1)}"


def _about(
    workbook: Any, title: str, sheets: list[tuple[str, Table]], about: dict[str, str], extra: list[tuple[str, str]]
) -> None:
    from openpyxl.styles import Alignment, Font

    from fmscompare.reports.fields import FIELDS, field_name

    sheet = workbook.create_sheet("About", 0)
    bold = Font(bold=True)
    rows: list[tuple[str, str]] = [("Title", title)]
    rows += [(key[:1].upper() + key[1:].replace("_", " "), value) for key, value in about.items()]
    if "made" not in about:
        rows.append(("Made", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")))
    rows += extra
    rows.append(("", ""))
    for name, table in sheets:
        rows.append((f"Sheet {name}", table.title + (f". {table.caption}" if table.caption else "")))
    rows.append(("", ""))
    rows.append(("Column", "Meaning (type): the data dictionary, docs/fields.md"))
    seen: set[str] = set()
    for _, table in sheets:
        for column in table.machine_columns():
            name = field_name(column.key)
            if column.key in seen:
                continue
            seen.add(column.key)
            known = FIELDS.get(name)
            rows.append((column.key, f"{known.meaning} ({known.type})" if known else column.header))
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (label, value) in enumerate(rows, 1):
        first = sheet.cell(row=i, column=1, value=_text(label))
        first.data_type = "s"
        first.font = bold
        second = sheet.cell(row=i, column=2, value=_text(value))
        second.data_type = "s"
        second.alignment = wrap
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def render_xlsx(report: Report, about: dict[str, str]) -> bytes:
    """The report as an .xlsx workbook: an About sheet, then one sheet per table (a profile: one per section).

    `about` gives the provenance lines of the About sheet (the command, weights, as-of, dataset version)."""
    if isinstance(report, Profile):
        # A profile: its machine table (the breakdown with the provenance) and its other sections.
        tables = [report.flat, *(t for t in report.sections if t.title != report.flat.title)]
        extra = [(label, str(value)) for label, value in report.fields] + [("Note", note) for note in report.notes]
        return render_workbook(tables, report.title, about, extra)
    return render_workbook([report], report.title, about)


def render_workbook(
    tables: list[Table] | list[tuple[str, Table]],
    title: str,
    about: dict[str, str],
    extra: list[tuple[str, str]] | None = None,
) -> bytes:
    """Tables as a workbook: the About sheet first, then a sheet per table, named from its title or, given
    (name, table) pairs, by the name."""
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    taken = {"about"}
    sheets = []
    for item in tables:
        wanted, table = item if isinstance(item, tuple) else (_short(item.title), item)
        name = _sheet_name(wanted, taken)
        _table_sheet(workbook, table, name)
        sheets.append((name, table))
    _about(workbook, title, sheets, about, extra or [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _short(title: str) -> str:
    """A sheet's name from a table's title: without its parentheses, up to its first semicolon, a colon as
    a dash (Excel forbids colons in sheet names): `Japan: Score breakdown (weights: default)` gives
    `Japan - Score breakdown`."""
    plain = re.sub(r"\s*\([^)]*\)", "", title).split(";", 1)[0].strip()
    return plain.replace(": ", " - ").replace(":", "-") or title
