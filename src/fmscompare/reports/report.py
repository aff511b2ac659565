"""What a report is: a table or a profile made of plain values, which reports/ builds and render/ prints.

Rows hold raw values (numbers stay numbers, missing is None); each column says how a human sees its
values. Renderers in `fmscompare.render` turn these into table, CSV, JSON or Markdown text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    LIST = "list"  # a list of texts: an array in JSON, joined by "; " in CSV, by ", " for a human


@dataclass(frozen=True)
class Column:
    key: str  # snake_case: the CSV header and JSON key, stable across versions
    header: str  # what a human reads
    kind: Kind = Kind.TEXT
    show: Callable[[Any], str] | None = None  # human formatting of a value; str() when None
    human_only: bool = False  # shown in table and Markdown, left out of CSV and JSON
    machine_only: bool = False  # written to CSV and JSON, left out of table and Markdown
    long_text: bool = False  # prose: the terminal lists it under the table instead of in a narrow column
    missing: str = "–"  # what a human sees for None: a dash says "no figure", a blank says "not applicable"
    # In a terminal too narrow for every column, columns with a `narrow_drop` are left out, 1 first, then 2…,
    # until the rest fit; the caption names them. 0: always shown.
    narrow_drop: int = 0
    # A short text never wrapped, like a figure (a date, a period: `2017-20` over `21` reads as another period).
    whole: bool = False

    def human(self, value: Any) -> str:
        if value is None:
            return self.missing
        if self.show:
            return self.show(value)
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value) if value else self.missing
        return str(value)


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    caption: str | None = None
    group_key: str | None = None  # rows sharing this value form a section; the terminal rules between them

    def human_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.machine_only)

    def machine_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.human_only)

    def records(self) -> list[dict[str, Any]]:
        """Rows with keys in column order: what CSV and JSON write."""
        columns = self.machine_columns()
        return [{c.key: row.get(c.key) for c in columns} for row in self.rows]


@dataclass(frozen=True)
class Profile:
    """One subject (a country) described by fields, sections of tables and notes.

    `record` is its machine form (JSON); `flat` is the one table CSV writes.
    """

    title: str
    fields: list[tuple[str, str]]
    sections: list[Table]
    notes: list[str]
    record: dict[str, Any]
    flat: Table
    paragraphs: list[tuple[str, str]] = field(default_factory=list)


Report = Table | Profile
