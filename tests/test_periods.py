"""SIPRI periods: one type reads every spelling people type and orders periods as SIPRI's tables do."""

from __future__ import annotations

import pytest

from fmscompare.periods import Period, chronological, normalise_period, previous_period


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("2017-2021", 2017, 2021),
        ("2017–2021", 2017, 2021),
        ("2017—2021", 2017, 2021),
        ("2017-21", 2017, 2021),
        (" 2017 - 2021 ", 2017, 2021),
        ("2023", 2023, 2023),
    ],
)
def test_every_spelling_people_type(typed: str, start: int, end: int) -> None:
    assert Period.parse(typed) == Period(start, end)


def test_a_short_end_reads_in_the_start_century() -> None:
    assert Period.parse("2095-99") == Period(2095, 2099)
    with pytest.raises(ValueError, match="ends before it starts"):
        Period.parse("1998-02")  # 1998-1902: SIPRI never writes a period across a century this way


@pytest.mark.parametrize("bad", ["", "abc", "2017-2", "17-21", "2017/2021", "2017-2021-2025"])
def test_what_names_no_period_says_what_was_expected(bad: str) -> None:
    with pytest.raises(ValueError, match="expected a period such as 2015-2019"):
        Period.parse(bad)


def test_length_previous_and_labels() -> None:
    period = Period.parse("2020-2024")
    assert (period.length, list(period.years)[:2], period.short) == (5, [2020, 2021], "2020-24")
    assert period.previous() == Period(2015, 2019)
    assert str(period) == "2020-2024" and previous_period("2017-2021") == "2012-2016"


def test_periods_are_ordered_by_end_year_then_start() -> None:
    assert chronological(["2020-2024", "2017-2021", "2019-2023", "2017-2021", "2018-2021"]) == [
        "2017-2021",
        "2018-2021",
        "2019-2023",
        "2020-2024",
    ]
    assert Period(2017, 2021) < Period(2016, 2022)


def test_normalise_leaves_what_is_not_a_window_for_the_caller_to_refuse() -> None:
    assert normalise_period("2017–21") == "2017-2021"
    assert normalise_period(" 2023 ") == "2023"  # one year is no SIPRI window: `rank --period 2023` says so
    assert normalise_period("soon") == "soon"
