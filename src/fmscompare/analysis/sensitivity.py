"""Rank robustness: how far the ranking depends on the weights (COINr's uncertainty analysis, in numpy).

Each Monte Carlo draw multiplies every weight by `1 + u`, u uniform in [-noise, +noise] and independent per
mechanism (COINr's `get_noisy_weights`; Saisana, Saltelli & Tarantola 2005), rescores every country and
ranks them by `fmscompare.scoring.ranks`' rule. Ranks are counted per country, so any number of draws
needs only an n × n table of counts, and percentiles are read from those counts exactly.

A second, deterministic check leaves out one mechanism at a time (its weight set to zero) and measures
how far the nominal ranking moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from fmscompare.errors import Option, UsageError
from fmscompare.scoring.ranks import score_ranks_rows
from fmscompare.scoring.score import STATUS_VALUE

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from fmscompare.dataset import schema
    from fmscompare.scoring.score import Weights

CHUNK = 2000  # draws scored at once: bounds memory; fixed, so a seed gives the same numbers at any count


@dataclass(frozen=True)
class ScoringInputs:
    """The scoring model as arrays: status values (countries × mechanisms) and the weight vector."""

    iso3: list[str]
    names: list[str]
    keys: list[str]
    values: NDArray[np.float64]
    weights: NDArray[np.float64]


def scoring_inputs(
    countries: list[schema.Country], mechanisms: list[schema.Mechanism], weights: Weights
) -> ScoringInputs:
    keys = [m.key for m in mechanisms]
    values = np.array(
        [[STATUS_VALUE[c.mechanisms[k].status] if k in c.mechanisms else 0.0 for k in keys] for c in countries],
        dtype=float,
    ).reshape(len(countries), len(keys))
    return ScoringInputs(
        iso3=[c.iso3 for c in countries],
        names=[c.name for c in countries],
        keys=keys,
        values=values,
        weights=np.array([weights.by_key.get(k, 0.0) for k in keys], dtype=float),
    )


def scores_for(values: NDArray[np.float64], weight_sets: NDArray[np.float64]) -> NDArray[np.float64]:
    """Support scores (draws × countries) for each row of `weight_sets` (draws × mechanisms)."""
    totals = weight_sets.sum(axis=1, keepdims=True)
    result: NDArray[np.float64] = 100.0 * (weight_sets @ values.T) / totals
    return result


def nominal_ranks(inputs: ScoringInputs) -> NDArray[np.int64]:
    """The ranking under the weights as given: the one `rank` prints."""
    ranks: NDArray[np.int64] = score_ranks_rows(scores_for(inputs.values, inputs.weights[None, :]))[0]
    return ranks


@dataclass(frozen=True)
class RankRobustness:
    inputs: ScoringInputs
    nominal_scores: NDArray[np.float64]
    nominal_ranks: NDArray[np.int64]
    rank_counts: NDArray[np.int64]  # [country, r - 1]: draws in which the country held rank r
    draws: int
    noise: float
    seed: int

    def rank_percentile(self, q: float) -> NDArray[np.int64]:
        """The q-quantile of each country's simulated ranks (the smallest rank reached in ≥ q of draws)."""
        needed = max(1, math.ceil(q * self.draws - 1e-9))
        cumulative = np.cumsum(self.rank_counts, axis=1)
        result: NDArray[np.int64] = np.argmax(cumulative >= needed, axis=1) + 1
        return result

    def rank_probability(self, rank: int) -> NDArray[np.float64]:
        result: NDArray[np.float64] = self.rank_counts[:, rank - 1] / self.draws
        return result


def monte_carlo(inputs: ScoringInputs, draws: int, noise: float, seed: int) -> RankRobustness:
    """Rank counts over `draws` perturbed weightings; the same seed always gives the same counts."""
    if not 0 <= noise < 1:
        raise UsageError(Option("noise"), f" must be at least 0 and below 1 (a fraction: 0.25 is ±25 %); got {noise:g}")
    if draws < 1:
        raise UsageError(Option("draws"), f" must be at least 1; got {draws}")
    n = len(inputs.iso3)
    nominal = scores_for(inputs.values, inputs.weights[None, :])
    rng = np.random.default_rng(seed)
    counts = np.zeros((n, n), dtype=np.int64)
    country_offset = np.arange(n) * n
    done = 0
    while done < draws:
        size = min(CHUNK, draws - done)
        factors = 1.0 + rng.uniform(-noise, noise, size=(size, inputs.weights.size))
        weight_sets = inputs.weights[None, :] * factors  # noise < 1, so every factor is positive
        ranks = score_ranks_rows(scores_for(inputs.values, weight_sets))
        counts += np.bincount((country_offset + ranks - 1).ravel(), minlength=n * n).reshape(n, n)
        done += size
    return RankRobustness(
        inputs=inputs,
        nominal_scores=nominal[0],
        nominal_ranks=nominal_ranks(inputs),
        rank_counts=counts,
        draws=draws,
        noise=noise,
        seed=seed,
    )


@dataclass(frozen=True)
class LeftOut:
    key: str
    weight: float
    ranks: NDArray[np.int64]
    shifts: NDArray[np.int64]  # new rank minus nominal rank, per country

    @property
    def total_shift(self) -> int:
        return int(np.abs(self.shifts).sum())


def leave_one_out(inputs: ScoringInputs) -> list[LeftOut]:
    """The nominal ranking with each weighted mechanism left out in turn, most disruptive first."""
    nominal = nominal_ranks(inputs)
    weighted = [i for i, w in enumerate(inputs.weights) if w > 0]
    if not weighted:
        return []
    weight_sets = np.repeat(inputs.weights[None, :], len(weighted), axis=0)
    weight_sets[np.arange(len(weighted)), weighted] = 0.0
    usable = weight_sets.sum(axis=1) > 0
    ranks = np.zeros((len(weighted), len(inputs.iso3)), dtype=np.int64)
    ranks[usable] = score_ranks_rows(scores_for(inputs.values, weight_sets[usable]))
    results = [
        LeftOut(inputs.keys[i], float(inputs.weights[i]), ranks[j], ranks[j] - nominal)
        for j, i in enumerate(weighted)
        if usable[j]
    ]
    # Stable sort: among equal disruption, data order (the order of mechanisms.yaml).
    return sorted(results, key=lambda r: -r.total_shift)
