"""`fmscompare correlate --lag N`: support as of December of each period's first year less N, set against
the period's SIPRI figures, with the support year and the share of the weight then known on every row."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from scipy import stats

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.dataset.loading import load_dataset
from fmscompare.months import Month
from fmscompare.scoring.score import score_country
from fmscompare.scoring.weights import choose_weights
from tests.conftest import DATED
from tests.helpers import WIDE, records

MECHANISMS = (
    "export_agency",
    "export_strategy",
    "top_level_sales",
    "defense_diplomacy",
    "trade_promotion",
    "export_finance",
    "flexible_controls",
    "customized_offers",
    "g2g_contracting",
    "offset_negotiation",
    "military_support",
    "surplus_transfers",
    "intermediary_procurement",
    "government_guarantee",
    "security_rnd",
    "defense_focused_industry",
    "two_way_investment",
)

# Four invented exporters (nothing here is a claim about a real country). Each dated assessment is
# (mechanism, status, month it takes effect); every other mechanism is an undated unknown. Default weights:
# export_agency 2, export_finance 1, g2g_contracting 3, of a total of 20.5.
HISTORY = {
    "AAA": [
        ("export_agency", "yes", "2010-01"),
        ("export_finance", "no", "2012-05"),
        ("g2g_contracting", "yes", "2016-03"),
    ],
    "BBB": [
        ("export_agency", "partial", "2013-02"),
        ("export_finance", "yes", "2015-07"),
        ("g2g_contracting", "no", "2019-01"),
    ],
    "CCC": [("export_agency", "partial", "2016-09")],
    "DDD": [("export_finance", "yes", "2011-04"), ("export_agency", "no", "2014-06")],
}
# SIPRI figures (share %, change %): DDD has none for 2020-2024; 2023-2027 lets --lag 0 meet --as-of 2023.
SHARES = {
    "2017-2021": {"AAA": (10, 5), "BBB": (5, -3), "CCC": (1, 40), "DDD": (3, 12)},
    "2020-2024": {"AAA": (2, -20), "BBB": (8, 60), "CCC": (4, 7)},
    "2023-2027": {"AAA": (6, 1), "BBB": (3, 2), "CCC": (9, 3), "DDD": (1, 4)},
}


def _country(iso3: str) -> str:
    lines = [f"  - name: Land {iso3}", f'    iso2: "{iso3[:2]}"', f"    iso3: {iso3}", "    mechanisms:"]
    dated = {key: (status, month) for key, status, month in HISTORY[iso3]}
    for key in MECHANISMS:
        if key not in dated:
            lines.append(f"      {key}: {{status: unknown}}")
            continue
        status, month = dated[key]
        lines += [
            f"      {key}:",
            f'        status: "{status}"',
            f"        evidence: The ministry's statement of {month} records the change.",
            "        source: ministry-2012",
            "        locator: first paragraph",
            f'        as_of: "{month}"',
        ]
    return "\n".join(lines)


@pytest.fixture
def lagged(tmp_path: Path) -> Path:
    """The dated fixture's sources and the bundled criteria, with the four exporters and their SIPRI figures."""
    target = tmp_path / "lagged"
    target.mkdir()
    dated = (DATED / "countries.yaml").read_text(encoding="utf-8")
    sources = dated[dated.index("sources:") : dated.index("countries:")]
    countries = "\n\n".join(_country(iso3) for iso3 in HISTORY)
    (target / "countries.yaml").write_text(f"{sources}countries:\n{countries}\n", encoding="utf-8")
    rows = ["iso3,country,period,share_pct,rank,change_pct,basis,source"]
    for period, figures in SHARES.items():
        ranked = sorted(figures, key=lambda iso3: -figures[iso3][0])
        rows += [
            f"{iso3},Land {iso3},{period},{share},{ranked.index(iso3) + 1},{change},computed,sipri-test"
            for iso3, (share, change) in figures.items()
        ]
    (target / "sipri_shares.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.copy(bundled_data_dir() / "mechanisms.yaml", target / "mechanisms.yaml")
    return target


def lag_rows(cli, data: Path, *args: str) -> list[dict]:
    return records(cli, "correlate", "--data-dir", str(data), "--involvement", "score", "--against", "share", *args)


def test_the_fixture_is_valid(cli, lagged):
    result = cli("validate", "--data-dir", str(lagged))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_lag_three_by_hand(cli, lagged):
    """Lag 3 sets 2017-2021 against December 2014 and 2020-2024 against December 2017.

    December 2014 (score = 100 × points / 20.5; known = 100 × known weight / 20.5):
      AAA agency yes 2, finance no 0, g2g not yet: 9.76, known 3 -> 14.63 %
      BBB agency partial 1, finance (2015) not yet: 4.88, known 2 -> 9.76 %
      CCC agency (2016) not yet: 0, known 0 %
      DDD finance yes 1, agency no 0 (2014-06): 4.88, known 3 -> 14.63 %
      mean known 39.02 / 4 = 9.76 -> 9.8. Score ranks 4, 2.5, 1, 2.5 against share ranks 4, 3, 1, 2:
      deviations (1.5, 0, -1.5, 0) and (1.5, 0.5, -1.5, -0.5): rho = 4.5 / sqrt(4.5 × 5) = 0.949.
    December 2017 (DDD has no 2020-2024 figure, so n = 3):
      AAA agency 2 + g2g 3 = 5: 24.39, known 6 -> 29.27 %
      BBB agency 1 + finance 1 = 2: 9.76, known 3 -> 14.63 %
      CCC agency partial 1: 4.88, known 2 -> 9.76 %
      mean known 53.66 / 3 = 17.89 -> 17.9. Score ranks 3, 2, 1 against share ranks 1, 3, 2:
      rho = -1 / sqrt(2 × 2) = -0.5.
    """
    rows = lag_rows(cli, lagged, "--lag", "3")
    by_period = {row["sipri_period"]: row for row in rows}
    assert list(by_period) == ["2017-2021", "2020-2024", "2023-2027"]
    first, second = by_period["2017-2021"], by_period["2020-2024"]
    assert (first["support_year"], first["n"], first["rho"], first["mean_known_pct"]) == (2014, 4, 0.949, 9.8)
    assert first["test"] == "exact" and first["countries"] == ["AAA", "BBB", "CCC", "DDD"]
    assert (second["support_year"], second["n"], second["rho"], second["mean_known_pct"]) == (2017, 3, -0.5, 17.9)
    assert second["excluded"] == ["DDD"]
    # Files record each row's own date of the assessments.
    assert [row["as_of"] for row in rows] == ["2014-12", "2017-12", "2020-12"]


def test_period_narrows_the_lag_to_one_row(cli, lagged):
    rows = lag_rows(cli, lagged, "--lag", "3", "--period", "2020-24")
    assert [(row["sipri_period"], row["support_year"]) for row in rows] == [("2020-2024", 2017)]


def test_lag_zero_is_each_period_against_december_of_its_first_year(cli, lagged):
    rows = records(cli, "correlate", "--data-dir", str(lagged), "--lag", "0")
    assert {row["sipri_period"]: row["support_year"] for row in rows} == {
        "2017-2021": 2017,
        "2020-2024": 2020,
        "2023-2027": 2023,
    }
    dataset = load_dataset(lagged)
    weights = choose_weights(dataset, "default", None)
    for row in rows:
        countries = [record.as_of(Month(row["support_year"], 12)) for record in dataset.records]
        scores = {c.iso3: score_country(c, dataset.mechanisms, weights) for c in countries}
        x = [
            scores[iso3].support_score if row["involvement"] == "score" else int(scores[iso3].level.value[1])
            for iso3 in row["countries"]
        ]
        column = 0 if row["against"] == "share" else 1
        y = [SHARES[row["sipri_period"]][iso3][column] for iso3 in row["countries"]]
        assert row["countries"] == [iso3 for iso3 in HISTORY if iso3 in SHARES[row["sipri_period"]]]
        expected = stats.spearmanr(x, y).statistic
        assert row["rho"] == (None if expected != expected else round(float(expected), 3)), row
        mean = sum(scores[iso3].coverage_pct for iso3 in row["countries"]) / len(row["countries"])
        assert row["mean_known_pct"] == round(mean, 1)
    # Where the data allows --as-of (from the paper's date on), --lag 0 gives the same figures.
    for measure in ("share", "growth"):
        plain = records(cli, "correlate", "--data-dir", str(lagged), "--as-of", "2023", "--period", "2023-2027",
                        "--against", measure)  # fmt: skip
        same = [row for row in rows if row["sipri_period"] == "2023-2027" and row["against"] == measure]
        keys = ("sipri_period", "involvement", "against", "n", "rho", "p_value", "test", "countries", "excluded")
        assert [{k: r[k] for k in keys} for r in same] == [{k: r[k] for k in keys} for r in plain]
        assert [r["as_of"] for r in same] == [r["as_of"] for r in plain] == ["2023-12", "2023-12"]


def test_a_lag_before_every_assessment_leaves_rho_undefined(cli, lagged):
    """Lag 20 puts 2017-2021 at December 1997, before the first assessment (2010): every score is 0."""
    rows = lag_rows(cli, lagged, "--lag", "20", "--period", "2017-2021")
    assert rows[0]["support_year"] == 1997 and rows[0]["n"] == 4
    assert rows[0]["rho"] is None and rows[0]["p_value"] is None and rows[0]["mean_known_pct"] == 0.0
    out = cli("correlate", "--data-dir", str(lagged), "--lag", "20", "--period", "2017-2021", "--against", "share",
              "--involvement", "score", env=WIDE).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.strip().startswith("2017-2021"))
    assert line.split() == ["2017-2021", "1997", "score", "share", "4", "0%", "–", "–", "exact"]


def test_the_table_shows_support_year_and_known_and_warns(cli, lagged):
    out = cli("correlate", "--data-dir", str(lagged), "--lag", "3", "--involvement", "score", "--against", "share",
              env=WIDE).stdout  # fmt: skip
    lines = out.splitlines()
    assert lines[0].endswith("; weights: default; support 3 years before each period")
    header = next(line for line in lines if line.strip().startswith("Period"))
    assert " ".join(header.split()) == "Period Support Involvement Against n Known rho p p-value from"
    row = next(line for line in lines if line.strip().startswith("2017-2021"))
    assert row.split()[:7] == ["2017-2021", "2014", "score", "share", "4", "10%", "+0.95"]
    assert (
        "where Known is low the earlier scores reflect missing evidence as much as missing support, and a "
        "correlation shows a pattern, not a cause." in out
    )
    assert "as of December of its support year, 3 years before the period's first year" in out


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_every_format_carries_the_new_columns(cli, lagged, fmt):
    out = cli("correlate", "--data-dir", str(lagged), "--lag", "3", "--period", "2017-2021", "--involvement",
              "score", "--against", "share", "-f", fmt).stdout  # fmt: skip
    if fmt == "csv":
        (row,) = csv.DictReader(io.StringIO(out))
        assert list(row)[:6] == ["sipri_period", "support_year", "involvement", "against", "n", "mean_known_pct"]
        figures = (row["support_year"], row["mean_known_pct"], row["rho"], row["as_of"])
        assert figures == ("2014", "9.8", "0.949", "2014-12")
    elif fmt == "json":
        (row,) = json.loads(out)
        assert (row["support_year"], row["mean_known_pct"], row["as_of"]) == (2014, 9.8, "2014-12")
    else:
        assert "| Period | Support | Involvement | Against | n | Known | rho | p | p-value from |" in out
        assert "| 2017-2021 | 2014 | score | share | 4 | 10% | +0.95 |" in out
        assert "missing evidence as much as missing support" in out


def test_without_lag_the_columns_are_unchanged(cli, lagged):
    header = cli("correlate", "--data-dir", str(lagged), "-f", "csv").stdout.splitlines()[0]
    assert "support_year" not in header and "mean_known_pct" not in header


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2024"), "give --lag or --as-of, not both: the lag fixes the support date"),
        (("--as-of", "2019"), "give --lag or --as-of, not both: the lag fixes the support date"),
        (("--paper",), "give --lag or --paper, not both: the lag fixes the support date"),
    ],
)
def test_lag_with_a_date_of_the_assessments_is_a_usage_error(cli, args, message):
    result = cli("correlate", "--lag", "0", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("lag", ["-1", "21", "three"])
def test_lag_out_of_range_is_a_usage_error(cli, lag):
    result = cli("correlate", "--lag", lag)
    assert result.exit_code == 2
    assert "--lag" in result.stderr


def test_lag_with_all_periods_and_period_keeps_the_existing_rule(cli):
    result = cli("correlate", "--lag", "3", "--period", "2017-2021", "--all-periods")
    assert result.exit_code == 2 and "give --period or --all-periods, not both" in result.stderr


def test_the_core_refuses_what_the_cli_does():
    from fmscompare.errors import UsageError
    from fmscompare.reports.correlate import correlations

    dataset = load_dataset()
    weights = choose_weights(dataset, "default", None)
    with pytest.raises(UsageError, match="give lag or as_of, not both"):
        correlations(dataset.at("2024"), weights, lag=2)
    with pytest.raises(UsageError, match="give lag or paper, not both"):
        correlations(dataset.paper(), weights, lag=2)
    with pytest.raises(UsageError, match="lag 21: expected a whole number of years from 0 to 20"):
        correlations(dataset, weights, lag=21)
