"""`compare`: countries side by side, mechanism by mechanism, with each one's points and the totals.

The matrix is one row per mechanism and, per country, a status column and a points column; four summary
rows follow (score, coverage, contracting model, level), so a spreadsheet gets the table as it is seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fmscompare.dataset.history import changes_since_paper, paper_claims, paper_errors, status_at_paper_date
from fmscompare.dataset.paper import PAPER_LABEL, PAPER_MONTH
from fmscompare.errors import UsageError
from fmscompare.formatting import format_coverage, format_score, format_weight
from fmscompare.reports.common import with_provenance
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.scoring.score import CountryScore, Weights, level_legend, score_country

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset

SUMMARY_GROUP = "summary"


def _cell(status: str | None, points: float | None) -> str:
    """What the terminal shows per country: `yes 9.8`, `partial 4.9`, `no`, `unknown`."""
    if status in {"yes", "partial"} and points is not None:
        return f"{status} {points:.1f}"
    return status or "–"


def _summary_cell(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key == "support_score":
        return format_score(value)
    if key == "coverage_pct":
        return format_coverage(value)
    if key == "contracting_model":
        return str(value).upper()
    return str(value)


def comparison(
    dataset: Dataset, countries: list[schema.Country], weights: Weights, only_differences: bool = False
) -> Table:
    """The side-by-side matrix; with `only_differences`, only mechanisms whose status is not the same for all."""
    if len(countries) < 2:
        raise UsageError("compare needs at least two countries, e.g. fmscompare compare france australia")
    seen: dict[str, str] = {}
    for country in countries:
        if country.iso3 in seen:
            raise UsageError(f"{country.name} is named twice; compare each country once")
        seen[country.iso3] = country.name
    scores: list[tuple[schema.Country, CountryScore]] = [
        (c, score_country(c, dataset.mechanisms, weights)) for c in countries
    ]
    labels = {m.key: m.label for m in dataset.mechanisms}
    then = {c.iso3: status_at_paper_date(dataset, c.iso3) for c in countries}
    errors = {c.iso3: paper_errors(dataset, c.iso3) for c in countries}
    claims = {c.iso3: paper_claims(dataset, c.iso3) for c in countries}
    changed_keys = {c.iso3: {ch.key for ch in changes_since_paper(dataset, c.iso3)} for c in countries}
    stages = {m.key: m.stage for m in dataset.mechanisms}

    rows: list[dict[str, Any]] = []
    for i, mech in enumerate(dataset.mechanisms):
        parts = [score.breakdown[i] for _, score in scores]
        if only_differences and len({p.status for p in parts}) == 1:
            continue
        row: dict[str, Any] = {
            "mechanism": mech.key,
            "label": labels[mech.key],
            "stage": stages[mech.key],
            "weight": weights.by_key.get(mech.key, 0.0),
            "_group": stages[mech.key],
        }
        for (country, _), part in zip(scores, parts, strict=True):
            prefix = country.iso3.lower()
            row[f"{prefix}_status"] = part.status
            row[f"{prefix}_points"] = round(part.contribution, 2)
            row[f"{prefix}_status_at_paper_date"] = then[country.iso3].get(mech.key)
            claim = errors[country.iso3].get(mech.key)
            row[f"{prefix}_paper_status"] = claims[country.iso3].get(mech.key)
            row[f"{prefix}_paper_differs"] = claim is not None
            changed = mech.key in changed_keys[country.iso3]
            row[f"{prefix}_cell"] = (
                _cell(part.status, part.contribution) + ("*" if changed else "") + ("†" if claim else "")
            )
        rows.append(row)

    summaries: dict[str, tuple[str, Callable[[CountryScore], Any], bool]] = {
        "support_score": ("Score", lambda s: round(s.support_score, 1), True),
        "coverage_pct": ("Known", lambda s: round(s.coverage_pct, 1), True),
        "contracting_model": ("Model", lambda s: s.contracting_model.value, False),
        "level": ("Level", lambda s: s.level.value, False),
    }
    for key, (label, value_of, numeric) in summaries.items():
        row = {"measure": key, "label": label, "stage": None, "weight": None, "_group": SUMMARY_GROUP}
        for country, score in scores:
            prefix = country.iso3.lower()
            value = value_of(score)
            row[f"{prefix}_points" if numeric else f"{prefix}_status"] = value
            row[f"{prefix}_cell"] = _summary_cell(key, value) + (
                "?" if key in {"contracting_model", "level"} and not score.model_known else ""
            )
        rows.append(row)

    columns: list[Column] = [
        Column("mechanism", "Key", machine_only=True),
        Column("measure", "Measure", machine_only=True),
        Column("label", "Mechanism"),
        Column("stage", "Stage", missing=""),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight, missing=""),
    ]
    for country, _ in scores:
        prefix = country.iso3.lower()
        columns += [
            Column(f"{prefix}_cell", country.iso3, Kind.NUMBER, human_only=True),
            Column(f"{prefix}_status", f"{country.iso3} status", machine_only=True),
            Column(f"{prefix}_points", f"{country.iso3} points", Kind.NUMBER, machine_only=True),
            Column(f"{prefix}_status_at_paper_date", f"{country.iso3} status at the paper's date", machine_only=True),
            Column(f"{prefix}_paper_status", f"{country.iso3}: the paper's claim", machine_only=True),
            Column(f"{prefix}_paper_differs", f"{country.iso3}: the paper differs from the sources", machine_only=True),
        ]
    names = ", ".join(c.name for c in countries)
    count = len(rows) - len(summaries)
    shown = f"The {count} mechanisms on which they differ" if only_differences else f"All {count} mechanisms"
    caption = (
        f"{shown}. Each cell: status and points, the mechanism's part of the 0-100 score "
        f"(weight × value / total weight {format_weight(weights.total)} × 100; yes 1, partial 0.5, no and "
        "unknown 0). Score: the sum of the points over all mechanisms (before rounding); Known: share of the "
        "weight whose status is known; Model: who contracts the buyer (DCS, G2G, FMS); Level: "
        + level_legend()
        + ". Evidence and sources: fmscompare show COUNTRY."
        + (
            f" *: changed since the paper's date ({PAPER_LABEL}); --as-of {PAPER_MONTH} shows that picture."
            if any(changed_keys.values())
            else ""
        )
        + (
            (
                " †: the sources show otherwise (compare without --paper)."
                if dataset.paper_view
                else " †: the paper claims otherwise (fmscompare show COUNTRY says what; --paper shows its claims)."
            )
            if any(errors.values())
            else ""
        )
    )
    table = Table(
        title=f"Compared: {names}; weights: {weights.name}{dataset.as_of_label()}",
        columns=tuple(columns),
        rows=rows,
        caption=caption,
        group_key="_group",
    )
    return with_provenance(table, dataset, weights)
