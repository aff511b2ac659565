"""`gap` and `--adopt`: what a country lacks against a peer or a model, and what adopting it would change.

This is the paper's own question for Japan: which mechanisms, in which order, and does it need an FMS?
The gap is ordered by weight (what the score values most), and every missing mechanism is mapped to the
paper's recommendation (1-8) that would supply it. A what-if sets the chosen mechanisms to `yes` and
rescores, so the before -> after figures follow from the same model as every other table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from fmscompare import schema
from fmscompare.errors import UsageError
from fmscompare.figures import format_score, format_weight
from fmscompare.report import Column, Kind, Table
from fmscompare.scoring import STATUS_VALUE, CountryScore, Weights, score_country
from fmscompare.textutil import suggest

if TYPE_CHECKING:
    from fmscompare.dataset import Dataset

WHAT_IF_NOTE = "what-if: assumed adopted, not a fact"

# The stages a contracting model is built from: a G2G exporter promotes and contracts; FMS adds
# intermediary procurement with guarantees. Industrial-base mechanisms are not part of either model.
MODEL_STAGES = {"g2g": ("promotion", "g2g"), "fms": ("promotion", "g2g", "fms")}


def adopted(country: schema.Country, keys: list[str]) -> schema.Country:
    """The country as if it had every mechanism in `keys` in full."""
    mechanisms = dict(country.mechanisms)
    for key in keys:
        mechanisms[key] = schema.MechanismAssessment(status="yes", note=WHAT_IF_NOTE)
    return msgspec.structs.replace(country, mechanisms=mechanisms)


def parse_keys(text: str, dataset: Dataset) -> list[str]:
    """`g2g_contracting,export_agency` as a checked list of mechanism keys."""
    known = [m.key for m in dataset.mechanisms]
    keys = [k.strip() for k in text.split(",") if k.strip()]
    if not keys:
        raise UsageError("--adopt needs mechanism keys, e.g. --adopt g2g_contracting,export_agency")
    for key in keys:
        if key not in known:
            raise UsageError(f"--adopt: unknown mechanism {key!r}{suggest(key, known)}; see fmscompare mechanisms")
    return list(dict.fromkeys(keys))


def ranks_by_score(scores: dict[str, float]) -> dict[str, int]:
    """Competition ranks by score at one decimal, as `rank` shows them."""
    rounded = {iso3: round(score, 1) for iso3, score in scores.items()}
    return {iso3: 1 + sum(1 for other in rounded.values() if other > mine) for iso3, mine in rounded.items()}


@dataclass(frozen=True)
class WhatIf:
    country: schema.Country
    keys: list[str]
    before: CountryScore
    after: CountryScore
    rank_before: int
    rank_after: int


def what_if(dataset: Dataset, country: schema.Country, keys: list[str], weights: Weights) -> WhatIf:
    """Rescore `country` with `keys` adopted; its rank among all countries before and after."""
    changed = adopted(country, keys)
    scores = {c.iso3: score_country(c, dataset.mechanisms, weights).support_score for c in dataset.countries}
    before = score_country(country, dataset.mechanisms, weights)
    after = score_country(changed, dataset.mechanisms, weights)
    rank_before = ranks_by_score(scores)[country.iso3]
    rank_after = ranks_by_score({**scores, country.iso3: after.support_score})[country.iso3]
    return WhatIf(country, keys, before, after, rank_before, rank_after)


def what_if_sentence(result: WhatIf, total: int) -> str:
    b, a = result.before, result.after
    return (
        f"{result.country.name} (what-if) as if it had adopted {', '.join(result.keys)}: score "
        f"{format_score(b.support_score)} -> {format_score(a.support_score)}, model "
        f"{b.contracting_model.value.upper()} -> {a.contracting_model.value.upper()}, level {b.level.value} -> "
        f"{a.level.value}, rank {result.rank_before} -> {result.rank_after} of {total}."
    )


def with_what_if(dataset: Dataset, result: WhatIf) -> Dataset:
    """The dataset with the country replaced by its what-if, named so that no table passes it off as fact."""
    from dataclasses import replace

    changed = msgspec.structs.replace(adopted(result.country, result.keys), name=f"{result.country.name} (what-if)")
    countries = [changed if c.iso3 == result.country.iso3 else c for c in dataset.countries]
    return replace(dataset, countries=countries)


def what_if_table(dataset: Dataset, result: WhatIf, weights: Weights) -> Table:
    """Before -> after, one row per measure."""
    b, a = result.before, result.after
    total = len(dataset.countries)
    rows: list[dict[str, Any]] = [
        {
            "measure": "support_score",
            "label": "Score",
            "before": round(b.support_score, 1),
            "after": round(a.support_score, 1),
        },
        {
            "measure": "coverage_pct",
            "label": "Known",
            "before": round(b.coverage_pct, 1),
            "after": round(a.coverage_pct, 1),
        },
        {
            "measure": "contracting_model",
            "label": "Model",
            "before": b.contracting_model.value,
            "after": a.contracting_model.value,
        },
        {"measure": "level", "label": "Level", "before": b.level.value, "after": a.level.value},
        {"measure": "rank", "label": f"Rank of {total}", "before": result.rank_before, "after": result.rank_after},
    ]

    def shown(value: Any) -> str:
        if isinstance(value, float):
            return format_score(value)
        return str(value).upper() if value in {"dcs", "g2g", "fms"} else str(value)

    columns = (
        Column("measure", "Measure", machine_only=True),
        Column("label", "Measure", human_only=True),
        Column("before", "Before", Kind.NUMBER, show=shown),
        Column("after", "After", Kind.NUMBER, show=shown),
    )
    return Table(
        title=f"What if {result.country.name} adopted {', '.join(result.keys)}? weights: {weights.name}"
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=(
            "Each adopted mechanism is set to yes (a what-if, not a fact) and the country rescored with the same "
            "weights; the contracting model and level follow from the new statuses. Rank: by support score among "
            f"all {total} countries, ties sharing a rank."
        ),
    )


def lacking(country: schema.Country, key: str) -> bool:
    return STATUS_VALUE[country.mechanisms[key].status] < 1.0 if key in country.mechanisms else True


def gap_vs_peer(dataset: Dataset, country: schema.Country, peer: schema.Country, weights: Weights) -> Table:
    """Mechanisms the peer has (yes or partial) and the country has less of, heaviest first."""
    if peer.iso3 == country.iso3:
        raise UsageError(f"--vs names {country.name} itself; choose another country")
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
                "peer_as_of": theirs.as_of,
            }
        )
    rows.sort(key=lambda r: (-r["weight"], r["recommendation"], r["key"]))
    columns = (
        *_gap_columns(country.iso3),
        Column("peer_status", peer.iso3),
        Column("peer_evidence", f"{peer.name}'s evidence", long_text=True),
        Column("peer_source", "Source", machine_only=True),
        Column("peer_as_of", "As of", Kind.NUMBER, machine_only=True),
        Column("recommendation_text", "Paper's recommendation", long_text=True),
    )
    return Table(
        title=f"What {country.name} lacks against {peer.name}; weights: {weights.name}" + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=_gap_caption(weights, f"{peer.name} has in full or in part"),
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
        rows.append(
            _gap_row(dataset, mech, country.mechanisms[mech.key], weights) | {"practised_by": " ".join(practised)}
        )
    rows.sort(key=lambda r: (-r["weight"], r["recommendation"], r["key"]))
    columns = (
        *_gap_columns(country.iso3),
        Column("practised_by", "Practised by"),
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
                "mechanisms": ", ".join(m.key for m in missing),
                "exporters": len(practising),
                "practised_by": " ".join(practising),
                "weight": sum(weights.by_key.get(m.key, 0.0) for m in missing),
            }
        )
    rows.sort(key=lambda r: (-r["exporters"], -r["weight"], r["recommendation"]))
    columns = (
        Column("recommendation", "Rec.", Kind.NUMBER),
        Column("exporters", "Exporters", Kind.NUMBER),
        Column("practised_by", "Practised by"),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("recommendation_text", "The paper's recommendation", long_text=True),
        Column("mechanisms", "Mechanisms lacking", long_text=True),
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


def _gap_row(
    dataset: Dataset, mech: schema.Mechanism, mine: schema.MechanismAssessment, weights: Weights
) -> dict[str, Any]:
    weight = weights.by_key.get(mech.key, 0.0)
    return {
        "key": mech.key,
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
        Column("key", "Key"),
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
        "rise by with the mechanism in full. Rec.: the paper's recommendation (1-8) that supplies it. "
        "fmscompare gap COUNTRY --adopt KEY,KEY (or --adopt all) shows what adopting them would change."
    )


def apply_what_if(dataset: Dataset, spec: str, weights: Weights) -> tuple[Dataset, str]:
    """`--adopt COUNTRY:KEY,KEY` on rank and spectrum: the dataset with the what-if, and the sentence saying so."""
    from fmscompare.lookup import find_country

    name, sep, keys_text = spec.partition(":")
    if not sep:
        raise UsageError(
            f"--adopt takes COUNTRY:KEY,KEY here, e.g. --adopt japan:g2g_contracting,export_agency; got {spec!r}"
        )
    country = find_country(dataset.countries, name)
    result = what_if(dataset, country, parse_keys(keys_text, dataset), weights)
    return with_what_if(dataset, result), what_if_sentence(result, len(dataset.countries))


def gap_keys(dataset: Dataset, country: schema.Country, peer: schema.Country | None, model: str | None) -> list[str]:
    """`--adopt all` on gap: every mechanism the gap lists."""
    if peer is not None:
        return [
            m.key
            for m in dataset.mechanisms
            if STATUS_VALUE[peer.mechanisms[m.key].status] > STATUS_VALUE[country.mechanisms[m.key].status]
        ]
    stages = MODEL_STAGES[model] if model else tuple(dataset.stages)
    return [m.key for m in dataset.mechanisms if m.stage in stages and lacking(country, m.key)]
