"""Charts with matplotlib (an optional extra): the paper's Figure 1 rebuilt, and SIPRI shares by period.

Output is deterministic, so a test can compare files byte for byte: the Agg backend, one bundled font
(DejaVu Sans), text kept as text in SVG, a fixed `svg.hashsalt`, and no dates or software names in the
metadata. The figures are drawn from the same rows the `spectrum` and `trend` tables print.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmscompare.errors import DataError, Option, Problem, UsageError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from fmscompare.reports.spectrum import SpectrumChart
    from fmscompare.reports.trend import TrendChart

INSTALL_HINT = "charts need matplotlib: pip install 'fmscompare[charts]' (make run and make test install it)"
BANDS = (("dcs", "DCS"), ("g2g", "G2G"), ("fms", "FMS-style"))
FORMATS = (".svg", ".png")


def _matplotlib() -> Any:
    """pyplot with the settings that make output reproducible; a DataError with the install hint if absent."""
    try:
        import matplotlib
    except ImportError:
        raise DataError([Problem(Option("chart"), INSTALL_HINT)]) from None
    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "fmscompare",
            "svg.fonttype": "none",  # text stays text: searchable, and no embedded glyphs to vary
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "path.simplify": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def check_chart_path(path: Path) -> None:
    """Fail early, before any work, on a chart name whose format is not supported."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(
            Option("chart"), f" {path}: expected a file name ending in .svg or .png; got {path.suffix or 'none'}"
        )


def _save(fig: Figure, path: Path) -> None:
    from fmscompare.fileio import write_atomic_bytes

    buffer = io.BytesIO()
    if path.suffix.lower() == ".svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    else:
        fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    write_atomic_bytes(path, buffer.getvalue())


def _spread(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions near `values` (ascending) but at least `gap` apart and within [low, high]."""
    placed: list[float] = []
    for value in values:
        placed.append(max(value, placed[-1] + gap) if placed else max(value, low))
    overflow = placed[-1] - high if placed else 0.0
    if overflow > 0:  # pushed past the top: slide the whole stack down, keeping the gaps
        placed = [p - overflow for p in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed


def _caption(fig: Figure, text: str) -> None:
    """The caption under the axes; the axes move up to make room for however many lines it takes."""
    lines = textwrap.wrap(text, 170)
    fig.subplots_adjust(bottom=0.1 + 0.017 * len(lines))
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=7, va="bottom", ha="left", color="#333333")


def spectrum_chart(chart: SpectrumChart, path: Path) -> None:
    """Bands DCS -> G2G -> FMS-style left to right; support score up; marker area by SIPRI share;
    colour by change against the previous period. A what-if is drawn hollow beside the real country."""
    rows, what_if_rows, title, caption = chart.rows, chart.what_if_rows, chart.title, chart.caption
    plt = _matplotlib()
    from matplotlib import colors

    fig, ax = plt.subplots(figsize=(11, 7.5))
    fig.subplots_adjust(left=0.07, right=0.9, top=0.9, bottom=0.17)
    norm = colors.TwoSlopeNorm(vmin=-100, vcenter=0, vmax=200)
    cmap = plt.get_cmap("RdBu")
    positions: dict[str, tuple[float, float]] = {}
    for index, (model, _) in enumerate(BANDS):
        band = sorted((r for r in rows if r["contracting_model"] == model), key=lambda r: -r["support_score"])
        ax.axvspan(index - 0.5, index + 0.5, color="#f3f3f3" if index % 2 == 0 else "#e9e9e9", zorder=0)
        if not band:
            continue
        xs = [index - 0.35 + 0.3 * (i / max(1, len(band) - 1)) for i in range(len(band))]
        for x, row in zip(xs, band, strict=True):
            positions[row["iso3"]] = (x, row["support_score"])
            change = row.get("sipri_change_pct")
            share = row.get("sipri_share_pct") or 0.0
            ax.scatter(
                x,
                row["support_score"],
                s=20 + 35 * share,
                c=[cmap(norm(max(-100, min(200, change))))] if change is not None else ["#bbbbbb"],
                edgecolors="#222222",
                linewidths=0.6,
                zorder=3,
            )
        _label_band(ax, band, xs, index)
    band_of = {model: i for i, (model, _) in enumerate(BANDS)}
    for row in what_if_rows:
        # Hollow, at the left edge of the band its new model puts it in, with an arrow from the real one.
        x, y = band_of[row["contracting_model"]] - 0.45, row["support_score"]
        ax.scatter(
            x,
            y,
            s=max(90.0, 20 + 35 * (row.get("sipri_share_pct") or 0.0)),  # visible even for a tiny exporter
            facecolors="none",
            edgecolors="#222222",
            linewidths=1.0,
            linestyles="--",
            zorder=4,
        )
        real = positions.get(row["iso3"])
        if real is not None:
            ax.annotate("", xy=(x, y), xytext=real, arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8})
        label = f"{row['country']}  {row.get('_level', row['level'])}  {row['support_score']:.1f}"
        ax.annotate(label, (x, y), xytext=(0, 9), textcoords="offset points", fontsize=8, style="italic")
    ax.set_xlim(-0.5, len(BANDS) - 0.5)
    ax.set_ylim(0, 100)
    ax.set_xticks(range(len(BANDS)), [label for _, label in BANDS])
    ax.set_xlabel(
        "Contracting model: who contracts the buyer (industry, the government, the government buying for the buyer)"
    )
    ax.set_ylabel("Support score (0-100): weighted share of export-support mechanisms in place")
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    _legends(fig, ax, plt, norm, cmap)
    _caption(fig, caption)
    _save(fig, path)
    plt.close(fig)


def _label_band(ax: Axes, band: Sequence[dict[str, Any]], xs: list[float], index: int) -> None:
    """Names in a column at the band's right, spread so none overlaps, each joined to its marker."""
    order = sorted(range(len(band)), key=lambda i: band[i]["support_score"])
    wanted = [band[i]["support_score"] for i in order]
    placed = _spread(wanted, gap=3.4, low=1.5, high=98.5)
    label_x = index + 0.08
    for i, y in zip(order, placed, strict=True):
        row = band[i]
        text = f"{row['country']}  {row.get('_level', row['level'])}  {row['support_score']:.1f}"
        ax.annotate(
            text,
            xy=(xs[i], row["support_score"]),
            xytext=(label_x, y),
            textcoords="data",
            fontsize=8,
            va="center",
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5, "shrinkA": 0, "shrinkB": 4},
            zorder=5,
        )


def _legends(fig: Figure, ax: Axes, plt: Any, norm: Any, cmap: Any) -> None:
    from matplotlib.cm import ScalarMappable

    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.025, pad=0.01)
    bar.set_label("SIPRI change in volume against the previous five years, % (grey: none)", fontsize=8)
    handles = [
        ax.scatter([], [], s=20 + 35 * share, c="#dddddd", edgecolors="#222222", linewidths=0.6, label=f"{share:g} %")
        for share in (1, 10, 40)
    ]
    ax.legend(
        handles=handles,
        title="SIPRI share",
        loc="upper left",
        frameon=False,
        labelspacing=1.6,
        borderpad=1.0,
        fontsize=8,
        title_fontsize=8,
    )


def trend_chart(chart: TrendChart, path: Path) -> None:
    """SIPRI share by period, one line per country, on a log scale so that small exporters show."""
    series, periods, title, caption = chart.series, chart.periods, chart.title, chart.caption
    plt = _matplotlib()
    fig, ax = plt.subplots(figsize=(10, 6.5))
    fig.subplots_adjust(left=0.08, right=0.8, top=0.9, bottom=0.16)
    xs = list(range(len(periods)))
    ends: list[tuple[float, str, Any]] = []
    for name, values in series.items():
        points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None and v > 0]
        if not points:
            continue
        (line,) = ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", linewidth=1.4, markersize=4)
        ends.append((points[-1][1], name, line.get_color()))
    ax.set_yscale("log")
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.set_xticks(xs, periods)
    ax.set_xlim(-0.2, len(periods) - 0.6)
    ax.set_xlabel("SIPRI five-year period (overlapping)")
    ax.set_ylabel("Share of world arms exports, % (log scale)")
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", which="major", color="#e5e5e5", linewidth=0.6)
    # End labels in log space, spread so that none overlaps.
    import math

    ends.sort()
    logs = [math.log10(v) for v, _, _ in ends]
    low, high = ax.get_ylim()
    placed = _spread(logs, gap=0.075, low=math.log10(low), high=math.log10(high))
    for (value, name, color), y in zip(ends, placed, strict=True):
        ax.annotate(
            name,
            xy=(xs[-1], value),
            xytext=(xs[-1] + 0.12, 10**y),
            textcoords="data",
            fontsize=8,
            va="center",
            color=color,
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": color, "lw": 0.4},
        )
    _caption(fig, caption)
    _save(fig, path)
    plt.close(fig)
