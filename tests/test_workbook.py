"""`-o FILE.xlsx`: every tabular command as an Excel workbook, read back with openpyxl and, where LibreOffice
is installed (CI installs it), opened and saved again by Calc: numbers stay numbers, no cell becomes a
formula, and text that looks like a formula stays text."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import edit
from tests.fields_doc import COMMANDS
from tests.helpers import SOFFICE, calc_saves_as_xlsx

openpyxl = pytest.importorskip("openpyxl")


def workbook(cli, tmp_path: Path, command: str, *extra: str):
    path = tmp_path / "out.xlsx"
    result = cli(*command.split(), *extra, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return openpyxl.load_workbook(path), path


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_every_tabular_command_writes_a_typed_workbook(cli, tmp_path, command):
    book, _ = workbook(cli, tmp_path, command)
    assert book.sheetnames[0] == "About" and len(book.sheetnames) >= 2
    about = {row[0].value: row[1].value for row in book["About"].iter_rows() if row[0].value}
    assert about["Command"].startswith("fmscompare") and about["Made"].endswith("UTC")
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        header = [cell.value for cell in sheet[1]]
        assert all(isinstance(h, str) and h for h in header), name
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}!{cell.coordinate} is a formula"
        # Every column is explained on the About sheet.
        assert set(header) <= set(about), set(header) - set(about)


def test_numbers_are_numbers_and_urls_are_links(cli, tmp_path):
    book, _ = workbook(cli, tmp_path, "rank")
    sheet = book[book.sheetnames[1]]
    header = [cell.value for cell in sheet[1]]
    usa = {h: cell.value for h, cell in zip(header, sheet[2], strict=True)}
    assert (usa["rank"], usa["iso3"], usa["support_score"], usa["low_coverage"]) == (1, "USA", 87.8, "false")
    assert "Weights" in {row[0].value for row in book["About"].iter_rows()}
    sources, _ = workbook(cli, tmp_path, "sources")
    sheet = sources[sources.sheetnames[1]]
    header = [cell.value for cell in sheet[1]]
    url = sheet.cell(row=2, column=header.index("url") + 1)
    assert url.value.startswith("http") and url.hyperlink is not None and url.hyperlink.target == url.value


def test_a_profile_is_a_sheet_per_section(cli, tmp_path):
    book, _ = workbook(cli, tmp_path, "show japan")
    assert book.sheetnames == ["About", "Score breakdown", "SIPRI arms-export figures", "Export deals"]
    breakdown = book["Score breakdown"]
    assert breakdown.max_row == 18  # a header and the 17 mechanisms


def test_a_report_format_with_a_workbook_is_a_usage_error(cli, tmp_path):
    result = cli("rank", "--format", "csv", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "is an Excel workbook; --format csv does not apply" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_without_openpyxl_the_message_says_what_to_install(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = cli("rank", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code != 0 and "pip install 'fmscompare[report]'" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


PAYLOADS = {
    "name: Defense Security Cooperation Agency (DSCA)": 'name: "=HYPERLINK(\\"http://evil.example\\",\\"DSCA\\")"',
    "  - name: Israel\n": '  - name: "+1+1"\n',
    "  - name: France\n": '  - name: "-2+3"\n',
}


@pytest.mark.spreadsheet
@pytest.mark.skipif(
    SOFFICE is None,
    reason=os.environ.get("FMSCOMPARE_NO_SOFFICE", "LibreOffice (soffice) is not installed; .ci/run installs it"),
)
def test_calc_opens_the_workbook_and_keeps_every_type(cli, data_copy, tmp_path):
    """Formula payloads in the data stay text through Calc; figures stay figures."""
    for old, new in PAYLOADS.items():
        edit(data_copy / "countries.yaml", old, new)
    _, path = workbook(cli, tmp_path, f"--data-dir {data_copy} rank")
    book = openpyxl.load_workbook(calc_saves_as_xlsx(path, tmp_path))
    sheet = book[book.sheetnames[1]]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    for row in rows:
        for cell in row.values():
            assert cell.data_type != "f", f"{cell.coordinate} became a formula: {cell.value!r}"
        assert isinstance(row["support_score"].value, int | float)
    names = {row["country"].value for row in rows}
    assert {"+1+1", "-2+3"} <= names
    agencies = {row["agency"].value for row in rows}
    assert '=HYPERLINK("http://evil.example","DSCA")' in agencies


def test_the_about_sheet_records_the_command_as_typed(run, tmp_path):
    """Run as a program, the About sheet gives the command line exactly (in process it cannot know it)."""
    path = tmp_path / "ranked.xlsx"
    result = run("rank", "--preset", "equal", "-o", str(path))
    assert result.returncode == 0, result.stderr
    about = {row[0].value: row[1].value for row in openpyxl.load_workbook(path)["About"].iter_rows() if row[0].value}
    assert about["Command"] == f"fmscompare rank --preset equal -o {path}" and about["Weights"] == "equal"


def test_the_about_sheet_never_states_one_date_for_many(cli, tmp_path):
    """A timeline's rows are each their own year's picture: About says so rather than giving the first."""
    book, _ = workbook(cli, tmp_path, "timeline japan --from 2020")
    about = {row[0].value: row[1].value for row in book["About"].iter_rows() if row[0].value}
    assert about["Assessments as of"] == "per row, in the as_of column" and about["Weights"] == "default"


def test_sheet_names_are_ones_excel_accepts(cli, tmp_path):
    book, _ = workbook(cli, tmp_path, "gap japan")
    for name in book.sheetnames:
        assert len(name) <= 31 and not name.startswith("'") and not name.endswith("'"), name


def test_columns_are_wide_enough_for_wide_characters():
    """A Korean or Japanese text takes two cells a character, as a spreadsheet shows it: a column is sized
    for that, not for its count of characters."""
    from fmscompare.render.xlsx_format import _write_cell

    sheet = openpyxl.Workbook().active
    assert _write_cell(sheet, 1, 1, "防衛装備庁", "title") == 10
    assert _write_cell(sheet, 2, 1, "방위사업청 DAPA", "title") == 15
    assert _write_cell(sheet, 3, 1, "ATLA", "title") == 4
