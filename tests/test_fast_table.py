"""Plain tables are laid out without Rich (`table_format.FAST_ROWS`): the text must be exactly what Rich gives,
for every command's tables at 60, 80 and 120 columns and at any width, and the time must grow linearly with
the rows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmscompare.render import table_format
from fmscompare.reports.report import Table
from tests.test_output_contract import COMMANDS_AT_WIDTHS


def _reports(cli, args) -> list[Table]:
    """The tables the command renders (it runs once; each table can then be laid out at any width)."""
    seen: list[Table] = []
    real = table_format.render_table

    def keep(report, **kwargs):
        if isinstance(report, Table):
            seen.append(report)
        return real(report, **kwargs)

    with pytest.MonkeyPatch.context() as patch:  # only while the command runs
        patch.setattr(table_format, "render_table", keep)  # `render` looks it up on every call
        result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert seen, f"{args} rendered no table"
    return seen


def _both(monkeypatch, report: Table, width: int) -> tuple[str, str]:
    monkeypatch.setattr(table_format, "FAST_ROWS", 10**9)
    by_rich = table_format.render_table(report, width=width)
    monkeypatch.setattr(table_format, "FAST_ROWS", 0)
    by_hand = table_format.render_table(report, width=width)
    return by_rich, by_hand


# `show` prints a profile and `validate` lines of text, which Rich lays out: the fast layout is for tables.
TABULAR = [args for args in COMMANDS_AT_WIDTHS if args[0] not in ("show", "validate")]


@pytest.mark.parametrize("args", TABULAR, ids=" ".join)
def test_the_fast_layout_is_rich_s_layout(cli, monkeypatch, args):
    for report in _reports(cli, args):
        for width in (60, 80, 120):
            by_rich, by_hand = _both(monkeypatch, report, width)
            assert by_hand == by_rich, (args, width)


@pytest.fixture(scope="module")
def bundled_tables() -> list[Table]:
    """rank and deals: short and long cells, numbers, text that wraps, words folded, text kept whole. (The
    sources table, which Rich takes a fifth of a second to lay out, is compared at three widths above.)"""
    from fmscompare.dataset.loading import load_dataset
    from fmscompare.reports.deals import deals_table
    from fmscompare.reports.rank import ranking
    from fmscompare.scoring.weights import choose_weights

    dataset = load_dataset()
    weights = choose_weights(dataset, "default", None)
    return [ranking(dataset, weights), deals_table(dataset)]


@settings(max_examples=25, deadline=None)
@given(width=st.integers(min_value=20, max_value=240), which=st.integers(min_value=0, max_value=1))
def test_the_fast_layout_is_rich_s_at_any_width(bundled_tables, width, which):
    with pytest.MonkeyPatch.context() as patch:
        by_rich, by_hand = _both(patch, bundled_tables[which], width)
    assert by_hand == by_rich


def test_a_big_table_is_laid_out_as_rich_would(cli, monkeypatch):
    """1,846 rows (every country and year since 1956): the same text."""
    args = ("timeline", "--from", "1956")
    fast = cli(*args)
    monkeypatch.setattr(table_format, "FAST_ROWS", 10**9)
    assert fast.exit_code == 0 and fast.stdout == cli(*args).stdout
