"""`show`: one country's profile, with its score breakdown, evidence, SIPRI figures and sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fmscompare.dataset.history import changes_since_paper, paper_claims, paper_errors, status_at_paper_date
from fmscompare.dataset.paper import PAPER_LABEL, PAPER_MONTH, PAPER_SOURCE
from fmscompare.dataset.schema import PAPER_CLAIM_NOTE
from fmscompare.formatting import format_change, format_coverage, format_score, format_share, format_weight
from fmscompare.periods import previous_period
from fmscompare.reports.common import SIPRI_COLUMNS, provenance, sipri_history, source_record, with_provenance
from fmscompare.reports.deals import deals_table, known_by
from fmscompare.reports.report import Column, Kind, Profile, Table
from fmscompare.scoring.score import LEVEL_LABELS, Weights, score_country

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset

_SIPRI_LABEL = {"share_pct": "share", "rank": "rank", "change_pct": "change"}


def _cited(sipri: dict[str, Any]) -> str:
    """Which export or text SIPRI's figure comes from: figures differ between SIPRI's yearly revisions."""
    source = sipri.get("sipri_source")
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
        sipri_value = sipri.get(f"sipri_{key}")
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

    then = status_at_paper_date(dataset, country.iso3)
    claims = paper_claims(dataset, country.iso3)
    errors = paper_errors(dataset, country.iso3)
    changes = changes_since_paper(dataset, country.iso3)
    changed_keys = {c.key for c in changes}
    # The deals an assessment cites, as known at the picture's date: none ordered after it.
    until = dataset.as_of_month()
    ordered = {deal.id: known_by(deal) for deal in dataset.deals}
    breakdown_rows = []
    for part in score.breakdown:
        entry = country.mechanisms.get(part.key)
        cited_deals = [
            ident for ident in (entry.deals if entry else ()) if until is None or ordered.get(ident, until) <= until
        ]
        mech = mechanisms[part.key]
        error = errors.get(part.key)
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
                "source": entry.source if entry else None,
                "locator": entry.locator if entry else None,
                "find": entry.find if entry else None,
                "note": _note(entry),
                "status_since": str(entry.as_of) if entry and entry.as_of is not None else None,
                "recommendation": mech.recommendation,
                "status_at_paper_date": then.get(part.key),
                "paper_status": claims.get(part.key),
                "paper_differs": error is not None,
                "paper_evidence": error.evidence if error else None,
                "paper_locator": error.locator if error else None,
                "paper_find": error.find if error else None,
                "_was": _was(
                    then.get(part.key) if part.key in changed_keys else None,
                    error.status if error and not dataset.paper_view else None,
                    then.get(part.key) if error and dataset.paper_view else None,
                ),
                "_says": _says(entry, cited_deals),
                "deal_ids": cited_deals,
                "_where": _where(entry.source, entry.locator, entry.find) if entry and entry.source else None,
                "_paper": _paper_line(error) if error and not dataset.paper_view else None,
            }
        )
    breakdown_columns = (
        Column("country", "Country", machine_only=True),
        Column("iso3", "ISO3", machine_only=True),
        Column("mechanism", "Key", machine_only=True),
        Column("label", "Mechanism"),
        Column("stage", "Stage"),
        Column("status", "Status"),
        Column("_was", PAPER_LABEL, human_only=True, missing=""),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("points", "Points", Kind.NUMBER, show=lambda v: f"{v:.1f}"),
        Column("source", "Source"),
        Column("_says", "Source says", human_only=True, long_text=True),
        Column("_where", "Where", human_only=True, long_text=True),
        Column("evidence", "Evidence", machine_only=True),
        Column("locator", "Locator", machine_only=True),
        Column("find", "Find", machine_only=True),
        Column("note", "Note", long_text=True),
        Column("_paper", "The paper says otherwise", human_only=True, long_text=True),
        Column("status_since", "Status since", machine_only=True),
        Column("recommendation", "Rec.", Kind.NUMBER, machine_only=True),
        Column("status_at_paper_date", f"Status at the paper's date ({PAPER_MONTH})", machine_only=True),
        Column("paper_status", "The paper's claim", machine_only=True),
        Column("paper_differs", "The paper differs from the sources", machine_only=True),
        Column("paper_evidence", "The paper's claim, stated", machine_only=True),
        Column("paper_locator", "Where in the paper", machine_only=True),
        Column("paper_find", "Find in the paper", machine_only=True),
        Column("deal_ids", "Deals that bear it out", Kind.LIST, machine_only=True),
    )
    breakdown = Table(
        title=f"Score breakdown (weights: {weights.name})",
        columns=breakdown_columns,
        rows=breakdown_rows,
        caption="Points: the mechanism's share of the 0-100 score (weight × value / total weight × 100; "
        f"yes 1, partial 0.5, no and unknown 0). {PAPER_LABEL}: the status at the paper's date where it has "
        "changed since (was), and the paper's own claim where the sources show otherwise (paper). Below, each "
        "assessment in our words: what the source says, and where on the page to find it.",
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
        by_period = {r["sipri_period"]: r for r in sipri_rows}
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
        ("Assessments", _assessments_text(dataset)),
    ]
    reviewed = country.reviewed
    if reviewed:
        fields.append(("Reviewed", f"{reviewed} (the month the profile was last checked against its sources)"))

    cited_ids: set[str] = {str(r["source"]) for r in breakdown_rows if r["source"]}
    cited_ids |= {str(r["sipri_source"]) for r in sipri_rows}
    cited_ids |= {x.source for x in (agency, country.assessment, country.paper_figures) if x is not None}
    cited = sorted(cited_ids)
    paragraphs = []
    labels = {m.key: m.label for m in dataset.mechanisms}
    if country.assessment is not None:
        a = country.assessment
        paragraphs.append(("The paper's assessment, in our words", f"{a.text} {_cite(a.source, a.locator, a.find)}"))
    if country.paper_figures is not None:
        f = country.paper_figures
        paragraphs.append(("The paper's SIPRI figures, in our words", f"{f.text} {_cite(f.source, f.locator, f.find)}"))
    if errors:
        lines = [
            f"{labels[key]}: the paper says {claim.status}; the sources show {then.get(key)} at its date. "
            f"{claim.evidence} {_cite(PAPER_SOURCE, claim.locator, claim.find)}"
            for key, claim in errors.items()
        ]
        paragraphs.append(("Where the paper differs from the sources", "\n".join(lines)))
    if changes:
        lines = [
            f"{labels[c.key]}: {c.before.status} ({PAPER_MONTH}) -> {c.after.status} "
            f"({c.after.as_of}): {c.after.evidence} [{c.after.source}]"
            for c in changes
        ]
        paragraphs.append((f"Changed since the paper ({PAPER_LABEL})", "\n".join(lines)))
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
        **provenance(dataset, weights),
        "paper_view": dataset.paper_view,
        "reviewed": reviewed,
        "changes_since_paper": [
            {
                "mechanism": c.key,
                "status_at_paper_date": c.before.status,
                "status": c.after.status,
                "status_since": str(c.after.as_of) if c.after.as_of is not None else None,
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
            "locator": agency.locator,
            "find": agency.find,
        },
        "mechanisms": breakdown.records(),
        "sipri": sipri_rows,
        "paper_figures": None
        if country.paper_figures is None
        else {
            "sipri_period": country.paper_figures.period,
            "sipri_share_pct": country.paper_figures.share_pct,
            "sipri_rank": country.paper_figures.rank,
            "sipri_change_pct": country.paper_figures.change_pct,
            "sipri_previous_period": country.paper_figures.base_period,
            "text": country.paper_figures.text,
            "source": country.paper_figures.source,
            "locator": country.paper_figures.locator,
            "find": country.paper_figures.find,
        },
        "paper_vs_sipri": notes,
        "assessment": None
        if country.assessment is None
        else {
            "text": country.assessment.text,
            "source": country.assessment.source,
            "locator": country.assessment.locator,
            "find": country.assessment.find,
        },
        "sources": {key: source_record(dataset.sources[key]) for key in cited},
    }
    for row in record["mechanisms"]:
        del row["country"], row["iso3"]
    deals = deals_table(dataset, seller=country.iso3, until=dataset.as_of_month())
    record["deals"] = deals.records()
    sections = [breakdown, sipri]
    if deals.rows:
        sections.append(replace(deals, title=f"Export deals ({len(deals.rows)}; fmscompare deals {country.iso3})"))
    return Profile(
        title=f"{country.name}: government support for defence exports",
        fields=fields,
        sections=sections,
        notes=notes,
        record=record,
        flat=with_provenance(breakdown, dataset, weights),
        paragraphs=paragraphs,
    )


def _source_line(key: str, source: schema.Source) -> str:
    date = str(source.date) if source.date is not None else "undated"
    parts = [p for p in (source.author, source.title, source.publisher, date) if p]
    extras = [
        f"in {source.language}" if source.language else None,
        "secondary source" if source.secondary else None,
        f"accessed {source.accessed}" if source.accessed else None,
    ]
    extra = "; ".join(e for e in extras if e)
    line = f"[{key}] " + ", ".join(parts) + (f" ({extra})" if extra else "")
    return line + (f"\n{source.url}" if source.url else "")


def _cite(source: str, locator: str | None, find: str | None) -> str:
    """`[hattori2023, section "France", paragraph 2; find “…”]`: where a reader finds the fact."""
    where = f", {locator}" if locator else ""
    phrase = f"; find “{find}”" if find else ""
    return f"[{source}{where}{phrase}]"


def _was(before: str | None, paper_says: str | None, sources_said: str | None) -> str:
    """The paper's-date column: `was no` (changed since), `paper: no` (the paper's claim differs)."""
    parts = []
    if before is not None:
        parts.append(f"was {before}")
    if paper_says is not None:
        parts.append(f"paper: {paper_says}")
    if sources_said is not None:
        parts.append(f"sources: {sources_said}")
    return "; ".join(parts)


def _says(entry: schema.MechanismAssessment | None, deals: list[str]) -> str | None:
    """Our statement of what the source says, introduced as such: it is never a quotation."""
    if entry is None or not entry.evidence:
        return None
    when = f" (from {entry.as_of})" if entry.as_of is not None else ""
    cited = f" Deals: {', '.join(deals)} (fmscompare deals)." if deals else ""
    return f"The source says{when}: {entry.evidence}{cited}"


def _where(source: str, locator: str | None, find: str | None) -> str:
    where = f"[{source}] {locator}" if locator else f"[{source}]"
    return where + (f"; search the page for “{find}”" if find else "")


def _paper_line(claim: schema.PaperClaim) -> str:
    return f"{claim.status}. {claim.evidence} {_cite(PAPER_SOURCE, claim.locator, claim.find)}"


def _assessments_text(dataset: Dataset) -> str:
    if dataset.paper_view:
        return f"the paper's own claims ({PAPER_LABEL}); where the sources differ, the table says so"
    if dataset.as_of is not None:
        at_paper = dataset.as_of_month() == PAPER_MONTH
        return f"as of {dataset.as_of}" + (" (the paper's date; --paper gives its own claims)" if at_paper else "")
    return f"the latest (--as-of {PAPER_MONTH}: at the paper's date; --paper: the paper's own claims)"


def _note(entry: schema.MechanismAssessment | None) -> str | None:
    if entry is None:
        return None
    if entry.note == PAPER_CLAIM_NOTE:  # the paper's claim, in `show --paper`: say how to see the sources'
        return PAPER_CLAIM_NOTE.removesuffix(".") + " (fmscompare show without --paper)."
    return entry.note
