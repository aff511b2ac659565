"""Rank robustness: how far the ranking depends on the weights (COINr's uncertainty analysis, in numpy).

Each Monte Carlo draw multiplies every weight by `1 + u`, u uniform in [-noise, +noise] and independent per
mechanism (COINr's `get_noisy_weights`; Saisana, Saltelli & Tarantola 2005), rescores every country and
ranks them by `fmscompare.scoring.ranks`' rule. Ranks are counted per country and rank, keeping only the
pairs that occur, so any number of draws needs memory for the countries and the spread of their ranks, and
percentiles are read from those counts exactly.

With unknowns drawn (`UnknownPrior`), each draw also replaces every unknown status (marked `unknown`, or not
given) by yes, partial or no, with the prior's probabilities, independently per cell and per draw. Those come
from a second random stream derived from the seed, so the weight draws are the same with or without them: when
no status is unknown, or every one is drawn `no` (as unknown counts today), the counts are exactly the plain ones.

A second, deterministic check leaves out one mechanism at a time (its weight set to zero) and measures
how far the nominal ranking moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
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
# With unknowns drawn, a block of draws holds draws × countries × mechanisms status values: at most this many.
MAX_CELLS = 2_000_000
UNKNOWN_STREAM = 1  # the unknowns' random stream: default_rng([seed, UNKNOWN_STREAM]); the weights' is seed's own
DRAWN_STATUSES = ("yes", "partial", "no")
PRIOR_TOLERANCE = 1e-3


@dataclass(frozen=True)
class ScoringInputs:
    """The scoring model as arrays: status values (countries × mechanisms) and the weight vector."""

    iso3: list[str]
    names: list[str]
    keys: list[str]
    values: NDArray[np.float64]
    weights: NDArray[np.float64]
    # True where the status is unknown (marked so, or not given), so `values` holds 0 for want of evidence.
    # None: no cell is unknown.
    unknown: NDArray[np.bool_] | None = field(default=None, compare=False)

    def unknown_mask(self) -> NDArray[np.bool_]:
        """countries × mechanisms: True where the status is unknown."""
        if self.unknown is None:
            return np.zeros(self.values.shape, dtype=bool)
        return self.unknown

    def unknown_counts(self) -> NDArray[np.int64]:
        """How many of each country's statuses are unknown."""
        result: NDArray[np.int64] = self.unknown_mask().sum(axis=1).astype(np.int64)
        return result


def scoring_inputs(
    countries: list[schema.Country], mechanisms: list[schema.Mechanism], weights: Weights
) -> ScoringInputs:
    keys = [m.key for m in mechanisms]
    values = np.array(
        [[STATUS_VALUE[c.mechanisms[k].status] if k in c.mechanisms else 0.0 for k in keys] for c in countries],
        dtype=float,
    ).reshape(len(countries), len(keys))
    unknown = np.array(
        [[k not in c.mechanisms or c.mechanisms[k].status == "unknown" for k in keys] for c in countries],
        dtype=bool,
    ).reshape(len(countries), len(keys))
    return ScoringInputs(
        iso3=[c.iso3 for c in countries],
        names=[c.name for c in countries],
        keys=keys,
        values=values,
        weights=np.array([weights.by_key.get(k, 0.0) for k in keys], dtype=float),
        unknown=unknown,
    )


@dataclass(frozen=True)
class UnknownPrior:
    """The probabilities with which an unknown status is drawn as yes, partial or no (they sum to 1)."""

    yes: float = 1 / 3
    partial: float = 1 / 3
    no: float = 1 / 3

    def __post_init__(self) -> None:
        for key, value in zip(DRAWN_STATUSES, self.probabilities, strict=True):
            if not 0 <= value <= 1:
                raise UsageError(Option("unknown_prior"), f": {key}={value:g} is not a probability between 0 and 1")
        total = sum(self.probabilities)
        # Within a thousandth, so that thirds typed as 0.3333 are accepted; the draws divide by the sum.
        if abs(total - 1) > PRIOR_TOLERANCE:
            raise UsageError(
                Option("unknown_prior"), f": the probabilities must sum to 1 (within 0.001); they sum to {total:g}"
            )

    @property
    def probabilities(self) -> tuple[float, float, float]:
        return (self.yes, self.partial, self.no)

    @property
    def uniform(self) -> bool:
        return self == UnknownPrior()


def unknown_prior(text: str | None) -> UnknownPrior:
    """`yes=0.2,partial=0.3,no=0.5` (in any order) as an `UnknownPrior`; None: uniform, 1/3 each."""
    if text is None:
        return UnknownPrior()
    example = "; e.g. yes=0.2,partial=0.3,no=0.5"
    given: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        key, sep, raw = (x.strip() for x in part.partition("="))
        if not sep or key not in DRAWN_STATUSES:
            raise UsageError(Option("unknown_prior"), f": {part!r} is not yes=P, partial=P or no=P{example}")
        if key in given:
            raise UsageError(Option("unknown_prior"), f": {key} is given twice{example}")
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not 0 <= value <= 1:
            raise UsageError(Option("unknown_prior"), f": {key}={raw} is not a probability between 0 and 1")
        given[key] = value
    missing = [key for key in DRAWN_STATUSES if key not in given]
    if missing:
        raise UsageError(
            Option("unknown_prior"), f" needs all of yes, partial and no; missing: {', '.join(missing)}{example}"
        )
    return UnknownPrior(**given)  # which checks that they sum to 1


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
class RankCounts:
    """How often each country held each rank, kept sparse: only the (country, rank) pairs that occurred, so
    memory grows with the countries and the spread of their ranks, not with the square of the countries."""

    n: int
    keys: NDArray[np.int64]  # country × n + (rank - 1), ascending and distinct
    counts: NDArray[np.int64]  # draws with that country at that rank

    @classmethod
    def empty(cls, n: int) -> RankCounts:
        return cls(n, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))

    def add(self, ranks: NDArray[np.int64]) -> RankCounts:
        """These counts plus a block of draws' ranks (draws × countries)."""
        keys = (np.arange(self.n, dtype=np.int64) * self.n + ranks - 1).ravel()
        merged_keys, where = np.unique(np.concatenate([self.keys, keys]), return_inverse=True)
        weights = np.concatenate([self.counts, np.ones(keys.size, dtype=np.int64)])
        merged: NDArray[np.int64] = np.bincount(where, weights=weights).astype(np.int64)
        return RankCounts(self.n, merged_keys.astype(np.int64), merged)

    def dense(self) -> NDArray[np.int64]:
        """[country, rank - 1] as a full n × n table (for tests and small sets only)."""
        out = np.zeros(self.n * self.n, dtype=np.int64)
        out[self.keys] = self.counts
        return out.reshape(self.n, self.n)


@dataclass(frozen=True)
class RankRobustness:
    inputs: ScoringInputs
    nominal_scores: NDArray[np.float64]
    nominal_ranks: NDArray[np.int64]
    counts: RankCounts
    draws: int
    noise: float
    seed: int
    unknowns: UnknownPrior | None = None  # None: statuses stay as they are (unknown counts 0)

    @property
    def rank_counts(self) -> NDArray[np.int64]:
        """[country, r - 1]: draws in which the country held rank r (a full table: small sets only)."""
        return self.counts.dense()

    def rank_percentile(self, q: float) -> NDArray[np.int64]:
        """The q-quantile of each country's simulated ranks (the smallest rank reached in ≥ q of draws)."""
        needed = max(1, math.ceil(q * self.draws - 1e-9))
        n, keys, counts = self.counts.n, self.counts.keys, self.counts.counts
        countries = keys // n
        starts = np.searchsorted(countries, np.arange(n))  # every country is ranked in every draw
        cumulative = np.cumsum(counts)
        before = np.where(starts > 0, cumulative[starts - 1], 0)
        within = cumulative - before[countries]
        candidate = np.where(within >= needed, np.arange(keys.size), keys.size)
        first = np.minimum.reduceat(candidate, starts)
        result: NDArray[np.int64] = (keys[first] % n + 1).astype(np.int64)
        return result

    def rank_probability(self, rank: int) -> NDArray[np.float64]:
        n, keys = self.counts.n, self.counts.keys
        wanted = np.arange(n, dtype=np.int64) * n + rank - 1
        position = np.minimum(np.searchsorted(keys, wanted), max(keys.size - 1, 0))
        held = (keys[position] == wanted) if keys.size else np.zeros(n, dtype=bool)
        result: NDArray[np.float64] = np.where(held, self.counts.counts[position], 0) / self.draws
        return result


def monte_carlo(
    inputs: ScoringInputs, draws: int, noise: float, seed: int, unknowns: UnknownPrior | None = None
) -> RankRobustness:
    """Rank counts over `draws` perturbed weightings (and, with `unknowns`, drawn unknown statuses); the same
    seed always gives the same counts, and the same weight draws whether or not unknowns are drawn."""
    if not 0 <= noise < 1:
        raise UsageError(Option("noise"), f" must be at least 0 and below 1 (a fraction: 0.25 is ±25 %); got {noise:g}")
    if draws < 1:
        raise UsageError(Option("draws"), f" must be at least 1; got {draws}")
    n = len(inputs.iso3)
    nominal = scores_for(inputs.values, inputs.weights[None, :])
    rng = np.random.default_rng(seed)
    drawer = _UnknownDrawer(inputs, unknowns, seed) if unknowns is not None else None
    counts = RankCounts.empty(n)
    done = 0
    while done < draws:
        size = min(CHUNK, draws - done)
        factors = 1.0 + rng.uniform(-noise, noise, size=(size, inputs.weights.size))
        weight_sets = inputs.weights[None, :] * factors  # noise < 1, so every factor is positive
        scores = scores_for(inputs.values, weight_sets)
        if drawer is not None:
            scores = drawer.add(scores, weight_sets)
        ranks = score_ranks_rows(scores)
        counts = counts.add(ranks)
        done += size
    return RankRobustness(
        inputs=inputs,
        nominal_scores=nominal[0],
        nominal_ranks=nominal_ranks(inputs),
        counts=counts,
        draws=draws,
        noise=noise,
        seed=seed,
        unknowns=unknowns,
    )


class _UnknownDrawer:
    """Draws the unknown statuses, block by block, from their own stream, and adds what they score.

    The scores of the known statuses are computed as without unknowns (unknown counts 0); each drawn status adds
    weight × value to its country's score. A draw of `no` adds exactly 0, so the plain scores are kept bit for bit.
    The unknowns of one draw are consecutive in the stream, so the figures do not depend on how draws are blocked.
    """

    def __init__(self, inputs: ScoringInputs, prior: UnknownPrior, seed: int) -> None:
        self.mask = inputs.unknown_mask()
        self.cells = int(self.mask.sum())
        n, m = inputs.values.shape
        self.block = max(1, min(CHUNK, MAX_CELLS // max(1, n * m)))  # depends on n and m only
        self.rng = np.random.default_rng([seed, UNKNOWN_STREAM])
        total = sum(prior.probabilities)
        # Cut points on [0, 1): below the first, yes; below the second, partial; else no. Divided by the total,
        # so a probability of 0 is never drawn even when the three sum to 1 only within rounding.
        self.cuts = np.array([prior.yes / total, (prior.yes + prior.partial) / total])
        self.status_values = np.array([STATUS_VALUE[s] for s in DRAWN_STATUSES])

    def add(self, scores: NDArray[np.float64], weight_sets: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.cells == 0:
            return scores
        n, m = self.mask.shape
        result = scores.copy()
        totals = weight_sets.sum(axis=1, keepdims=True)
        for start in range(0, len(weight_sets), self.block):
            stop = min(start + self.block, len(weight_sets))
            drawn = self.status_values[np.searchsorted(self.cuts, self.rng.random((stop - start, self.cells)), "right")]
            values = np.zeros((stop - start, n, m))
            values[:, self.mask] = drawn
            result[start:stop] += 100.0 * np.einsum("dm,dnm->dn", weight_sets[start:stop], values) / totals[start:stop]
        return result


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
