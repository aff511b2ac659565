"""`gap`: what a country lacks against a peer, a model or every exporter, and what adopting it would change.

This is the paper's own question for Japan: which mechanisms, in which order, and does it need an FMS?
The gap is ordered by weight (what the score values most), and every missing mechanism is mapped to the
paper's recommendation (1-8) that would supply it. The what-if itself is `fmscompare.scoring.whatif`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fmscompare.errors import Option, UsageError, exclusive
from fmscompare.formatting import format_score, format_weight
from fmscompare.reports.common import WHAT_IF_COLUMN, with_provenance
from fmscompare.reports.report import Column, Kind, Report, Table
from fmscompare.scoring.score import MODEL_STAGES, STATUS_VALUE, Weights
from fmscompare.scoring.whatif import ADOPT_ALL, WhatIf, checked_keys, what_if

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset


def gap_report(
    dataset: Dataset,
    country: schema.Country,
    weights: Weights,
    *,
    peer: schema.Country | None = None,
    model: str | None = None,
    adopt: list[str] | None = None,
) -> Report:
    """The gap `gap` shows: against `peer`, against `model` (g2g or fms), or by the paper's recommendations;
    with `adopt` (mechanism keys, or [ADOPT_ALL] for every mechanism that gap lists), the what-if instead."""
    exclusive(vs=peer, model=model)
    if peer is not None and peer.iso3 == country.iso3:
        raise UsageError(Option("vs"), f" names {country.name} itself; choose another country")
    if adopt is not None:
        excluded: list[str] = []
        if [key.strip().lower() for key in adopt] == [ADOPT_ALL]:
            targets, excluded = gap_targets(dataset, country, peer, model)
        else:
            targets = dict.fromkeys(checked_keys(adopt, dataset), "yes")
        if not targets:
            raise UsageError(f"{country.name} lacks nothing there that the data records; there is nothing to adopt")
        table = what_if_table(dataset, what_if(dataset, country, targets, weights), weights, excluded)
    elif peer is not None:
        table = gap_vs_peer(dataset, country, peer, weights)
    elif model is not None:
        table = gap_vs_model(dataset, country, model, weights)
    else:
        table = gap_by_recommendation(dataset, country, weights)
    return with_provenance(table, dataset, weights)


def what_if_table(
    dataset: Dataset, result: WhatIf, weights: Weights, excluded_unknown: list[str] | None = None
) -> Table:
    """Before -> after, one row per measure; every row says whose what-if it is, so CSV keeps the context."""
    b, a = result.before, result.after
    total = len(dataset.countries)
    measures: list[tuple[str, str, Any, Any]] = [
        ("support_score", "Score", round(b.support_score, 1), round(a.support_score, 1)),
        ("coverage_pct", "Known %", round(b.coverage_pct, 1), round(a.coverage_pct, 1)),
        ("contracting_model", "Model", b.contracting_model.value, a.contracting_model.value),
        ("level", "Level", b.level.value, a.level.value),
        ("rank", f"Rank of {total}", result.rank_before, result.rank_after),
    ]
    context = {
        "country": result.country.name,
        "iso3": result.country.iso3,
        # What it was assumed to adopt, as `rank --adopt` files list it: the key, with the peer's status where
        # that is less than yes (`g2g_contracting (partial)`).
        "what_if": [k if s == "yes" else f"{k} ({s})" for k, s in result.targets.items() if k not in result.already],
    }
    rows: list[dict[str, Any]] = [
        {**context, "measure": key, "label": label, "before": before, "after": after}
        for key, label, before, after in measures
    ]

    def shown(value: Any) -> str:
        if isinstance(value, float):
            return format_score(value)
        return str(value).upper() if value in {"dcs", "g2g", "fms"} else str(value)

    columns = (
        Column("country", "Country", machine_only=True),
        Column("iso3", "ISO3", machine_only=True),
        WHAT_IF_COLUMN,
        Column("measure", "Measure", machine_only=True),
        Column("label", "Measure", human_only=True),
        Column("before", "Before", Kind.NUMBER, show=shown),
        Column("after", "After (what-if)", Kind.NUMBER, show=shown),
    )
    notes = []
    if result.tied_with:
        notes.append(
            f"After, {result.country.name} ties with {', '.join(result.tied_with)} at rank {result.rank_after}."
        )
    if result.already:
        notes.append(f"Already in place, so nothing changes for: {', '.join(result.already)}.")
    if excluded_unknown:
        notes.append(
            f"Left out because the data does not say whether {result.country.name} has them (unknown, which may "
            f"mean in place): {', '.join(excluded_unknown)}."
        )
    return Table(
        title=f"What if {result.country.name} adopted {result.adopted_text()}? weights: {weights.name}"
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=(
            "Each adopted mechanism is set to yes (or, when copying a peer, to the peer's status): a what-if, not "
            "a fact. The country is rescored with the same weights; model and level follow from the new statuses. "
            f"Rank: by support score among all {total} countries, ties sharing a rank. " + " ".join(notes)
        ).strip(),
    )


def lacking(country: schema.Country, key: str) -> bool:
    """Whether the country has less than the mechanism in full (unknown counts as lacking)."""
    return STATUS_VALUE[country.mechanisms[key].status] < 1.0 if key in country.mechanisms else True


def gap_vs_peer(dataset: Dataset, country: schema.Country, peer: schema.Country, weights: Weights) -> Table:
    """Mechanisms the peer has (yes or partial) and the country has less of, heaviest first."""
    rows: list[dict[str, Any]] = []
    for mech in dataset.mechanisms:
        mine = country.mechanisms[mech.key]
        theirs = peer.mechanisms[mech.key]
        if STATUS_VALUE[theirs.status] <= STATUS_VALUE[mine.status]:
            continue
        rows.append(
            _gap_row(dataset, mech, mine, weights)
            | {
                "peer_status": theirs.status,
                "peer_evidence": theirs.evidence,
                "peer_source": theirs.source,
                "peer_locator": theirs.locator,
                "peer_status_since": None if theirs.as_of is None else str(theirs.as_of),
                "_peer_says": None
                if theirs.evidence is None
                else f"The source says ({peer.name}, from {theirs.as_of}): {theirs.evidence} "
                f"[{theirs.source}, {theirs.locator}]",
            }
        )
    rows.sort(key=lambda r: (-r["weight"], r["recommendation"], r["mechanism"]))
    columns = (
        *_gap_columns(country.iso3),
        Column("peer_status", peer.iso3),
        Column("_peer_says", f"{peer.name}'s evidence", long_text=True, human_only=True),
        Column("peer_evidence", f"{peer.name}'s evidence", machine_only=True),
        Column("peer_source", "Source", machine_only=True),
        Column("peer_locator", "Where in the source", machine_only=True),
        Column("peer_status_since", "Peer status since", machine_only=True),
        Column("recommendation_text", "Paper's recommendation", long_text=True),
    )
    return Table(
        title=f"What {country.name} lacks against {peer.name}; weights: {weights.name}" + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=_gap_caption(weights, f"{peer.name} has in full or in part")
        + " Gain here: to the peer's level (partial where the peer has it only in part).",
    )


def gap_vs_model(dataset: Dataset, country: schema.Country, model: str, weights: Weights) -> Table:
    """Mechanisms of the model's stages that the country does not have in full, heaviest first."""
    stages = MODEL_STAGES[model]
    rows: list[dict[str, Any]] = []
    for mech in dataset.mechanisms:
        if mech.stage not in stages or not lacking(country, mech.key):
            continue
        practised = [
            c.iso3 for c in dataset.countries if c.iso3 != country.iso3 and c.mechanisms[mech.key].status == "yes"
        ]
        rows.append(_gap_row(dataset, mech, country.mechanisms[mech.key], weights) | {"practised_by": practised})
    rows.sort(key=lambda r: (-r["weight"], r["recommendation"], r["mechanism"]))
    columns = (
        *_gap_columns(country.iso3),
        PRACTISED_BY,
        Column("recommendation_text", "Paper's recommendation", long_text=True),
    )
    return Table(
        title=f"What {country.name} lacks for the {model.upper()} model; weights: {weights.name}"
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=_gap_caption(weights, f"the {model.upper()} model's stages ({', '.join(stages)}) include")
        + " Practised by: the other countries with it in full.",
    )


def gap_by_recommendation(dataset: Dataset, country: schema.Country, weights: Weights) -> Table:
    """The paper's recommendations ranked by how many other exporters practise what they would supply."""
    others = [c for c in dataset.countries if c.iso3 != country.iso3]
    rows: list[dict[str, Any]] = []
    for number, text in sorted(dataset.recommendations.items()):
        missing = [m for m in dataset.mechanisms if m.recommendation == number and lacking(country, m.key)]
        if not missing:
            continue
        practising = sorted({c.iso3 for c in others for m in missing if c.mechanisms[m.key].status == "yes"})
        rows.append(
            {
                "recommendation": number,
                "recommendation_text": text,
                "mechanisms_lacking": [m.key for m in missing],
                "exporters": len(practising),
                "practised_by": practising,
                "weight": sum(weights.by_key.get(m.key, 0.0) for m in missing),
            }
        )
    rows.sort(key=lambda r: (-r["exporters"], -r["weight"], r["recommendation"]))
    columns = (
        Column("recommendation", "Rec.", Kind.NUMBER),
        Column("exporters", "Exporters", Kind.NUMBER),
        PRACTISED_BY,
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("recommendation_text", "The paper's recommendation", long_text=True),
        Column("mechanisms_lacking", "Mechanisms lacking", Kind.LIST, long_text=True),
    )
    return Table(
        title=f"What {country.name} lacks, by the paper's recommendations; weights: {weights.name}"
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=(
            f"For each of the paper's recommendations (1-8, its order of priority) with a mechanism {country.name} "
            f"does not have in full: how many of the other {len(others)} countries practise one of those mechanisms "
            "in full, and which. Sorted by that count, then by the weight the mechanisms carry. Details: "
            f"fmscompare gap {country.name.lower()} --vs PEER or --model g2g|fms."
        ),
    )


# ISO3 codes of the other countries with the mechanism in full; a human reads them spaced, as a list would
# crowd a narrow column.
PRACTISED_BY = Column("practised_by", "Practised by", Kind.LIST, show=" ".join)


def _gap_row(
    dataset: Dataset, mech: schema.Mechanism, mine: schema.MechanismAssessment, weights: Weights
) -> dict[str, Any]:
    weight = weights.by_key.get(mech.key, 0.0)
    return {
        "mechanism": mech.key,
        "label": mech.label,
        "stage": mech.stage,
        "weight": weight,
        "status": mine.status,
        # Points the country would gain by adopting it in full.
        "gain": round(100.0 * weight * (1.0 - STATUS_VALUE[mine.status]) / weights.total, 2),
        "recommendation": mech.recommendation,
        "recommendation_text": dataset.recommendations[mech.recommendation],
    }


def _gap_columns(iso3: str) -> tuple[Column, ...]:
    return (
        Column("mechanism", "Key"),
        Column("label", "Mechanism", machine_only=True),
        Column("stage", "Stage", machine_only=True),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("gain", "Gain", Kind.NUMBER, show=lambda v: f"+{v:.1f}"),
        Column("status", iso3),
        Column("recommendation", "Rec.", Kind.NUMBER),
    )


def _gap_caption(weights: Weights, what: str) -> str:
    return (
        f"Mechanisms {what} and the country has less of, heaviest weight first. Gain: points its score would "
        "rise by with the mechanism in full. A status of unknown means the data does not say: it may already be "
        "in place. Rec.: the paper's recommendation for Japan (1-8) that supplies it. fmscompare gap COUNTRY "
        "--adopt KEY,KEY (or --adopt all) shows what adopting them would change."
    )


def gap_targets(
    dataset: Dataset, country: schema.Country, peer: schema.Country | None, model: str | None
) -> tuple[dict[str, str], list[str]]:
    """`--adopt all` on gap: the gap's mechanisms at the peer's status (or yes), and the unknowns left out.

    A mechanism whose status is unknown is not adopted: the data does not say it is missing.
    """
    if peer is not None:
        wanted = {
            m.key: peer.mechanisms[m.key].status
            for m in dataset.mechanisms
            if STATUS_VALUE[peer.mechanisms[m.key].status] > STATUS_VALUE[country.mechanisms[m.key].status]
        }
    else:
        stages = MODEL_STAGES[model] if model else tuple(dataset.stages)
        wanted = {m.key: "yes" for m in dataset.mechanisms if m.stage in stages and lacking(country, m.key)}
    unknown = [k for k in wanted if country.mechanisms[k].status == "unknown"]
    return {k: s for k, s in wanted.items() if k not in unknown}, unknown
