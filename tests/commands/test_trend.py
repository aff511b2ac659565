"""`fmscompare trend`: SIPRI shares by period with sparklines, one country's history, and the trend chart."""

from __future__ import annotations

import json

import pytest

from fmscompare.dataset.loading import load_dataset
from fmscompare.reports.trend import sparkline
from tests.helpers import WIDE, draw, svg_text


@pytest.mark.parametrize(
    ("values", "line"),
    [([1, 2, 3], "▁▅█"), ([5, 5], "▅▅"), ([1, None, 8], "▁ █"), ([1, 8, 4.5], "▁█▅"), ([], ""), ([None], "")],
)
def test_sparkline(values, line):
    assert sparkline(values) == line


def test_trend_lists_every_country_with_its_shares(cli):
    rows = json.loads(cli("trend", "-f", "json").stdout)
    dataset = load_dataset()
    assert {r["iso3"] for r in rows} == {row.iso3 for row in dataset.shares}
    usa = next(r for r in rows if r["iso3"] == "USA")
    assert (usa["sipri_share_2017_2021_pct"], usa["sipri_share_2019_2023_pct"], usa["sipri_share_2020_2024_pct"]) == (
        39,
        42,
        43,
    )
    assert rows[0]["iso3"] == "USA"  # sorted by the latest share


def test_trend_table_has_sparklines(cli):
    out = cli("trend", env=WIDE).stdout
    usa = next(line for line in out.splitlines() if line.startswith(" United States"))
    assert "▁▆█" in usa and "+21" in usa


def test_trend_one_country_even_if_not_profiled(cli):
    japan = json.loads(cli("trend", "japan", "-f", "json").stdout)
    assert [r["sipri_period"] for r in japan] == ["2017-2021", "2019-2023", "2020-2024"]
    assert [r["sipri_share_pct"] for r in japan] == [0.0037, 0.0093, 0.024]
    russia = cli("trend", "russia", env=WIDE)
    assert russia.exit_code == 0 and russia.stdout.startswith("Russia: SIPRI export share by period █▃▁")
    unknown = cli("trend", "rusia")
    assert unknown.exit_code == 2 and "no SIPRI figures for 'rusia'; did you mean 'Russia'?" in unknown.stderr


def test_trend_chart_for_chosen_countries(cli, tmp_path):
    text = svg_text(draw(cli, tmp_path, "trend.svg", "trend", "japan", "russia", "türkiye"))
    for label in (
        "Japan",
        "Russia",
        "Türkiye",
        "2017-2021",
        "2020-2024",
        "SIPRI share of world arms exports by period",
    ):
        assert label in text
    assert "United States" not in text
    default = svg_text(draw(cli, tmp_path, "default.svg", "trend"))
    assert "United States" in default and "Japan" in default  # the paper's seven
