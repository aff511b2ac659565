"""SIPRI Arms Transfers Database exports: recognise the format, read TIV by supplier and year.

Two export formats are read (see `../shared/research/sipri-figures.md` §2):

- the **TIV table** ("Volume of transfers of major arms", exporters): a preamble, a header row
  `Exports by,1950,…,2024,<aggregates>`, one row per supplier and a final `Total world export` row; an empty
  cell means no deliveries, `0` less than 0.5 million TIV;
- the **trade register**: a preamble, a header row `SIPRI AT Database ID,Supplier,…,TIV delivery values,
  Local production`, one row per deal and delivery year; every line ends with `;` (CRLF line endings).

Both become one table of TIV by supplier and year, plus the world total per year (the TIV table's own total
row, else the sum over all suppliers). `fmscompare.sipri.shares` computes a period's figures from it.

An **excerpt** of a TIV table (examples/sipri-tiv-exporters-excerpt.csv) keeps a few suppliers and SIPRI's own
`Total world export` row whole, and says so in a preamble line starting `Excerpt:`; its suppliers then add up
to less than the total, which in a full table means a file edited or cut.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fmscompare.errors import DataError, Problem
from fmscompare.fileio import read_utf8_bytes

TIV_HEADER = "Exports by"
REGISTER_HEADER = "SIPRI AT Database ID"
IMPORTER_HEADERS = ("Recipient", "Imports by")
TOTAL_ROW = "Total world export"
REGISTER_ID = "SIPRI AT Database ID"
REGISTER_COLUMNS = ("Supplier", "Delivery year", "TIV delivery values")
RECIPIENT = "Recipient"  # read where the register has it, for matching deals
HEADER_SEARCH_LINES = 40  # SIPRI's preambles are 8-12 lines
# The world's arms deliveries run to some 30 000 million TIV a year; no one cell comes near this, and with it
# the sums of a million-row register stay far from overflowing a float.
MAX_TIV = 10_000_000
GENERATED = re.compile(r"(?:Data generated|Generated):\s*(\d{1,2} [A-Za-z]+ \d{4})")
EXCERPT_MARK = "Excerpt:"  # a preamble line of an excerpt that keeps the world total whole


class ExportKind(StrEnum):
    """The two SIPRI export formats fmscompare reads."""

    TIV_TABLE = "TIV table"
    TRADE_REGISTER = "trade register"


@dataclass(frozen=True)
class SipriExport:
    """TIV (millions) by supplier and year, as read from one SIPRI export."""

    path: Path
    kind: ExportKind
    generated: date | None
    tiv: pd.DataFrame  # index: supplier name as SIPRI writes it; columns: years (int); 0 where none
    world: pd.Series  # world TIV per year
    world_basis: str  # where the world total comes from, for the caption
    excerpt: bool = False  # some suppliers cut, SIPRI's world total kept: ranks count only the suppliers kept
    # A trade register's deliveries, one row per deal and year: deal (SIPRI's id), supplier, recipient, year,
    # tiv. None for a TIV table, which has no deals.
    deliveries: pd.DataFrame | None = None

    @property
    def years(self) -> tuple[int, int]:
        """First and last year with any deliveries: the years the file covers."""
        covered = self.world[self.world > 0].index
        return int(covered.min()), int(covered.max())

    @property
    def generated_text(self) -> str:
        return self.generated.strftime("%-d %b %Y") if self.generated else "date not given"


def _problem(path: Path, message: str, line: int | None = None) -> DataError:
    return DataError([Problem(str(path), message, line)])


def _generated(lines: list[str]) -> date | None:
    for line in lines:
        match = GENERATED.search(line)
        if match:
            for fmt in ("%d %b %Y", "%d %B %Y"):
                try:
                    return datetime.strptime(match.group(1), fmt).date()
                except ValueError:
                    continue
    return None


def _find_header(path: Path, lines: list[str]) -> tuple[ExportKind, int]:
    """Which format the file is, and the 0-based index of its header row; a clear error when neither."""
    for index, raw in enumerate(lines[:HEADER_SEARCH_LINES]):
        line = raw.rstrip(";")
        first = re.split(r"[,;\t]", line, maxsplit=1)[0].strip().strip('"')
        if first in (TIV_HEADER, REGISTER_HEADER) and not line.startswith(f"{first},"):
            delimiter = line[len(first)] if len(line) > len(first) else "nothing"
            raise _problem(
                path,
                f"expected comma-separated values; found {delimiter!r} after {first!r} (was the file re-saved "
                "by a spreadsheet? Download it again from SIPRI)",
                index + 1,
            )
        if first == TIV_HEADER:
            return ExportKind.TIV_TABLE, index
        if first == REGISTER_HEADER:
            return ExportKind.TRADE_REGISTER, index
        if first in IMPORTER_HEADERS:
            raise _problem(
                path,
                f"this is SIPRI's importer table (its rows start {first!r}); fmscompare needs the exporter "
                "table, whose header row starts 'Exports by', or a trade register",
                index + 1,
            )
    raise _problem(
        path,
        "not a SIPRI Arms Transfers Database export: expected a TIV table (a header row starting 'Exports by,') "
        f"or a trade register (a header row starting 'SIPRI AT Database ID,') in the first {HEADER_SEARCH_LINES} "
        "lines; found neither",
    )


def read_export(path: Path) -> SipriExport:
    """Read a SIPRI export of either format; every way it can be wrong is a DataError with file and line."""
    raw = read_utf8_bytes(path)
    # Only the first lines are needed to recognise the format; a register can have a million more.
    head = raw[:20_000].decode("utf-8", errors="ignore").splitlines()
    kind, header = _find_header(path, head)
    generated = _generated(head[:header])
    excerpt = kind is ExportKind.TIV_TABLE and any(line.startswith(EXCERPT_MARK) for line in head[:header])
    deliveries: pd.DataFrame | None = None
    if kind is ExportKind.TIV_TABLE:
        tiv, world, basis = _read_tiv_table(path, raw.decode("utf-8").splitlines(), header, excerpt)
        last = int(tiv.columns.max())
        if generated is not None and last > generated.year:
            raise _problem(
                path,
                f"the year columns run to {last}, after the file was generated ({generated:%-d %b %Y}): "
                "a year SIPRI cannot have figures for",
                header + 1,
            )
    else:
        tiv, world, basis, deliveries = _read_register(path, raw, head[header], header, generated)
    if not (world > 0).any():
        raise _problem(path, "the file records no deliveries at all")
    return SipriExport(path, kind, generated, tiv, world, basis, excerpt, deliveries)


def _per_distinct(cells: pd.Series, method: Callable[[pd.Series], Any]) -> pd.Series:
    """`method` (string methods, number parsing) applied once per distinct value rather than once per row.

    pandas' `.str` methods call Python for every row; a register repeats a few hundred suppliers and
    years, and far fewer TIV figures than it has rows, so this is several times faster on large files.
    """
    codes, uniques = pd.factorize(cells.fillna(""), use_na_sentinel=False)
    return pd.Series(np.asarray(method(pd.Series(uniques, dtype=str)))[codes], index=cells.index)


def _stripped(cells: pd.Series) -> pd.Series:
    return _per_distinct(cells, lambda distinct: distinct.str.strip()).astype(str)


def _as_number(distinct: pd.Series) -> pd.Series:
    """Cells as numbers, an empty cell as 0 (as SIPRI means it); NaN where a cell is not a number."""
    stripped = distinct.str.strip()
    return pd.to_numeric(stripped.where(stripped != "", "0"), errors="coerce")


def _numbers(path: Path, cells: pd.Series, lines: pd.Series, what: str) -> pd.Series:
    """Cells as numbers (empty = 0, as SIPRI means); anything else is an error naming each line."""
    values = _per_distinct(cells, _as_number).astype(float)
    bad = values.isna() | (values < 0) | ~np.isfinite(values) | (values > MAX_TIV)
    if bad.any():
        problems = []
        too_big = values > MAX_TIV  # 1e400 reads as infinity: too big too, unlike the word `inf`
        for line, cell, big in zip(lines[bad], _stripped(cells[bad]), too_big[bad], strict=True):
            hint = " (SIPRI marks uncertain data with '?'; a TIV figure cannot be uncertain)" if "?" in cell else ""
            limit = f" of at most {MAX_TIV:,.0f}" if big and any(ch.isdigit() for ch in cell) else ""
            shown = cell if len(cell) <= 40 else cell[:30] + f"... ({len(cell)} characters)"
            problems.append(Problem(str(path), f"{what}: expected a TIV number{limit}; got {shown!r}{hint}", int(line)))
        raise _at_most(problems)
    return values


def _at_most(problems: list[Problem], limit: int = 20, total: int | None = None) -> DataError:
    """The first `limit` problems and a count of the rest (of `total`, when only some were listed): a broken
    million-row file should not flood the terminal, and the count says how many there are."""
    total = max(total or 0, len(problems))
    if total <= limit:
        return DataError(problems, total)
    rest = Problem(problems[0].file, f"... and {total - limit} more problems like these")
    return DataError([*problems[:limit], rest], total)


def _read_tiv_table(
    path: Path, lines: list[str], header: int, excerpt: bool = False
) -> tuple[pd.DataFrame, pd.Series, str]:
    rows = list(csv.reader(lines[header:]))
    columns = [c.strip() for c in rows[0]]
    year_positions = [(i, int(c)) for i, c in enumerate(columns) if re.fullmatch(r"\d{4}", c)]
    if not year_positions:
        raise _problem(path, "the header row has no year columns (1950, 1951, ...)", header + 1)
    for column in columns[1:]:
        if re.search(r"\d{4}", column) and not re.fullmatch(r"\d{4}(-\d{4})?", column):
            raise _problem(
                path, f"expected a year (1950) or a range (1950-2024) in the header; got {column!r}", header + 1
            )
    years = [year for _, year in year_positions]
    gaps = [(a, b) for a, b in itertools.pairwise(years) if b != a + 1]
    if gaps:
        a, b = gaps[0]
        raise _problem(path, f"the year columns jump from {a} to {b}; SIPRI's table has every year", header + 1)
    problems: list[Problem] = []
    names: list[str] = []
    cells: list[list[str]] = []
    line_numbers: list[int] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[1:], start=2):
        line = header + offset
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            problems.append(
                Problem(str(path), f"expected {len(columns)} fields, as in the header; found {len(row)}", line)
            )
            continue
        name = row[0].strip()
        if not name:
            problems.append(Problem(str(path), "expected a supplier's name in the first field; it is empty", line))
            continue
        if name in seen:
            problems.append(Problem(str(path), f"supplier {name!r} appears twice (also line {seen[name]})", line))
            continue
        seen[name] = line
        names.append(name)
        cells.append([row[i] for i, _ in year_positions])
        line_numbers.append(line)
    if problems:
        raise _at_most(problems)
    if TOTAL_ROW not in seen:
        raise _problem(
            path,
            f"no {TOTAL_ROW!r} row: SIPRI's table ends with it, so the file looks truncated",
            header + len(rows),
        )
    raw = pd.DataFrame(cells, index=names, columns=[year for _, year in year_positions])
    where = pd.Series(line_numbers, index=names)
    values = pd.DataFrame({year: _numbers(path, raw[year], where, f"{year}") for year in raw.columns}, index=raw.index)
    world = pd.Series(values.loc[TOTAL_ROW], dtype=float)
    suppliers = values.drop(index=TOTAL_ROW)
    # SIPRI rounds each figure to whole millions, so the total may differ from the sum by up to 0.5 a row.
    slack = 0.5 * len(suppliers) + 1
    # An excerpt's suppliers add up to less than the world, never to more.
    gap = world - suppliers.sum(axis=0)
    off = (gap < -slack) if excerpt else (gap.abs() > slack)
    if off.any():
        year = int(str(off.idxmax()))
        raise _problem(
            path,
            f"the {TOTAL_ROW!r} for {year} is {world[year]:g}, but the suppliers add up to "
            f"{suppliers[year].sum():g}: the file has been edited or cut",
            int(where[TOTAL_ROW]),
        )
    kept = f", kept whole in this excerpt of {len(suppliers)} suppliers" if excerpt else ""
    return suppliers, world, f"the file's {TOTAL_ROW!r} row{kept}"


def _field_count_problems(path: Path, raw: bytes, line_numbers: list[int], expected: int) -> list[Problem]:
    """Say exactly what is wrong with each bad register line (only on the error path: it splits the file)."""
    lines = raw.decode("utf-8").splitlines()
    problems = []
    for number in line_numbers:
        line = lines[number - 1] if number - 1 < len(lines) else ""
        found = len(next(csv.reader([line.rstrip(";")]), []))
        if found < expected:
            detail = f"found {found} (a truncated line?)"
        elif found > expected:
            detail = f"found {found}"
        else:
            detail = "found them, but the line does not end with ';' as every SIPRI register line does"
        problems.append(Problem(str(path), f"expected {expected} fields, as in the header; {detail}", number))
    return problems


def _read_register(
    path: Path, raw: bytes, header_line: str, header: int, generated: date | None
) -> tuple[pd.DataFrame, pd.Series, str, pd.DataFrame]:
    columns = [c.strip() for c in next(csv.reader([header_line.rstrip(";")]))]
    missing = [c for c in REGISTER_COLUMNS if c not in columns]
    if missing:
        raise _problem(path, f"the header row lacks the column(s) {', '.join(map(repr, missing))}", header + 1)
    ends_with_semicolon = header_line.endswith(";")
    body = io.BytesIO(raw)
    try:
        frame = pd.read_csv(
            body,
            skiprows=header + 1,
            header=None,
            names=[*columns[:-1], "_last"],
            usecols=[REGISTER_ID, *REGISTER_COLUMNS, *([RECIPIENT] if RECIPIENT in columns[:-1] else []), "_last"],
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            line = header + 1 + int(found.group(2))
            raise _problem(
                path, f"expected {found.group(1)} fields, as in the header; found {found.group(3)}", line
            ) from None
        raise _problem(path, f"cannot read the trade register: {exc}") from None
    except pd.errors.EmptyDataError:
        raise _problem(path, "the trade register has no delivery rows after its header", header + 1) from None
    except ValueError:
        # The first rows have more fields than the header names: a header field is missing or two merged.
        raise _problem(
            path,
            f"the rows after the header have more fields than its {len(columns)}; is a header field missing?",
            header + 1,
        ) from None
    frame.index = pd.RangeIndex(header + 2, header + 2 + len(frame))  # file line numbers
    # A blank line has every field empty, its last one too: test the rest only where the last is empty.
    last_empty = frame["_last"].isna() | (frame["_last"] == "")
    if last_empty.any():
        candidates = frame[last_empty]
        blank = (candidates.isna() | (candidates == "")).all(axis=1)
        frame = frame.drop(index=candidates.index[blank])
    short = frame["_last"].isna() | (frame["_last"] == "")
    if ends_with_semicolon:
        short |= ~_per_distinct(frame["_last"], lambda distinct: distinct.str.endswith(";")).astype(bool)
    if short.any():
        listed = _field_count_problems(path, raw, list(frame.index[short][:21]), len(columns))
        raise _at_most(listed, total=int(short.sum()))
    lines_index = pd.Series(frame.index, index=frame.index)
    years = _per_distinct(frame["Delivery year"], lambda distinct: pd.to_numeric(distinct.str.strip(), errors="coerce"))
    bad_years = years.isna() | (years < 1900) | (years > 2100)
    if bad_years.any():
        raise _at_most(
            [
                Problem(str(path), f"Delivery year: expected a year; got {cell!r}", int(line))
                for line, cell in zip(frame.index[bad_years], frame["Delivery year"][bad_years], strict=True)
            ]
        )
    latest = (generated.year if generated else date.today().year) + 1
    future = years > latest
    if future.any():
        raise _at_most(
            [
                Problem(str(path), f"Delivery year: {int(year)} is after the file was generated", int(line))
                for line, year in zip(frame.index[future], years[future], strict=True)
            ]
        )
    tiv = _numbers(path, frame["TIV delivery values"], lines_index, "TIV delivery values")
    suppliers = _stripped(frame["Supplier"])
    if (suppliers == "").any():
        raise _at_most(
            [
                Problem(str(path), "Supplier: expected a name; the field is empty", int(line))
                for line in frame.index[suppliers == ""]
            ]
        )
    # A deal has one row per delivery year: the same row twice means lines were pasted in twice.
    twice = frame.duplicated(subset=[REGISTER_ID, "Delivery year", "Supplier", "TIV delivery values"])
    if twice.any():
        raise _at_most(
            [
                Problem(str(path), "the same deal and delivery year as an earlier line: a line given twice?", int(line))
                for line in frame.index[twice]
            ]
        )
    table = (
        pd.DataFrame({"supplier": suppliers, "year": years.astype(int), "tiv": tiv})
        .groupby(["supplier", "year"])["tiv"]
        .sum()
        .unstack(fill_value=0)
        .astype(float)
    )
    if table.empty:
        raise DataError([Problem(str(path), "expected deliveries in the trade register; it has no rows of data")])
    first, last = int(table.columns.min()), int(table.columns.max())
    table = table.reindex(columns=range(first, last + 1), fill_value=0.0)
    deliveries = pd.DataFrame(
        {
            "deal": pd.to_numeric(_stripped(frame[REGISTER_ID]), errors="coerce"),
            "supplier": suppliers,
            "recipient": _stripped(frame[RECIPIENT]) if RECIPIENT in frame.columns else "",
            "year": years.astype(int),
            "tiv": tiv,
        }
    )
    return table, table.sum(axis=0), "the sum over all suppliers", deliveries
