"""`fmscompare mechanisms`: the criteria with their weights, recommendations and rubric, under a preset."""

from __future__ import annotations

import pytest

from tests.helpers import DATASET, DATASET_VERSION, WIDE, records


def test_mechanisms_lists_every_criterion_with_its_recommendation(cli):
    rows = records(cli, "mechanisms")
    assert len(rows) == len(DATASET.mechanisms) == 17
    by_key = {r["mechanism"]: r for r in rows}
    assert by_key["g2g_contracting"] == {
        "mechanism": "g2g_contracting",
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
        "weights": "default",
        "as_of": "latest",
        "dataset_version": DATASET_VERSION,
    }
    assert DATASET.mechanisms[8].key == "g2g_contracting"
    assert sum(r["weight_share_pct"] for r in rows) == pytest.approx(100, abs=0.5)


def test_mechanisms_shows_the_chosen_preset(cli):
    rows = {r["mechanism"]: r for r in records(cli, "mechanisms", "--preset", "guarantees")}
    assert rows["government_guarantee"]["weight"] == 4
    assert rows["government_guarantee"]["default_weight"] == 2
    assert rows["security_rnd"]["weight"] == 0
    table = cli("mechanisms", "--preset", "guarantees", env=WIDE).stdout
    assert table.startswith("Scoring criteria; weights: guarantees\n")
    assert "increasing levels of government involvement" in table  # the preset's rationale


def test_mechanisms_csv_header(cli):
    header = cli("mechanisms", "-f", "csv").stdout.splitlines()[0]
    assert header == (
        "mechanism,label,stage,weight,weight_share_pct,default_weight,recommendation,definition,recommendation_text,"
        "rubric_yes,rubric_partial,rubric_no,weights,as_of,dataset_version"
    )
