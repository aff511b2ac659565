"""`fmscompare spectrum`: countries in the DCS, G2G and FMS-style bands, their bars, and the chart (`--chart`)."""

from __future__ import annotations

import itertools
import sys

import pytest

from fmscompare.reports.spectrum import score_bar
from tests.helpers import PAPER, WIDE, draw, ranked, records, svg_text


def test_spectrum_places_countries_in_bands_as_the_paper_does(cli7):
    rows = records(cli7, "spectrum", *PAPER)
    bands = {r["iso3"]: r["contracting_model"] for r in rows}
    assert bands == {
        "KOR": "dcs",
        "DEU": "dcs",
        "JPN": "dcs",
        "ISR": "g2g",
        "FRA": "g2g",
        "AUS": "g2g",
        "USA": "fms",
    }
    # Bands left to right, highest score first inside each.
    assert [r["iso3"] for r in rows] == ["KOR", "DEU", "JPN", "ISR", "FRA", "AUS", "USA"]
    assert [r["band_position"] for r in rows] == [1, 1, 1, 2, 2, 2, 3]
    scores = ranked(cli7, *PAPER)
    assert all(r["support_score"] == scores[r["iso3"]]["support_score"] for r in rows)


def test_spectrum_today_moves_korea_germany_and_australia(cli):
    """Against the paper's own claims: KOTRA's G2G contracts (since 2012, which the paper missed), Germany's
    surplus sales and G2G pilot, Japan's PAC-3 sale from its stock; Australia's one FMS-like deal is partial."""
    bands = {r["iso3"]: r["contracting_model"] for r in records(cli, "spectrum")}
    assert (bands["KOR"], bands["DEU"], bands["AUS"], bands["JPN"]) == ("g2g", "g2g", "g2g", "g2g")
    paper = {r["iso3"]: r["contracting_model"] for r in records(cli, "spectrum", *PAPER)}
    assert (paper["KOR"], paper["DEU"], paper["AUS"], paper["JPN"]) == ("dcs", "dcs", "g2g", "dcs")


def test_spectrum_table_draws_bars_and_names_each_band_once(cli):
    out = cli("spectrum", *PAPER, env=WIDE).stdout
    lines = out.splitlines()
    assert lines[0] == (
        "Spectrum of government involvement: DCS -> G2G -> FMS-style; weights: default; the paper's own claims"
    )
    korea = next(line for line in lines if "South Korea" in line)
    assert korea.split()[0] == "DCS" and "█" * 12 + "▌" in korea and "50.0" in korea
    assert sum(line.startswith(" DCS ") for line in lines) == 1
    assert "does not depend on G2G contracts" in out


@pytest.mark.parametrize(
    ("score", "bar"),
    [(0, ""), (100, "█" * 25), (50, "█" * 12 + "▌"), (4, "█"), (0.5, "▏"), (58.5, "█" * 14 + "▋")],
)
def test_score_bar_is_proportional(score, bar):
    assert score_bar(score) == bar


# The chart: the paper's Figure 1 as SVG and PNG, valid, labelled and byte-for-byte stable. -------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_spectrum_svg_has_every_country_band_and_caption(cli, tmp_path):
    text = svg_text(draw(cli, tmp_path, "spectrum.svg", "spectrum"))
    for label in ("DCS", "G2G", "FMS-style", "South Korea", "Japan", "United States", "China  L2"):
        assert label in text, label
    assert "Spectrum of government involvement: DCS → G2G → FMS-style; weights: default" in text
    assert "SIPRI share of world arms exports 2020-2024" in text
    assert "Weights: default" in text and "Assessments: the latest" in text


def test_spectrum_png_is_a_valid_image(cli, tmp_path):
    image = pytest.importorskip("matplotlib.image")  # charts are an optional extra
    path = draw(cli, tmp_path, "spectrum.png", "spectrum", "--paper")
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    height, width, _ = image.imread(path).shape
    assert (width, height) == (1650, 1125)  # 11 x 7.5 inches at 150 dpi


def test_what_if_is_drawn_beside_the_real_country(cli, tmp_path):
    args = ("spectrum", "--paper", "--adopt", "japan:g2g_contracting,export_agency")
    text = svg_text(draw(cli, tmp_path, "whatif.svg", *args))
    assert "Japan (what-if)  L2  31.7" in text  # hollow, in the G2G band
    assert "Japan  L0  7.3" in text  # the real Japan (as the paper describes it) stays where it is
    assert "What-if: Japan (what-if) as if it had adopted g2g_contracting, export_agency" in text


def test_as_of_reaches_the_chart(cli, tmp_path):
    text = svg_text(draw(cli, tmp_path, "paper.svg", "spectrum", "--paper"))
    assert "South Korea  L1  50.0" in text and "Assessments: the paper's own claims" in text
    at = svg_text(draw(cli, tmp_path, "at.svg", "spectrum", "--as-of", "2023-04"))
    assert "South Korea  L2" in at and "Assessments: as of 2023-04" in at


def test_chart_needs_svg_png_or_pdf(cli, tmp_path):
    result = cli("spectrum", "--chart", str(tmp_path / "figure.jpg"))
    assert result.exit_code == 2
    assert "expected a file name ending in .svg, .png or .pdf; got .jpg" in result.stderr
    assert not (tmp_path / "figure.jpg").exists()


def test_without_matplotlib_the_chart_explains_how_to_install_it(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now raises ImportError
    result = cli("spectrum", "--chart", str(tmp_path / "x.svg"))
    assert result.exit_code == 1
    assert "pip install 'fmscompare[charts]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.parametrize("values", [[10.0, 10.5, 11.0, 50.0], [97.0, 98.0, 99.0, 99.5], [0.0, 0.1, 0.2], [30.0], []])
def test_labels_are_spread_apart_within_the_axes(values):
    from fmscompare.render.chart import _spread

    placed = _spread(values, gap=3.4, low=1.5, high=98.5)
    assert len(placed) == len(values)
    assert all(b - a >= 3.4 - 1e-9 for a, b in itertools.pairwise(placed))
    assert all(1.5 - 1e-9 <= p <= 98.5 + 1e-9 for p in placed)


@pytest.mark.parametrize("command", [["spectrum"], ["trend"]])
def test_chart_and_output_together_are_refused_not_half_done(cli, tmp_path, command):
    """`--chart` draws the image instead of the table, so an `--output` file beside it would be dropped."""
    chart, table = tmp_path / "chart.png", tmp_path / "table.csv"
    result = cli(*command, "--chart", str(chart), "-o", str(table), "-f", "csv")
    assert result.exit_code == 2
    assert "give --chart or --output, not both (--chart draws the image instead of the table)" in result.stderr
    assert not chart.exists() and not table.exists()
