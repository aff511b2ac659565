"""`fmscompare compare`: countries side by side, their totals, the CSV matrix, `--differences`, usage errors."""

from __future__ import annotations

import csv
import io

import pytest

from tests.helpers import PAPER, WIDE, ranked, records


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
    summary = {r["measure"]: r for r in rows if r["stage"] is None}
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
        "mechanism",
        "measure",
        "label",
        "stage",
        "weight",
        "fra_status",
        "fra_points",
        "fra_status_at_paper_date",
        "fra_paper_status",
        "fra_paper_differs",
        "isr_status",
        "isr_points",
        "isr_status_at_paper_date",
        "isr_paper_status",
        "isr_paper_differs",
        "weights",
        "as_of",
        "dataset_version",
    ]
    assert [r["measure"] for r in table[-4:]] == ["support_score", "coverage_pct", "contracting_model", "level"]
    assert table[-1]["fra_status"] == "L2"


def test_compare_differences_only(cli):
    rows = records(cli, "compare", "france", "israel", "--differences")
    keys = [r["mechanism"] for r in rows if r["stage"] is not None]
    assert "export_agency" not in keys  # both yes
    assert "g2g_contracting" not in keys  # both yes
    assert all(r["fra_status"] != r["isr_status"] for r in rows if r["stage"] is not None)
    assert rows[-1]["measure"] == "level"  # the totals stay


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
