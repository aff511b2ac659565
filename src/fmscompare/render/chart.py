"""Charts with matplotlib (an optional extra): the paper's Figure 1 rebuilt, and SIPRI shares by period.

Output is deterministic, so a test can compare files byte for byte: the Agg canvas, one bundled font
(DejaVu Sans), text kept as text in SVG and embedded as TrueType in PDF, a fixed `svg.hashsalt`, and no
dates or software names in the metadata. The figures are drawn from the same rows the `spectrum` and
`trend` tables print.

The layout is computed, not left to chance: every block (title, axes, legend, caption) is measured with
the renderer and given its own room, labels are spread so that none overlaps another, and markers that
share a height sit side by side. `spectrum_figure` and `trend_figure` return the Figure unsaved, for tests.
"""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fmscompare.errors import DataError, Option, Problem, UsageError
from fmscompare.periods import Period

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure

    from fmscompare.reports.spectrum import SpectrumChart
    from fmscompare.reports.timeline import TimelineChart
    from fmscompare.reports.trend import TrendChart

INSTALL_HINT = "charts need matplotlib: pip install 'fmscompare[charts]' (make run and make test install it)"
BANDS = (("dcs", "DCS"), ("g2g", "G2G"), ("fms", "FMS-style"))
FORMATS = (".svg", ".png", ".pdf")
PNG_DPI = 150
# The canvas text is measured on: the PNG's own, whose hinted glyphs are a little wider than the PDF's and
# the SVG's. Every length below is in points (1/72 inch), whatever the format.
LAYOUT_DPI = PNG_DPI

# Okabe & Ito's colour-blind-safe palette, without its yellow (too pale for a line or a label on white).
# Seven colours against eight markers: (colour, marker) repeats only after 56 series, and the line style
# changes every seven, so two series never look alike.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", ">")
LINESTYLES = ("-", "--", "-.", ":")

TITLE_SIZE = 12.0
LABEL_SIZE = 8.0  # country labels
CAPTION_SIZE = 7.5
TICK_SIZE = 9.0
EDGE = 0.15 * 72  # the figure's outer margin
BAND_COLOURS = ("#f3f3f3", "#e6e6e6")


def _matplotlib() -> Any:
    """matplotlib with the settings that make output reproducible; a DataError with the install hint if absent."""
    try:
        import matplotlib
    except ImportError:
        raise DataError([Problem(Option("chart"), INSTALL_HINT)]) from None
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "fmscompare",
            "svg.fonttype": "none",  # text stays text: searchable, and no embedded glyphs to vary
            "pdf.fonttype": 42,  # TrueType, as publishers ask (not Type 3); subset, and the same every time
            "font.family": "DejaVu Sans",
            "font.size": TICK_SIZE,
            "xtick.labelsize": TICK_SIZE,
            "ytick.labelsize": TICK_SIZE,
            "axes.labelsize": TICK_SIZE,
            "path.simplify": False,
        }
    )
    return matplotlib


def check_chart_path(path: Path) -> None:
    """Fail early, before any work, on a chart name whose format is not supported."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(
            Option("chart"),
            f" {path}: expected a file name ending in .svg, .png or .pdf; got {path.suffix or 'none'}",
        )


def _save(fig: Figure, path: Path) -> None:
    """The figure in the format its name asks for, with nothing in it that changes from run to run."""
    from fmscompare.fileio import write_atomic_bytes

    buffer = io.BytesIO()
    suffix = path.suffix.lower()
    if suffix == ".svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    elif suffix == ".pdf":
        fig.savefig(
            buffer,
            format="pdf",
            metadata={"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
        )
    else:
        fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    write_atomic_bytes(path, buffer.getvalue())


# Measuring and placing text -------------------------------------------------------------------------


def _new_figure(size: tuple[float, float]) -> tuple[Figure, RendererAgg]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=LAYOUT_DPI)
    canvas: Any = FigureCanvasAgg(fig)  # Any: its get_renderer is untyped in some matplotlib versions
    renderer: RendererAgg = canvas.get_renderer()
    return fig, renderer


def _text_size(
    renderer: RendererAgg, text: str, size: float, style: Literal["normal", "italic"] = "normal"
) -> tuple[float, float]:
    """Width and height of one line of `text`, in points."""
    from matplotlib.font_manager import FontProperties

    font = FontProperties(size=size, style=style)
    measure: Any = renderer.get_text_width_height_descent  # untyped in some matplotlib versions
    width, height, _ = measure(text, font, ismath=False)
    scale = 72.0 / renderer.dpi
    return width * scale, height * scale


def _wrap(renderer: RendererAgg, text: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` points, broken only at spaces (never inside `2020-2024`): each
    line takes as many words as fit, and at least one. A line only widens with each word added, so the most
    that fit are found by halving (a few measurements a line, not one a word: each measures the whole line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        first = 0
        while True:
            fits, over = first + 1, len(words) + 1  # words[first:fits] fit (or are one word); words[first:over] not
            while over - fits > 1:
                middle = (fits + over) // 2
                if _text_size(renderer, " ".join(words[first:middle]), size)[0] > width:
                    over = middle
                else:
                    fits = middle
            lines.append(" ".join(words[first:fits]))
            first = fits
            if first >= len(words):
                break
    return lines


def _block(fig: Figure, renderer: RendererAgg, text: str, size: float, top: float) -> float:
    """`text` wrapped to the figure's width, its top `top` points below the figure's top, left-aligned at
    the outer margin; the points it takes."""
    width_pts, height_pts = fig.get_size_inches() * 72
    lines = _wrap(renderer, text, size, width_pts - 2 * EDGE - 4)
    artist = fig.text(
        EDGE / width_pts,
        1 - top / height_pts,
        "\n".join(lines),
        fontsize=size,
        va="top",
        ha="left",
        parse_math=False,
    )
    return float(artist.get_window_extent(renderer).height * 72.0 / renderer.dpi)


def _caption(fig: Figure, renderer: RendererAgg, text: str) -> float:
    """The caption at the foot of the figure, wrapped to its width; the points it takes from the bottom."""
    width_pts, height_pts = fig.get_size_inches() * 72
    lines = _wrap(renderer, text, CAPTION_SIZE, width_pts - 2 * EDGE - 4)
    artist = fig.text(
        EDGE / width_pts,
        EDGE / height_pts,
        "\n".join(lines),
        fontsize=CAPTION_SIZE,
        va="bottom",
        ha="left",
        color="#333333",
        parse_math=False,
    )
    return EDGE + float(artist.get_window_extent(renderer).height * 72.0 / renderer.dpi)


def _spread(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions near `values` (ascending) but at least `gap` apart and within [low, high].

    Labels that would collide form a block centred on the mean of what they label (the placement that
    moves them least); blocks merge as they grow, and each is kept within [low, high] when it fits."""
    blocks: list[tuple[int, float, float]] = []  # (how many labels, sum of their wanted places, first place)
    for value in values:
        count, total = 1, value
        while True:
            start = max(low, min(total / count - gap * (count - 1) / 2, high - gap * (count - 1)))
            if not blocks or blocks[-1][2] + gap * blocks[-1][0] <= start + 1e-9:
                break
            previous_count, previous_total, _ = blocks.pop()
            count, total = count + previous_count, total + previous_total
        blocks.append((count, total, start))
    return [start + gap * i for count, _, start in blocks for i in range(count)]


def _cross(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], d: tuple[float, float]) -> bool:
    """Whether the segments a-b and c-d cross (touching at an end does not count)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _plain(value: float) -> str:
    """A tick value as people write it: 0.001, 0.5, 20; never 1e-03 or 10^-3."""
    if value == 0:
        return "0"
    decimals = max(0, 5 - math.floor(math.log10(abs(value))))
    text = f"{abs(value):.{decimals}f}".rstrip("0").rstrip(".")
    return ("\u2212" if value < 0 else "") + text


# The spectrum: the paper's Figure 1 -------------------------------------------------------------------

SPECTRUM_SIZE = (11.0, 7.5)


def _area(share: float | None) -> float:
    """Marker area in points² for a SIPRI share in %: 20 for none, growing with the share."""
    return 20 + 35 * (share or 0.0)


@dataclass
class _Mark:
    """One marker of the spectrum and its label, in points within its band (x) and the axes (y)."""

    row: dict[str, Any]
    band: int
    score: float
    radius: float
    what_if: bool
    text: str
    width: float = 0.0  # of the label
    x: float = 0.0  # of the marker, from the band's left edge
    y: float = 0.0  # of the marker, from the axes' bottom
    label_y: float = 0.0


def _label_text(row: dict[str, Any]) -> str:
    return f"{row['country']}  {row.get('_level', row['level'])}  {row['support_score']:.1f}"


def _swarm(marks: list[_Mark], low: float, high: float, gap: float = 2.0) -> None:
    """Each marker at its height, as far right in [low, high] (towards the labels) as it can be without
    touching one already placed, smallest first: markers at one height sit side by side, not on each
    other, and a leader has few markers to pass on its way to the label."""
    placed: list[_Mark] = []
    for mark in sorted(marks, key=lambda m: (m.radius, -m.score, m.text)):
        lo, hi = low + mark.radius, max(low + mark.radius, high - mark.radius)
        blocked: list[tuple[float, float]] = []
        for other in placed:
            reach = mark.radius + other.radius + gap
            dy = abs(other.y - mark.y)
            if dy < reach:
                half = math.sqrt(reach * reach - dy * dy)
                blocked.append((other.x - half, other.x + half))
        candidates = [hi] + [edge for span in blocked for edge in span]
        free = [x for x in candidates if lo - 1e-9 <= x <= hi + 1e-9 and not any(a < x < b for a, b in blocked)]
        if free:
            mark.x = max(free)
        else:  # no room: where it overlaps least
            steps = [hi - (hi - lo) * i / 40 for i in range(41)]
            mark.x = min(steps, key=lambda x: sum(max(0.0, (b - a) / 2 - abs(x - (a + b) / 2)) for a, b in blocked))
        placed.append(mark)


def _untangle(marks: list[_Mark], label_x: float) -> None:
    """Swap label places between two straight leader lines that cross until none does: each swap shortens
    the lines in total, so this ends, and the labels keep the same places."""
    for _ in range(10 * len(marks) ** 2 + 10):
        swapped = False
        for a, b in itertools.combinations(marks, 2):
            if _cross((a.x, a.y), (label_x, a.label_y), (b.x, b.y), (label_x, b.label_y)):
                a.label_y, b.label_y = b.label_y, a.label_y
                swapped = True
        if not swapped:
            return


Point = tuple[float, float]


def _near(point: Point, a: Point, b: Point) -> float:
    """Distance from `point` to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length))
    return math.hypot(point[0] - a[0] - t * dx, point[1] - a[1] - t * dy)


Box = tuple[float, float, float, float]  # least x, greatest x, least y, greatest y


def _box(path: list[Point]) -> Box:
    xs, ys = [x for x, _ in path], [y for _, y in path]
    return min(xs), max(xs), min(ys), max(ys)


@dataclass(frozen=True)
class _Line:
    """A polyline with its box and each segment's box, measured once: a leader is compared with many others."""

    path: list[Point]
    box: Box
    segments: list[tuple[Point, Point, Box]]

    @classmethod
    def of(cls, path: list[Point]) -> _Line:
        return cls(path, _box(path), [(a, b, _box([a, b])) for a, b in itertools.pairwise(path)])


def _within(p: _Line, q: _Line, limit: float) -> bool:
    """Whether two polylines cross or come closer than `limit` (their least distance, 0 where they cross, is
    under it), without measuring the segments (or the whole lines) whose boxes are already that far apart."""
    (px0, px1, py0, py1), (qx0, qx1, qy0, qy1) = p.box, q.box
    if px1 + limit <= qx0 or qx1 + limit <= px0 or py1 + limit <= qy0 or qy1 + limit <= py0:
        return False
    for a, b, (ax0, ax1, ay0, ay1) in p.segments:
        for c, d, (cx0, cx1, cy0, cy1) in q.segments:
            if ax1 + limit <= cx0 or cx1 + limit <= ax0 or ay1 + limit <= cy0 or cy1 + limit <= ay0:
                continue  # the segments' boxes are `limit` apart: they can neither cross nor come that close
            if _cross(a, b, c, d):
                return True
            if min(_near(a, c, d), _near(b, c, d), _near(c, a, b), _near(d, a, b)) < limit:
                return True
    return False


def _length(path: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(path))


class _Router:
    """The leaders of one band's markers, with what the layout asks again and again measured once: the paths
    a marker's leader may take to a label height (they depend on nothing else), and whether two paths cross
    or touch. Trying the orders of the labels asks for the same paths and pairs thousands of times."""

    def __init__(self, band: list[_Mark], label_x: float) -> None:
        self.band, self.label_x = band, label_x
        self._options: dict[tuple[int, float], list[tuple[_Line, int, float]]] = {}
        self._meets: dict[tuple[int, int], bool] = {}

    def route(self, mark: _Mark, slot: float, taken: Sequence[_Line]) -> tuple[_Line, int, int]:
        """The leader from a marker to its label at height `slot`, and how many markers it runs through and
        leaders (`taken`) it crosses or touches: the fewest through, then the fewest touching, then the
        shortest, the first of the paths in `_options`' order on a tie."""
        scored = [
            ((through, sum(self._touch(line, other) for other in taken), length), line)
            for line, through, length in self._paths(mark, slot)
        ]
        (through, touching, _), best = min(scored, key=lambda item: item[0])
        return best, through, touching

    def _touch(self, line: _Line, other: _Line) -> bool:
        key = (id(line), id(other))  # both held by `_options` as long as this router lives
        meets = self._meets.get(key)
        if meets is None:
            meets = self._meets[key] = _within(line, other, 2.5)
        return meets

    def _paths(self, mark: _Mark, slot: float) -> list[tuple[_Line, int, float]]:
        """The paths tried, each with the markers it runs through and its length. Straight when that is clear;
        else up or down to the label's height and across; else up (or down) out of the marker's row, over (or
        under) the markers beside it on the right, then to the label."""
        known = self._options.get((id(mark), slot))
        if known is not None:
            return known
        start, label_x, band = (mark.x, mark.y), self.label_x, self.band
        routes: list[list[Point]] = [[start, (label_x, slot)]]
        if abs(slot - mark.y) > mark.radius + 1:
            routes.append([start, (mark.x, slot), (label_x, slot)])
        beside = [o for o in band if o is not mark and o.x > mark.x and abs(o.y - mark.y) < o.radius + mark.radius + 2]
        if beside:
            past = max(o.x + o.radius for o in beside) + 3
            above = max([mark.y + mark.radius] + [o.y + o.radius for o in beside]) + 3
            below = min([mark.y - mark.radius] + [o.y - o.radius for o in beside]) - 3
            for step, y in ((0, above), (4, above + 4), (0, below), (4, below - 4)):
                routes.append([start, (mark.x, y), (past + step, y), (label_x, slot)])
        paths = []
        for path in routes:
            line = _Line.of(path)
            x0, x1, y0, y1 = line.box
            through = 0
            for o in band:
                reach = o.radius + 1.5
                if o is mark or not (x0 - reach < o.x < x1 + reach and y0 - reach < o.y < y1 + reach):
                    continue
                centre = (o.x, o.y)
                # A segment whose box is `reach` away from the centre cannot pass through the marker.
                through += any(
                    not (sx1 + reach <= o.x or o.x + reach <= sx0 or sy1 + reach <= o.y or o.y + reach <= sy0)
                    and _near(centre, a, b) < reach
                    for a, b, (sx0, sx1, sy0, sy1) in line.segments
                )
            paths.append((line, through, _length(path)))
        self._options[(id(mark), slot)] = paths
        return paths


def _leaders(band: list[_Mark], label_x: float) -> dict[int, list[Point]]:
    """Each marker's leader line, after trying every order of the labels of markers side by side (at
    heights close enough that they had to be placed apart) for the fewest leaders through a marker, then
    the fewest crossing or touching, then labels in the order of their scores, then the shortest."""

    router = _Router(band, label_x)
    routing = sorted(band, key=lambda m: (-m.x, m.y))  # the rightmost, with the simplest paths, first
    # The leaders placed, by the label heights of the markers routed so far: a marker's leader depends only on
    # those, so orders of labels that share their first heights share that work.
    placed: dict[tuple[float, ...], tuple[tuple[_Line, ...], int, int]] = {}

    def routed(slots: dict[int, float]) -> tuple[tuple[int, int, int, float], dict[int, list[Point]]]:
        key: tuple[float, ...] = ()
        lines: tuple[_Line, ...] = ()  # the leaders placed so far
        through = touching = 0
        for mark in routing:
            key += (slots[id(mark)],)
            known = placed.get(key)
            if known is None:
                line, runs, meets = router.route(mark, slots[id(mark)], lines)
                known = placed[key] = (*lines, line), through + runs, touching + meets
            lines, through, touching = known
        taken = {id(mark): line.path for mark, line in zip(routing, lines, strict=True)}
        # Labels out of the order of the scores they show: only to keep a leader clear.
        inverted = sum(
            (a.score - b.score) * (slots[id(a)] - slots[id(b)]) < 0 for a, b in itertools.combinations(band, 2)
        )
        return (through, touching, inverted, sum(_length(p) for p in taken.values())), taken

    slots = {id(mark): mark.label_y for mark in band}
    groups: list[list[_Mark]] = []
    for mark in sorted(band, key=lambda m: (m.y, m.x)):
        touching = [g for g in groups if any(abs(o.y - mark.y) < o.radius + mark.radius + 2 for o in g)]
        groups = [g for g in groups if g not in touching] + [[mark] + [m for g in touching for m in g]]
    for group in groups:
        if len(group) < 2:
            continue
        best_cost = routed(slots)[0]
        if best_cost[:2] == (0, 0):
            continue  # every leader already clear
        if len(group) <= 4:  # every order
            places = [slots[id(m)] for m in group]
            best = places
            for order in itertools.permutations(places):
                cost = routed({**slots, **{id(m): y for m, y in zip(group, order, strict=True)}})[0]
                if cost < best_cost:
                    best, best_cost = list(order), cost
            slots.update({id(m): y for m, y in zip(group, best, strict=True)})
            continue
        for _ in range(3):  # too many orders to try them all: swap two labels while that helps
            improved = False
            for a, b in itertools.combinations(group, 2):
                trial = {**slots, id(a): slots[id(b)], id(b): slots[id(a)]}
                cost = routed(trial)[0]
                if cost < best_cost:
                    slots, best_cost, improved = trial, cost, True
            if not improved or best_cost[:2] == (0, 0):
                break
    for mark in band:
        mark.label_y = slots[id(mark)]
    return routed(slots)[1]


def _band_widths(marks: list[_Mark], total: float) -> list[float]:
    """Each band's width in points: a third of `total` each when every band's markers and labels fit in a
    third; else each as wide as they need, the rest shared equally (or all shrunk alike if there is none)."""
    needs: list[float] = []
    for index in range(len(BANDS)):
        band = sorted((m for m in marks if m.band == index), key=lambda m: m.y)
        if not band:
            needs.append(120.0)
            continue
        rows: list[list[_Mark]] = []  # markers close enough in height to need places side by side
        for mark in band:
            touching = [r for r in rows if any(abs(o.y - mark.y) < o.radius + mark.radius + 2 for o in r)]
            rows = [r for r in rows if r not in touching] + [[mark] + [m for r in touching for m in r]]
        row = max(sum(2 * m.radius + 2 for m in r) for r in rows)
        needs.append(8 + row + 14 + max(m.width for m in band) + 6)
    if max(needs) * len(BANDS) <= total:
        return [total / len(BANDS)] * len(BANDS)
    spare = total - sum(needs)
    if spare >= 0:
        return [need + spare / len(BANDS) for need in needs]
    return [need * total / sum(needs) for need in needs]


def spectrum_figure(chart: SpectrumChart) -> Figure:
    """Bands DCS -> G2G -> FMS-style left to right; support score up; marker area by SIPRI share; colour
    by change against the previous period. A what-if is drawn hollow and dashed, with an arrow from the
    real country. Each band holds its markers on the left and their labels in a column on the right."""
    mpl = _matplotlib()
    from matplotlib import colors

    fig, renderer = _new_figure(SPECTRUM_SIZE)
    width_pts, height_pts = SPECTRUM_SIZE[0] * 72, SPECTRUM_SIZE[1] * 72
    band_of = {model: i for i, (model, _) in enumerate(BANDS)}

    marks = [
        _Mark(row, band_of[row["contracting_model"]], row["support_score"], 0.0, False, _label_text(row))
        for row in chart.rows
    ] + [
        _Mark(row, band_of[row["contracting_model"]], row["support_score"], 0.0, True, _label_text(row))
        for row in chart.what_if_rows
    ]
    for mark in marks:
        area = _area(mark.row.get("sipri_share_pct"))
        mark.radius = math.sqrt((max(90.0, area) if mark.what_if else area) / math.pi)
        mark.width = _text_size(renderer, mark.text, LABEL_SIZE, "italic" if mark.what_if else "normal")[0]

    # The blocks, top to bottom: title, axes, tick labels and axis label, legend, caption.
    title_height = _block(fig, renderer, chart.title, TITLE_SIZE, EDGE)
    caption_height = _caption(fig, renderer, chart.caption)
    legend_height = 62.0
    below_axes = 40.0  # band names and the axis label
    left, right = 72.0, EDGE
    bottom = caption_height + 12 + legend_height + 8 + below_axes
    top = EDGE + title_height + 10
    axes_width, axes_height = width_pts - left - right, height_pts - top - bottom
    ax = fig.add_axes((left / width_pts, bottom / height_pts, axes_width / width_pts, axes_height / height_pts))

    # The score axis runs a little below 0 and above 100, so a marker at either end is drawn whole.
    ends = [m.radius for m in marks if m.score < 10 or m.score > 90]
    margin_pts = max([8.0] + [r + 4 for r in ends])
    margin = 100 * margin_pts / (axes_height - 2 * margin_pts)
    y_low, y_high = -margin, 100 + margin
    per_score = axes_height / (y_high - y_low)  # points per score point
    for mark in marks:
        mark.y = (mark.score - y_low) * per_score
    widths = _band_widths(marks, axes_width)
    lefts = [sum(widths[:i]) for i in range(len(BANDS))]  # the x axis runs in points
    leaders: dict[int, list[Point]] = {}
    label_xs: list[float] = []  # where each band's labels start, from its left edge
    for index, band_width in enumerate(widths):
        band = [m for m in marks if m.band == index]
        label_x = band_width - 6 - max([m.width for m in band], default=0.0)
        label_xs.append(label_x)
        _swarm(band, 8.0, max(label_x - 14, 8.0 + 2 * max([m.radius for m in band], default=4.0)))
        band.sort(key=lambda m: (m.y, m.x))
        line = LABEL_SIZE * 1.45
        for mark, y in zip(band, _spread([m.y for m in band], line, line / 2, axes_height - line / 2), strict=True):
            mark.label_y = y
        _untangle(band, label_x)
        leaders.update(_leaders(band, label_x - 2))

    def data(mark: _Mark, x: float, y: float) -> tuple[float, float]:
        return lefts[mark.band] + x, y_low + y / per_score

    norm = colors.TwoSlopeNorm(vmin=-100, vcenter=0, vmax=200)
    cmap = mpl.colormaps["RdBu"]
    for index, (band_left, band_width) in enumerate(zip(lefts, widths, strict=True)):
        ax.axvspan(band_left, band_left + band_width, color=BAND_COLOURS[index % 2], zorder=0, linewidth=0)
    where: dict[str, tuple[float, float]] = {}
    for mark in marks:
        x, y = data(mark, mark.x, mark.y)
        change = mark.row.get("sipri_change_pct")
        if mark.what_if:
            ax.scatter(
                x, y, s=math.pi * mark.radius**2, facecolors="none", edgecolors="#222222", linewidths=1.0,
                linestyles="--", zorder=4, gid=f"marker-{mark.row['iso3']}-what-if",
            )  # fmt: skip
        else:
            where[mark.row["iso3"]] = (x, y)
            colour = cmap(norm(max(-100, min(200, change)))) if change is not None else "#bbbbbb"
            ax.scatter(
                x, y, s=math.pi * mark.radius**2, c=[colour], edgecolors="#222222", linewidths=0.6, zorder=3,
                gid=f"marker-{mark.row['iso3']}",
            )  # fmt: skip
        # The leader leaves the marker at its edge, towards the label.
        path = leaders[id(mark)]
        (x0, y0), (x1, y1) = path[0], path[1]
        step = math.hypot(x1 - x0, y1 - y0) or 1.0
        reach = min(mark.radius + 0.8, step)
        path = [(x0 + (x1 - x0) / step * reach, y0 + (y1 - y0) / step * reach), *path[1:]]
        ax.plot(
            *zip(*(data(mark, px, py) for px, py in path), strict=True), color="#8a8a8a", linewidth=0.5,
            solid_capstyle="butt", zorder=2.5, gid=f"leader-{mark.row['iso3']}" + ("-what-if" if mark.what_if else ""),
        )  # fmt: skip
        ax.text(
            *data(mark, label_xs[mark.band], mark.label_y),
            mark.text,
            fontsize=LABEL_SIZE,
            style="italic" if mark.what_if else "normal",
            va="center",
            ha="left",
            parse_math=False,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": BAND_COLOURS[mark.band % 2], "edgecolor": "none"},
            zorder=5,
        )
    column_end = [  # the right edge of each band's labels
        label_xs[i] + max([m.width for m in marks if m.band == i], default=0.0) + 3 for i in range(len(BANDS))
    ]
    for what_if in (m for m in marks if m.what_if):
        real = next((m for m in marks if not m.what_if and m.row["iso3"] == what_if.row["iso3"]), None)
        if real is not None:
            _what_if_arrow(ax, real, what_if, data, label_xs, column_end)

    ax.set_xlim(0, axes_width)
    ax.set_ylim(y_low, y_high)
    ax.set_yticks(range(0, 101, 20))
    ax.set_xticks([a + w / 2 for a, w in zip(lefts, widths, strict=True)], [label for _, label in BANDS])
    ax.tick_params(axis="x", length=0, pad=6)
    ax.set_axisbelow(True)
    ax.grid(axis="y", color="white", linewidth=0.9)
    ax.set_xlabel(
        "Contracting model: who contracts the buyer (industry, the government, the government buying for the buyer)",
        labelpad=6,
    )
    ax.set_ylabel("Support score (0-100)\nweighted share of export-support mechanisms in place", labelpad=6)
    ax.spines[["top", "right"]].set_visible(False)
    _spectrum_legend(fig, renderer, norm, cmap, bool(chart.what_if_rows), caption_height + 12, legend_height, left)
    return fig


def _what_if_arrow(
    ax: Any, real: _Mark, what_if: _Mark, data: Any, label_xs: list[float], column_end: list[float]
) -> None:
    """An arrow from the real country to its what-if that crosses no column of labels: from the real
    label's end to a band on the right; from the real marker to the end of the what-if's label in a band
    on the left; from marker to marker within a band."""
    style = {"color": "#444444", "lw": 0.9, "zorder": 4}
    arrow = {"arrowstyle": "->", "color": style["color"], "lw": style["lw"]}
    if what_if.band > real.band:
        start = (label_xs[real.band] + real.width + 3, real.label_y)
        turn = (column_end[real.band], real.label_y)
        ax.plot(*zip(data(real, *start), data(real, *turn), strict=True), solid_capstyle="butt", **style)
        ax.annotate(
            "", xy=data(what_if, what_if.x, what_if.y), xytext=data(real, *turn),
            arrowprops={**arrow, "shrinkA": 0, "shrinkB": what_if.radius + 1, "connectionstyle": "arc3,rad=-0.15"},
            zorder=4,
        )  # fmt: skip
    elif what_if.band < real.band:
        end = (label_xs[what_if.band] + what_if.width + 3, what_if.label_y)
        turn = (column_end[what_if.band], what_if.label_y)
        ax.annotate(
            "", xy=data(what_if, *turn), xytext=data(real, real.x, real.y),
            arrowprops={**arrow, "arrowstyle": "-", "shrinkA": real.radius + 1, "shrinkB": 0,
                        "connectionstyle": "arc3,rad=0.15"},
            zorder=4,
        )  # fmt: skip
        ax.annotate(
            "", xy=data(what_if, *end), xytext=data(what_if, *turn),
            arrowprops={**arrow, "shrinkA": 0, "shrinkB": 0}, zorder=4,
        )  # fmt: skip
    else:
        ax.annotate(
            "", xy=data(what_if, what_if.x, what_if.y), xytext=data(real, real.x, real.y),
            arrowprops={
                **arrow, "shrinkA": real.radius + 1, "shrinkB": what_if.radius + 1, "connectionstyle": "arc3,rad=-0.3"
            },
            zorder=4,
        )  # fmt: skip


def _spectrum_legend(
    fig: Figure,
    renderer: RendererAgg,
    norm: Any,
    cmap: Any,
    what_if: bool,
    bottom: float,
    height: float,
    left: float,
) -> None:
    """Below the axes: marker areas for three shares (and the what-if's hollow marker) on the left, the
    colour scale on the right, each with its own room."""
    from matplotlib.cm import ScalarMappable

    width_pts, height_pts = fig.get_size_inches() * 72
    bar_width = 260.0
    sizes_width = width_pts - left - EDGE - bar_width - 30
    legend = fig.add_axes((left / width_pts, bottom / height_pts, sizes_width / width_pts, height / height_pts))
    legend.set_xlim(0, sizes_width)
    legend.set_ylim(0, height)
    legend.set_axis_off()
    legend.text(0, height, "Marker area: SIPRI share of world arms exports", fontsize=8, va="top", ha="left")
    row_y = (height - 12) / 2
    cursor = 0.0
    entries: list[tuple[float, str, bool]] = [(_area(share), f"{share:g} %", False) for share in (1, 10, 40)]
    if what_if:
        entries.append((90.0, "what-if (hollow, dashed)", True))
    for area, text, hollow in entries:
        radius = math.sqrt(area / math.pi)
        cursor += radius
        if hollow:
            legend.scatter(
                cursor, row_y, s=area, facecolors="none", edgecolors="#222222", linewidths=1.0, linestyles="--",
                clip_on=False,
            )  # fmt: skip
        else:
            legend.scatter(
                cursor, row_y, s=area, c="#dddddd", edgecolors="#222222", linewidths=0.6, clip_on=False
            )  # fmt: skip
        cursor += radius + 4
        legend.text(cursor, row_y, text, fontsize=8, va="center", ha="left")
        cursor += _text_size(renderer, text, 8)[0] + 18

    bar_left = width_pts - EDGE - bar_width
    cax = fig.add_axes((bar_left / width_pts, (bottom + 14) / height_pts, bar_width / width_pts, 9 / height_pts))
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax, orientation="horizontal")
    bar.set_ticks([-100, -50, 0, 50, 100, 150, 200])
    bar.ax.tick_params(labelsize=8, length=2.5, pad=2)
    bar.ax.xaxis.set_label_position("top")
    bar.set_label("Colour: SIPRI change in volume against the previous\nfive years, % (grey: no figure)", fontsize=8)
    bar.outline.set_linewidth(0.5)


def spectrum_chart(chart: SpectrumChart, path: Path) -> None:
    """Draw the spectrum (see `spectrum_figure`) into `path`: SVG, PNG or PDF by its suffix."""
    _save(spectrum_figure(chart), path)


# The trend: SIPRI shares by period --------------------------------------------------------------------

TREND_SIZE = (10.0, 6.5)


def series_style(index: int) -> tuple[str, str, str]:
    """(colour, marker, line style) of the index-th line: distinct for the first 56 at least."""
    return PALETTE[index % len(PALETTE)], MARKERS[index % len(MARKERS)], LINESTYLES[index // len(PALETTE) % 4]


def period_x(period: str) -> float:
    """Where a period stands on the time axis: its middle year (2017-2021 at 2019, 2020-2024 at 2022)."""
    parsed = Period.parse(period)
    return (parsed.start + parsed.end) / 2


def trend_figure(chart: TrendChart) -> Figure:
    """SIPRI share by period, one line per country, on a time axis (each period at its middle year, so
    overlapping periods one year apart sit one year apart); a log scale when the shares span more than a
    factor of 20, so that small exporters show. Each line is labelled at its end, on the right."""
    _matplotlib()
    from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter

    fig, renderer = _new_figure(TREND_SIZE)
    width_pts, height_pts = TREND_SIZE[0] * 72, TREND_SIZE[1] * 72
    xs = [period_x(p) for p in chart.periods]
    known = [v for values in chart.series.values() for v in values if v is not None and v > 0]
    log = bool(known) and max(known) / min(known) > 20

    names = [name for name, values in chart.series.items() if any(v is not None and (v > 0 or not log) for v in values)]
    name_width = max([_text_size(renderer, name, LABEL_SIZE)[0] for name in names], default=0.0)
    title_height = _block(fig, renderer, chart.title, TITLE_SIZE, EDGE)
    caption_height = _caption(fig, renderer, chart.caption)
    left, right = 66.0, EDGE + 36 + name_width
    bottom, top = caption_height + 14 + 44, EDGE + title_height + 12
    axes_width, axes_height = width_pts - left - right, height_pts - top - bottom
    ax = fig.add_axes((left / width_pts, bottom / height_pts, axes_width / width_pts, axes_height / height_pts))

    ends: list[tuple[float, str, float, tuple[str, str, str]]] = []  # (last value, name, its x, style)
    for index, (name, values) in enumerate(chart.series.items()):
        colour, marker, linestyle = series_style(index)
        ys = [v if v is not None and (v > 0 or not log) else math.nan for v in values]
        points = [(x, y) for x, y in zip(xs, ys, strict=True) if not math.isnan(y)]
        if not points:
            continue
        ax.plot(
            xs, ys, color=colour, marker=marker, linestyle=linestyle, linewidth=1.6, markersize=6,
            markeredgewidth=0.6, markeredgecolor="white", label=name, zorder=3,
        )  # fmt: skip
        ends.append((points[-1][1], name, points[-1][0], (colour, marker, linestyle)))

    # The y axis: plain numbers at every tick, never 1e-03 or 10^-3.
    plain = FuncFormatter(lambda value, _: _plain(value))
    if log:
        low, high = min(known) / 1.5, max(known) * 1.5
        ax.set_yscale("log")
        ax.set_ylim(low, high)
        decades = math.log10(high / low)
        subs = (1.0,) if decades > 2.5 else (1.0, 2.0, 5.0) if decades > 1.2 else tuple(float(s) for s in range(1, 10))
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=subs))
        ax.yaxis.set_minor_locator(LogLocator(base=10, subs=tuple(float(s) for s in range(1, 10))))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("Share of world arms exports, % (log scale)")
    else:
        low, high = 0.0, max(known, default=1.0) * 1.1
        ax.set_ylim(low, high)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
        ax.set_ylabel("Share of world arms exports, %")
    ax.yaxis.set_major_formatter(plain)

    # The x axis: years, each period's tick at its middle year.
    span = (max(xs) - min(xs)) if xs else 0.0
    pad = max(0.4, span * 0.04)
    x_low, x_high = (min(xs) - pad, max(xs) + pad) if xs else (0.0, 1.0)
    ax.set_xlim(x_low, x_high)
    per_year = axes_width / (x_high - x_low)
    labels = list(chart.periods)
    widest = max([_text_size(renderer, p, TICK_SIZE)[0] for p in labels], default=0.0)
    closest = min([(b - a) * per_year for a, b in itertools.pairwise(xs)], default=math.inf)
    if closest < widest + 8:  # too close for `2017-2021`: on two lines
        labels = [f"{Period.parse(p).start}-\n{Period.parse(p).end}" for p in chart.periods]
        widest = max([_text_size(renderer, f"{Period.parse(p).start}-", TICK_SIZE)[0] for p in chart.periods])
    step = max(1, math.ceil((widest + 8) / closest)) if closest < widest + 8 else 1
    shown = [i for i in range(len(xs)) if (len(xs) - 1 - i) % step == 0]  # the latest always labelled
    ax.xaxis.set_major_locator(FixedLocator([xs[i] for i in shown]))
    ax.set_xticklabels([labels[i] for i in shown])
    ax.xaxis.set_minor_locator(FixedLocator([float(y) for y in range(math.ceil(x_low), math.floor(x_high) + 1)]))
    ax.tick_params(axis="x", which="minor", length=2)
    ax.set_xlabel("SIPRI five-year period, at its middle year (the periods overlap)", labelpad=6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", which="major", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)

    # Labels at the right, each beside its line's end and spread so that none overlaps another.
    def to_axis(value: float) -> float:  # points above the axes' bottom
        if log:
            return (math.log10(value) - math.log10(low)) / math.log10(high / low) * axes_height
        return (value - low) / (high - low) * axes_height

    ends.sort(key=lambda end: (to_axis(end[0]), end[1]))
    line = LABEL_SIZE * 1.45
    placed = _spread([to_axis(end[0]) for end in ends], line, line / 2, axes_height - line / 2)
    label_transform = ax.transAxes
    for (value, name, x, (colour, marker, linestyle)), y in zip(ends, placed, strict=True):
        # A leader from the line's last point to a sample of the line (colour, marker, style), then the name.
        height = y / axes_height
        ax.annotate(
            "",
            xy=(1 + 8 / axes_width, height),
            xycoords=label_transform,
            xytext=(x, value),
            textcoords="data",
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.6, "shrinkA": 4, "shrinkB": 0},
        )
        ax.plot(
            [1 + 8 / axes_width, 1 + 30 / axes_width], [height, height], transform=label_transform, color=colour,
            linestyle=linestyle, linewidth=1.6, clip_on=False,
        )  # fmt: skip
        ax.plot(
            [1 + 19 / axes_width], [height], transform=label_transform, marker=marker, color=colour, markersize=6,
            markeredgewidth=0.6, markeredgecolor="white", clip_on=False, linestyle="none",
        )  # fmt: skip
        ax.text(
            1 + 34 / axes_width,
            height,
            name,
            transform=label_transform,
            fontsize=LABEL_SIZE,
            va="center",
            ha="left",
            color="#222222",
            parse_math=False,
        )
    return fig


def trend_chart(chart: TrendChart, path: Path) -> None:
    """Draw the trend (see `trend_figure`) into `path`: SVG, PNG or PDF by its suffix."""
    _save(trend_figure(chart), path)


def timeline_figure(chart: TimelineChart) -> Figure:
    """Support score by year, one line per country (its Known share dotted, for one or two countries), each
    line labelled at its end; a numbered marker where G2G contracting or intermediary procurement rose or
    was first shown, the numbers explained under the caption (so no label can cover another)."""
    _matplotlib()
    from matplotlib.ticker import FixedLocator, MultipleLocator

    fig, renderer = _new_figure(TREND_SIZE)
    width_pts, height_pts = TREND_SIZE[0] * 72, TREND_SIZE[1] * 72
    few = len(chart.series) <= 2
    # One number per country and year: two changes in one year share it.
    numbered: dict[tuple[str, int], list[str]] = {}
    for name, year, text in chart.marks:
        numbered.setdefault((name, year), []).append(text)
    key_text = "; ".join(f"({i}) {' / '.join(texts)}" for i, texts in enumerate(numbered.values(), 1))
    caption = chart.caption + (f" Markers: {key_text}." if key_text else "")
    names = list(chart.series)
    name_width = max([_text_size(renderer, name, LABEL_SIZE)[0] for name in names], default=0.0)
    title_height = _block(fig, renderer, chart.title, TITLE_SIZE, EDGE)
    caption_height = _caption(fig, renderer, caption)
    left, right = 58.0, EDGE + 36 + name_width
    bottom, top = caption_height + 14 + 40, EDGE + title_height + 12
    axes_width, axes_height = width_pts - left - right, height_pts - top - bottom
    ax = fig.add_axes((left / width_pts, bottom / height_pts, axes_width / width_pts, axes_height / height_pts))
    xs = [float(year) for year in chart.years]
    ends: list[tuple[float, str, float, tuple[str, str, str]]] = []
    colours = {}
    for index, (name, values) in enumerate(chart.series.items()):
        colour, marker, linestyle = series_style(index)
        colours[name] = colour
        ax.plot(xs, values, color=colour, linestyle=linestyle, linewidth=1.8, zorder=3, label=name)
        if few:
            ax.plot(
                xs, chart.coverage[name], color=colour, linestyle=":", linewidth=1.0, alpha=0.7, zorder=2,
            )  # fmt: skip
        ends.append((values[-1], name, xs[-1], (colour, marker, linestyle)))
    placed_at: dict[tuple[int, float], int] = {}  # markers already at a point: the next sits beside them
    for number, (name, year) in enumerate(numbered, 1):
        y = chart.series[name][chart.years.index(year)]
        beside = placed_at.get((year, y), 0)
        placed_at[(year, y)] = beside + 1
        x = float(year) + 0.32 * beside
        ax.plot(
            [x], [y], marker="o", color=colours[name], markersize=13, markeredgecolor="white",
            markeredgewidth=0.8, linestyle="none", zorder=4,
        )  # fmt: skip
        ax.text(
            x, y, str(number), ha="center", va="center", fontsize=LABEL_SIZE - 0.5, color="white",
            fontweight="bold", zorder=5, parse_math=False,
        )  # fmt: skip
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_locator(MultipleLocator(20))
    ax.set_ylabel("Score, 0-100" + (" (dotted: Known share, %)" if few else ""))
    pad = 0.6
    ax.set_xlim(xs[0] - pad, xs[-1] + pad)
    step = max(1, math.ceil(len(xs) / 14))
    ax.xaxis.set_major_locator(FixedLocator([x for i, x in enumerate(xs) if (len(xs) - 1 - i) % step == 0]))
    ax.xaxis.set_major_formatter(lambda value, _: str(int(value)))
    ax.set_xlabel("End of year")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    ends.sort(key=lambda end: (end[0], end[1]))
    line = LABEL_SIZE * 1.45
    placed = _spread([end[0] / 100 * axes_height for end in ends], line, line / 2, axes_height - line / 2)
    for (value, name, x, (colour, _marker, linestyle)), y in zip(ends, placed, strict=True):
        height = y / axes_height
        ax.annotate(
            "", xy=(1 + 8 / axes_width, height), xycoords=ax.transAxes, xytext=(x, value), textcoords="data",
            annotation_clip=False, arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.6, "shrinkA": 2},
        )  # fmt: skip
        ax.plot(
            [1 + 8 / axes_width, 1 + 30 / axes_width], [height, height], transform=ax.transAxes, color=colour,
            linestyle=linestyle, linewidth=1.8, clip_on=False,
        )  # fmt: skip
        ax.text(
            1 + 34 / axes_width, height, name, transform=ax.transAxes, fontsize=LABEL_SIZE, va="center", ha="left",
            color="#222222", parse_math=False,
        )  # fmt: skip
    return fig


def timeline_chart(chart: TimelineChart, path: Path) -> None:
    """Draw the timeline (see `timeline_figure`) into `path`: SVG, PNG or PDF by its suffix."""
    _save(timeline_figure(chart), path)


def svg_text(fig: Figure) -> str:
    """A figure as SVG text, for inlining in an HTML page (no XML declaration, fixed ids)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue().decode("utf-8")
    return text[text.index("<svg") :]


def spectrum_svg(chart: SpectrumChart) -> str:
    return svg_text(spectrum_figure(chart))


def timeline_svg(chart: TimelineChart) -> str:
    return svg_text(timeline_figure(chart))
