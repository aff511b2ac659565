"""The ten exporters of SIPRI's top 25 (2020-2024) profiled since the first sixteen: their SIPRI figures as
SIPRI's exports give them, how users find them, and the evidence each profile rests on."""

from __future__ import annotations

import json

import pytest

from tests.helpers import DATASET, WIDE, records

NEW = ("NLD", "POL", "NOR", "IRN", "CHE", "UKR", "ARE", "CZE", "JOR", "ZAF")

# (iso3, period, share %, world rank, change % against the window before), computed from SIPRI's exports:
# 2017-2021 from the 28 July 2022 per-supplier tables (world 136,019 TIV against 142,576), 2019-2023 from
# the 13 October 2024 TIV table, 2020-2024 from the 12 February 2026 trade register.
FIGURES = [
    ("ARE", "2017-2021", 0.4, 18, 16),
    ("ARE", "2019-2023", 0.3, 20, -24),
    ("ARE", "2020-2024", 0.3, 21, -23),
    ("CHE", "2017-2021", 0.7, 15, -35),
    ("CHE", "2019-2023", 0.5, 17, -47),
    ("CHE", "2020-2024", 0.4, 19, -61),
    ("CZE", "2017-2021", 0.2, 24, -36),
    ("CZE", "2019-2023", 0.2, 27, -40),
    ("CZE", "2020-2024", 0.3, 22, -14),
    ("IRN", "2017-2021", 0.015, 41, -80),
    ("IRN", "2019-2023", 0.2, 25, 275),
    ("IRN", "2020-2024", 0.4, 18, 749),
    ("JOR", "2017-2021", 0.2, 25, 4.5),
    ("JOR", "2019-2023", 0.2, 26, 36),
    ("JOR", "2020-2024", 0.3, 23, 92),
    ("NLD", "2017-2021", 1.9, 11, -12),
    ("NLD", "2019-2023", 1.2, 12, -46),
    ("NLD", "2020-2024", 1.2, 12, -36),
    ("NOR", "2017-2021", 0.3, 22, -57),
    ("NOR", "2019-2023", 0.4, 19, -16),
    ("NOR", "2020-2024", 0.8, 15, 187),
    ("POL", "2017-2021", 0.034, 36, -77),
    ("POL", "2019-2023", 0.7, 14, 1125),
    ("POL", "2020-2024", 1, 13, 4031),
    ("UKR", "2017-2021", 0.7, 14, -72),
    ("UKR", "2019-2023", 0.4, 18, -73),
    ("UKR", "2020-2024", 0.3, 20, -72),
    ("ZAF", "2017-2021", 0.3, 19, -5.8),
    ("ZAF", "2019-2023", 0.3, 21, 3.1),
    ("ZAF", "2020-2024", 0.3, 25, -11),
]


@pytest.mark.parametrize(("iso3", "period", "share", "rank", "change"), FIGURES, ids=lambda v: str(v))
def test_rank_gives_the_new_countries_sipri_figures(cli, iso3, period, share, rank, change):
    row = next(r for r in records(cli, "rank", "--period", period) if r["iso3"] == iso3)
    assert (row["sipri_share_pct"], row["sipri_rank"], row["sipri_change_pct"]) == (share, rank, change)
    assert row["sipri_basis"] == "computed"


def test_every_new_country_has_a_figure_for_every_period():
    for iso3 in NEW:
        periods = set(DATASET.shares.frame().query("iso3 == @iso3")["period"])
        assert periods == set(DATASET.periods()), iso3


@pytest.mark.parametrize(
    ("typed", "iso3"),
    [
        ("netherlands", "NLD"),
        ("Holland", "NLD"),
        ("NL", "NLD"),
        ("nld", "NLD"),
        ("poland", "POL"),
        ("Polska", "POL"),
        ("PL", "POL"),
        ("norway", "NOR"),
        ("Norge", "NOR"),
        ("NO", "NOR"),
        ("iran", "IRN"),
        ("Persia", "IRN"),
        ("IR", "IRN"),
        ("switzerland", "CHE"),
        ("Schweiz", "CHE"),
        ("CH", "CHE"),
        ("ukraine", "UKR"),
        ("UA", "UKR"),
        ("united arab emirates", "ARE"),
        ("UAE", "ARE"),
        ("Emirates", "ARE"),
        ("AE", "ARE"),
        ("czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Cesko", "CZE"),
        ("CZ", "CZE"),
        ("jordan", "JOR"),
        ("JO", "JOR"),
        ("south africa", "ZAF"),
        ("RSA", "ZAF"),
        ("ZA", "ZAF"),
    ],
)
def test_new_countries_are_found_by_name_alias_and_code(cli, typed, iso3):
    result = cli("show", typed, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["iso3"] == iso3


@pytest.mark.parametrize("iso3", NEW)
def test_each_new_profile_rests_on_sources(iso3):
    """At least three sourced mechanisms each, every one with evidence, a source the dataset has, a locator
    and a month; reviewed in December 2026."""
    country = DATASET.country_by_iso3(iso3)
    known = {key: m for key, m in country.mechanisms.items() if m.status != "unknown"}
    assert len(known) >= 3, iso3
    for key, entry in known.items():
        assert entry.evidence and entry.locator and entry.as_of is not None, (iso3, key)
        assert entry.source in DATASET.sources, (iso3, key)
    assert str(country.reviewed) == "2026-12"
    assert len(country.mechanisms) == len(DATASET.mechanisms)


def test_rank_lists_all_26_and_says_what_share_of_world_exports_they_cover(cli):
    out = " ".join(cli("rank", env=WIDE).stdout.split())
    assert "The 26 countries listed exported 98% of the world's arms in 2020-2024" in out
