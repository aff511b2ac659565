"""The scoring model (SPEC §3): pure functions from mechanism statuses and weights to scores.

Two axes, because the paper's Figure 1 caption warns that involvement "does not depend on G2G contracts":
the *contracting model* (dcs, g2g, fms) says who signs the sale; the *support score* (0-100) says how much
the government does to help. The involvement level L0-L3 combines them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from fmscompare.dataset import schema
from fmscompare.dataset.schema import G2G_CONTRACTING, INTERMEDIARY_PROCUREMENT

STATUS_VALUE: dict[str, float] = {"yes": 1.0, "partial": 0.5, "no": 0.0, "unknown": 0.0}

# Stages whose mechanisms are export support (not the industrial base behind it): any `yes` among them
# lifts a DCS exporter from L0 (licensing only) to L1 (promoted DCS).
SUPPORT_STAGES = frozenset(schema.MODEL_STAGES)
# The stages a contracting model is built from: a G2G exporter promotes and contracts; FMS adds
# intermediary procurement with guarantees. Industrial-base mechanisms are not part of either model.
MODEL_STAGES = {"g2g": schema.MODEL_STAGES[:2], "fms": schema.MODEL_STAGES}


class ContractingModel(StrEnum):
    """Who contracts with the foreign buyer."""

    DCS = "dcs"  # industry contracts the buyer; the government licenses (and may promote)
    G2G = "g2g"  # the government is a contracting party
    FMS = "fms"  # the government buys from industry on the buyer's behalf


class Level(StrEnum):
    """Government involvement, from licensing only to FMS-style."""

    L0 = "L0"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"


LEVEL_LABELS = {
    Level.L0: "licensing only",
    Level.L1: "promoted DCS",
    Level.L2: "G2G",
    Level.L3: "FMS-style",
}


def level_legend() -> str:
    """`L0 licensing only, L1 promoted DCS, ...`: the levels as every caption explains them."""
    return ", ".join(f"{level.value} {label}" for level, label in LEVEL_LABELS.items())


@dataclass(frozen=True)
class Weights:
    """A named weighting of the mechanisms."""

    name: str
    rationale: str
    by_key: Mapping[str, float]

    @property
    def total(self) -> float:
        return sum(self.by_key.values())


@dataclass(frozen=True)
class MechanismScore:
    """One mechanism's part in a country's score."""

    key: str
    status: str
    weight: float
    value: float
    contribution: float  # points of the 0-100 score this mechanism adds


@dataclass(frozen=True)
class CountryScore:
    iso3: str
    support_score: float
    coverage_pct: float
    contracting_model: ContractingModel
    level: Level
    breakdown: tuple[MechanismScore, ...]
    model_known: bool = True  # False: G2G contracting is unknown, so DCS is a default, not a finding

    @property
    def model_text(self) -> str:
        """`G2G`, or `DCS?` when the model is only the default for missing evidence."""
        return model_text(self.contracting_model.value, self.model_known)

    @property
    def level_text(self) -> str:
        return level_text(self.level.value, self.model_known)


def model_text(model: str, known: bool) -> str:
    """A contracting model as tables show it: `G2G`, or `DCS?` when it is only the default for missing
    evidence (G2G contracting unknown)."""
    return model.upper() + ("" if known else "?")


def level_text(level: str, known: bool) -> str:
    """A level as tables show it: `L2`, or `L0?` when the model it rests on is only a default."""
    return level + ("" if known else "?")


def support_score(statuses: Mapping[str, str], weights: Mapping[str, float]) -> float:
    """`100 × Σ wᵢ·vᵢ / Σ wᵢ` with v = 1 yes, 0.5 partial, 0 no or unknown."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return 100.0 * sum(w * STATUS_VALUE[statuses.get(k, "unknown")] for k, w in weights.items()) / total


def coverage(statuses: Mapping[str, str], weights: Mapping[str, float]) -> float:
    """Share of the weight (in %) whose status is known: how much of the score rests on evidence."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    known = sum(w for k, w in weights.items() if statuses.get(k, "unknown") != "unknown")
    return 100.0 * known / total


def contracting_model(statuses: Mapping[str, str]) -> ContractingModel:
    """FMS-style when the government buys for the buyer; G2G when it signs (even partly); else DCS.

    France's one FMS-like programme (Belgium) is `partial` intermediary procurement without guarantees,
    which the paper still treats as G2G, so only a full `yes` makes a country FMS-style.
    """
    if statuses.get(INTERMEDIARY_PROCUREMENT) == "yes":
        return ContractingModel.FMS
    if statuses.get(G2G_CONTRACTING) in {"yes", "partial"} or statuses.get(INTERMEDIARY_PROCUREMENT) == "partial":
        return ContractingModel.G2G
    return ContractingModel.DCS


def model_is_known(statuses: Mapping[str, str]) -> bool:
    """Whether the evidence settles the model: G2G contracting is known, or some government contracting is."""
    if statuses.get(G2G_CONTRACTING, "unknown") != "unknown":
        return True
    return statuses.get(INTERMEDIARY_PROCUREMENT) in {"yes", "partial"}


def involvement_level(model: ContractingModel, statuses: Mapping[str, str], stage_of: Mapping[str, str]) -> Level:
    """L3 FMS-style, L2 G2G; a DCS exporter is L1 if any export-support mechanism is a full `yes`."""
    if model is ContractingModel.FMS:
        return Level.L3
    if model is ContractingModel.G2G:
        return Level.L2
    promoted = any(status == "yes" and stage_of.get(key) in SUPPORT_STAGES for key, status in statuses.items())
    return Level.L1 if promoted else Level.L0


def score_country(country: schema.Country, mechanisms: list[schema.Mechanism], weights: Weights) -> CountryScore:
    """Score one country: support score, coverage, contracting model, level and per-mechanism breakdown."""
    statuses = {key: entry.status for key, entry in country.mechanisms.items()}
    total = weights.total
    breakdown = tuple(
        MechanismScore(
            key=m.key,
            status=statuses.get(m.key, "unknown"),
            weight=weights.by_key.get(m.key, 0.0),
            value=STATUS_VALUE[statuses.get(m.key, "unknown")],
            contribution=(
                100.0 * weights.by_key.get(m.key, 0.0) * STATUS_VALUE[statuses.get(m.key, "unknown")] / total
                if total > 0
                else 0.0
            ),
        )
        for m in mechanisms
    )
    model = contracting_model(statuses)
    return CountryScore(
        iso3=country.iso3,
        support_score=support_score(statuses, weights.by_key),
        coverage_pct=coverage(statuses, weights.by_key),
        contracting_model=model,
        level=involvement_level(model, statuses, {m.key: m.stage for m in mechanisms}),
        breakdown=breakdown,
        model_known=model_is_known(statuses),
    )
