"""`fmscompare correlate`: Spearman's rho with its permutation test, and what the command reports."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fmscompare.analysis.correlation import spearman
from tests.helpers import DATASET, WIDE, ranked, records


def brute_force_p(x: list[float], y: list[float]) -> float:
    """Two-sided exact p-value as scipy defines it: twice the smaller one-sided tail, at most 1."""
    observed = stats.spearmanr(x, y).statistic
    # Spearman's rho of each reordering of x: Pearson's r of the ranks, every reordering ranked afresh.
    ranks_x = stats.rankdata(np.array(list(itertools.permutations(x))), axis=1)
    ranks_y = stats.rankdata(y)
    dx, dy = ranks_x - ranks_x.mean(axis=1, keepdims=True), ranks_y - ranks_y.mean()
    rhos = (dx @ dy) / np.sqrt((dx**2).sum(axis=1) * (dy**2).sum())
    assert rhos[0] == pytest.approx(observed)  # the first reordering is x as given
    less = np.mean(rhos <= observed + 1e-12)
    greater = np.mean(rhos >= observed - 1e-12)
    return min(1.0, 2 * min(less, greater))


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]),
        ([3.7, 17.1, 43.9, 50.0, 51.2, 58.5, 58.5], [0.024, 5.6, 0.5, 2.2, 9.6, 43, 3.1]),
        ([0, 1, 1, 2, 2, 2, 3], [5, 4, 3, 7, 1, 2, 6]),  # levels: many ties
    ],
)
def test_spearman_exact_p_value_matches_brute_force(x, y):
    result = spearman(np.array(x, float), np.array(y, float), permutations=100_000, seed=0)
    assert result.exact
    assert result.rho == pytest.approx(stats.spearmanr(x, y).statistic)
    assert result.p_value == pytest.approx(brute_force_p(x, y), abs=1e-9)


def test_spearman_large_n_uses_seeded_random_pairings():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=12), rng.normal(size=12)
    a = spearman(x, y, permutations=2000, seed=5)
    assert not a.exact and a.permutations == 2000
    assert a == spearman(x, y, permutations=2000, seed=5)
    assert 0 < a.p_value <= 1


def permutation_test_p(x, y, permutations: int, seed: int) -> float:
    """The p-value as scipy's permutation test gives it for Spearman's rho over random pairings (ranks
    centred, the statistic vectorised): what `spearman` computed before it drew the pairings itself."""
    cx = stats.rankdata(x) - stats.rankdata(x).mean()
    cy = stats.rankdata(y) - stats.rankdata(y).mean()

    def rho_of(centred, axis=-1):
        return (centred * cy).sum(axis=axis) / np.sqrt((centred**2).sum(axis=axis) * (cy**2).sum())

    return stats.permutation_test(
        (cx,),
        rho_of,
        permutation_type="pairings",
        vectorized=True,
        n_resamples=permutations,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    ).pvalue


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=9, max_value=30),
    permutations=st.integers(min_value=100, max_value=3000),
    seed=st.integers(min_value=0, max_value=2**32),
    ties=st.booleans(),
    data=st.randoms(use_true_random=False),
)
def test_random_pairings_give_scipy_s_p_value_to_the_last_bit(n, permutations, seed, ties, data):
    """`spearman` draws the random pairings itself and keeps them for the next test over as many countries;
    the p-value must be scipy's, bit for bit, whatever was computed before."""
    values = [0.0, 1.0, 2.0, 3.0] if ties else None
    x = np.array([data.choice(values) if ties else data.random() for _ in range(n)])
    y = np.array([data.random() for _ in range(n)])
    for values in (x, y):  # a constant variable has no rho (tested below)
        if np.ptp(values) == 0:
            values[0] += 1
    result = spearman(x, y, permutations=permutations, seed=seed)
    assert not result.exact
    assert result.p_value == permutation_test_p(x, y, permutations, seed)
    assert spearman(y, x, permutations=permutations, seed=seed).p_value == permutation_test_p(y, x, permutations, seed)


def test_the_bundled_correlations_keep_scipy_s_p_values():
    """The default: 100,000 pairings of the 26 countries, twelve tests sharing them."""
    rng = np.random.default_rng(3)
    for _ in range(2):
        x, y = rng.integers(0, 4, size=26).astype(float), rng.normal(size=26)
        assert spearman(x, y, permutations=100_000, seed=0).p_value == permutation_test_p(x, y, 100_000, 0)


def test_spearman_undefined_when_a_variable_is_constant():
    result = spearman(np.array([1.0, 1, 1, 1]), np.array([1.0, 2, 3, 4]), permutations=1000, seed=0)
    assert result.rho is None and result.p_value is None


def test_correlate_reports_rho_n_and_p_for_the_latest_period(cli7):
    rows = records(cli7, "correlate")
    assert [(r["involvement"], r["against"]) for r in rows] == [
        ("score", "share"),
        ("score", "growth"),
        ("level", "share"),
        ("level", "growth"),
    ]
    ranks = ranked(cli7)
    shares = [ranks[i]["sipri_share_pct"] for i in rows[0]["countries"]]
    scores = [ranks[i]["support_score"] for i in rows[0]["countries"]]
    first = rows[0]
    assert first["sipri_period"] == "2020-2024" and first["n"] == 7 and first["test"] == "exact"
    assert first["rho"] == pytest.approx(stats.spearmanr(scores, shares).statistic, abs=0.01)
    # Every one of the seven has a 2020-24 change figure (Japan's: +496 %, from 5.7 TIV in 2015-19).
    assert rows[1]["n"] == 7 and rows[1]["excluded"] == []
    # In 2017-21 Japan had none (no deliveries in 2012-16), so growth has n = 6 there.
    earlier = json.loads(cli7("correlate", "--period", "2017-2021", "-f", "json").stdout)
    assert earlier[1]["n"] == 6 and earlier[1]["excluded"] == ["JPN"]


def test_correlate_caption_warns_about_small_n(cli7):
    out = cli7("correlate", "--involvement", "score", "--against", "share", env=WIDE).stdout
    assert "n = 7 countries is small" in out
    assert "correlation is not causation" in out
    assert out.count("2020-2024 score") == 1


def test_correlate_all_periods(cli7):
    rows = records(cli7, "correlate", "--all-periods", "--against", "share", "--involvement", "level")
    assert [r["sipri_period"] for r in rows] == DATASET.periods()
    many = cli7("correlate", "--all-periods", env=WIDE).stdout
    assert "12 tests at once" in many and "not independent" in many
    assert "12 tests" not in cli7("correlate", env=WIDE).stdout


def test_correlate_title_names_weights_only_when_they_matter(cli):
    level = cli("correlate", "--involvement", "level", env=WIDE).stdout.splitlines()[0]
    assert level == "Does involvement go with export success? SIPRI 2020-2024"
    score = cli("correlate", "--involvement", "score", env=WIDE).stdout.splitlines()[0]
    assert score.endswith("; weights: default")


def test_correlate_usage_errors(cli):
    both = cli("correlate", "--period", "2017-2021", "--all-periods")
    assert both.exit_code == 2 and "give --period or --all-periods, not both" in both.stderr
    bad = cli("correlate", "--period", "1990-1994")
    assert bad.exit_code == 2 and "no SIPRI figures for period '1990-1994'" in bad.stderr
    choice = cli("correlate", "--against", "volume")
    assert choice.exit_code == 2
