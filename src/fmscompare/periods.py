"""SIPRI five-year periods, written `2017-2021`."""

from __future__ import annotations

import re
from collections.abc import Iterable


def previous_period(period: str) -> str:
    """The window SIPRI compares a period with: same length, just before (2017-2021 -> 2012-2016)."""
    start, end = (int(x) for x in period.split("-"))
    length = end - start + 1
    return f"{start - length}-{end - length}"


def normalise_period(text: str) -> str:
    """Accept what people type: `2017-2021`, `2017–2021` (en dash) or SIPRI's short `2017-21`."""
    wanted = text.strip().replace("–", "-").replace("—", "-")
    short = re.fullmatch(r"(\d{4})-(\d{2})", wanted)
    if short:
        wanted = f"{short.group(1)}-{short.group(1)[:2]}{short.group(2)}"
    return wanted


def chronological(periods: Iterable[str]) -> list[str]:
    """Oldest first, by end year then start year."""
    return sorted(set(periods), key=lambda p: (int(p[5:]), int(p[:4])))
