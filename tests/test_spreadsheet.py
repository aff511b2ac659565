"""A real spreadsheet as the client: CSV opened by LibreOffice Calc (headless), read back with openpyxl.

Numbers must arrive as numbers (negative changes too), text as text, and no cell may hold a formula, even
when the data's names and agencies are formula payloads. CI installs LibreOffice (`.ci/run`); elsewhere
the test skips when `soffice` is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import edit
from tests.helpers import SOFFICE, calc_saves_all_as_xlsx

openpyxl = pytest.importorskip("openpyxl")
pytestmark = [
    pytest.mark.spreadsheet,
    pytest.mark.skipif(
        SOFFICE is None,
        reason=os.environ.get("FMSCOMPARE_NO_SOFFICE", "LibreOffice (soffice) is not installed; .ci/run installs it"),
    ),
]

RANK_NUMBERS = {"rank", "support_score", "coverage_pct", "sipri_share_pct", "sipri_rank", "sipri_change_pct"}
PAYLOADS = {
    "name: Defense Security Cooperation Agency (DSCA)": 'name: "=HYPERLINK(\\"http://evil.example\\",\\"DSCA\\")"',
    "  - name: Germany\n": "  - name: \"@SUM(1+1)*cmd|' /C calc'!A0\"\n",
    "  - name: Israel\n": '  - name: "+1+1"\n',
    "  - name: France\n": '  - name: "-2+3"\n',
}


CSV_AS_A_USER_OPENS_IT = "CSV:44,34,76,1"  # comma-separated, double quotes, UTF-8, from the first line


def cells_of(xlsx: Path) -> list[list]:
    """Every cell of a workbook Calc saved, read back; none may hold a formula."""
    sheet = openpyxl.load_workbook(xlsx).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def written(cli, tmp_path: Path, name: str, *args: str) -> Path:
    path = tmp_path / name
    result = cli(*args, "--format", "csv", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def check_types(rows: list[list], numeric: set[str]) -> list[dict]:
    header, *body = rows
    records = [dict(zip(header, row, strict=False)) for row in body]
    for record in records:
        for key, value in record.items():
            if value is None:
                continue
            if key in numeric:
                assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
            elif key in {"country", "iso3", "agency", "label", "key"}:
                assert isinstance(value, str), (key, value)
    return records


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[list]]]:
    """The bundled dataset's CSVs, each written by the CLI and opened in one start of Calc: for each, the CSV
    and the cells read back."""
    from typer.testing import CliRunner

    from fmscompare.cli.app import app
    from tests.conftest import CLEAN_ENV

    folder = tmp_path_factory.mktemp("calc")
    commands = {
        "rank": ("rank",),
        "compare": ("compare", "usa", "japan", "germany"),
        "bom": ("--bom", "rank"),
    }
    paths = []
    for name, args in commands.items():
        path = folder / f"{name}.csv"
        result = CliRunner().invoke(app, [*args, "--format", "csv", "--output", str(path)], env=CLEAN_ENV)
        assert result.exit_code == 0, result.stderr
        paths.append(path)
    saved = calc_saves_all_as_xlsx(paths, folder, infilter=CSV_AS_A_USER_OPENS_IT)
    return {name: (path, cells_of(xlsx)) for name, path, xlsx in zip(commands, paths, saved, strict=True)}


def test_rank_csv_reads_back_with_numbers_as_numbers(opened):
    records = check_types(opened["rank"][1], RANK_NUMBERS)
    israel = next(r for r in records if r["iso3"] == "ISR")
    assert israel["sipri_change_pct"] == -2  # a negative change stays a negative number
    assert israel["sipri_period"] == "2020-2024"  # not read as a date or a subtraction
    turkiye = next(r for r in records if r["iso3"] == "TUR")
    assert turkiye["country"] == "Türkiye"


def test_compare_csv_reads_back(opened):
    numeric = {"weight", "usa_points", "jpn_points", "deu_points"}
    records = check_types(opened["compare"][1], numeric)
    score = next(r for r in records if r["measure"] == "support_score")
    assert isinstance(score["usa_points"], float)


def test_formula_payloads_stay_text(cli, tmp_path, data_copy):
    for old, new in PAYLOADS.items():
        edit(data_copy / "countries.yaml", old, new)
    commands = (("rank",), ("compare", "usa", "deu", "isr", "fra"))
    paths = [
        written(cli, tmp_path, f"{command[0]}.csv", "--data-dir", str(data_copy), *command) for command in commands
    ]
    saved = calc_saves_all_as_xlsx(paths, tmp_path, infilter=CSV_AS_A_USER_OPENS_IT)
    for command, xlsx in zip(commands, saved, strict=True):
        rows = cells_of(xlsx)  # asserts no cell is a formula
        cells = [str(value) for row in rows for value in row if value is not None]
        assert any("HYPERLINK" in cell for cell in cells) or command[0] == "compare"
        for cell in cells:
            assert not cell.startswith(("=", "@")), cell  # shown as the text it is, with its guard quote
        if command[0] == "rank":
            records = check_types(rows, RANK_NUMBERS)
            assert any(r["country"] in {"'+1+1", "+1+1"} for r in records)  # text, not the number 2
            assert not any(r["country"] == 2 or r["country"] == 1 for r in records)


def test_bom_is_read_as_a_mark_not_as_part_of_the_first_header(opened):
    path, rows = opened["bom"]
    assert path.read_bytes().startswith(b"\xef\xbb\xbfrank,")
    assert rows[0][0] == "rank"
    assert any(row[1] == "Türkiye" for row in rows)
