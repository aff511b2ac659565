"""sipri_shares.csv is read without pandas (issue 22), so the data commands start without it. These tests hold
the plain reader to what pandas read before: the same numbers, the same table, and problems on the right line."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.dataset.loading import _number, load_dataset
from fmscompare.errors import DataError

# Digits, signs, points, exponents, the letters of inf/infinity/nan, and what a spreadsheet may leave behind.
NUMBERISH = st.text(alphabet="0123456789+-.eEinfatyINFATY_,x١ ", max_size=8).map(str.strip)


@settings(max_examples=400, deadline=None)
@given(NUMBERISH)
def test_a_cell_is_a_number_exactly_when_pandas_read_one(text: str) -> None:
    """`_number` agrees with `pd.to_numeric(errors="coerce")` on every stripped cell: the value, or no number
    (pandas' NaN, which the reader then reports as not a number)."""
    theirs = pd.to_numeric(pd.Series([text], dtype=str), errors="coerce").iloc[0]
    ours = _number(text)
    if pd.isna(theirs):
        assert ours is None
    else:
        assert ours is not None
        assert ours == float(theirs) or (math.isinf(ours) and ours == float(theirs))


def test_the_table_is_the_one_pandas_read() -> None:
    """The bundled figures, as a DataFrame, equal what `pd.read_csv` makes of the file (numbers as float, rank
    as nullable integers)."""
    frame = load_dataset().shares.frame()
    read = pd.read_csv(bundled_data_dir() / "sipri_shares.csv", dtype={"rank": "Int64"})
    pd.testing.assert_frame_equal(frame, read[list(frame.columns)], check_dtype=False)
    assert str(frame["rank"].dtype) == "Int64"


def test_a_problem_after_a_blank_line_names_its_own_line(tmp_path: Path) -> None:
    """A blank line is skipped, and the line numbers after it are still the file's own."""
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    lines = (data / "sipri_shares.csv").read_text("utf-8").splitlines()
    lines.insert(3, "")
    lines[10] = lines[10].replace(lines[10].split(",")[3], "lots", 1)
    (data / "sipri_shares.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (11, "share_pct")
    assert "expected a number; got 'lots'" in problem.message


def test_an_unclosed_quote_is_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    text = (data / "sipri_shares.csv").read_text("utf-8")
    (data / "sipri_shares.csv").write_text(text + 'JPN,"Japan,2020-2024,0.1,,,computed,x\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    [problem] = caught.value.problems
    assert problem.message.startswith("not a valid CSV table:")
