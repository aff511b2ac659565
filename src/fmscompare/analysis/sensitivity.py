"""`sensitivity`: how far the ranking depends on the weights (COINr's uncertainty analysis, in numpy).

Each Monte Carlo draw multiplies every weight by `1 + u`, u uniform in [-noise, +noise] and independent per
mechanism (COINr's `get_noisy_weights`; Saisana, Saltelli & Tarantola 2005), rescores every country and
ranks them. Ranks are counted per country, so any number of draws needs only an n × n table of counts,
and percentiles are read from those counts exactly. Scores are compared at one decimal, as `rank` shows
them, so countries that look tied are ranked as tied.

A second, deterministic check leaves out one mechanism at a time (its weight set to zero) and measures
how far the nominal ranking moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from fmscompare.errors import UsageError
from fmscompare.formatting import format_score, format_weight
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.scoring.score import STATUS_VALUE

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights

CHUNK = 2000  # draws scored at once: bounds memory; fixed, so a seed gives the same numbers at any --draws


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


def ranks_of(scores: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks (1, 2, 2, 4) per row, highest score first, scores compared at one decimal.

    The same ranks as pandas' `rank(axis=1, method="min", ascending=False)` (a test checks), in numpy
    alone and several times faster on the 2 000 × 200 blocks of a large Monte Carlo.
    """
    # Scores at one decimal, as whole tenths, negated so that an ascending sort puts the highest first:
    # `np.round(x, 1)` is `rint(10 x) / 10`, so equal tenths are exactly equal rounded scores. Scores are
    # 0-100, so the tenths fit int32, which sorts faster than floats.
    tenths = (-np.rint(scores * 10)).astype(np.int32)
    width = tenths.shape[1]
    order = np.argsort(tenths, axis=1)  # the order among tied scores is irrelevant: they share a rank
    ordered = np.take_along_axis(tenths, order, axis=1)
    # Each tied group starts where the score changes; every member takes its start position as rank.
    starts = np.zeros(ordered.shape, dtype=np.int64)
    starts[:, 1:] = np.where(ordered[:, 1:] != ordered[:, :-1], np.arange(1, width), 0)
    np.maximum.accumulate(starts, axis=1, out=starts)
    result: NDArray[np.int64] = np.empty_like(starts)
    np.put_along_axis(result, order, starts + 1, axis=1)
    return result


def nominal_ranks(inputs: ScoringInputs) -> NDArray[np.int64]:
    """The ranking under the weights as given: the one `rank` prints."""
    ranks: NDArray[np.int64] = ranks_of(scores_for(inputs.values, inputs.weights[None, :]))[0]
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
        raise UsageError(f"--noise must be at least 0 and below 1 (a fraction: 0.25 is ±25 %); got {noise:g}")
    if draws < 1:
        raise UsageError(f"--draws must be at least 1; got {draws}")
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
        ranks = ranks_of(scores_for(inputs.values, weight_sets))
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
    ranks[usable] = ranks_of(scores_for(inputs.values, weight_sets[usable]))
    results = [
        LeftOut(inputs.keys[i], float(inputs.weights[i]), ranks[j], ranks[j] - nominal)
        for j, i in enumerate(weighted)
        if usable[j]
    ]
    # Stable sort: among equal disruption, data order (the order of mechanisms.yaml).
    return sorted(results, key=lambda r: -r.total_shift)


def _moves(result: LeftOut, inputs: ScoringInputs, nominal: NDArray[np.int64]) -> str:
    moved = [
        f"{inputs.iso3[i]} {nominal[i]}->{result.ranks[i]}" for i in np.flatnonzero(result.shifts) if result.shifts[i]
    ]
    return ", ".join(moved) if moved else "none"


def _method(robustness: RankRobustness) -> str:
    return (
        f"Each of {_draws(robustness.draws)} multiplies every weight by 1 + u, u uniform in "
        f"[-{robustness.noise:g}, +{robustness.noise:g}] and independent per mechanism (COINr's recipe; "
        "Saisana, Saltelli & Tarantola 2005), then rescores and reranks every country (scores compared at "
        "one decimal, ties share a rank). Median and 5-95 %: percentiles of the simulated ranks. P(#1): "
        "share of draws in which the country ranks first, alone or tied. Mechanisms weighted zero stay zero. "
        "Only the weights vary: statuses, and unknown counted as 0, stay as they are, so a score with low "
        "coverage (Known in rank) is less certain than its interval suggests."
    )


def _draws(count: int) -> str:
    return f"{count} draw" if count == 1 else f"{count} draws"


def sensitivity_table(
    robustness: RankRobustness, weights: Weights, left_out: list[LeftOut], as_of_label: str = ""
) -> Table:
    """Per country: nominal rank and score, median rank, 5th-95th percentile interval, P(rank 1)."""
    inputs = robustness.inputs
    p05, p50, p95 = (robustness.rank_percentile(q) for q in (0.05, 0.5, 0.95))
    first = robustness.rank_probability(1)
    rows: list[dict[str, Any]] = []
    for i in range(len(inputs.iso3)):
        rows.append(
            {
                "rank": int(robustness.nominal_ranks[i]),
                "country": inputs.names[i],
                "iso3": inputs.iso3[i],
                "support_score": round(float(robustness.nominal_scores[i]), 1),
                "rank_median": int(p50[i]),
                "rank_p05": int(p05[i]),
                "rank_p95": int(p95[i]),
                "rank_interval": f"{p05[i]}-{p95[i]}" if p05[i] != p95[i] else str(p05[i]),
                "prob_rank_1": round(float(first[i]), 4),
            }
        )
    rows.sort(key=lambda r: (r["rank"], r["rank_median"], r["country"]))
    columns = (
        Column("rank", "#", Kind.NUMBER),
        Column("country", "Country"),
        Column("iso3", "ISO3"),
        Column("support_score", "Score", Kind.NUMBER, show=format_score),
        Column("rank_median", "Median", Kind.NUMBER),
        Column("rank_interval", "5-95 %", Kind.NUMBER, human_only=True),
        Column("rank_p05", "Rank p05", Kind.NUMBER, machine_only=True),
        Column("rank_p95", "Rank p95", Kind.NUMBER, machine_only=True),
        Column("prob_rank_1", "P(#1)", Kind.NUMBER, show=lambda v: f"{100 * v:.1f}%"),
    )
    caption = _method(robustness)
    if left_out and left_out[0].total_shift > 0:
        worst = left_out[0]
        caption += (
            f" Left out, {worst.key} (weight {format_weight(worst.weight)}) moves the ranking most: "
            f"{_moves(worst, inputs, robustness.nominal_ranks)} (all: fmscompare sensitivity --leave-one-out)."
        )
    elif left_out:
        caption += " Leaving out any one mechanism changes no rank."
    return Table(
        title=(
            f"Rank robustness: {_draws(robustness.draws)}, weights ±{100 * robustness.noise:g} %, "
            f"seed {robustness.seed}; weights: {weights.name}{as_of_label}"
        ),
        columns=columns,
        rows=rows,
        caption=caption,
    )


def leave_one_out_table(
    inputs: ScoringInputs, weights: Weights, left_out: list[LeftOut], as_of_label: str = ""
) -> Table:
    """Per mechanism: how far the nominal ranking moves when that mechanism's weight is set to zero."""
    n = len(inputs.iso3)
    nominal = nominal_ranks(inputs)
    leaders = set(np.flatnonzero(nominal == 1))
    rows = [
        {
            "key": result.key,
            "weight": result.weight,
            "total_shift": result.total_shift,
            "mean_shift": round(result.total_shift / n, 2),
            "max_shift": int(np.abs(result.shifts).max()),
            "countries_moved": int(np.count_nonzero(result.shifts)),
            # A country that was not first becomes first; breaking a tie for first does not count.
            "new_leader": " ".join(inputs.iso3[i] for i in np.flatnonzero(result.ranks == 1) if i not in leaders)
            or None,
            "moves": _moves(result, inputs, nominal),
        }
        for result in left_out
    ]
    columns = (
        Column("key", "Left out"),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("total_shift", "Places moved", Kind.NUMBER),
        Column("mean_shift", "Mean shift", Kind.NUMBER, machine_only=True),
        Column("max_shift", "Max", Kind.NUMBER),
        Column("countries_moved", "Countries moved", Kind.NUMBER, machine_only=True),
        Column("new_leader", "New #1", missing=""),
        Column("moves", "Rank changes"),
    )
    caption = (
        "Each row sets one mechanism's weight to zero and reranks (scores at one decimal, ties share a rank). "
        "Places moved: the sum over countries of |new rank - nominal rank|; Max: the largest single move. "
        "New #1: a country that ranks first without it but not with it. Rank changes: ISO3 nominal->new. "
        "Mechanisms weighted zero are not listed."
    )
    return Table(
        title=f"Leave one mechanism out: which moves the ranking most; weights: {weights.name}{as_of_label}",
        columns=columns,
        rows=rows,
        caption=caption,
    )


def sensitivity(
    dataset: Dataset, weights: Weights, draws: int, noise: float, seed: int, by_mechanism: bool = False
) -> Table:
    """The sensitivity report: per country (default), or per left-out mechanism (no Monte Carlo needed)."""
    inputs = scoring_inputs(dataset.countries, dataset.mechanisms, weights)
    left_out = leave_one_out(inputs)
    if by_mechanism:
        return leave_one_out_table(inputs, weights, left_out, dataset.as_of_label())
    robustness = monte_carlo(inputs, draws=draws, noise=noise, seed=seed)
    return sensitivity_table(robustness, weights, left_out, dataset.as_of_label())
