"""`sipri import`: the figures computed from a SIPRI export, one row per supplier and period, with how each
figure was made, and what `--write` did. Writing them into the dataset is `fmscompare.sipri.merge`'s work."""

from __future__ import annotations

import math
from typing import Any

from fmscompare.choices import Rounding
from fmscompare.formatting import format_change, format_share, sipri_round
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.sipri.export import SipriExport
from fmscompare.sipri.merge import MergeSummary
from fmscompare.sipri.shares import MIN_SUPPLIERS, PeriodFigures, top_rows, world_tiv


def _rounded(value: Any, rounding: Rounding) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = float(value)
    return sipri_round(number) if rounding is Rounding.SIPRI else round(number, 4)


def _world_line(export: SipriExport, figures: PeriodFigures) -> str:
    """The world volume in a period and its change: SIPRI's own first headline."""
    now = world_tiv(export, figures.period)
    text = f"{figures.period} {now:,.0f} TIV"
    if figures.previous is not None:
        before = world_tiv(export, figures.previous)
        if before > 0:
            text += f", {format_change(sipri_round(100 * (now / before - 1)))} % against {figures.previous}"
    return text


def import_table(export: SipriExport, all_figures: list[PeriodFigures], rounding: Rounding, top: int | None) -> Table:
    """One row per supplier and period, ranked; the caption says how every figure was computed."""
    rows: list[dict[str, Any]] = []
    for figures in all_figures:
        for record in top_rows(figures, top).to_dict("records"):
            rank = record["rank"]
            rows.append(
                {
                    "sipri_period": str(figures.period),
                    "sipri_rank": None if rank is None or rank != rank else int(rank),
                    "country": record["supplier"],
                    "iso3": record["iso3"] if isinstance(record["iso3"], str) and record["iso3"] else None,
                    "kind": record["kind"],
                    "sipri_tiv": round(float(record["tiv"]), 2),
                    "sipri_share_pct": _rounded(record["share_pct"], rounding),
                    "sipri_previous_period": None if figures.previous is None else str(figures.previous),
                    "sipri_previous_tiv": _rounded(record["previous_tiv"], Rounding.NONE),
                    "sipri_change_pct": _rounded(record["change_pct"], rounding),
                }
            )
    shown = (lambda v: format_share(v)) if rounding is Rounding.SIPRI else (lambda v: f"{v:.4f}")
    changed = (lambda v: format_change(v)) if rounding is Rounding.SIPRI else (lambda v: f"{v:+.4f}")
    columns = (
        Column("sipri_period", "Period"),
        Column("sipri_rank", "#", Kind.NUMBER),
        Column("country", "Country"),
        Column("iso3", "ISO3"),
        Column("kind", "Kind", machine_only=True),
        Column("sipri_tiv", "TIV (m)", Kind.NUMBER, show=lambda v: f"{v:,.0f}" if v >= 10 else f"{v:g}"),
        Column("sipri_share_pct", "Share%", Kind.NUMBER, show=shown),
        Column("sipri_previous_period", "Previous period", machine_only=True),
        Column("sipri_previous_tiv", "Previous TIV", Kind.NUMBER, machine_only=True),
        Column("sipri_change_pct", "Change%", Kind.NUMBER, show=changed),
    )
    periods = [str(f.period) for f in all_figures]
    unmapped = sorted({name for f in all_figures for name in f.unmapped})
    no_base = [str(f.period) for f in all_figures if f.previous is None]
    first, last = export.years
    world = "; ".join(_world_line(export, f) for f in all_figures[-3:])
    caption = (
        f"World: {world}. Computed from {export.path.name} ({export.kind}, data generated {export.generated_text}; "
        f"deliveries {first}-{last}). TIV: SIPRI trend-indicator value, millions. Share: the supplier's TIV "
        f"over the period as a % of the world total ({export.world_basis}). Change: against the previous "
        "period of the same length. #: rank among states; non-state actors, organisations and unknown "
        "suppliers count in the world total but are not ranked. "
        + ("Rounded as SIPRI rounds. " if rounding is Rounding.SIPRI else "Unrounded (--round sipri rounds). ")
        + (f"No change for {', '.join(no_base)}: the file does not reach back far enough. " if no_base else "")
        + (
            "An excerpt: the shares are of SIPRI's world total, but ranks count only the suppliers it keeps. "
            if export.excerpt
            else f"Only {few} states exported in a period: if the export was filtered or cut, the shares are of "
            "this file's total, not the world's. "
            if (few := min(int(f.table["rank"].notna().sum()) for f in all_figures)) < MIN_SUPPLIERS
            else ""
        )
        + (
            f"No ISO3 code for: {', '.join(unmapped)} (add them to sipri_names.csv). "
            if unmapped
            else "Every state's name mapped to an ISO3 code."
        )
    )
    title = (
        f"SIPRI arms exports {', '.join(periods) if len(periods) <= 3 else f'{periods[0]} to {periods[-1]}'}, "
        f"from {export.path.name} (data generated {export.generated_text})"
    )
    return Table(title=title, columns=columns, rows=rows, caption=caption.strip(), group_key="period")


def merge_lines(summary: MergeSummary) -> list[str]:
    """What `--write` did, a line each: counts, then what was added, updated or kept and why."""
    out = [
        f"{summary.target}: {len(summary.added)} rows added, {len(summary.updated)} updated, "
        f"{summary.unchanged} unchanged"
        + (f"; source {summary.source_added!r} added to countries.yaml" if summary.source_added else "")
    ]
    if summary.added:
        out.append("added: " + _listed(summary.added))
    if summary.updated:
        out.append("updated: " + _listed(summary.updated))
    if summary.kept_other:
        out.append(
            "kept periods whose figures come from another export (--replace replaces them whole): "
            + _listed(summary.kept_other)
        )
    if summary.kept_published:
        out.append(
            "kept SIPRI's published figures (--replace-published replaces them): " + _listed(summary.kept_published)
        )
    return out


def _listed(items: list[str], limit: int = 8) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")
