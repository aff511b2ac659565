"""A period's export figures from a SIPRI export, by SIPRI's method.

share = the supplier's TIV ÷ the world's TIV over the period; change = the period's TIV ÷ the previous
period of the same length − 1; rank among states (non-state actors, organisations and "unknown
supplier(s)" count in the world total but are not ranked). Ties share a rank, as `fmscompare.scoring.ranks`
ranks them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fmscompare.errors import UsageError, exclusive
from fmscompare.periods import SIPRI_YEARS, Period
from fmscompare.scoring.ranks import competition_ranks
from fmscompare.sipri.export import SipriExport
from fmscompare.sipri.names import NameMap

RANKED_KINDS = frozenset({"state", "former_state", "no_iso_code"})
# A full export lists well over this many exporting states (130-odd in the 1950-2023 table; 18 in 1950-54
# alone, 60-odd in 2019-2023); an excerpt or a filtered download lists a handful.
MIN_SUPPLIERS = 20


@dataclass(frozen=True)
class PeriodFigures:
    """One period's figures from one export: a row per supplier, and the suppliers with no ISO code."""

    period: Period
    previous: Period | None  # None when the file does not reach back that far
    table: pd.DataFrame  # supplier, iso3, kind, tiv, share_pct, change_pct, previous_tiv, rank
    unmapped: list[str]  # suppliers ranked as states but with no ISO3 in the name table


def windows(export: SipriExport, period: str | None = None, all_periods: bool = False) -> list[Period]:
    """The periods to compute: `period` (any length), every five-year window the file covers (`all_periods`), or
    by default the latest five years it covers."""
    exclusive(period=period, all_periods=all_periods)
    if period is not None:
        try:
            return [Period.parse(period)]
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    complete = complete_periods(export)
    return complete if all_periods else complete[-1:]


def period_figures(export: SipriExport, names: NameMap, period: Period) -> PeriodFigures:
    """Share, change and rank for every supplier with deliveries in the period."""
    first, last = export.years
    if period.start < first or period.end > last:
        raise UsageError(
            f"{export.path} covers {first}-{last} ({export.kind}, data generated {export.generated_text}); "
            f"the period {period} is outside it"
        )
    before = period.previous()
    current = export.tiv[list(period.years)].sum(axis=1)
    has_previous = before.start >= first
    previous = export.tiv[list(before.years)].sum(axis=1) if has_previous else None
    looked_up = [names.lookup(name) for name in export.tiv.index]
    table = pd.DataFrame(
        {
            "supplier": export.tiv.index,
            "iso3": [code for code, _ in looked_up],
            "kind": [kind or "state" for _, kind in looked_up],
            "tiv": current.to_numpy(),
            "share_pct": (100.0 * current / world_tiv(export, period)).to_numpy(),
        }
    )
    if previous is not None:
        base = previous.to_numpy()
        with_base = base > 0
        change = pd.Series(float("nan"), index=table.index)
        change[with_base] = 100.0 * (current.to_numpy()[with_base] / base[with_base] - 1.0)
        table["change_pct"] = change
        table["previous_tiv"] = base
    else:
        table["change_pct"] = float("nan")
        table["previous_tiv"] = float("nan")
    table = table[table["tiv"] > 0]
    ranked_tiv = table["tiv"].where(table["kind"].isin(RANKED_KINDS))
    table["rank"] = pd.array(competition_ranks(ranked_tiv.tolist()), dtype="Int64")
    table = table.sort_values(["rank", "tiv", "supplier"], ascending=[True, False, True], na_position="last")
    unmapped = [
        name for name, (code, kind) in zip(export.tiv.index, looked_up, strict=True) if kind is None and not code
    ]
    present = set(table["supplier"])
    return PeriodFigures(
        period=period,
        previous=before if has_previous else None,
        table=table.reset_index(drop=True),
        unmapped=[name for name in unmapped if name in present],
    )


def world_tiv(export: SipriExport, period: Period) -> float:
    """The world's TIV over a period (0 where the file does not cover a year)."""
    return float(export.world.reindex(list(period.years), fill_value=0.0).sum())


def complete_periods(export: SipriExport, length: int = SIPRI_YEARS) -> list[Period]:
    """Every window of `length` years inside the file's coverage, oldest first."""
    first, last = export.years
    return [Period(start, start + length - 1) for start in range(first, last - length + 2)]


def top_rows(figures: PeriodFigures, top: int | None) -> pd.DataFrame:
    """The rows to show (and write): every supplier, or the ranked top N with ties at the cut."""
    table = figures.table
    if top is None:
        return table
    return table[(table["rank"] <= top).fillna(False)]
