"""`correlate`: Spearman's rho between involvement and SIPRI export performance, with its caveats.

The statistics are `fmscompare.analysis.correlation`'s; this module lays them out and says what they can
and cannot show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from fmscompare.analysis.correlation import paired, spearman
from fmscompare.choices import Involvement, Performance
from fmscompare.errors import exclusive
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


def correlations(
    dataset: Dataset,
    weights: Weights,
    period: str | None = None,
    all_periods: bool = False,
    involvement: Involvement | None = None,
    against: Performance | None = None,
    permutations: int = 100_000,
    seed: int = 0,
) -> Table:
    """One row per SIPRI period (`period`, else the latest; every one with `all_periods`), involvement measure
    (`involvement`, else both) and SIPRI measure (`against`, else both)."""
    exclusive(period=period, all_periods=all_periods)
    periods = dataset.periods() if all_periods else [dataset.period(period)]
    involvements = [involvement] if involvement else list(Involvement)
    performances = [against] if against else list(Performance)
    rows: list[dict[str, Any]] = []
    for window in periods:
        for measure in involvements:
            for performance in performances:
                used, xs, ys, missing = paired(dataset, weights, window, measure, performance)
                result = spearman(np.array(xs), np.array(ys), permutations, seed)
                test = "exact" if result.exact else f"{result.permutations} random pairings, seed {seed}"
                rows.append(
                    {
                        "sipri_period": window,
                        "involvement": measure.value,
                        "against": performance.value,
                        "n": result.n,
                        "rho": None if result.rho is None else round(result.rho, 3),
                        "p_value": None if result.p_value is None else round(result.p_value, 4),
                        "test": test,
                        "countries": list(used),
                        "excluded": list(missing),
                    }
                )
    columns = (
        Column("sipri_period", "Period"),
        Column("involvement", "Involvement"),
        Column("against", "Against"),
        Column("n", "n", Kind.NUMBER),
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
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=caption,
    )
    return with_provenance(table, dataset, weights)
