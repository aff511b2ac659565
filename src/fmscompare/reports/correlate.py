"""`correlate`: Spearman's rho between involvement and SIPRI export performance, with its caveats.

The statistics are `fmscompare.analysis.correlation`'s; this module lays them out and says what they can
and cannot show.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from fmscompare.analysis.correlation import MAX_LAG, pairs, spearman, support_year
from fmscompare.choices import Involvement, Performance
from fmscompare.errors import Option, UsageError, exclusive
from fmscompare.formatting import format_coverage
from fmscompare.months import Month
from fmscompare.periods import chronological
from fmscompare.reports.common import with_provenance
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


def _caveat(ns: list[int]) -> str:
    smallest = min(ns) if ns else 0
    return (
        f"Caveat: n = {smallest if len(set(ns)) == 1 else f'{smallest}-{max(ns)}'} countries is small. With so few, "
        "a sizeable rho can arise by chance, and a p-value above 0.05 means the data cannot tell, not that "
        "there is no link. The countries were chosen as notable exporters, not at random, and correlation is "
        "not causation: export success also reflects industry size, alliances, wars and prices."
    )


# Why --lag excludes --as-of and --paper: it sets the date of the assessments itself, one per period.
LAG_FIXES_THE_DATE = ": the lag fixes the support date (December of each period's first year less the lag)"


def check_lag(lag: int | None, as_of: str | None = None, paper: bool = False) -> None:
    """Refuse a lag out of range, or with a date of the assessments (`as_of`, or the paper's picture)."""
    if lag is None:
        return
    if not 0 <= lag <= MAX_LAG:
        raise UsageError(Option("lag"), f" {lag}: expected a whole number of years from 0 to {MAX_LAG}")
    exclusive(LAG_FIXES_THE_DATE, lag=lag, as_of=as_of)
    exclusive(LAG_FIXES_THE_DATE, lag=lag, paper=paper)


def _lag_caption(lag: int) -> str:
    return (
        f" Lag {lag}: each period's SIPRI figures are set against involvement as of December of its support "
        f"year, {lag} year{'' if lag == 1 else 's'} before the period's first year (deliveries follow orders by "
        "years), scored from the assessments dated by then, an unassessed mechanism counting as unknown (0); "
        "Known: the mean share of the weight whose status is known then, over the countries paired. "
        "The evidence before 2023 is sparse, so where Known is low the earlier scores reflect missing evidence "
        "as much as missing support, and a correlation shows a pattern, not a cause."
    )


def correlations(
    dataset: Dataset,
    weights: Weights,
    period: str | None = None,
    all_periods: bool = False,
    involvement: Involvement | None = None,
    against: Performance | None = None,
    permutations: int = 100_000,
    seed: int = 0,
    lag: int | None = None,
) -> Table:
    """One row per SIPRI period (`period`, else the latest; every one with `all_periods`), involvement measure
    (`involvement`, else both) and SIPRI measure (`against`, else both).

    With `lag` (years, 0-20), every period (or `period`) gets a row, with involvement as of December of its
    support year (the period's first year less the lag) and the mean share of the weight then known."""
    exclusive(period=period, all_periods=all_periods)
    check_lag(lag, None if dataset.paper_view else dataset.as_of, dataset.paper_view)
    periods = dataset.periods() if all_periods or (lag is not None and period is None) else [dataset.period(period)]
    involvements = [involvement] if involvement else list(Involvement)
    performances = [against] if against else list(Performance)
    rows: list[dict[str, Any]] = []
    for window in periods:
        for measure in involvements:
            for performance in performances:
                year = None if lag is None else support_year(window, lag)
                found = pairs(dataset, weights, window, measure, performance, None if year is None else Month(year, 12))
                result = spearman(np.array(found.x), np.array(found.y), permutations, seed)
                test = "exact" if result.exact else f"{result.permutations} random pairings, seed {seed}"
                rows.append(
                    {
                        "sipri_period": window,
                        "support_year": year,
                        "involvement": measure.value,
                        "against": performance.value,
                        "n": result.n,
                        "mean_known_pct": found.mean_known_pct,
                        "rho": None if result.rho is None else round(result.rho, 3),
                        "p_value": None if result.p_value is None else round(result.p_value, 4),
                        "test": test,
                        "countries": list(found.countries),
                        "excluded": list(found.excluded),
                    }
                )
    lagged = lag is not None
    columns = (
        Column("sipri_period", "Period"),
        *((Column("support_year", "Support", Kind.NUMBER),) if lagged else ()),
        Column("involvement", "Involvement"),
        Column("against", "Against"),
        Column("n", "n", Kind.NUMBER),
        *((Column("mean_known_pct", "Known", Kind.NUMBER, show=format_coverage),) if lagged else ()),
        Column("rho", "rho", Kind.NUMBER, show=lambda v: f"{v:+.2f}"),
        Column("p_value", "p", Kind.NUMBER, show=lambda v: f"{v:.3f}"),
        Column("test", "p-value from"),
        Column("countries", "Countries", Kind.LIST, machine_only=True),
        Column("excluded", "Excluded", Kind.LIST, machine_only=True),
    )
    excluded = sorted({iso for row in rows for iso in row["excluded"]})
    caption = (
        "Spearman's rank correlation (ties share the mean rank) between involvement (the support score, or "
        "the level L0-L3) and SIPRI export performance (share of world exports, or change in volume against "
        "the previous five years); rho runs from -1 to +1, positive when more involvement goes with more "
        "exports. p: two-sided, from the permutation distribution of rho (exact over all n! pairings when "
        f"n! ≤ {permutations}). "
        + (f"Left out where the data has no SIPRI figure: {', '.join(excluded)}. " if excluded else "")
        + _caveat([row["n"] for row in rows])
        + (_lag_caption(lag) if lag is not None else "")
        + (
            f" {len(rows)} tests at once: some p-values can fall below 0.05 by chance alone, and overlapping "
            "SIPRI periods share years, so their rows are not independent evidence."
            if len(rows) > 4
            else ""
        )
    )
    uses_weights = any(row["involvement"] == Involvement.SCORE.value for row in rows)
    named = chronological(str(row["sipri_period"]) for row in rows)
    table = Table(
        title=f"Does involvement go with export success? SIPRI {', '.join(named)}"
        + (f"; weights: {weights.name}" if uses_weights else "")
        + dataset.as_of_label()
        + ("" if lag is None else f"; support {lag} year{'' if lag == 1 else 's'} before each period"),
        columns=columns,
        rows=rows,
        caption=caption,
    )
    table = with_provenance(table, dataset, weights)
    if lag is None:
        return table
    # Each row's assessments are as of December of its support year: the `as_of` every file records.
    return replace(table, rows=[{**row, "as_of": str(Month(row["support_year"], 12))} for row in table.rows])
