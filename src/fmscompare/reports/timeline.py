"""`timeline`: support by year, the dated changes behind it, and SIPRI's figures around each adoption.

The numbers are `fmscompare.analysis.timeline`'s; this module lays them out and says how they were made.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from fmscompare.analysis.timeline import ADOPTION_MECHANISMS, UNASSESSED, event_study, events, year_scores
from fmscompare.formatting import format_change, format_coverage, format_score, format_share
from fmscompare.months import Month
from fmscompare.reports.common import with_provenance
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.scoring.score import level_text, model_text

if TYPE_CHECKING:
    from fmscompare.analysis.timeline import Event, EventStudyRow
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights
    from fmscompare.sipri.export import SipriExport
    from fmscompare.sipri.names import NameMap

CAVEAT = (
    "It shows patterns, not causes: exports move with wars, budgets, prices and the orders of a few buyers, "
    "and an adoption may follow success as well as lead to it."
)


def _records(dataset: Dataset, iso3s: list[str]) -> list[schema.CountryRecord]:
    """The records asked for, in the order asked; every record when none is."""
    if not iso3s:
        return list(dataset.records)
    return [dataset.record_by_iso3(iso3) for iso3 in iso3s]


def _label(dataset: Dataset) -> dict[str, str]:
    return {m.key: m.label for m in dataset.mechanisms}


def timeline_table(dataset: Dataset, weights: Weights, iso3s: list[str], start: int, end: int) -> Table:
    """One row per country and year: score, known share, model and level at the year's end, and the SIPRI
    period that ends that year beside it."""
    sipri = {(row.iso3, int(row.period[-4:])): row for row in dataset.shares}
    today = Month.today()
    this_year = f" ({today.year}: to {today})" if start <= today.year <= end else ""
    rows: list[dict[str, Any]] = []
    for point in year_scores(_records(dataset, iso3s), dataset.mechanisms, weights, start, end):
        figures = sipri.get((point.iso3, point.year))
        rows.append(
            {
                "country": point.name,
                "iso3": point.iso3,
                "year": point.year,
                "support_score": round(point.score, 1),
                "coverage_pct": round(point.coverage_pct, 1),
                "contracting_model": point.model,
                "level": point.level,
                "model_known": point.model_known,
                "_model": model_text(point.model, point.model_known),
                "_level": level_text(point.level, point.model_known),
                "sipri_period": figures.period if figures is not None else None,
                "sipri_share_pct": _number(figures.share_pct) if figures is not None else None,
                "sipri_change_pct": _number(figures.change_pct) if figures is not None else None,
            }
        )
    columns = (
        Column("country", "Country", machine_only=True),
        Column("iso3", "Country"),
        Column("year", "Year", Kind.NUMBER),
        Column("support_score", "Score", Kind.NUMBER, show=format_score),
        Column("coverage_pct", "Known", Kind.NUMBER, show=format_coverage),
        Column("contracting_model", "Model", machine_only=True),
        Column("_model", "Model", human_only=True),
        Column("level", "Level", machine_only=True),
        Column("_level", "Level", human_only=True),
        Column("model_known", "Model known", machine_only=True),
        Column("sipri_period", "SIPRI period", missing="", narrow_drop=1, whole=True),
        Column("sipri_share_pct", "Share", Kind.NUMBER, show=format_share, missing=""),
        Column("sipri_change_pct", "Change", Kind.NUMBER, show=format_change, missing=""),
    )
    caption = (
        f"Each country at the end of each year from {start} to {end}{this_year}, from its dated "
        "assessments: per mechanism, the last one in force; one not yet assessed reads unknown and counts 0, "
        "so a low Known share means an early score rests on little evidence, not that support was low; a "
        "status is dated by the first source in the data that shows it, often later than it began. "
        "?: G2G contracting unknown, so the model is a default. "
        f"Weights: {weights.name}. SIPRI share and change (from sipri_shares.csv) stand beside the year their "
        "period ends. fmscompare timeline --events lists the changes."
    )
    table = Table(
        title=f"Support by year, {start}-{end}",
        columns=columns,
        rows=rows,
        caption=caption,
        group_key="iso3",
    )
    table = with_provenance(table, dataset, weights)
    # The picture of each row is the end of its year (this year: this month), not the dataset's latest.
    return replace(
        table,
        rows=[{**row, "as_of": str(today) if row["year"] == today.year else f"{row['year']}-12"} for row in table.rows],
    )


def _number(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


def _event_fields(event: Event, labels: dict[str, str]) -> dict[str, Any]:
    """Who changed what, when, from what to what: the columns an event and its study share."""
    return {
        "country": event.name,
        "iso3": event.iso3,
        "status_since": event.when,
        "mechanism": event.mechanism,
        "label": labels.get(event.mechanism, event.mechanism),
        "status_before": event.before,
        "status_after": event.after,
    }


def _event_row(event: Event, labels: dict[str, str]) -> dict[str, Any]:
    return {
        **_event_fields(event, labels),
        "adoption": event.adoption,
        "source": event.source,
        "locator": event.locator,
    }


# Who changed what, and when: the first columns of an event and of its study (`_event_fields`).
_EVENT_KEY_COLUMNS = (
    Column("country", "Country", machine_only=True),
    Column("iso3", "Country"),
    Column("status_since", "Date", whole=True),
    Column("mechanism", "Key", machine_only=True),
    Column("label", "Mechanism"),
)

EVENT_COLUMNS = (
    *_EVENT_KEY_COLUMNS,
    Column("status_before", "From"),
    Column("status_after", "To"),
    Column("adoption", "Adoption", show=lambda v: "adoption" if v else "", missing=""),
    Column("source", "Source", machine_only=True),
    Column("locator", "Where in the source", machine_only=True),
    Column("dataset_version", "Dataset version", machine_only=True),
)


def events_table(dataset: Dataset, iso3s: list[str], start: int, end: int) -> Table:
    """Every dated change of a status from `start` to `end`, oldest first."""
    labels = _label(dataset)
    found = events(_records(dataset, iso3s), start, end)
    adoptions = sum(1 for e in found if e.adoption)
    caption = (
        f"Each change of a mechanism's status, dated by its assessment (as_of), from {start} to {end}: "
        f"{len(found)} changes, {adoptions} of them adoptions. From {UNASSESSED}: the mechanism's first "
        "assessment, dated by the first source that shows the status, which may be later than the practice "
        "began; a later change is dated the same way, by the source that shows it. An adoption is a rise of G2G "
        "contracting or intermediary procurement from a recorded status "
        "(no to partial or yes, partial to yes); fmscompare timeline --event-study sets SIPRI's figures beside "
        "each. CSV and JSON give each change's source and place in it; the evidence: fmscompare show COUNTRY."
    )
    return Table(
        title=f"Status changes, {start}-{end}",
        columns=EVENT_COLUMNS,
        rows=[{**_event_row(e, labels), "dataset_version": dataset.version} for e in found],
        caption=caption,
    )


def _window_text(first: int, last: int) -> str:
    return f"{first}-{last}"


def event_study_table(dataset: Dataset, iso3s: list[str], export: SipriExport, names: NameMap, span: int = 5) -> Table:
    """Each adoption with the exporter's SIPRI TIV and world share in the `span` years before and after."""
    labels = _label(dataset)
    first_year, last_year = export.years
    found = [e for e in events(_records(dataset, iso3s), 0, 9999) if e.adoption]
    tiv_by_iso3 = {}
    for name in export.tiv.index:
        iso3 = names.lookup(name)[0]
        if iso3 is not None:
            tiv_by_iso3[iso3] = export.tiv.loc[name]
    studied = event_study(found, tiv_by_iso3, export.world, span, absent_is_zero=not export.excerpt)
    provenance = {
        "dataset_version": dataset.version,
        "sipri_file": export.path.name,
        "sipri_generated": export.generated.isoformat() if export.generated is not None else None,
    }
    rows = [{**_study_row(row, labels), **provenance} for row in studied]
    changes = [row.change_pct for row in studied if row.change_pct is not None]
    summary = (
        f"n = {len(changes)} of {len(studied)} adoptions with a change (both windows inside the export's years, "
        f"{first_year}-{last_year}, and deliveries before)"
        + (
            f"; median change {format_change(round(statistics.median(changes), 1))} %, "
            f"{sum(1 for c in changes if c > 0)} up and {sum(1 for c in changes if c <= 0)} flat or down"
            if changes
            else ""
        )
        + "."
    )
    caption = (
        f"For each adoption (a rise of G2G contracting or intermediary procurement from a recorded status, "
        f"fmscompare timeline --events) in year t: the exporter's SIPRI TIV (millions) and share (%) of the "
        f"world's in the {span} years before (-{span}y: t-{span} to t-1) and after (+{span}y: t+1 to t+{span}), from "
        f"{export.path.name}; the adoption year is in neither. Change: TIV after against before. A dash: the "
        f"export does not cover the whole window{' or, being an excerpt, the exporter' if export.excerpt else ''}. "
        f"{summary} A first assessment is not counted: it dates when a source first shows the status, not when "
        f"it began. A rise is dated the same way, by the first source in the data that shows it, so an "
        f"adoption may have come earlier than its row says. {CAVEAT}"
    )
    columns = (
        *_EVENT_KEY_COLUMNS,
        Column("status_before", "From", machine_only=True),
        Column("status_after", "To", machine_only=True),
        Column("_status", "Status", human_only=True),
        Column("window_before", "Before", machine_only=True),
        Column("tiv_before", "TIV -5y", Kind.NUMBER, show=_tiv),
        Column("share_before_pct", "% -5y", Kind.NUMBER, show=format_share, narrow_drop=1),
        Column("window_after", "After", machine_only=True),
        Column("tiv_after", "TIV +5y", Kind.NUMBER, show=_tiv),
        Column("share_after_pct", "% +5y", Kind.NUMBER, show=format_share, narrow_drop=1),
        Column("tiv_change_pct", "Change", Kind.NUMBER, show=format_change),
        Column("dataset_version", "Dataset version", machine_only=True),
        Column("sipri_file", "SIPRI file", machine_only=True),
        Column("sipri_generated", "SIPRI data generated", machine_only=True),
    )
    return Table(
        title=f"Adoptions and SIPRI exports {span} years before and after", columns=columns, rows=rows, caption=caption
    )


def _tiv(value: float) -> str:
    return f"{value:,.0f}"


def _study_row(row: EventStudyRow, labels: dict[str, str]) -> dict[str, Any]:
    event = row.event
    change = row.change_pct
    return {
        **_event_fields(event, labels),
        "_status": f"{event.before} to {event.after}",
        "window_before": _window_text(row.before.first, row.before.last),
        "tiv_before": None if row.before.tiv is None else round(row.before.tiv, 1),
        "share_before_pct": None if row.before.share_pct is None else round(row.before.share_pct, 2),
        "window_after": _window_text(row.after.first, row.after.last),
        "tiv_after": None if row.after.tiv is None else round(row.after.tiv, 1),
        "share_after_pct": None if row.after.share_pct is None else round(row.after.share_pct, 2),
        "tiv_change_pct": None if change is None else round(change, 1),
    }


@dataclass(frozen=True)
class TimelineChart:
    """What `timeline --chart` draws: each country's score by year, with its adoptions marked."""

    years: list[int]
    series: dict[str, list[float]]  # name: score per year
    coverage: dict[str, list[float]]
    marks: list[tuple[str, int, str]]  # (name, year, label) of each status change drawn
    title: str
    caption: str


def timeline_chart(dataset: Dataset, weights: Weights, iso3s: list[str], start: int, end: int) -> TimelineChart:
    records = _records(dataset, iso3s)
    points = year_scores(records, dataset.mechanisms, weights, start, end)
    years = list(range(start, end + 1))
    series: dict[str, list[float]] = {}
    coverage: dict[str, list[float]] = {}
    for point in points:
        series.setdefault(point.name, []).append(round(point.score, 1))
        coverage.setdefault(point.name, []).append(round(point.coverage_pct, 1))
    labels = _label(dataset)
    # Changes of government contracting worth marking: every rise, and a first assessment that finds it.
    marks: list[tuple[str, int, str]] = []
    for e in events(records, start, end):
        first = e.before in (UNASSESSED, "unknown")
        if e.mechanism not in ADOPTION_MECHANISMS or e.after not in ("partial", "yes") or not (first or e.adoption):
            continue  # a fall, or a first "no": not what the markers show
        what = labels.get(e.mechanism, e.mechanism)
        change = f"first shown {e.after}" if first else f"{e.before} to {e.after}"
        marks.append((e.name, e.month.year, f"{e.name} {e.when}, {what}: {change}"))
    return TimelineChart(
        years=years,
        series=series,
        coverage=coverage,
        marks=marks,
        title=f"Support score by year, {start}-{end}",
        caption=f"Score at each year's end (weights: {weights.name}). An early score rests on fewer assessments: "
        "fmscompare timeline shows the Known share. Numbered markers: G2G contracting or intermediary "
        "procurement rising (an adoption) or first shown by a source (fmscompare timeline --events). "
        "Sources: fmscompare sources.",
    )
