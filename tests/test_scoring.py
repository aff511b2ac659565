"""The scoring model: known answers, the rules for model and level, and invariants under hypothesis."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmscompare.errors import UsageError
from fmscompare.scoring.score import (
    ContractingModel,
    Level,
    contracting_model,
    coverage,
    involvement_level,
    score_country,
    support_score,
)
from fmscompare.scoring.weights import preset_weights
from tests.helpers import DATASET as BUNDLED  # loaded once for every test module

DATASET = BUNDLED.paper()  # the paper's own claims: they do not move when the sources are re-read
KEYS = [m.key for m in DATASET.mechanisms]
STAGES = {m.key: m.stage for m in DATASET.mechanisms}
DEFAULT = preset_weights(DATASET.mechanisms, DATASET.presets, DATASET.default_rationale, "default")


def test_support_score_known_answer():
    # 100 × (2·1 + 1·0.5 + 3·0) / (2 + 1 + 3) = 41.67; unknown counts 0 and lowers coverage.
    weights = {"a": 2, "b": 1, "c": 3, "d": 4}
    statuses = {"a": "yes", "b": "partial", "c": "no", "d": "unknown"}
    assert support_score(statuses, weights) == pytest.approx(100 * 2.5 / 10)
    assert coverage(statuses, weights) == pytest.approx(60.0)


def test_france_by_hand():
    """France under the default weights (total 20.5): yes agency 2, fairs 1, finance 1, controls 1, G2G 3,
    military support 1 = 9; partial customised offers 1 and intermediary procurement 2 = 1.5; so 10.5."""
    france = score_country(DATASET.country_by_iso3("FRA"), DATASET.mechanisms, DEFAULT)
    assert DEFAULT.total == 20.5
    assert france.support_score == pytest.approx(100 * 10.5 / 20.5)
    assert france.contracting_model is ContractingModel.G2G
    assert france.level is Level.L2


@pytest.mark.parametrize(
    ("iso3", "model", "level"),
    [
        ("USA", "fms", "L3"),  # the government buys for the buyer
        ("FRA", "g2g", "L2"),  # Belgium deal is only partial intermediary procurement, without guarantees
        ("AUS", "g2g", "L2"),
        ("ISR", "g2g", "L2"),
        ("KOR", "dcs", "L1"),  # "exclusively uses DCS" but promotes heavily
        ("DEU", "dcs", "L1"),  # no G2G, but armed-forces training backs sales
        ("JPN", "dcs", "L0"),  # as the paper describes 2023: licensing only
    ],
)
def test_paper_picture_of_2023(cli, iso3, model, level):
    rows = json.loads(cli("rank", "--format", "json", "--paper").stdout)
    row = next(r for r in rows if r["iso3"] == iso3)
    assert (row["contracting_model"], row["level"]) == (model, level)


@pytest.mark.parametrize(
    ("statuses", "model"),
    [
        ({"intermediary_procurement": "yes", "g2g_contracting": "yes"}, ContractingModel.FMS),
        ({"intermediary_procurement": "partial", "g2g_contracting": "no"}, ContractingModel.G2G),
        ({"g2g_contracting": "partial"}, ContractingModel.G2G),
        ({"g2g_contracting": "no"}, ContractingModel.DCS),
        ({}, ContractingModel.DCS),
    ],
)
def test_contracting_model_rules(statuses, model):
    assert contracting_model(statuses) is model


def test_dcs_levels():
    assert involvement_level(ContractingModel.DCS, {"export_agency": "yes"}, STAGES) is Level.L1
    assert involvement_level(ContractingModel.DCS, {"export_agency": "partial"}, STAGES) is Level.L0
    # The industrial base is not export support: R&D alone does not make promoted DCS.
    assert involvement_level(ContractingModel.DCS, {"security_rnd": "yes"}, STAGES) is Level.L0


@pytest.mark.parametrize(
    ("iso3", "model", "level"),
    [
        ("USA", "fms", "L3"),
        ("AUS", "g2g", "L2"),  # 2024: one FMS-like deal (Boxers for Germany) is partial, as France's is
        ("KOR", "g2g", "L2"),  # KOTRA, the government as contracting party, since 2012
        ("DEU", "g2g", "L2"),  # surplus sales by the ministry and a 2026 pilot: partial, which is still G2G
        ("FRA", "g2g", "L2"),
        ("ISR", "g2g", "L2"),
        ("JPN", "g2g", "L2"),  # 2024: the ministry itself sold PAC-3s from its stock to the US (partial)
    ],
)
def test_picture_today(cli, iso3, model, level):
    rows = json.loads(cli("rank", "--format", "json").stdout)
    row = next(r for r in rows if r["iso3"] == iso3)
    assert (row["contracting_model"], row["level"]) == (model, level)


def test_presets_change_scores(cli):
    paper = ("--paper",)
    default = {r["iso3"]: r["support_score"] for r in json.loads(cli("rank", "-f", "json", *paper).stdout)}
    equal = {
        r["iso3"]: r["support_score"] for r in json.loads(cli("rank", "-f", "json", "--preset", "equal", *paper).stdout)
    }
    assert default["KOR"] < default["ISR"]
    assert equal["KOR"] > equal["ISR"]  # with every mechanism equal, Korea's promotion outweighs Israel's G2G


def test_unknown_preset_is_a_usage_error():
    with pytest.raises(UsageError, match="did you mean 'equal'"):
        preset_weights(DATASET.mechanisms, DATASET.presets, DATASET.default_rationale, "eqaul")


statuses_strategy = st.fixed_dictionaries({k: st.sampled_from(["yes", "partial", "no", "unknown"]) for k in KEYS})
weights_strategy = st.fixed_dictionaries({k: st.floats(0, 10, allow_nan=False) for k in KEYS}).filter(
    lambda w: sum(w.values()) > 0.01
)


@given(statuses_strategy, weights_strategy)
def test_score_and_coverage_stay_within_0_and_100(statuses, weights):
    assert 0 <= support_score(statuses, weights) <= 100 + 1e-9
    assert 0 <= coverage(statuses, weights) <= 100 + 1e-9


@given(statuses_strategy, weights_strategy, st.sampled_from(KEYS))
def test_adopting_a_mechanism_never_lowers_a_score(statuses, weights, key):
    before = support_score(statuses, weights)
    after = support_score({**statuses, key: "yes"}, weights)
    assert after >= before - 1e-9


@given(statuses_strategy, weights_strategy, st.floats(0.01, 100))
def test_scaling_all_weights_changes_nothing(statuses, weights, factor):
    scaled = {k: w * factor for k, w in weights.items()}
    assert support_score(statuses, scaled) == pytest.approx(support_score(statuses, weights))
