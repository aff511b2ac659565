"""`show`: one country's profile, with its score breakdown, evidence, SIPRI figures and sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fmscompare.changes import PAPER_YEAR, changes_since_paper, status_in_paper_year
from fmscompare.figures import format_change, format_coverage, format_score, format_share, format_weight
from fmscompare.periods import previous_period
from fmscompare.report import Column, Kind, Profile, Table
from fmscompare.scoring import LEVEL_LABELS, Weights, score_country
from fmscompare.trend import SIPRI_COLUMNS, sipri_history

if TYPE_CHECKING:
    from fmscompare import schema
    from fmscompare.dataset import Dataset

_SIPRI_LABEL = {"share_pct": "share", "rank": "rank", "change_pct": "change"}


def _cited(sipri: dict[str, Any]) -> str:
    """Which export or text SIPRI's figure comes from: figures differ between SIPRI's yearly revisions."""
    source = sipri.get("source")
    return f" ({source})" if source else ""


def paper_differences(figures: schema.PaperFigures, sipri: dict[str, Any] | None) -> list[str]:
    """Where the paper's quoted SIPRI figures differ from SIPRI's own, one sentence each."""
    period = figures.period
    if sipri is None:
        return [f"The paper quotes SIPRI figures for {period}, but the data has none for that period to check."]
    notes = []
    shown: dict[str, Callable[[Any], str]] = {
        "share_pct": lambda v: f"{format_share(v)} %",
        "rank": str,
        "change_pct": lambda v: f"{format_change(v)} %",
    }
    for key in ("share_pct", "rank", "change_pct"):
        paper_value = getattr(figures, key)
        sipri_value = sipri.get(key)
        if paper_value is None or sipri_value is None or float(paper_value) == float(sipri_value):
            continue
        notes.append(
            f"The paper gives a {period} {_SIPRI_LABEL[key]} of {shown[key](paper_value)}; "
            f"SIPRI's figure is {shown[key](sipri_value)}{_cited(sipri)}."
        )
    expected_base = previous_period(period)
    if figures.base_period is not None and figures.base_period != expected_base:
        notes.append(
            f"The paper measures the change against {figures.base_period}; SIPRI compares {period} "
            f"with {expected_base}."
        )
    return notes


def country_profile(dataset: Dataset, country: schema.Country, weights: Weights) -> Profile:
    """Everything fmscompare knows about one country, in the order an analyst reads it."""
    score = score_country(country, dataset.mechanisms, weights)
    mechanisms = {m.key: m for m in dataset.mechanisms}

    then = status_in_paper_year(dataset, country.iso3)
    changes = changes_since_paper(dataset, country.iso3)
    changed_keys = {c.key for c in changes}
    breakdown_rows = []
    for part in score.breakdown:
        entry = country.mechanisms.get(part.key)
        mech = mechanisms[part.key]
        breakdown_rows.append(
            {
                "country": country.name,
                "iso3": country.iso3,
                "mechanism": part.key,
                "label": mech.label,
                "stage": mech.stage,
                "status": part.status,
                "weight": part.weight,
                "points": round(part.contribution, 2),
                "evidence": entry.evidence if entry else None,
                "note": entry.note if entry else None,
                "source": entry.source if entry else None,
                "as_of": entry.as_of if entry else None,
                "recommendation": mech.recommendation,
                "status_in_paper": then.get(part.key),
                "_was": f"was {then.get(part.key)}" if part.key in changed_keys else "",
            }
        )
    breakdown_columns = (
        Column("country", "Country", machine_only=True),
        Column("iso3", "ISO3", machine_only=True),
        Column("mechanism", "Key", machine_only=True),
        Column("label", "Mechanism"),
        Column("stage", "Stage"),
        Column("status", "Status"),
        Column("_was", f"In {PAPER_YEAR}", human_only=True),
        Column("status_in_paper", f"Status in {PAPER_YEAR}", machine_only=True),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("points", "Points", Kind.NUMBER, show=lambda v: f"{v:.1f}"),
        Column("evidence", "Evidence", long_text=True),
        Column("note", "Note", long_text=True),
        Column("source", "Source"),
        Column("as_of", "As of", Kind.NUMBER, machine_only=True),
        Column("recommendation", "Rec.", Kind.NUMBER, machine_only=True),
    )
    breakdown = Table(
        title=f"Score breakdown (weights: {weights.name})",
        columns=breakdown_columns,
        rows=breakdown_rows,
        caption="Points: the mechanism's share of the 0-100 score (weight × value / total weight × 100; "
        "yes 1, partial 0.5, no and unknown 0).",
    )

    sipri_rows = sipri_history(dataset, country.iso3, include_missing=False)
    sipri = Table(
        title="SIPRI arms-export figures",
        columns=SIPRI_COLUMNS,
        rows=sipri_rows,
        caption="Change: in the volume of exports against the previous five years (– where the data has no "
        "figure, e.g. when there were no deliveries to compare with). Basis: published (SIPRI's "
        "own text), computed (from the named SIPRI database export), press (a report quoting SIPRI).",
    )

    notes: list[str] = []
    if country.paper_figures is not None:
        by_period = {r["period"]: r for r in sipri_rows}
        notes = paper_differences(country.paper_figures, by_period.get(country.paper_figures.period))
        if not notes:
            notes = [f"The paper's {country.paper_figures.period} figures match SIPRI's."]

    agency = country.agency
    agency_text = "none recorded"
    if agency is not None:
        details = [d for d in (agency.parent, f"founded {agency.founded}" if agency.founded else None) if d]
        agency_text = agency.name + (f" ({'; '.join(details)})" if details else "")
    fields = [
        ("Country", f"{country.name} ({country.iso2} / {country.iso3})"),
        (
            "Contracting model",
            score.model_text
            + ("" if score.model_known else " (G2G contracting is unknown: DCS is a default, not a finding)"),
        ),
        ("Involvement level", f"{score.level_text} ({LEVEL_LABELS[score.level]})"),
        (
            "Support score",
            f"{format_score(score.support_score)} / 100, coverage "
            f"{format_coverage(score.coverage_pct).replace('%', ' %')} (weights: {weights.name})",
        ),
        ("Agency", agency_text),
        (
            "Assessments",
            f"as of {dataset.as_of}" + (" (the paper's picture)" if dataset.as_of == PAPER_YEAR else "")
            if dataset.as_of is not None
            else f"the latest (--as-of {PAPER_YEAR} gives the paper's picture)",
        ),
    ]

    cited_ids: set[str] = {str(r["source"]) for r in breakdown_rows if r["source"]}
    cited_ids |= {str(r["source"]) for r in sipri_rows}
    cited_ids |= {x.source for x in (agency, country.assessment, country.paper_figures) if x is not None}
    cited = sorted(cited_ids)
    paragraphs = []
    if country.assessment is not None:
        paragraphs.append(("The paper's assessment", f"{country.assessment.text} [{country.assessment.source}]"))
    if country.paper_figures is not None:
        paragraphs.append(
            ("The paper's SIPRI figures", f"“{country.paper_figures.quote}” [{country.paper_figures.source}]")
        )
    if changes:
        labels = {m.key: m.label for m in dataset.mechanisms}
        lines = [
            f"{labels[c.key]}: {c.before.status} ({c.before.as_of or PAPER_YEAR}) -> {c.after.status} "
            f"({c.after.as_of}): {c.after.evidence} [{c.after.source}]"
            for c in changes
        ]
        paragraphs.append((f"Changed since the paper ({PAPER_YEAR})", "\n".join(lines)))
    paragraphs.append(("Sources", "\n".join(_source_line(key, dataset.sources[key]) for key in cited)))

    record: dict[str, Any] = {
        "country": country.name,
        "iso2": country.iso2,
        "iso3": country.iso3,
        "aliases": list(country.aliases),
        "contracting_model": score.contracting_model.value,
        "level": score.level.value,
        "level_label": LEVEL_LABELS[score.level],
        "model_known": score.model_known,
        "support_score": round(score.support_score, 1),
        "coverage_pct": round(score.coverage_pct, 1),
        "weights": weights.name,
        "as_of": dataset.as_of,
        "changes_since_paper": [
            {
                "mechanism": c.key,
                "status_in_paper": c.before.status,
                "status": c.after.status,
                "as_of": c.after.as_of,
                "evidence": c.after.evidence,
                "source": c.after.source,
            }
            for c in changes
        ],
        "agency": None
        if agency is None
        else {
            "name": agency.name,
            "parent": agency.parent,
            "founded": agency.founded,
            "source": agency.source,
        },
        "mechanisms": breakdown.records(),
        "sipri": sipri_rows,
        "paper_figures": None
        if country.paper_figures is None
        else {
            "period": country.paper_figures.period,
            "share_pct": country.paper_figures.share_pct,
            "rank": country.paper_figures.rank,
            "change_pct": country.paper_figures.change_pct,
            "base_period": country.paper_figures.base_period,
            "source": country.paper_figures.source,
        },
        "paper_vs_sipri": notes,
        "assessment": None
        if country.assessment is None
        else {"text": country.assessment.text, "source": country.assessment.source},
        "sources": {
            key: {
                "title": dataset.sources[key].title,
                "author": dataset.sources[key].author,
                "publisher": dataset.sources[key].publisher,
                "year": dataset.sources[key].year,
                "url": dataset.sources[key].url,
            }
            for key in cited
        },
    }
    for row in record["mechanisms"]:
        del row["country"], row["iso3"]
    return Profile(
        title=f"{country.name}: government support for defence exports",
        fields=fields,
        sections=[breakdown, sipri],
        notes=notes,
        record=record,
        flat=breakdown,
        paragraphs=paragraphs,
    )


def _source_line(key: str, source: schema.Source) -> str:
    parts = [p for p in (source.author, source.title, source.publisher, str(source.year) if source.year else None) if p]
    line = f"[{key}] " + ", ".join(parts)
    return line + (f"\n{source.url}" if source.url else "")
