"""`fmscompare sensitivity`: rank robustness under noisy weights (Monte Carlo) and with one mechanism left out."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmscompare.analysis.sensitivity import leave_one_out, monte_carlo, scoring_inputs
from fmscompare.scoring.weights import preset_weights
from tests.helpers import DATASET, PAPER, WIDE, ranked, records

DEFAULT = preset_weights(DATASET.mechanisms, DATASET.presets, DATASET.default_rationale, "default")


def test_sensitivity_nominal_ranks_are_the_ranking(cli7):
    rows = records(cli7, "sensitivity", "--draws", "500")
    ranks = ranked(cli7)
    assert {r["iso3"]: r["rank"] for r in rows} == {k: v["rank"] for k, v in ranks.items()}


def test_sensitivity_without_noise_reproduces_the_nominal_ranking(cli):
    rows = records(cli, "sensitivity", "--noise", "0", "--draws", "50")
    for row in rows:
        assert row["rank_median"] == row["rank_p05"] == row["rank_p95"] == row["rank"]
        assert row["prob_rank_1"] == (1.0 if row["rank"] == 1 else 0.0)


def test_sensitivity_known_answers_at_25_percent(cli7):
    """USA and Israel tie at 58.5; with noisy weights each leads about half the time; the tail never does."""
    rows = {r["iso3"]: r for r in records(cli7, "sensitivity", "--draws", "4000", "--seed", "7", *PAPER)}
    assert 0.35 < rows["USA"]["prob_rank_1"] < 0.65
    assert 0.35 < rows["ISR"]["prob_rank_1"] < 0.65
    assert rows["JPN"]["rank_p05"] == rows["JPN"]["rank_p95"] == 7
    assert rows["DEU"]["rank_median"] == 6


def test_sensitivity_is_reproducible_with_a_seed(cli):
    first = cli("sensitivity", "--draws", "3000", "--seed", "42", "-f", "csv").stdout
    assert cli("sensitivity", "--draws", "3000", "--seed", "42", "-f", "csv").stdout == first
    other = [cli("sensitivity", "--draws", "3000", "--seed", str(s), "-f", "csv").stdout for s in (1, 2, 3)]
    assert any(o != first for o in other)


def test_sensitivity_names_the_most_disruptive_mechanism(cli7):
    out = cli7("sensitivity", "--draws", "100", *PAPER, env=WIDE).stdout
    assert "Left out, g2g_contracting (weight 3) moves the ranking most: USA 1->2, FRA 3->4, ISR 1->2, KOR 4->1" in out
    assert out.splitlines()[0] == (
        "Rank robustness: 100 draws, weights ±25 %, seed 0; weights: default; the paper's own claims"
    )
    assert "Only the weights vary" in out
    one = cli7("sensitivity", "--draws", "1", env=WIDE).stdout
    assert one.startswith("Rank robustness: 1 draw, ")


def test_leave_one_out_table(cli7):
    rows = records(cli7, "sensitivity", "--leave-one-out", *PAPER)
    g2g = next(r for r in rows if r["mechanism"] == "g2g_contracting")
    assert g2g["total_shift"] == 6 and g2g["new_leader"] == ["KOR"]
    assert rows[0]["mechanism"] == "g2g_contracting"
    # Breaking the USA-Israel tie for first is not a new leader.
    diplomacy = next(r for r in rows if r["mechanism"] == "defense_diplomacy")
    assert diplomacy["moves"] == ["ISR 1->2"] and diplomacy["new_leader"] == []
    # The five leaders all have an export agency: leaving it out moves nobody.
    assert next(r for r in rows if r["mechanism"] == "export_agency")["moves"] == []
    assert {r["mechanism"] for r in rows} == {m.key for m in DATASET.mechanisms}  # all weighted under default
    assert [r["total_shift"] for r in rows] == sorted((r["total_shift"] for r in rows), reverse=True)
    zero = records(cli7, "sensitivity", "--leave-one-out", "--preset", "promotion", *PAPER)
    assert "security_rnd" not in {r["mechanism"] for r in zero}  # weighted 0: nothing to leave out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--noise", "1"], "--noise must be at least 0 and below 1"),
        (["--noise", "-0.1"], "--noise must be at least 0 and below 1"),
        (["--draws", "0"], "Invalid value for '--draws'"),
        (["--seed", "-1"], "Invalid value for '--seed'"),
    ],
)
def test_sensitivity_bad_options(cli, args, message):
    result = cli("sensitivity", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


inputs_strategy = st.integers(2, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=5, max_size=5), min_size=n, max_size=n),
        st.lists(st.floats(0.1, 5), min_size=5, max_size=5),
    )
)


def synthetic(values: list[list[float]], weights: list[float]):
    from fmscompare.analysis.sensitivity import ScoringInputs

    n = len(values)
    return ScoringInputs(
        iso3=[f"C{i:02d}" for i in range(n)],
        names=[f"Country {i}" for i in range(n)],
        keys=[f"m{j}" for j in range(5)],
        values=np.array(values, dtype=float),
        weights=np.array(weights, dtype=float),
    )


@settings(max_examples=40, deadline=None)
@given(inputs_strategy, st.integers(0, 2**32 - 1), st.integers(1, 3000), st.floats(0, 0.9))
def test_monte_carlo_invariants(data, seed, draws, noise):
    inputs = synthetic(*data)
    n = len(inputs.iso3)
    first = monte_carlo(inputs, draws=draws, noise=noise, seed=seed)
    again = monte_carlo(inputs, draws=draws, noise=noise, seed=seed)
    assert np.array_equal(first.rank_counts, again.rank_counts)  # reproducible with a seed
    assert (first.rank_counts.sum(axis=1) == draws).all()  # every country ranked in every draw
    p05, p50, p95 = (first.rank_percentile(q) for q in (0.05, 0.5, 0.95))
    assert ((p05 >= 1) & (p05 <= p50) & (p50 <= p95) & (p95 <= n)).all()
    assert ((first.nominal_ranks >= 1) & (first.nominal_ranks <= n)).all()
    assert first.rank_probability(1).min() >= 0 and first.rank_probability(1).max() <= 1
    assert first.rank_probability(1).sum() >= 1 - 1e-9  # someone is first in every draw (ties count for all)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda width: st.lists(
            # Few distinct values, some a hair either side of a rounding edge (x.x5), so ties are common.
            st.lists(
                # 0.15, 41.45, 2.675: ten times each lands on a half as a float, though the value is below it.
                st.sampled_from([0.0, 0.15, 2.675, 12.5, 12.45, 12.449999, 12.55, 41.45, 50.0, 99.96, 100.0]),
                min_size=width,
                max_size=width,
            ),
            min_size=1,
            max_size=20,
        )
    )
)
def test_the_monte_carlo_ranks_as_rank_does(rows: list[list[float]]) -> None:
    """The numpy ranking of many rows at once gives, row by row, the one rule's ranks (and pandas' on one-decimal
    scores): the Monte Carlo's nominal ranks are `rank`'s."""
    import pandas as pd

    from fmscompare.scoring.ranks import score_key, score_ranks, score_ranks_rows

    scores = np.array(rows, dtype=float)
    ranked = score_ranks_rows(scores)
    assert [list(row) for row in ranked] == [score_ranks(list(row)) for row in rows]
    keys = pd.DataFrame([[score_key(s) for s in row] for row in rows])
    assert np.array_equal(ranked, keys.rank(axis=1, method="min", ascending=False).to_numpy(dtype=np.int64))


def test_monte_carlo_percentiles_match_numpy():
    """The counts-based percentiles equal numpy's `inverted_cdf` percentiles of the raw simulated ranks."""
    from fmscompare.analysis.sensitivity import CHUNK, scores_for
    from fmscompare.scoring.ranks import score_ranks_rows as ranks_of

    inputs = scoring_inputs(DATASET.countries, DATASET.mechanisms, DEFAULT)
    draws = CHUNK  # one chunk, so the raw draws can be regenerated here with the same generator
    result = monte_carlo(inputs, draws=draws, noise=0.4, seed=3)
    rng = np.random.default_rng(3)
    weights = inputs.weights[None, :] * (1 + rng.uniform(-0.4, 0.4, size=(draws, inputs.weights.size)))
    raw = ranks_of(scores_for(inputs.values, weights))
    for q in (0.05, 0.5, 0.95):
        expected = np.percentile(raw, 100 * q, axis=0, method="inverted_cdf")
        assert np.array_equal(result.rank_percentile(q), expected)
    assert np.allclose(result.rank_probability(1), (raw == 1).mean(axis=0))


def test_leave_one_out_known_answer():
    inputs = synthetic([[1, 0, 0, 0, 0], [0, 1, 1, 0, 0]], [3, 1, 1, 1, 1])
    results = {r.key: r for r in leave_one_out(inputs)}
    # Nominal: C00 3/7, C01 2/7. Without m0, C00 scores 0 and drops to 2nd.
    assert list(results["m0"].ranks) == [2, 1]
    assert results["m0"].total_shift == 2
    assert results["m3"].total_shift == 0


def test_sensitivity_and_spectrum_scale_to_200_synthetic_countries(cli, tmp_path):
    from bench.synthetic import synthetic_dataset

    folder = synthetic_dataset(tmp_path / "big", 200)
    rows = records(cli, "--data-dir", str(folder), "sensitivity", "--draws", "1000")
    assert len(rows) == 200
    assert all(1 <= r["rank_p05"] <= r["rank_median"] <= r["rank_p95"] <= 200 for r in rows)
    assert len(records(cli, "--data-dir", str(folder), "spectrum")) == 200


def test_rank_counts_are_sparse_and_read_as_the_full_table_would_be():
    """The counts keep only the (country, rank) pairs that occur, so memory follows the countries, not their
    square; percentiles and P(#1) read from them equal those of the full n × n table."""
    from fmscompare.analysis.sensitivity import ScoringInputs, monte_carlo

    rng = np.random.default_rng(5)
    n, m = 600, 17
    inputs = ScoringInputs(
        iso3=[f"C{i:03d}" for i in range(n)],
        names=[f"Country {i}" for i in range(n)],
        keys=[f"k{j}" for j in range(m)],
        values=rng.choice([0.0, 0.5, 1.0], size=(n, m)),
        weights=rng.uniform(0.5, 3.0, size=m),
    )
    result = monte_carlo(inputs, draws=300, noise=0.25, seed=1)
    assert result.counts.keys.size < n * n / 5  # at most each country's spread of ranks, far below n × n
    dense = result.rank_counts
    assert (dense.sum(axis=1) == 300).all()
    for q in (0.05, 0.5, 0.95):
        expected = np.argmax(np.cumsum(dense, axis=1) >= max(1, int(np.ceil(q * 300 - 1e-9))), axis=1) + 1
        assert np.array_equal(result.rank_percentile(q), expected)
    assert np.array_equal(result.rank_probability(1), dense[:, 0] / 300)
    assert np.array_equal(result.rank_probability(7), dense[:, 6] / 300)
