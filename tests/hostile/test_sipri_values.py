"""SIPRI exports with values no real export has: each is a clear error, never a traceback or a wrong figure."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sipri"


def tiv_table(tmp_path: Path, edit: tuple[str, str]) -> Path:
    text = (FIXTURES / "tiv-exporters-small.csv").read_text("utf-8")
    assert edit[0] in text
    path = tmp_path / "export.csv"
    path.write_text(text.replace(edit[0], edit[1], 1), "utf-8")
    return path


@pytest.mark.parametrize("huge", ["1e308", "9" * 400, "1e20"])
def test_tiv_figures_too_large_to_add_up_are_refused(cli, tmp_path, huge):
    """Two cells of 1e308 once summed to infinity, and every share came out as NaN."""
    path = tiv_table(tmp_path, ("United States,100,100,", f"United States,{huge},{huge},"))
    result = cli("sipri", "import", str(path), "-f", "json")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "2010: expected a TIV number of at most 10,000,000; got" in result.stderr


def test_year_columns_after_the_generation_date_are_refused(cli, tmp_path):
    path = tiv_table(tmp_path, ("Data generated: 3 Mar 2025", "Data generated: 3 Mar 2015"))
    result = cli("sipri", "import", str(path))
    assert result.exit_code == 1
    assert "the year columns run to 2019, after the file was generated (3 Mar 2015)" in result.stderr


def test_the_problem_count_is_the_number_of_problems(cli, tmp_path):
    """A register with 50 broken lines lists 20, says how many more, and counts all 50."""
    text = (FIXTURES / "trade-register-small.csv").read_text("utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(text) if line.startswith("SIPRI AT Database ID"))
    row = text[header + 1]
    fields = row.rstrip("\r\n").split(",")
    broken = []
    for n in range(50):
        cells = list(fields)
        cells[0] = str(90000 + n)
        cells[15] = "many"  # the TIV of delivered weapons
        broken.append(",".join(cells) + "\n")
    path = tmp_path / "register.csv"
    path.write_text("".join(text[: header + 1] + broken + text[header + 1 :]), "utf-8")
    result = cli("sipri", "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 22  # 20 problems, the rest counted, the summary
    assert lines[20].endswith("... and 30 more problems like these")
    assert lines[21] == "error: 50 problems found; nothing was written"
