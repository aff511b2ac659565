"""Plain tables are laid out without Rich (`table_format.FAST_ROWS`): the text must be exactly what Rich gives,
for every command's tables at 60, 80 and 120 columns and at any width, and the time must grow linearly with
the rows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given, settings
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
    deals = deals_table(dataset)
    # Every third deal: each seller and every kind of cell, at a third of the time Rich takes for all 122.
    return [ranking(dataset, weights), replace(deals, rows=deals.rows[::3])]


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


WIDE_TEXTS = [
    "凤凰网 (ifeng.com)",
    "아주경제 (Aju Business Daily)",
    "地上配備型迎撃ミサイル「PAC3」のアメリカ輸出契約締結",
    "Türkiye",
    "e\u0301te\u0301",  # combining accents: no cell of their own
    "Rosoboronexport",
    "a 🚀 launch",
    "https://www.mofa.go.jp/mofaj/press/release/press4_009876.html",
    "",
    # Left to Rich: a tab, spaces other than the space, a zero-width joiner, a character two wide in a
    # column one wide.
    "Center for Strategic\tand International Studies",
    "出処\u3000出処\u3000出処",
    "12\u00a0500 tonnes",
    "a\u200d",
    "漢 字",
]


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(min_value=8, max_value=140),
    texts=st.lists(st.tuples(st.sampled_from(WIDE_TEXTS), st.sampled_from(WIDE_TEXTS)), min_size=1, max_size=6),
)
@example(width=30, texts=[("a", "漢 字")])  # "N" is one cell wide: Rich blanks the 漢 it cannot hold
def test_characters_two_cells_wide_are_laid_out_as_rich_would(width, texts):
    """Titles and publishers in Korean, Chinese or Japanese take two terminal cells a character: the fast
    layout measures cells, as Rich does, in every kind of column and in the texts listed under the table."""
    from fmscompare.reports.report import Column, Kind

    table = Table(
        title="Sources 출처 " + texts[0][0],
        columns=(
            Column("name", "Publisher"),
            Column("share", "Share", Kind.NUMBER),
            Column("date", "Date", whole=True),
            Column("note", "Note"),
            Column("n", "N"),
            Column("title", "Title", long_text=True),
        ),
        rows=[
            {"name": a, "share": 12.5 * i, "date": "2023-04", "note": b, "n": b[:3], "title": a + " " + b}
            for i, (a, b) in enumerate(texts)
        ],
        caption="凡例: " + texts[-1][1],
    )
    with pytest.MonkeyPatch.context() as patch:
        by_rich, by_hand = _both(patch, table, width)
    assert by_hand == by_rich


def test_a_table_changed_after_a_render_is_shown_as_it_is_now():
    """The cells are made once per render (render/table_format.py `_cells`), never kept from one to the next."""
    from fmscompare.reports.report import Column

    table = Table(title="T", columns=(Column("name", "Name"),), rows=[{"name": "before"}])
    assert "before" in table_format.render_table(table, width=40)
    table.rows[0]["name"] = "after"
    shown = table_format.render_table(table, width=40)
    assert "after" in shown and "before" not in shown
