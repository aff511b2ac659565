"""Charts ready to publish: the same bytes on every run in SVG, PNG and PDF; no text over other text and
nothing cut off; tied markers side by side; the trend on a time axis with plain tick labels and a look of
its own for every line.

The figures are read back from matplotlib itself: each text's extent as drawn, each marker's place."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from fmscompare.render import chart
from fmscompare.reports.spectrum import SpectrumChart
from fmscompare.reports.trend import TrendChart
from tests.helpers import draw

NEEDS = "charts are an optional extra: pip install 'fmscompare[charts]'"
ALL_SIXTEEN = ("usa", "fra", "deu", "isr", "kor", "aus", "jpn", "gbr", "rus", "chn", "ita", "esp", "tur", "swe")
ALL_SIXTEEN += ("can", "bra")
WHAT_IF = ("--adopt", "japan:g2g_contracting,intermediary_procurement,government_guarantee")


@pytest.fixture
def mpl():
    return pytest.importorskip("matplotlib", reason=NEEDS)


def figure_of(cli, monkeypatch, tmp_path, *args):
    """The figure a command draws, as matplotlib holds it, drawn once so that every text has its place."""
    figures = []
    monkeypatch.setattr(chart, "_save", lambda fig, path: figures.append(fig))
    result = cli(*args, "--chart", str(tmp_path / "chart.png"))
    assert result.exit_code == 0, result.stderr
    (fig,) = figures
    fig.canvas.draw()
    return fig


def drawn(fig):
    fig.canvas.draw()
    return fig


def visible_texts(fig):
    """Every text that is drawn, with its extent in pixels: tick labels only for ticks within the axes."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    ticks, shown = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for locs, all_ticks in (
                (axis.get_majorticklocs(), axis.get_major_ticks()),
                (axis.get_minorticklocs(), axis.get_minor_ticks()),
            ):
                ticks.update(id(label) for tick in all_ticks for label in (tick.label1, tick.label2))
                if ax.axison:
                    span = (high - low) * 1e-9
                    shown += [
                        t.label1 for loc, t in zip(locs, all_ticks, strict=True) if low - span <= loc <= high + span
                    ]
    shown += [t for t in fig.findobj(Text) if id(t) not in ticks]
    return [(t, t.get_window_extent(renderer)) for t in shown if t.get_visible() and t.get_text().strip()]


def assert_no_text_overlaps_and_none_is_cut_off(fig):
    texts = visible_texts(fig)
    assert len(texts) > 10
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{a.get_text()!r} overlaps {b.get_text()!r}"
    width, height = fig.bbox.width, fig.bbox.height
    for text, box in texts:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, f"{text.get_text()!r} cut off"


def markers(fig):
    """Each marker of the spectrum: gid -> (x, y, radius) in pixels."""
    ax = fig.axes[0]
    found = {}
    for collection in ax.collections:
        if collection.get_gid():
            (x, y) = ax.transData.transform(collection.get_offsets()[0])
            radius = math.sqrt(collection.get_sizes()[0] / math.pi) * fig.dpi / 72
            found[collection.get_gid()] = (x, y, radius)
    return found


def row(country, iso3, model, score, share, change=0.0, level="L2"):
    return {
        "country": country,
        "iso3": iso3,
        "contracting_model": model,
        "support_score": score,
        "sipri_share_pct": share,
        "sipri_change_pct": change,
        "coverage_pct": 100.0,
        "model_known": True,
        "level": level,
        "_level": level,
    }


# Three countries tied at 17.1 with a fourth close by, scores of 0 and 100, four tied in one band, and a
# what-if with a long name: what the data can do with some weights or an earlier date.
CROWDED = SpectrumChart(
    rows=[
        row("China", "CHN", "g2g", 0.0, 5.9, -5.0),
        row("Alphaland", "ALP", "g2g", 17.1, 2.0, 10.0),
        row("Betaland", "BET", "g2g", 17.1, 0.3, None),
        row("Gammaland", "GAM", "g2g", 17.1, 12.0, -60.0),
        row("Deltaland", "DEL", "g2g", 18.0, 0.1, 250.0),
        row("United States", "USA", "fms", 100.0, 43.0, 20.0, "L3"),
        row("Iotaland", "IOT", "fms", 99.0, 0.2, 5.0, "L3"),
        row("Republic of Epsilonland", "EPS", "dcs", 2.6, 0.05, 0.0, "L0"),
        row("Zetaland", "ZET", "dcs", 2.6, 0.05, 0.0, "L0"),
        row("Etaland", "ETA", "dcs", 2.6, 1.0, 0.0, "L0"),
        row("Thetaland", "THE", "dcs", 2.6, 8.0, -20.0, "L0"),
    ],
    what_if_rows=[
        row("Republic of Epsilonland (what-if)", "EPS", "g2g", 17.1, 0.05, 0.0),
    ],
    title="Spectrum of government involvement: DCS → G2G → FMS-style; weights: default; as of 2023; WHAT-IF",
    caption="A caption long enough to need several lines. " * 12,
)


# Same bytes every run, in every format ---------------------------------------------------------------


# The bundled spectrum's layout takes a second or so: its runs are checked in SVG (the layout and the SVG
# writer); the PNG and PDF writers are checked on the crowded spectrum, laid out afresh for each file.
@pytest.mark.parametrize(
    ("suffix", "command"),
    [
        ("svg", ("spectrum",)),
        ("svg", ("spectrum", *WHAT_IF)),
        ("svg", ("trend",)),
        ("png", ("trend",)),
        ("pdf", ("trend",)),
    ],
)
def test_charts_are_the_same_bytes_every_run(cli, tmp_path, suffix, command):
    first = draw(cli, tmp_path, f"a.{suffix}", *command).read_bytes()
    second = draw(cli, tmp_path, f"b.{suffix}", *command).read_bytes()
    assert first == second


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_a_spectrum_is_the_same_bytes_every_time_in_every_format(tmp_path, suffix):
    pytest.importorskip("matplotlib", reason=NEEDS)
    chart.spectrum_chart(CROWDED, tmp_path / f"a.{suffix}")
    chart.spectrum_chart(CROWDED, tmp_path / f"b.{suffix}")
    assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes()


def test_pdf_is_a_pdf_with_its_fonts_and_no_dates(cli, tmp_path):
    data = draw(cli, tmp_path, "spectrum.PDF", "spectrum").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in data  # TrueType embedded, as publishers ask, not Type 3
    for varying in (b"/CreationDate", b"/ModDate", b"/Producer", b"Matplotlib"):
        assert varying not in data


@pytest.mark.parametrize("name", ["figure.svg", "figure.png", "figure.pdf", "FIGURE.PDF"])
def test_svg_png_and_pdf_are_accepted(name):
    chart.check_chart_path(Path(name))


@pytest.mark.parametrize(("name", "got"), [("figure.jpg", ".jpg"), ("figure", "none"), ("figure.eps", ".eps")])
def test_other_formats_are_refused_naming_the_three(name, got):
    from fmscompare.errors import UsageError

    with pytest.raises(UsageError) as refused:
        chart.check_chart_path(Path(name))
    assert f"expected a file name ending in .svg, .png or .pdf; got {got}" in str(refused.value)


# The spectrum: nothing over anything -------------------------------------------------------------------


@pytest.mark.parametrize("command", [("spectrum",), ("spectrum", *WHAT_IF), ("spectrum", "--as-of", "2023")])
def test_spectrum_text_never_overlaps(cli, monkeypatch, tmp_path, mpl, command):
    assert_no_text_overlaps_and_none_is_cut_off(figure_of(cli, monkeypatch, tmp_path, *command))


def test_crowded_spectrum_text_never_overlaps(mpl):
    assert_no_text_overlaps_and_none_is_cut_off(drawn(chart.spectrum_figure(CROWDED)))


def test_tied_scores_are_side_by_side_not_on_top_of_each_other(mpl):
    placed = markers(drawn(chart.spectrum_figure(CROWDED)))
    tied = [placed[f"marker-{iso3}"] for iso3 in ("ALP", "BET", "GAM")] + [placed["marker-EPS-what-if"]]
    assert len({round(y, 3) for _, y, _ in tied}) == 1  # the same height: the same score
    for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(tied, 2):
        assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2  # apart, each one whole
    four = [placed[f"marker-{iso3}"] for iso3 in ("EPS", "ZET", "ETA", "THE")]
    assert len({round(x, 3) for x, _, _ in four}) == 4


def test_every_marker_is_drawn_whole_inside_the_axes_even_at_0_and_100(mpl):
    fig = drawn(chart.spectrum_figure(CROWDED))
    box = fig.axes[0].bbox
    for gid, (x, y, radius) in markers(fig).items():
        assert box.x0 <= x - radius and x + radius <= box.x1, gid
        assert box.y0 <= y - radius and y + radius <= box.y1, gid
    low, high = fig.axes[0].get_ylim()
    assert low < 0 and high > 100


def test_leader_lines_cross_no_label_and_no_other_leader(mpl):
    fig = drawn(chart.spectrum_figure(CROWDED))
    ax = fig.axes[0]
    leaders = [line.get_xydata() for line in ax.lines if line.get_gid() and line.get_gid().startswith("leader")]
    assert len(leaders) == len(CROWDED.rows) + len(CROWDED.what_if_rows)
    display = [ax.transData.transform(points) for points in leaders]
    segments = [list(itertools.pairwise(map(tuple, path))) for path in display]
    for one, other in itertools.combinations(segments, 2):
        assert not any(chart._cross(a, b, c, d) for a, b in one for c, d in other)
    renderer = fig.canvas.get_renderer()
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    along = [
        (a[0] + (b[0] - a[0]) * k / 50, a[1] + (b[1] - a[1]) * k / 50)
        for path in segments
        for a, b in path
        for k in range(51)
    ]
    for box in labels:
        assert not any(box.x0 + 1 < x < box.x1 - 1 and box.y0 + 1 < y < box.y1 - 1 for x, y in along)


def test_the_paper_view_still_labels_every_country(cli, monkeypatch, tmp_path, mpl):
    fig = figure_of(cli, monkeypatch, tmp_path, "spectrum", "--paper")
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"South Korea  L1  50.0", "Japan  L0  7.3"} <= labels


# The trend: years, plain numbers, a style per line -----------------------------------------------------

UNEVEN = TrendChart(
    series={"Japan": [0.0037, 0.005, 0.0093, 0.024], "Sweden": [0.8, None, 0.8, 0.9]},
    periods=["2015-2019", "2017-2021", "2019-2023", "2020-2024"],
    title="SIPRI share of world arms exports by period",
    caption="Shares.",
)


def data_lines(fig, names):
    return {line.get_label(): line for line in fig.axes[0].lines if line.get_label() in names}


def test_periods_stand_at_their_years_not_evenly(mpl):
    fig = drawn(chart.trend_figure(UNEVEN))
    japan = data_lines(fig, {"Japan"})["Japan"]
    assert list(japan.get_xdata()) == [2017.0, 2019.0, 2021.0, 2022.0]  # 2 years, 2, then 1 apart
    ax = fig.axes[0]
    assert list(ax.get_xticks()) == [2017.0, 2019.0, 2021.0, 2022.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == UNEVEN.periods


def test_a_missing_figure_leaves_a_gap(mpl):
    sweden = data_lines(drawn(chart.trend_figure(UNEVEN)), {"Sweden"})["Sweden"]
    assert math.isnan(list(sweden.get_ydata())[1])


def test_sixteen_countries_each_get_their_own_colour_marker_and_line_style(cli, monkeypatch, tmp_path, mpl):
    fig = figure_of(cli, monkeypatch, tmp_path, "trend", *ALL_SIXTEEN)
    lines = [line for line in fig.axes[0].lines if not line.get_label().startswith("_")]
    assert len(lines) == 16
    looks = {(line.get_color(), line.get_marker(), line.get_linestyle()) for line in lines}
    assert len(looks) == 16
    assert len({chart.series_style(i) for i in range(56)}) == 56  # and so on, well past 16
    assert_no_text_overlaps_and_none_is_cut_off(fig)


@pytest.mark.parametrize(
    "series",
    [
        {"Japan": [0.0037, 0.0093, 0.024]},  # all small: a linear scale
        {"Japan": [0.0037, 0.0093, 0.024], "United States": [39.0, 41.0, 43.0]},  # a log scale
        {"Japan": [0.00002, 0.00004, 0.00009], "Sweden": [0.0005, 0.0004, 0.0003]},  # far below 0.001
        {"United States": [39.0, 41.0, 43.0], "France": [11.0, 10.5, 9.6]},  # within a decade
    ],
)
def test_y_ticks_are_plain_numbers(mpl, series):
    periods = ["2017-2021", "2019-2023", "2020-2024"]
    fig = drawn(chart.trend_figure(TrendChart(series=series, periods=periods, title="t", caption="c")))
    ax = fig.axes[0]
    low, high = sorted(ax.get_ylim())
    labels = [
        t.get_text()
        for loc, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
        if low <= loc <= high and t.get_text()
    ]
    assert len(labels) >= 2
    for label in labels:
        assert not any(mark in label for mark in ("e", "E", "×", "^", "$", "10^")), label
        float(label.replace("\u2212", "-"))
    minor = [t.get_text() for t in ax.yaxis.get_minorticklabels() if t.get_text()]
    assert all("e" not in text and "$" not in text for text in minor)


def test_trend_text_never_overlaps(cli, monkeypatch, tmp_path, mpl):
    assert_no_text_overlaps_and_none_is_cut_off(figure_of(cli, monkeypatch, tmp_path, "trend"))


def test_many_periods_a_year_apart_keep_their_labels_apart(mpl):
    periods = [f"{year}-{year + 4}" for year in range(2006, 2021)]
    series = {name: [1.0 + i + 0.1 * j for j in range(len(periods))] for i, name in enumerate(["A", "B", "C"])}
    fig = drawn(chart.trend_figure(TrendChart(series=series, periods=periods, title="t", caption="c")))
    assert_no_text_overlaps_and_none_is_cut_off(fig)


WORDS = ("a", "SIPRI", "2020-2024", "government-to-government", "FMS-style", "of", "the", "support", "W" * 30, "")


@pytest.mark.parametrize("width", [1.0, 60.0, 150.0, 2000.0])
@pytest.mark.parametrize("seed", range(2))
def test_a_caption_line_takes_every_word_that_fits_and_no_more(mpl, seed, width):
    """The captions are folded by halving how many words a line takes (render/chart.py `_wrap`); the lines
    must be those of adding one word at a time while the line still fits, at least one word a line."""
    import random

    pick = random.Random(seed)
    text = "\n".join(" ".join(pick.choice(WORDS) for _ in range(pick.randint(0, 30))) for _ in range(3))
    _, renderer = chart._new_figure((7.0, 5.0))

    def fits(line: str) -> bool:
        return chart._text_size(renderer, line, 8.0)[0] <= width

    expected = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and not fits(f"{line} {word}"):
                expected.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        expected.append(line)
    assert chart._wrap(renderer, text, 8.0, width) == expected
