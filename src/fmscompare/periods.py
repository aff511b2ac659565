"""SIPRI periods: windows of whole years, written `2017-2021`; the one type every module reads them with."""

from __future__ import annotations

import re
from collections.abc import Iterable

SIPRI_YEARS = 5  # SIPRI's periods are five years long: its tables, and sipri_shares.csv, hold no other
# How a period is written in the data (sipri_shares.csv, countries.yaml): both years in full.
DATA_PATTERN = r"^\d{4}-\d{4}$"
# What people type: `2017-2021`, `2017–2021` (en or em dash), SIPRI's short `2017-21`, or one year, `2023`.
_TYPED = r"\s*(\d{4})\s*(?:[-–—]\s*(\d{2}|\d{4}))?\s*"


class Period:
    """The years `start` to `end`, both included; ordered oldest first, by end year and then start year.

    A plain class rather than a dataclass: it is built at every start, where a dataclass costs a millisecond.
    """

    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Period({self.start}, {self.end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Period) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period `text` names, in any spelling people type; ValueError saying why when it names none."""
        if len(text) == 9 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():  # as the data writes it
            start, end = int(text[:4]), int(text[5:])
            if start <= end:
                return cls(start, end)
        match = re.fullmatch(_TYPED, text)  # compiled on first use, and only for what people type
        if not match:
            raise ValueError(f"expected a period such as 2015-2019 (or one year, 2023); got {text!r}")
        start = int(match.group(1))
        end_text = match.group(2) or match.group(1)
        end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
        if end < start:
            raise ValueError(f"the period {text!r} ends before it starts")
        return cls(start, end)

    @property
    def length(self) -> int:
        """How many years: 5 for 2017-2021."""
        return self.end - self.start + 1

    @property
    def years(self) -> range:
        """Each year of the period, in order."""
        return range(self.start, self.end + 1)

    @property
    def short(self) -> str:
        """`2017-21`, as SIPRI labels its charts."""
        return f"{self.start}-{self.end % 100:02d}"

    def previous(self) -> Period:
        """The window SIPRI compares a period with: same length, just before (2017-2021 -> 2012-2016)."""
        return Period(self.start - self.length, self.end - self.length)

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"

    def __lt__(self, other: Period) -> bool:
        return (self.end, self.start) < (other.end, other.start)


def previous_period(period: str) -> str:
    """The window before a period as the data writes it (2017-2021 -> 2012-2016)."""
    return str(Period.parse(period).previous())


def normalise_period(text: str) -> str:
    """A typed window (`2017–2021`, `2017-21`) as the data writes it; `text`, stripped, if it names none."""
    try:
        found = Period.parse(text)
    except ValueError:
        return text.strip()
    return str(found) if found.length > 1 else text.strip()


def chronological(periods: Iterable[str]) -> list[str]:
    """Periods as the data writes them, each once, oldest first (by end year, then start year)."""
    return [str(p) for p in sorted(Period.parse(text) for text in set(periods))]
