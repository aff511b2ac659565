"""Weights: presets, the user's `--weights` file, known answers by hand, and what bad weight files say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fmscompare.scoring.score import score_country
from fmscompare.scoring.weights import preset_weights
from tests.helpers import DATASET as BUNDLED  # loaded once for every test module

DATASET = BUNDLED.paper()  # the paper's own claims: the statuses the hand computations use


def weights_for(name: str):
    return preset_weights(DATASET.mechanisms, DATASET.presets, DATASET.default_rationale, name)


@pytest.mark.parametrize(
    ("iso3", "preset", "points", "total"),
    [
        # France: yes agency, fairs, finance, controls, G2G, military support; partial customised offers and
        # intermediary procurement (Belgium).
        ("FRA", "equal", 6 + 0.5 + 0.5, 17),  # every weight 1
        ("FRA", "guarantees", 1 + 1 + 1 + 1 + 3 + 1 + 0.5 * 1 + 0.5 * 4, 8 + 3 + 3 + 4 + 4),
        # Japan, as the paper describes it: partial export strategy (1) and surplus transfers (1), partial
        # security R&D and two-way investment (0.5 each by default, 0 in guarantees).
        ("JPN", "default", 0.5 * 1 + 0.5 * 1 + 0.5 * 0.5 + 0.5 * 0.5, 20.5),
        ("JPN", "guarantees", 0.5 * 1 + 0.5 * 1, 22),
    ],
)
def test_scores_by_hand(iso3, preset, points, total):
    weights = weights_for(preset)
    assert weights.total == total
    score = score_country(DATASET.country_by_iso3(iso3), DATASET.mechanisms, weights)
    assert score.support_score == pytest.approx(100 * points / total)


@pytest.mark.parametrize(("preset", "score"), [("equal", "41.2"), ("guarantees", "47.7")])
def test_preset_scores_reach_the_table(cli, preset, score):
    result = cli("rank", "--preset", preset, "--paper")
    assert result.exit_code == 0
    assert f"weights: {preset}" in result.stdout.splitlines()[0]
    france = next(line for line in result.stdout.splitlines() if " France " in line)
    assert f" {score} " in france


def test_every_preset_has_a_rationale_and_covers_every_mechanism():
    assert {"equal", "promotion", "guarantees"} <= set(DATASET.presets)
    for name, preset in DATASET.presets.items():
        assert preset.rationale.strip(), name
        assert set(preset.weights) == {m.key for m in DATASET.mechanisms}, name


def rank_of(cli, *args: str) -> dict[str, int]:
    result = cli("rank", "-f", "json", "--paper", *args)
    assert result.exit_code == 0, result.stderr
    return {row["iso3"]: row["rank"] for row in json.loads(result.stdout)}


def test_weights_file_flips_a_known_pair(cli, tmp_path):
    """Without G2G contracting, South Korea (DCS, heavy promotion) overtakes Israel (G2G)."""
    default = rank_of(cli)
    assert default["ISR"] < default["KOR"]
    file = tmp_path / "no-g2g.yaml"
    file.write_text("g2g_contracting: 0\n", encoding="utf-8")
    flipped = rank_of(cli, "--weights", str(file))
    assert flipped["KOR"] < flipped["ISR"]
    assert flipped["KOR"] == 1


def test_weights_file_is_named_in_the_title_and_keeps_the_other_weights(cli, tmp_path):
    file = tmp_path / "mine.yaml"
    file.write_text("export_agency: 4\n", encoding="utf-8")
    result = cli("mechanisms", "--weights", str(file), "-f", "json")
    rows = {r["mechanism"]: r for r in json.loads(result.stdout)}
    assert rows["export_agency"]["weight"] == 4
    assert rows["g2g_contracting"]["weight"] == 3  # from the default preset
    table = cli("rank", "--weights", str(file), "--preset", "equal")
    assert "weights: mine.yaml over equal" in table.stdout.splitlines()[0]


def test_preset_shaped_weights_file_with_every_mechanism(cli, tmp_path):
    weights = "\n".join(f"    {m.key}: {2 if m.stage == 'promotion' else 1}" for m in DATASET.mechanisms)
    file = tmp_path / "promo.yaml"
    file.write_text(f"rationale: Promotion counts double.\nweights:\n{weights}\n", encoding="utf-8")
    result = cli("mechanisms", "--weights", str(file))
    assert result.exit_code == 0, result.stderr
    assert "Scoring criteria; weights: promo.yaml" in result.stdout
    assert "Promotion counts double." in result.stdout


def test_scaling_a_weights_file_changes_nothing(cli, tmp_path):
    """Multiplying every weight by a constant leaves every score and rank as it was."""
    base = {m.key: m.weight for m in DATASET.mechanisms}
    scaled = tmp_path / "scaled.yaml"
    scaled.write_text("\n".join(f"{k}: {w * 7.5}" for k, w in base.items()) + "\n", encoding="utf-8")

    def scores(*args: str) -> list[tuple[str, int, float]]:
        rows = json.loads(cli("rank", "-f", "json", *args).stdout)
        return [(r["iso3"], r["rank"], r["support_score"]) for r in rows]

    assert scores("--weights", str(scaled)) == scores()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("g2g_contract: 2\n", "{f}:1: g2g_contract: unknown mechanism (did you mean 'g2g_contracting'?)"),
        ("export_agency: 1\nsecurity_rnd: -1\n", "{f}:2: security_rnd: expected a number from 0 to 1000; got -1"),
        ("export_agency: lots\n", "{f}:1: export_agency: expected a number from 0 to 1000; got 'lots'"),
        ("export_agency: true\n", "{f}:1: export_agency: expected a number from 0 to 1000; got true"),
        ("- export_agency\n", "{f}:1: expected a mapping of mechanism key to weight (export_agency: 2); got a list"),
        ("weights:\n  export_agency: 1\nname: mine\n", "{f}:3: name: unknown field"),
        ("export_agency: [\n", "{f}:2: invalid YAML"),
        ("", "{f}: file is empty"),
        ("# only a comment\n", "{f}: expected a mapping of mechanism key to weight (export_agency: 2); got no data"),
        ("export_agency: .inf\n", "{f}:1: export_agency: expected a number from 0 to 1000; got inf"),
        ("export_agency: .nan\n", "{f}:1: export_agency: expected a number from 0 to 1000; got nan"),
        ("export_agency: 1.0e+308\n", "{f}:1: export_agency: expected a number from 0 to 1000; got 1e+308"),
        ("rationale: mine\n", "{f}:1: weights: required field is missing"),
    ],
    ids=[
        "unknown-key",
        "negative",
        "text",
        "boolean",
        "list",
        "unknown-field",
        "syntax",
        "empty",
        "comments-only",
        "infinite",
        "nan",
        "huge",
        "rationale-only",
    ],
)
def test_bad_weights_file(cli, tmp_path, content, message):
    file = tmp_path / "w.yaml"
    file.write_text(content, encoding="utf-8")
    result = cli("rank", "--weights", str(file))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert message.format(f=file) in result.stderr
    assert "Traceback" not in result.stderr


def test_all_zero_weights_are_an_error(cli, tmp_path):
    file = tmp_path / "zero.yaml"
    file.write_text("\n".join(f"{m.key}: 0" for m in DATASET.mechanisms) + "\n", encoding="utf-8")
    result = cli("sensitivity", "--weights", str(file))
    assert result.exit_code == 1
    assert f"error: {file}:1: all weights are zero; at least one must be positive" in result.stderr


def test_missing_weights_file(cli, tmp_path):
    result = cli("spectrum", "--weights", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: file not found" in result.stderr


@pytest.mark.parametrize("command", ["rank", "show japan", "compare fra aus", "mechanisms", "spectrum", "sensitivity"])
def test_every_scoring_command_takes_preset_and_weights(cli, tmp_path, command):
    file = tmp_path / "w.yaml"
    file.write_text("export_agency: 5\n", encoding="utf-8")
    extra = ["--draws", "10"] if command == "sensitivity" else []
    wide = {"COLUMNS": "200"}  # the title on one line
    result = cli(*command.split(), "--preset", "guarantees", "--weights", str(file), *extra, env=wide)
    assert result.exit_code == 0, result.stderr
    assert "w.yaml over guarantees" in result.stdout


def test_unknown_preset_everywhere_is_a_usage_error(cli):
    for command in (["compare", "fra", "aus"], ["spectrum"], ["correlate"], ["mechanisms"]):
        result = cli(*command, "--preset", "guarantee")
        assert result.exit_code == 2
        assert "unknown preset 'guarantee' (did you mean 'guarantees'?)" in result.stderr


def test_weights_file_path_is_reported_relative_as_given(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("w.yaml").write_text("typo: 1\n", encoding="utf-8")
    result = cli("rank", "--weights", "w.yaml")
    assert "error: w.yaml:1: typo: unknown mechanism" in result.stderr


def test_weights_in_exponent_notation_are_numbers(cli, tmp_path):
    """YAML 1.2 reads `1e1` as a number (YAML 1.1 would read it as text and fail the check)."""
    file = tmp_path / "exp.yaml"
    file.write_text("g2g_contracting: 3e0\nexport_agency: 2E0\n", encoding="utf-8")
    assert rank_of(cli, "--weights", str(file)) == rank_of(cli)


def test_weights_file_that_is_a_directory_is_a_data_error(cli, tmp_path):
    result = cli("rank", "--weights", str(tmp_path))
    assert result.exit_code == 1
    assert f"error: {tmp_path}: expected a file; found a directory" in result.stderr
