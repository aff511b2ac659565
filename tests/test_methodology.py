"""`mechanisms`, `compare`, `spectrum`, `sensitivity` and `correlate`, as an analyst runs them."""

from __future__ import annotations

import csv
import io
import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from fmscompare.analysis.correlation import spearman
from fmscompare.analysis.sensitivity import leave_one_out, monte_carlo, scoring_inputs
from fmscompare.dataset.loading import load_dataset
from fmscompare.reports.spectrum import score_bar
from fmscompare.scoring.weights import preset_weights

DATASET = load_dataset()
DEFAULT = preset_weights(DATASET.mechanisms, DATASET.presets, DATASET.default_rationale, "default")
WIDE = {"COLUMNS": "1000"}  # one line per paragraph, so phrases can be searched whole
PAPER = ("--paper",)  # the paper's own claims: known answers computed by hand from its statuses


def records(cli, *args: str) -> list[dict]:
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ranked(cli, *args: str) -> dict[str, dict]:
    return {row["iso3"]: row for row in records(cli, "rank", *args)}


# mechanisms ------------------------------------------------------------------------------------------------


def test_mechanisms_lists_every_criterion_with_its_recommendation(cli):
    rows = records(cli, "mechanisms")
    assert len(rows) == len(DATASET.mechanisms) == 17
    by_key = {r["key"]: r for r in rows}
    assert by_key["g2g_contracting"] == {
        "key": "g2g_contracting",
        "label": "G2G contracting",
        "stage": "g2g",
        "weight": 3,
        "weight_share_pct": 14.6,  # 3 / 20.5
        "default_weight": 3,
        "recommendation": 1,
        "recommendation_text": "Utilize G2G transactions (make the Japanese government a contracting party)",
        "definition": "The government signs the sale as a contracting party.",
        "rubric_yes": DATASET.mechanisms[8].rubric.yes,
        "rubric_partial": DATASET.mechanisms[8].rubric.partial,
        "rubric_no": "Sales are contracted by industry alone.",
    }
    assert DATASET.mechanisms[8].key == "g2g_contracting"
    assert sum(r["weight_share_pct"] for r in rows) == pytest.approx(100, abs=0.5)


def test_mechanisms_shows_the_chosen_preset(cli):
    rows = {r["key"]: r for r in records(cli, "mechanisms", "--preset", "guarantees")}
    assert rows["government_guarantee"]["weight"] == 4
    assert rows["government_guarantee"]["default_weight"] == 2
    assert rows["security_rnd"]["weight"] == 0
    table = cli("mechanisms", "--preset", "guarantees", env=WIDE).stdout
    assert table.startswith("Scoring criteria; weights: guarantees\n")
    assert "increasing levels of government involvement" in table  # the preset's rationale


def test_mechanisms_csv_header(cli):
    header = cli("mechanisms", "-f", "csv").stdout.splitlines()[0]
    assert header == (
        "key,label,stage,weight,weight_share_pct,default_weight,recommendation,definition,recommendation_text,"
        "rubric_yes,rubric_partial,rubric_no"
    )


# compare ---------------------------------------------------------------------------------------------------


def test_compare_table_shows_statuses_points_and_totals(cli):
    result = cli("compare", "france", "australia", "korea", *PAPER, env=WIDE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Compared: France, Australia, South Korea; weights: default; the paper's own claims"
    g2g = next(line for line in lines if line.startswith(" G2G contracting"))
    assert g2g.split()[-5:] == ["yes", "14.6", "yes", "14.6", "no†"]  # the paper's "no"; the sources say yes
    score = next(line for line in lines if line.startswith(" Score"))
    assert score.split()[-4:] == ["Score", "51.2", "48.8", "50.0"]  # the paper's own claims
    assert "†: the sources show otherwise (compare without --paper)." in " ".join(result.stdout.split())
    assert "total weight 20.5" in result.stdout
    model = next(line for line in lines if line.startswith(" Model"))
    assert model.split()[-3:] == ["G2G", "G2G", "DCS"]


def test_compare_totals_match_rank_and_points_add_up(cli):
    rows = records(cli, "compare", "usa", "japan")
    mechanisms = [r for r in rows if r["stage"] is not None]
    summary = {r["key"]: r for r in rows if r["stage"] is None}
    ranks = ranked(cli)
    for iso3 in ("usa", "jpn"):
        total = sum(r[f"{iso3}_points"] for r in mechanisms)
        assert total == pytest.approx(summary["support_score"][f"{iso3}_points"], abs=0.1)
        assert summary["support_score"][f"{iso3}_points"] == ranks[iso3.upper()]["support_score"]
        assert summary["level"][f"{iso3}_status"] == ranks[iso3.upper()]["level"]
    assert summary["contracting_model"]["usa_status"] == "fms"


def test_compare_csv_is_a_matrix(cli):
    text = cli("compare", "fr", "il", "-f", "csv").stdout
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == [
        "key",
        "label",
        "stage",
        "weight",
        "fra_status",
        "fra_points",
        "fra_status_at_paper_date",
        "fra_paper_claim_differs",
        "isr_status",
        "isr_points",
        "isr_status_at_paper_date",
        "isr_paper_claim_differs",
    ]
    assert [r["key"] for r in table[-4:]] == ["support_score", "coverage_pct", "contracting_model", "level"]
    assert table[-1]["fra_status"] == "L2"


def test_compare_differences_only(cli):
    rows = records(cli, "compare", "france", "israel", "--differences")
    keys = [r["key"] for r in rows if r["stage"] is not None]
    assert "export_agency" not in keys  # both yes
    assert "g2g_contracting" not in keys  # both yes
    assert all(r["fra_status"] != r["isr_status"] for r in rows if r["stage"] is not None)
    assert rows[-1]["key"] == "level"  # the totals stay


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["france"], "compare needs at least two countries"),
        (["france", "FR"], "France is named twice"),
        (["france", "austrlia"], "unknown country 'austrlia'; did you mean 'Australia'?"),
    ],
)
def test_compare_usage_errors(cli, args, message):
    result = cli("compare", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


# spectrum --------------------------------------------------------------------------------------------------


def test_spectrum_places_countries_in_bands_as_the_paper_does(cli7):
    rows = records(cli7, "spectrum", *PAPER)
    bands = {r["iso3"]: r["contracting_model"] for r in rows}
    assert bands == {
        "KOR": "dcs",
        "DEU": "dcs",
        "JPN": "dcs",
        "ISR": "g2g",
        "FRA": "g2g",
        "AUS": "g2g",
        "USA": "fms",
    }
    # Bands left to right, highest score first inside each.
    assert [r["iso3"] for r in rows] == ["KOR", "DEU", "JPN", "ISR", "FRA", "AUS", "USA"]
    assert [r["band_position"] for r in rows] == [1, 1, 1, 2, 2, 2, 3]
    scores = ranked(cli7, *PAPER)
    assert all(r["support_score"] == scores[r["iso3"]]["support_score"] for r in rows)


def test_spectrum_today_moves_korea_germany_and_australia(cli):
    """Against the paper's own claims: KOTRA's G2G contracts (since 2012, which the paper missed), Germany's
    surplus sales and G2G pilot, Japan's PAC-3 sale from its stock; Australia's one FMS-like deal is partial."""
    bands = {r["iso3"]: r["contracting_model"] for r in records(cli, "spectrum")}
    assert (bands["KOR"], bands["DEU"], bands["AUS"], bands["JPN"]) == ("g2g", "g2g", "g2g", "g2g")
    paper = {r["iso3"]: r["contracting_model"] for r in records(cli, "spectrum", *PAPER)}
    assert (paper["KOR"], paper["DEU"], paper["AUS"], paper["JPN"]) == ("dcs", "dcs", "g2g", "dcs")


def test_spectrum_table_draws_bars_and_names_each_band_once(cli):
    out = cli("spectrum", *PAPER, env=WIDE).stdout
    lines = out.splitlines()
    assert lines[0] == (
        "Spectrum of government involvement: DCS -> G2G -> FMS-style; weights: default; the paper's own claims"
    )
    korea = next(line for line in lines if "South Korea" in line)
    assert korea.split()[0] == "DCS" and "█" * 12 + "▌" in korea and "50.0" in korea
    assert sum(line.startswith(" DCS ") for line in lines) == 1
    assert "does not depend on G2G contracts" in out


@pytest.mark.parametrize(
    ("score", "bar"),
    [(0, ""), (100, "█" * 25), (50, "█" * 12 + "▌"), (4, "█"), (0.5, "▏"), (58.5, "█" * 14 + "▋")],
)
def test_score_bar_is_proportional(score, bar):
    assert score_bar(score) == bar


# sensitivity -----------------------------------------------------------------------------------------------


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
    g2g = next(r for r in rows if r["key"] == "g2g_contracting")
    assert g2g["total_shift"] == 6 and g2g["new_leader"] == "KOR"
    assert rows[0]["key"] == "g2g_contracting"
    # Breaking the USA-Israel tie for first is not a new leader.
    diplomacy = next(r for r in rows if r["key"] == "defense_diplomacy")
    assert diplomacy["moves"] == "ISR 1->2" and diplomacy["new_leader"] is None
    # The five leaders all have an export agency: leaving it out moves nobody.
    assert next(r for r in rows if r["key"] == "export_agency")["moves"] == "none"
    assert {r["key"] for r in rows} == {m.key for m in DATASET.mechanisms}  # all weighted under default
    assert [r["total_shift"] for r in rows] == sorted((r["total_shift"] for r in rows), reverse=True)
    zero = records(cli7, "sensitivity", "--leave-one-out", "--preset", "promotion", *PAPER)
    assert "security_rnd" not in {r["key"] for r in zero}  # weighted 0: nothing to leave out


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


# correlate -------------------------------------------------------------------------------------------------


def brute_force_p(x: list[float], y: list[float]) -> float:
    """Two-sided exact p-value as scipy defines it: twice the smaller one-sided tail, at most 1."""
    observed = stats.spearmanr(x, y).statistic
    rhos = np.array([stats.spearmanr(list(p), y).statistic for p in itertools.permutations(x)])
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


def test_spearman_undefined_when_a_variable_is_constant():
    result = spearman(np.array([1.0, 1, 1, 1]), np.array([1.0, 2, 3, 4]), permutations=1000, seed=0)
    assert result.rho is None and result.p_value is None


def test_correlate_reports_rho_n_and_p_for_the_latest_period(cli7):
    rows = records(cli7, "correlate")
    assert [(r["involvement"], r["performance"]) for r in rows] == [
        ("score", "share"),
        ("score", "growth"),
        ("level", "share"),
        ("level", "growth"),
    ]
    ranks = ranked(cli7)
    shares = [ranks[i]["sipri_share_pct"] for i in rows[0]["countries"].split()]
    scores = [ranks[i]["support_score"] for i in rows[0]["countries"].split()]
    first = rows[0]
    assert first["period"] == "2020-2024" and first["n"] == 7 and first["test"] == "exact"
    assert first["rho"] == pytest.approx(stats.spearmanr(scores, shares).statistic, abs=0.01)
    # Japan has no change figure for 2020-24 (no deliveries in 2015-19), so growth has n = 6.
    assert rows[1]["n"] == 6 and rows[1]["excluded"] == "JPN"


def test_correlate_caption_warns_about_small_n(cli7):
    out = cli7("correlate", "--involvement", "score", "--against", "share", env=WIDE).stdout
    assert "n = 7 countries is small" in out
    assert "correlation is not causation" in out
    assert out.count("2020-2024 score") == 1


def test_correlate_all_periods(cli7):
    rows = records(cli7, "correlate", "--all-periods", "--against", "share", "--involvement", "level")
    assert [r["period"] for r in rows] == DATASET.periods()
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


def test_sensitivity_and_spectrum_scale_to_200_synthetic_countries(cli, tmp_path):
    from bench.synthetic import synthetic_dataset

    folder = synthetic_dataset(tmp_path / "big", 200)
    rows = records(cli, "--data-dir", str(folder), "sensitivity", "--draws", "1000")
    assert len(rows) == 200
    assert all(1 <= r["rank_p05"] <= r["rank_median"] <= r["rank_p95"] <= 200 for r in rows)
    assert len(records(cli, "--data-dir", str(folder), "spectrum")) == 200
