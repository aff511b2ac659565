"""`sensitivity`: how far the ranking depends on the weights, per country or per left-out mechanism.

The numbers are `fmscompare.analysis.sensitivity`'s; this module lays them out and says how they were made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from fmscompare.analysis.sensitivity import (
    LeftOut,
    RankRobustness,
    ScoringInputs,
    UnknownPrior,
    leave_one_out,
    monte_carlo,
    nominal_ranks,
    scoring_inputs,
)
from fmscompare.errors import Option, UsageError
from fmscompare.formatting import format_score, format_weight
from fmscompare.reports.common import with_provenance
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


def _moves(result: LeftOut, inputs: ScoringInputs, nominal: NDArray[np.int64]) -> list[str]:
    return [
        f"{inputs.iso3[i]} {nominal[i]}->{result.ranks[i]}" for i in np.flatnonzero(result.shifts) if result.shifts[i]
    ]


def _method(robustness: RankRobustness) -> str:
    method = (
        f"Each of {_draws(robustness.draws)} multiplies every weight by 1 + u, u uniform in "
        f"[-{robustness.noise:g}, +{robustness.noise:g}] and independent per mechanism (COINr's recipe; "
        "Saisana, Saltelli & Tarantola 2005), then rescores and reranks every country (scores compared at "
        "one decimal, ties share a rank). Median and 5-95 %: percentiles of the simulated ranks. P(#1): "
        "share of draws in which the country ranks first, alone or tied. Mechanisms weighted zero stay zero. "
    )
    if robustness.unknowns is None:
        return method + (
            "Only the weights vary: statuses, and unknown counted as 0, stay as they are, so a score with low "
            "coverage (Known in rank) is less certain than its interval suggests."
        )
    return method + _unknowns_method(robustness.inputs, robustness.unknowns)


def _unknowns_method(inputs: ScoringInputs, prior: UnknownPrior) -> str:
    mask = inputs.unknown_mask()
    cells = int(mask.sum())
    total = len(inputs.iso3) * len(inputs.keys)
    chances = "1/3 each" if prior.uniform else f"yes {prior.yes:g}, partial {prior.partial:g}, no {prior.no:g}"
    unweighted = int(mask[:, inputs.weights <= 0].sum())
    zero = f"; {unweighted} of them on mechanisms weighted zero, which cannot move a score" if unweighted else ""
    return (
        f"The unknown statuses vary too: {cells} of the {total} country × mechanism statuses are unknown (marked "
        f"so, or not given{zero}), and in each draw each one is drawn, independently, as yes (1), partial (0.5) "
        f"or no (0) with probabilities {chances}, instead of counting as 0. Unknowns: how many of the country's "
        "statuses are drawn. The weight draws are those of the same seed without unknowns drawn."
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
    unknown_counts = inputs.unknown_counts()
    for i in range(len(inputs.iso3)):
        row: dict[str, Any] = {
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
        if robustness.unknowns is not None:
            row["unknowns"] = int(unknown_counts[i])
        rows.append(row)
    rows.sort(key=lambda r: (r["rank"], r["rank_median"], r["country"]))
    columns: tuple[Column, ...] = (
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
    if robustness.unknowns is not None:
        columns = (*columns, Column("unknowns", "Unknowns", Kind.NUMBER))
    caption = _method(robustness)
    if left_out and left_out[0].total_shift > 0:
        worst = left_out[0]
        caption += (
            f" Left out, {worst.key} (weight {format_weight(worst.weight)}) moves the ranking most: "
            f"{', '.join(_moves(worst, inputs, robustness.nominal_ranks))} "
            "(all: fmscompare sensitivity --leave-one-out)."
        )
    elif left_out:
        caption += " Leaving out any one mechanism changes no rank."
    return Table(
        title=(
            f"Rank robustness{'' if robustness.unknowns is None else ' to weights and unknown statuses'}: "
            f"{_draws(robustness.draws)}, weights ±{100 * robustness.noise:g} %, "
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
            "mechanism": result.key,
            "weight": result.weight,
            "total_shift": result.total_shift,
            "mean_shift": round(result.total_shift / n, 2),
            "max_shift": int(np.abs(result.shifts).max()),
            "countries_moved": int(np.count_nonzero(result.shifts)),
            # A country that was not first becomes first; breaking a tie for first does not count.
            "new_leader": [inputs.iso3[i] for i in np.flatnonzero(result.ranks == 1) if i not in leaders],
            "moves": _moves(result, inputs, nominal),
        }
        for result in left_out
    ]
    columns = (
        Column("mechanism", "Left out"),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("total_shift", "Places moved", Kind.NUMBER),
        Column("mean_shift", "Mean shift", Kind.NUMBER, machine_only=True),
        Column("max_shift", "Max", Kind.NUMBER),
        Column("countries_moved", "Countries moved", Kind.NUMBER, machine_only=True),
        Column("new_leader", "New #1", Kind.LIST, show=" ".join),
        Column("moves", "Rank changes", Kind.LIST, show=lambda moves: ", ".join(moves) or "none"),
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
    dataset: Dataset,
    weights: Weights,
    draws: int,
    noise: float,
    seed: int,
    by_mechanism: bool = False,
    unknowns: UnknownPrior | None = None,
) -> Table:
    """The sensitivity report: per country (default), or per left-out mechanism (no Monte Carlo needed).

    With `unknowns`, each draw also draws every unknown status as yes, partial or no with its probabilities.
    """
    if by_mechanism and unknowns is not None:
        raise UsageError(
            Option("leave_one_out"),
            " and ",
            Option("unknowns"),
            " do not combine: leaving a mechanism out reranks the statuses as they are, with no draws",
        )
    inputs = scoring_inputs(dataset.countries, dataset.mechanisms, weights)
    left_out = leave_one_out(inputs)
    if by_mechanism:
        table = leave_one_out_table(inputs, weights, left_out, dataset.as_of_label())
    else:
        robustness = monte_carlo(inputs, draws=draws, noise=noise, seed=seed, unknowns=unknowns)
        table = sensitivity_table(robustness, weights, left_out, dataset.as_of_label())
    return with_provenance(table, dataset, weights)
