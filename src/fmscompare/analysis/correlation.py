"""`correlate`: does more government involvement go with more export success? (the paper's own question)

Spearman's rank correlation between involvement (support score, or level L0-L3) and a SIPRI measure (share
of world exports, or change in volume) for a period, with a permutation p-value: exact, over every
pairing, when n! is small enough, otherwise from random pairings with a fixed seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats

from fmscompare.choices import Involvement, Performance
from fmscompare.reports.rank import resolve_period
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.scoring.score import score_country

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


PERFORMANCE_COLUMN = {Performance.SHARE: "share_pct", Performance.GROWTH: "change_pct"}
PERFORMANCE_TEXT = {Performance.SHARE: "SIPRI share", Performance.GROWTH: "change in volume"}
INVOLVEMENT_TEXT = {Involvement.SCORE: "support score", Involvement.LEVEL: "involvement level"}


@dataclass(frozen=True)
class RankCorrelation:
    n: int
    rho: float | None  # None when one variable is constant (Spearman's rho is undefined)
    p_value: float | None
    exact: bool
    permutations: int


def spearman(x: NDArray[np.float64], y: NDArray[np.float64], permutations: int, seed: int) -> RankCorrelation:
    """Spearman's rho (ties averaged) and its two-sided permutation p-value."""
    n = len(x)
    distinct = math.factorial(n)
    if n < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return RankCorrelation(n, None, None, distinct <= permutations, min(distinct, permutations))
    ranked_y = stats.rankdata(y)
    centred_y = ranked_y - ranked_y.mean()

    def rho_of(sample: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
        ranked = stats.rankdata(sample, axis=axis)
        centred = ranked - ranked.mean(axis=axis, keepdims=True)
        result: NDArray[np.float64] = (centred * centred_y).sum(axis=axis) / np.sqrt(
            (centred**2).sum(axis=axis) * (centred_y**2).sum()
        )
        return result

    result = stats.permutation_test(
        (x,),
        rho_of,
        permutation_type="pairings",
        vectorized=True,
        n_resamples=permutations,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    rho = float(stats.spearmanr(x, y).statistic)
    return RankCorrelation(n, rho, float(result.pvalue), distinct <= permutations, min(distinct, permutations))


def _pairs(
    dataset: Dataset, weights: Weights, period: str, involvement: Involvement, performance: Performance
) -> tuple[list[str], list[float], list[float], list[str]]:
    """Countries with both figures, their x and y, and the countries left out for lack of a SIPRI figure."""
    figures = dataset.shares[dataset.shares["period"] == period].set_index("iso3")[PERFORMANCE_COLUMN[performance]]
    used, xs, ys, missing = [], [], [], []
    for country in dataset.countries:
        value = figures.get(country.iso3)
        if value is None or value != value:  # absent, or NaN: SIPRI gives no figure
            missing.append(country.iso3)
            continue
        score = score_country(country, dataset.mechanisms, weights)
        used.append(country.iso3)
        xs.append(score.support_score if involvement is Involvement.SCORE else float(score.level.value[1]))
        ys.append(float(value))
    return used, xs, ys, missing


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
    periods: list[str | None],
    involvements: list[Involvement],
    performances: list[Performance],
    permutations: int,
    seed: int,
) -> Table:
    """One row per period, involvement measure and SIPRI measure."""
    rows: list[dict[str, Any]] = []
    for asked in periods:
        period = resolve_period(dataset, asked)
        for involvement in involvements:
            for performance in performances:
                used, xs, ys, missing = _pairs(dataset, weights, period, involvement, performance)
                result = spearman(np.array(xs), np.array(ys), permutations, seed)
                test = "exact" if result.exact else f"{result.permutations} random pairings, seed {seed}"
                rows.append(
                    {
                        "period": period,
                        "involvement": involvement.value,
                        "performance": performance.value,
                        "n": result.n,
                        "rho": None if result.rho is None else round(result.rho, 3),
                        "p_value": None if result.p_value is None else round(result.p_value, 4),
                        "test": test,
                        "countries": " ".join(used),
                        "excluded": " ".join(missing) or None,
                    }
                )
    columns = (
        Column("period", "Period"),
        Column("involvement", "Involvement"),
        Column("performance", "Against"),
        Column("n", "n", Kind.NUMBER),
        Column("rho", "rho", Kind.NUMBER, show=lambda v: f"{v:+.2f}"),
        Column("p_value", "p", Kind.NUMBER, show=lambda v: f"{v:.3f}"),
        Column("test", "p-value from"),
        Column("countries", "Countries", machine_only=True),
        Column("excluded", "Excluded", machine_only=True),
    )
    excluded = sorted({iso for row in rows if row["excluded"] for iso in row["excluded"].split()})
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
    named = sorted({str(row["period"]) for row in rows}, key=lambda p: p)
    return Table(
        title=f"Does involvement go with export success? SIPRI {', '.join(named)}"
        + (f"; weights: {weights.name}" if uses_weights else "")
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=caption,
    )
