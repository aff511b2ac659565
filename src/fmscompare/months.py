"""Months: how assessments are dated (`as_of: 2023-12`) and what `--as-of` asks for.

An assessment is dated by the month its event took effect, written `YYYY-MM`; older datasets wrote a
year alone. A year alone in the data counts from its January, while a year asked for with `--as-of`
means its end, December: so `--as-of 2023` includes everything dated 2023, and `--as-of 2023-04` only
what took effect by April (and what is dated by its year alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `as_of` and `reviewed`: YYYY or YYYY-MM. A source's `date` and `accessed` may also give the day.
MONTH_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_MONTH = re.compile(MONTH_PATTERN)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ordered, so that assessments sort and compare by it."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @classmethod
    def today(cls) -> Month:
        from datetime import date

        now = date.today()
        return cls(now.year, now.month)


def data_month(as_of: int | str) -> Month:
    """The month an assessment takes effect: `2023-12`, or a year alone counted from its January."""
    text = str(as_of)
    if "-" in text:
        year, month = text.split("-", 1)
        return Month(int(year), int(month))
    return Month(int(text), 1)


def query_month(text: str) -> Month | None:
    """What `--as-of` asks for: YEAR (its December) or YEAR-MM; None when it is neither."""
    value = text.strip()
    if not _MONTH.fullmatch(value):
        return None
    if "-" in value:
        return data_month(value)
    return Month(int(value), 12)
