"""`fmscompare sensitivity --unknowns`: the Monte Carlo also draws each unknown status as yes, partial or no."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fmscompare.analysis import sensitivity as analysis
from fmscompare.analysis.sensitivity import ScoringInputs, UnknownPrior, monte_carlo
from tests.helpers import DATASET, WIDE, records

PRIOR = ("--unknown-prior", "yes=0.2,partial=0.3,no=0.5")


@pytest.fixture
def two_countries(dated_data: Path, tmp_path: Path) -> tuple[str, ...]:
    """The dated fixture's two exporters scored on two mechanisms only: export agency (weight 2) and export
    finance (weight 1). Alphaland has an agency (yes) and an unknown finance status x; Betaland an unknown agency
    status y and export finance (yes). Every other mechanism weighs 0. Returns the arguments that select them."""
    weights = {m.key: 0 for m in DATASET.mechanisms} | {"export_agency": 2, "export_finance": 1}
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(weights), encoding="utf-8")
    return ("--data-dir", str(dated_data), "sensitivity", "--weights", str(path), "--noise", "0")


def by_iso3(cli, *args: str) -> dict[str, dict]:
    return {row["iso3"]: row for row in records(cli, *args)}


def test_probability_of_rank_1_computed_by_hand(cli, two_countries):
    """Scores: Alphaland (2 + x) / 3, Betaland (2y + 1) / 3. Alphaland is first (alone or tied) unless y = 1 and
    x < 1; Betaland is first when y = 1, or y = 0.5 and x = 0.

    Uniform (1/3 each): P(ALP #1) = 1 - 1/3 * 2/3 = 7/9; P(BET #1) = 1/3 + 1/3 * 1/3 = 4/9.
    yes 0.2, partial 0.3, no 0.5: P(ALP #1) = 1 - 0.2 * 0.8 = 0.84; P(BET #1) = 0.2 + 0.3 * 0.5 = 0.35.
    With 20 000 draws a share's standard error is at most 0.0036: the tolerance, 0.015, is four of them.
    """
    nominal = by_iso3(cli, *two_countries, "--draws", "100")
    assert nominal["ALP"]["prob_rank_1"] == 1.0 and nominal["BET"]["prob_rank_1"] == 0.0  # 66.7 against 33.3
    uniform = by_iso3(cli, *two_countries, "--unknowns", "--draws", "20000")
    assert uniform["ALP"]["prob_rank_1"] == pytest.approx(7 / 9, abs=0.015)
    assert uniform["BET"]["prob_rank_1"] == pytest.approx(4 / 9, abs=0.015)
    assert uniform["ALP"]["rank"] == 1 and uniform["BET"]["rank"] == 2  # the nominal ranking is unchanged
    assert (uniform["ALP"]["rank_p05"], uniform["ALP"]["rank_p95"]) == (1, 2)
    prior = by_iso3(cli, *two_countries, "--unknowns", *PRIOR, "--draws", "20000")
    assert prior["ALP"]["prob_rank_1"] == pytest.approx(0.84, abs=0.015)
    assert prior["BET"]["prob_rank_1"] == pytest.approx(0.35, abs=0.015)
    # Unknown statuses counted, zero-weighted ones too: Alphaland knows 3 of 17 mechanisms, Betaland 1.
    assert (uniform["ALP"]["unknowns"], uniform["BET"]["unknowns"]) == (14, 16)


def test_certain_priors_give_exact_answers(cli, two_countries):
    # Every unknown yes: both score 100, tied first in every draw.
    always = by_iso3(cli, *two_countries, "--unknowns", "--unknown-prior", "no=0,yes=1,partial=0", "--draws", "500")
    assert always["ALP"]["prob_rank_1"] == always["BET"]["prob_rank_1"] == 1.0
    assert always["BET"]["rank_median"] == 1 and always["BET"]["rank"] == 2
    # Every unknown no, as unknown counts without --unknowns: the nominal ranking in every draw.
    never = by_iso3(cli, *two_countries, "--unknowns", "--unknown-prior", "yes=0,partial=0,no=1", "--draws", "500")
    assert (never["ALP"]["prob_rank_1"], never["BET"]["prob_rank_1"]) == (1.0, 0.0)
    assert never["BET"]["rank_p05"] == never["BET"]["rank_p95"] == 2


def test_the_method_and_title_say_how_unknowns_were_drawn(cli, two_countries):
    out = cli(*two_countries, "--unknowns", *PRIOR, "--draws", "10", env=WIDE).stdout
    assert out.startswith("Rank robustness to weights and unknown statuses: 10 draws, weights ±0 %, seed 0;")
    assert "with probabilities yes 0.2, partial 0.3, no 0.5" in out
    assert "30 of the 34 country × mechanism statuses are unknown" in out
    assert "28 of them on mechanisms weighted zero" in out
    assert "Only the weights vary" not in out
    uniform = cli(*two_countries, "--unknowns", "--draws", "10", env=WIDE).stdout
    assert "with probabilities 1/3 each" in uniform
    plain = cli(*two_countries, "--draws", "10", env=WIDE).stdout
    assert plain.startswith("Rank robustness: 10 draws,") and "Only the weights vary" in plain
    assert "Unknowns" not in plain


def test_json_and_csv_carry_unknowns(cli):
    rows = records(cli, "sensitivity", "--unknowns", "--draws", "200")
    known = {c.iso3: sum(1 for m in DATASET.mechanisms if _status(c, m.key) == "unknown") for c in DATASET.countries}
    assert {r["iso3"]: r["unknowns"] for r in rows} == known
    assert all(isinstance(r["unknowns"], int) for r in rows)
    assert rows[0]["weights"] == "default" and rows[0]["as_of"] == "latest" and rows[0]["dataset_version"]
    table = list(csv.DictReader(io.StringIO(cli("sensitivity", "--unknowns", "--draws", "200", "-f", "csv").stdout)))
    assert list(table[0])[-4:] == ["unknowns", "weights", "as_of", "dataset_version"]
    assert {r["iso3"]: int(r["unknowns"]) for r in table} == known
    assert "unknowns" not in records(cli, "sensitivity", "--draws", "50")[0]


def _status(country, key: str) -> str:
    entry = country.mechanisms.get(key)
    return "unknown" if entry is None else entry.status


def test_unknowns_widen_the_intervals_of_low_coverage_countries(cli):
    """On the bundled data, drawing the unknowns widens the 5-95 % interval of countries with little evidence."""
    low = {r["iso3"] for r in records(cli, "rank") if r["low_coverage"]}
    assert len(low) >= 3
    plain = by_iso3(cli, "sensitivity", "--draws", "2000")
    drawn = by_iso3(cli, "sensitivity", "--unknowns", "--draws", "2000")

    def width(row: dict) -> int:
        return row["rank_p95"] - row["rank_p05"]

    wider = [iso3 for iso3 in low if width(drawn[iso3]) > width(plain[iso3])]
    assert sorted(wider) == sorted(low)  # every one, by several places (Jordan: 26 without, 10-26 with)
    assert sum(width(drawn[i]) for i in low) > sum(width(plain[i]) for i in low)
    assert drawn["USA"]["unknowns"] == 0  # every status known: nothing of its own is drawn


def test_a_prior_of_no_reproduces_the_plain_figures_exactly(cli):
    """Drawing every unknown as no is counting it as 0: with the same seed, the weight draws are the plain ones,
    so every figure is identical (the unknowns' own stream does not disturb the weights')."""
    plain = records(cli, "sensitivity", "--draws", "3000", "--seed", "5")
    drawn = records(
        cli, "sensitivity", "--draws", "3000", "--seed", "5", "--unknowns", "--unknown-prior", "yes=0,partial=0,no=1"
    )
    assert [{k: v for k, v in r.items() if k != "unknowns"} for r in drawn] == plain


def test_unknowns_are_reproducible_with_a_seed(cli):
    args = ("sensitivity", "--unknowns", "--noise", "0", "--draws", "2500", "-f", "csv")
    first = cli(*args, "--seed", "3").stdout
    assert cli(*args, "--seed", "3").stdout == first
    assert cli(*args, "--seed", "4").stdout != first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--leave-one-out", "--unknowns"], "--leave-one-out and --unknowns do not combine"),
        (["--leave-one-out", *PRIOR], "--leave-one-out and --unknown-prior do not combine"),
        (["--leave-one-out", "--unknowns", *PRIOR], "--leave-one-out and --unknowns do not combine"),
        ([*PRIOR], "--unknown-prior only applies with --unknowns"),
        (["--unknowns", "--unknown-prior", "yes=0.5,partial=0.5"], "--unknown-prior needs all of yes, partial and no"),
        (
            ["--unknowns", "--unknown-prior", "yes=0.5,partial=0.3,no=0.3"],
            "--unknown-prior: the probabilities must sum",
        ),
        (
            ["--unknowns", "--unknown-prior", "yes=1.5,partial=-0.5,no=0"],
            "--unknown-prior: yes=1.5 is not a probability",
        ),
        (["--unknowns", "--unknown-prior", "yes=a,partial=0.5,no=0.5"], "--unknown-prior: yes=a is not a probability"),
        (["--unknowns", "--unknown-prior", "yes=nan,partial=0.5,no=0.5"], "is not a probability between 0 and 1"),
        (["--unknowns", "--unknown-prior", "yes=0.5,yes=0.5,no=0"], "--unknown-prior: yes is given twice"),
        (["--unknowns", "--unknown-prior", "maybe=1"], "--unknown-prior: 'maybe=1' is not yes=P"),
        (["--unknowns", "--noise", "1"], "--noise must be at least 0 and below 1"),
    ],
)
def test_unknowns_bad_options(cli, args, message):
    result = cli("sensitivity", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_prior_summing_to_one_within_rounding_is_accepted(cli):
    rows = records(cli, "sensitivity", "--unknowns", "--unknown-prior", "partial=0.1,no=0.7,yes=0.2", "--draws", "20")
    assert len(rows) == len(DATASET.countries)


def synthetic(values: list[list[float]], weights: list[float], unknown: list[list[bool]] | None) -> ScoringInputs:
    n, m = len(values), len(weights)
    return ScoringInputs(
        iso3=[f"C{i:02d}" for i in range(n)],
        names=[f"Country {i}" for i in range(n)],
        keys=[f"m{j}" for j in range(m)],
        values=np.array(values, dtype=float),
        weights=np.array(weights, dtype=float),
        unknown=None if unknown is None else np.array(unknown, dtype=bool),
    )


priors = st.sampled_from(
    [UnknownPrior(), UnknownPrior(0.2, 0.3, 0.5), UnknownPrior(1, 0, 0), UnknownPrior(0, 0.5, 0.5)]
)
matrices = st.tuples(st.integers(1, 8), st.integers(1, 6)).flatmap(
    lambda shape: st.tuples(
        st.lists(
            st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=shape[1], max_size=shape[1]),
            min_size=shape[0],
            max_size=shape[0],
        ),
        st.lists(st.floats(0.1, 5), min_size=shape[1], max_size=shape[1]),
        st.booleans(),  # the mask as None, or all False
    )
)


@settings(max_examples=50, deadline=None)
@given(matrices, priors, st.integers(0, 2**32 - 1), st.integers(1, 2500), st.floats(0, 0.9))
def test_with_no_unknown_status_unknowns_change_nothing(data, prior, seed, draws, noise):
    values, weights, as_none = data
    mask = None if as_none else [[False] * len(weights) for _ in values]
    inputs = synthetic(values, weights, mask)
    plain = monte_carlo(inputs, draws=draws, noise=noise, seed=seed)
    drawn = monte_carlo(inputs, draws=draws, noise=noise, seed=seed, unknowns=prior)
    assert np.array_equal(plain.rank_counts, drawn.rank_counts)


def test_results_do_not_depend_on_the_block_size(monkeypatch):
    """The unknowns are drawn in blocks of at most MAX_CELLS values; smaller blocks give the same counts."""
    rng = np.random.default_rng(0)
    values = rng.choice([0.0, 0.5, 1.0], size=(9, 5))
    mask = rng.random((9, 5)) < 0.4
    values[mask] = 0.0
    inputs = synthetic(values.tolist(), [3, 2, 1, 1, 0.5], mask.tolist())
    draws = analysis.CHUNK + 700  # two weight chunks
    big = monte_carlo(inputs, draws=draws, noise=0.25, seed=11, unknowns=UnknownPrior())
    monkeypatch.setattr(analysis, "MAX_CELLS", 9 * 5 * 37)  # blocks of 37 draws
    small = monte_carlo(inputs, draws=draws, noise=0.25, seed=11, unknowns=UnknownPrior())
    assert np.array_equal(big.rank_counts, small.rank_counts)
    assert not np.array_equal(big.rank_counts, monte_carlo(inputs, draws=draws, noise=0.25, seed=11).rank_counts)


@settings(max_examples=50, deadline=None)
@given(matrices, st.data(), st.integers(0, 2**32 - 1), st.integers(1, 2500), st.floats(0, 0.9))
def test_unknowns_all_drawn_no_count_as_zero(data, draw, seed, draws, noise):
    """Unknown cells drawn `no` in every draw are unknown counted as 0: the plain counts, bit for bit."""
    values, weights, _ = data
    mask = draw.draw(
        st.lists(
            st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)),
            min_size=len(values),
            max_size=len(values),
        )
    )
    zeroed = [
        [0.0 if unknown else v for v, unknown in zip(row, flags, strict=True)]
        for row, flags in zip(values, mask, strict=True)
    ]
    inputs = synthetic(zeroed, weights, mask)
    plain = monte_carlo(inputs, draws=draws, noise=noise, seed=seed)
    drawn = monte_carlo(inputs, draws=draws, noise=noise, seed=seed, unknowns=UnknownPrior(0, 0, 1))
    assert np.array_equal(plain.rank_counts, drawn.rank_counts)


def test_thirds_typed_to_four_places_are_accepted(cli):
    result = cli(
        "sensitivity", "--unknowns", "--draws", "100", "--unknown-prior", "yes=0.3333,partial=0.3333,no=0.3333"
    )
    assert result.exit_code == 0, result.stderr
