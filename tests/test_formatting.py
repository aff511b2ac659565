"""Number formatting (fmscompare.formatting): SIPRI's rounding, signed changes, coverage as a whole percentage."""

from __future__ import annotations

import json

import pytest

from fmscompare.formatting import format_change, format_share, sipri_round


@pytest.mark.parametrize(
    ("value", "expected", "shown"),
    [
        (38.60, 39, "39"),
        (10.65, 11, "11"),
        (2.82, 2.8, "2.8"),
        (1.99, 2.0, "2.0"),
        (0.0093, 0.0093, "0.0093"),
        (-52.546, -53, "-53"),
        (176.8, 177, "177"),
    ],
)
def test_sipri_rounding(value, expected, shown):
    assert sipri_round(value) == expected
    assert format_share(abs(value)) == shown.lstrip("-")


def test_change_is_signed():
    assert format_change(59) == "+59"
    assert format_change(-5.6) == "-5.6"
    assert format_change(None) == "–"


@pytest.mark.parametrize(
    ("value", "shown"), [(58.54, "59%"), (58.5, "59%"), (58.46, "59%"), (70.7, "71%"), (43.9, "44%")]
)
def test_coverage_is_one_whole_percentage_everywhere(value, shown):
    """Rounded half up from the one-decimal figure, so show (59 %) and rank (59%) agree for Australia."""
    from fmscompare.formatting import format_coverage

    assert format_coverage(value) == shown


def test_coverage_has_one_precision_everywhere(cli):
    ranked = next(r for r in json.loads(cli("rank", "-f", "json").stdout) if r["iso3"] == "USA")
    shown = json.loads(cli("show", "usa", "-f", "json").stdout)
    assert ranked["coverage_pct"] == shown["coverage_pct"]
