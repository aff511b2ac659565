"""`mechanisms`: the scoring criteria, with the weights in force, the paper's recommendation each maps to, and
the rubric that says what counts as yes, partial and no."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fmscompare.formatting import format_weight
from fmscompare.reports.common import with_provenance
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


def criteria(dataset: Dataset, weights: Weights) -> Table:
    """Every mechanism in data order (grouped by stage along the spectrum) with its weight and share."""
    total = weights.total
    rows = [
        {
            "mechanism": m.key,
            "label": m.label,
            "stage": m.stage,
            "weight": weights.by_key.get(m.key, 0.0),
            "weight_share_pct": round(100.0 * weights.by_key.get(m.key, 0.0) / total, 1),
            "default_weight": m.weight,
            "recommendation": m.recommendation,
            "recommendation_text": dataset.recommendations[m.recommendation],
            "definition": m.definition,
            "rubric_yes": m.rubric.yes,
            "rubric_partial": m.rubric.partial,
            "rubric_no": m.rubric.no,
        }
        for m in sorted(dataset.mechanisms, key=lambda m: list(dataset.stages).index(m.stage))
    ]
    columns = (
        Column("mechanism", "Key"),
        Column("label", "Mechanism"),
        Column("stage", "Stage"),
        Column("weight", "Weight", Kind.NUMBER, show=format_weight),
        Column("weight_share_pct", "Share", Kind.NUMBER, show=lambda v: f"{v:.1f}%"),
        Column("default_weight", "Default weight", Kind.NUMBER, machine_only=True),
        Column("recommendation", "Rec.", Kind.NUMBER),
        Column("definition", "Definition", long_text=True),
        Column("recommendation_text", "Paper's recommendation", long_text=True),
        Column("rubric_yes", "Yes when", long_text=True),
        Column("rubric_partial", "Partial when", long_text=True),
        Column("rubric_no", "No when", long_text=True),
    )
    stages = "; ".join(f"{key}: {text}" for key, text in dataset.stages.items())
    caption = (
        f"Weights ({weights.name}): {weights.rationale} Share: the weight as a % of the total weight, "
        "the most the mechanism can add to a 0-100 score. Rec.: the paper's recommendation for Japan (1-8, "
        f"in its order of priority) the mechanism maps to. Stages: {stages}. Below each mechanism: its "
        "definition, the recommendation, and the rubric every country is rated by (yes, partial, no); unknown "
        "where no source a reader can open says."
    )
    table = Table(
        title=f"Scoring criteria; weights: {weights.name}",
        columns=columns,
        rows=rows,
        caption=caption,
        group_key="stage",
    )
    return with_provenance(table, dataset, weights)
