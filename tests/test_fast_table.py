"""Big tables are laid out without Rich (`table_format.FAST_ROWS`): the text must be exactly what Rich gives,
for every command's tables at 60, 80 and 120 columns, and the time must grow linearly with the rows."""

from __future__ import annotations

import pytest

from fmscompare.render import table_format
from tests.test_output_contract import COMMANDS_AT_WIDTHS


@pytest.mark.parametrize("args", COMMANDS_AT_WIDTHS, ids=" ".join)
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_the_fast_layout_is_rich_s_layout(cli, monkeypatch, args, columns):
    env = {"COLUMNS": str(columns)}
    monkeypatch.setattr(table_format, "FAST_ROWS", 10**9)
    by_rich = cli(*args, env=env)
    monkeypatch.setattr(table_format, "FAST_ROWS", 0)
    by_hand = cli(*args, env=env)
    assert by_rich.exit_code == by_hand.exit_code == 0, by_hand.stderr
    assert by_hand.stdout == by_rich.stdout


def test_a_big_table_is_laid_out_as_rich_would(cli, monkeypatch):
    """1,846 rows (every country and year since 1956) take the fast path by default: the same text."""
    args = ("timeline", "--from", "1956")
    fast = cli(*args)
    monkeypatch.setattr(table_format, "FAST_ROWS", 10**9)
    assert fast.exit_code == 0 and fast.stdout == cli(*args).stdout
