"""Rank correlation: does more government involvement go with more export success? (the paper's question)

Spearman's rank correlation between involvement (support score, or level L0-L3) and a SIPRI measure (share
of world exports, or change in volume) for a period, with a permutation p-value: exact, over every
pairing, when n! is small enough, otherwise from random pairings with a fixed seed.

Involvement is the dataset's (the latest, or as of its date), or, with a lag, each country as of December of
the support year: the period's first year less the lag, since deliveries follow orders by years.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats

from fmscompare.choices import Involvement, Performance
from fmscompare.months import Month
from fmscompare.periods import Period
from fmscompare.scoring.score import score_country

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import NDArray

    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


PERFORMANCE_COLUMN = {Performance.SHARE: "share_pct", Performance.GROWTH: "change_pct"}
MAX_LAG = 20  # years between support and the SIPRI window: far beyond any order-to-delivery time


@dataclass(frozen=True)
class RankCorrelation:
    """Spearman's rho over n countries, with its permutation p-value and how it was computed."""

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
    # Permuting the pairings permutes x, and so permutes its ranks: rank x once and permute the centred ranks,
    # rather than ranking every permuted sample again (most of the time, 0.15 s a test). The ranks are whole
    # or half numbers, whose sums are exact, so every statistic is the same number to the last bit.
    ranked_x = stats.rankdata(x)
    centred_x = ranked_x - ranked_x.mean()
    spread_y = (centred_y**2).sum()

    def rho_of(centred: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
        result: NDArray[np.float64] = (centred * centred_y).sum(axis=axis) / np.sqrt(
            (centred**2).sum(axis=axis) * spread_y
        )
        return result

    if distinct <= permutations:  # exact: every pairing, as scipy enumerates them
        result = stats.permutation_test(
            (centred_x,),
            rho_of,
            permutation_type="pairings",
            vectorized=True,
            n_resamples=permutations,
            alternative="two-sided",
            rng=np.random.default_rng(seed),
        )
        p_value = float(result.pvalue)
    else:
        p_value = _random_pairings_p(centred_x, rho_of, permutations, seed)
    rho = float(stats.spearmanr(x, y).statistic)
    return RankCorrelation(n, rho, p_value, distinct <= permutations, min(distinct, permutations))


def _random_pairings_p(
    centred_x: NDArray[np.float64], rho_of: Callable[..., NDArray[np.float64]], permutations: int, seed: int
) -> float:
    """The two-sided p-value over random pairings, computed as `scipy.stats.permutation_test` computes it
    (pairings, vectorised, one batch), to the last bit: the same pairings drawn from the same generator, the
    same statistic, the same tolerance for ties and the same +1 for the observed pairing.

    The pairings depend only on n, their number and the seed, and one command tests many variables over the
    same countries (`correlate --lag 3`: twelve tests, most of 26 countries): they are drawn once for all.
    """
    observed = rho_of(centred_x)
    null = rho_of(centred_x[_pairings(len(centred_x), permutations, seed)])
    gamma = np.abs(np.finfo(np.float64).eps * 100 * observed)
    below = (np.count_nonzero(null <= observed + gamma) + 1) / (permutations + 1)
    above = (np.count_nonzero(null >= observed - gamma) + 1) / (permutations + 1)
    return float(np.clip(min(below, above) * 2, 0.0, 1.0))


@functools.lru_cache(maxsize=2)  # `--lag 3` alternates between 26 countries and 25
def _pairings(n: int, permutations: int, seed: int) -> NDArray[np.integer[Any]]:
    """`permutations` random orders of 0..n-1, one a row, drawn as scipy draws them (one batch of shape
    permutations x 1 x n, each row shuffled by the generator); read-only, as they are shared.

    The last two drawn are kept for the process's next tests, as 16-bit positions where n allows: 5 MB each
    for the default 100,000 pairings of 26 countries, 52 MB at the most the command allows (scipy's own
    array, freed after each test, is four times that)."""
    indices = np.tile(np.arange(n), (permutations, 1, 1))
    drawn = np.random.default_rng(seed).permuted(indices, axis=-1)[:, 0, :]
    kept: NDArray[np.integer[Any]] = drawn.astype(np.int16) if n <= np.iinfo(np.int16).max else drawn
    kept.flags.writeable = False
    return kept


@dataclass(frozen=True)
class Pairs:
    """The countries with both figures, their involvement (x) and SIPRI figure (y), the share of the weight
    known for each (%, as `rank`'s Known), and the countries left out for lack of a SIPRI figure."""

    countries: list[str]
    x: list[float]
    y: list[float]
    known_pct: list[float]
    excluded: list[str]

    @property
    def mean_known_pct(self) -> float | None:
        """The mean share of the weight known over the paired countries, to one decimal (None: no country)."""
        return round(sum(self.known_pct) / len(self.known_pct), 1) if self.known_pct else None


def support_year(period: str, lag: int) -> int:
    """The year whose December the involvement is taken at: the period's first year less the lag."""
    return Period.parse(period).start - lag


def pairs(
    dataset: Dataset,
    weights: Weights,
    period: str,
    involvement: Involvement,
    performance: Performance,
    support_month: Month | None = None,
) -> Pairs:
    """Each country's involvement and SIPRI figure for the period: as the dataset has the country, or with
    `support_month`, as of that month from its dated assessments (an unassessed mechanism is unknown)."""
    figures = dataset.shares.frame().query("period == @period").set_index("iso3")[PERFORMANCE_COLUMN[performance]]
    countries = dataset.countries if support_month is None else [r.as_of(support_month) for r in dataset.records]
    result = Pairs([], [], [], [], [])
    for country in countries:
        value = figures.get(country.iso3)
        if value is None or value != value:  # absent, or NaN: SIPRI gives no figure
            result.excluded.append(country.iso3)
            continue
        score = score_country(country, dataset.mechanisms, weights)
        result.countries.append(country.iso3)
        result.x.append(score.support_score if involvement is Involvement.SCORE else float(score.level.value[1]))
        result.y.append(float(value))
        result.known_pct.append(score.coverage_pct)
    return result


def paired(
    dataset: Dataset, weights: Weights, period: str, involvement: Involvement, performance: Performance
) -> tuple[list[str], list[float], list[float], list[str]]:
    """Countries with both figures, their x and y, and the countries left out for lack of a SIPRI figure."""
    found = pairs(dataset, weights, period, involvement, performance)
    return found.countries, found.x, found.y, found.excluded
