"""`fmscompare report`: the hand-over brief (its core is reports/brief.py; reports/report.py is the model of
the tables every report uses) as one self-contained HTML page, rendered in a real browser (headless Chromium,
which `.ci/run` installs; the browser test skips with the reason where it cannot run), and as an Excel workbook."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import edit

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def written(cli, tmp_path: Path, name: str, *args: str) -> Path:
    path = tmp_path / name
    result = cli("report", *args, "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {path}" in result.stderr
    return path


def test_the_page_is_self_contained_and_escapes_the_data(cli, data_copy, tmp_path):
    edit(data_copy / "countries.yaml", "  - name: Israel\n", '  - name: "<script>alert(1)</script>"\n')
    page = written(cli, tmp_path, "brief.html", "--data-dir", str(data_copy), "ISR", "japan").read_text("utf-8")
    assert "<script" not in page  # the hostile name is escaped, and the page has no script of its own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page  # the browser may load nothing
    assert page.count("<svg") == 1 and "<img" not in page and "<link" not in page
    assert 'id="jpn"' in page and 'id="isr"' in page and 'id="usa"' not in page
    # Every source a profile cites is listed, and its id links to it.
    assert 'href="#src-hattori2023"' in page and 'id="src-hattori2023"' in page


def test_usage_errors(cli, tmp_path):
    result = cli("report")
    assert result.exit_code == 2 and "--output is needed" in result.stderr
    result = cli("report", "-o", str(tmp_path / "brief.pdf"))
    assert result.exit_code == 2 and "expected a name ending in .html or .xlsx; got .pdf" in result.stderr
    assert cli("report", "narnia", "-o", str(tmp_path / "b.html")).exit_code == 2
    assert not list(tmp_path.iterdir())


def test_without_jinja2_the_message_says_what_to_install(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)
    result = cli("report", "japan", "-o", str(tmp_path / "b.html"))
    assert result.exit_code != 0 and "pip install 'fmscompare[report]'" in result.stderr
    assert not (tmp_path / "b.html").exists()


def test_the_workbook_has_a_sheet_per_table(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(written(cli, tmp_path, "brief.xlsx", "japan", "korea"))
    assert book.sheetnames == [
        "About",
        "Ranking",
        "Matrix",
        "Japan - breakdown",
        "Japan - SIPRI",
        "Japan - deals",
        "South Korea - breakdown",
        "South Korea - SIPRI",
        "South Korea - deals",
        "Sources",
    ]
    ranking = book["Ranking"]
    assert ranking["A2"].value == 1 and ranking["A2"].data_type == "n"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows() if row[0].value}
    assert about["Weights"] == "default" and about["Command"].startswith("fmscompare")


@pytest.mark.skipif(
    CHROMIUM is None,
    reason=os.environ.get("FMSCOMPARE_NO_CHROMIUM", "Chromium is not installed; .ci/run installs it"),
)
def test_a_real_browser_renders_the_brief_and_requests_nothing(cli, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make test installs it)")
    path = written(cli, tmp_path, "brief.html", "japan", "korea", "france")
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.as_uri())
        assert page.inner_text("h1").startswith("Government support for defence exports: Japan")
        assert page.locator("table").count() >= 2 + 3 * 3  # ranking, matrix; per country 3 sections
        assert page.locator("figure svg").count() == 1
        assert page.locator("#jpn h2").inner_text().startswith("Japan")
        assert page.locator("ol.sources li").count() > 20
        # Nothing overflows the phone's width but the tables, which scroll in their own boxes.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot = tmp_path / "brief.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        page.emulate_media(media="print")
        assert page.locator("nav").is_hidden()
        browser.close()
    assert requests == [path.as_uri()], requests


def test_the_matrix_comes_in_blocks_that_fit_a_page_and_deals_are_named(cli, tmp_path):
    """26 countries side by side do not fit a printed page: the page has them in blocks of at most 7 (a
    one-country brief compares all of them); each deal's evidence is headed by the deal's id."""
    page = written(cli, tmp_path, "one.html", "japan").read_text("utf-8")
    matrix = page[page.index('<section id="matrix">') : page.index("</section>", page.index('<section id="matrix">'))]
    assert matrix.count("<table>") == 4  # 7 + 7 + 7 + 5
    assert "<dt>jpn-usa-2024-07-pac3</dt>" in page
    assert "wrote" in cli("report", "japan", "-o", str(tmp_path / "b.html")).stderr


def test_citations_are_never_written_as_a_workbook(cli, tmp_path):
    result = cli("sources", "--format", "bibtex", "-o", str(tmp_path / "s.xlsx"))
    assert result.exit_code == 2 and "citations are text (BibTeX, CSL-JSON), not a workbook" in result.stderr
    assert not (tmp_path / "s.xlsx").exists()
