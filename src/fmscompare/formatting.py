"""SIPRI-style rounding and the human formatting of figures.

SIPRI publishes shares and changes as whole numbers from 10 up and with one decimal below. Below 0.1 %
fmscompare keeps two significant figures, so that a small exporter such as Japan (0.0037 %) does not
read as zero.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def sipri_round(value: float) -> float:
    """Round as SIPRI does: whole numbers from 10 up, one decimal below; two significant figures below 0.1."""
    if not math.isfinite(value) or value == 0:
        return value
    d = Decimal(repr(float(value)))
    magnitude = abs(d)
    if magnitude >= 10:
        quantum = Decimal(1)
    elif magnitude >= Decimal("0.1"):
        quantum = Decimal("0.1")
    else:
        quantum = Decimal(1).scaleb(magnitude.adjusted() - 1)
    return float(d.quantize(quantum, rounding=ROUND_HALF_UP))


def format_share(value: float | None) -> str:
    """A share as SIPRI prints it: `39`, `2.8`, `2.0`, `0.0037`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    rounded = sipri_round(value)
    if abs(rounded) >= 10:
        return f"{rounded:.0f}"
    if abs(rounded) >= 0.1 or rounded == 0:
        return f"{rounded:.1f}"
    return format(Decimal(repr(rounded)).normalize(), "f")


def format_change(value: float | None) -> str:
    """A change in volume with its sign: `+59`, `-5.6`, `+1125`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_share(abs(value))
    return text if value == 0 else ("-" if value < 0 else "+") + text


def format_score(value: float) -> str:
    return f"{value:.1f}"


def format_weight(value: float) -> str:
    return f"{value:g}"


def format_coverage(value: float) -> str:
    """Coverage as a whole percentage, half up from the one-decimal figure every table carries (58.5 -> 59)."""
    rounded = Decimal(repr(round(float(value), 1))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{rounded}%"
