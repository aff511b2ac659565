"""`spectrum`: the paper's lost Figure 1, rebuilt from the data.

The figure placed the exporters along DCS -> G2G -> FMS-style. Here each country sits in the band of its
contracting model (derived from its mechanisms, not asserted), with its support score drawn as a bar,
because the caption itself warns that involvement "does not depend on G2G contracts".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fmscompare.formatting import format_coverage, format_score, format_share
from fmscompare.reports.common import WHAT_IF_COLUMN, what_if_fields, what_if_noted, with_provenance
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.scoring.ranks import score_key
from fmscompare.scoring.score import LEVEL_LABELS, ContractingModel, Weights, level_legend, score_country

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset

BAND_LABELS = {
    ContractingModel.DCS: "DCS",
    ContractingModel.G2G: "G2G",
    ContractingModel.FMS: "FMS-style",
}
BAR_WIDTH = 25  # characters for a score of 100
_EIGHTHS = " ▏▎▍▌▋▊▉"


def score_bar(score: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths of a character: 50 of 100 over 25 characters is 12.5 blocks."""
    eighths = round(max(0.0, min(score, 100.0)) / 100.0 * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def spectrum(
    dataset: Dataset, weights: Weights, period: str | None = None, what_if_notes: list[str] | None = None
) -> Table:
    """Countries by band (DCS, G2G, FMS-style), highest support score first within each band. With
    `what_if_notes` (a dataset with what-ifs applied), the title and caption say so."""
    period = dataset.period(period)
    by_iso3 = dataset.shares.in_period(period)
    order = list(ContractingModel)
    placed = []
    for country in dataset.countries:
        score = score_country(country, dataset.mechanisms, weights)
        placed.append((order.index(score.contracting_model), -score_key(score.support_score), country.name, score))
    placed.sort(key=lambda item: item[:3])

    rows: list[dict[str, Any]] = []
    previous_band = None
    for band_index, _, name, score in placed:
        band = order[band_index]
        figures = by_iso3.get(score.iso3)
        rows.append(
            {
                "band": BAND_LABELS[band] if band is not previous_band else "",
                "contracting_model": band.value,
                "band_position": band_index + 1,
                **what_if_fields(dataset, score.iso3, name),
                "iso3": score.iso3,
                "level": score.level.value,
                "_level": score.level_text,
                "model_known": score.model_known,
                "level_label": LEVEL_LABELS[score.level],
                "support_score": round(score.support_score, 1),
                "bar": score_bar(score.support_score),
                "coverage_pct": round(score.coverage_pct, 1),
                "sipri_period": period,
                "sipri_share_pct": figures.share_pct if figures is not None else None,
                "sipri_change_pct": figures.change_pct if figures is not None else None,
            }
        )
        previous_band = band
    columns = (
        Column("band", "Band", human_only=True),
        Column("contracting_model", "Contracting model", machine_only=True),
        Column("band_position", "Band position", Kind.NUMBER, machine_only=True),
        Column("country", "Country", machine_only=True),
        Column("_country", "Country", human_only=True),
        Column("iso3", "ISO3", machine_only=True),
        Column("level", "Level", machine_only=True),
        Column("_level", "Level", human_only=True),
        Column("level_label", "Level label", machine_only=True),
        Column("bar", "Support score (0-100)", human_only=True),
        Column("support_score", "Score", Kind.NUMBER, show=format_score),
        Column("coverage_pct", "Known", Kind.NUMBER, show=format_coverage),
        Column("sipri_period", "SIPRI period", machine_only=True),
        Column("sipri_share_pct", "Share%", Kind.NUMBER, show=format_share),
        Column("sipri_change_pct", "SIPRI change %", Kind.NUMBER, machine_only=True),
        Column("model_known", "Model known", machine_only=True),
        WHAT_IF_COLUMN,
    )
    caption = (
        "The paper's Figure 1 (lost; its caption survives) rebuilt from the data. Bands, left to right in "
        "the paper, are the contracting model derived from each country's mechanisms: FMS-style when the "
        "government buys from industry for the buyer, G2G when it signs as a contracting party (even "
        "partly), DCS otherwise. Bar and Score: support score, the weighted share of export-support "
        "mechanisms in place (each bar character is 4 points). Level: "
        + level_legend()
        + (
            "; ? where G2G contracting is unknown, so DCS is a default for missing evidence"
            if any(not r["model_known"] for r in rows)
            else ""
        )
        + f". Share%: SIPRI share of world arms exports {period}. As the paper's caption says, involvement "
        '"does not depend on G2G contracts": a DCS exporter can score high.'
    )
    table = Table(
        title=f"Spectrum of government involvement: DCS -> G2G -> FMS-style; weights: {weights.name}"
        + dataset.as_of_label(),
        columns=columns,
        rows=rows,
        caption=caption,
        group_key="contracting_model",
    )
    return with_provenance(what_if_noted(table, what_if_notes or []), dataset, weights)


def chart_caption(what_if_notes: list[str], weights: Weights, period: str | None, as_of: str | None) -> str:
    """`as_of` is the picture's label (`as of 2023-04`, `the paper's own claims`); empty or None: the latest."""
    what_if = "What-if: " + " ".join(what_if_notes) + " " if what_if_notes else ""
    return (
        what_if
        + "The paper's Figure 1 (lost; its caption survives) rebuilt from the data. Bands: the contracting model "
        "derived from each country's mechanisms (FMS-style: the government buys from industry for the buyer; "
        "G2G: it signs as a contracting party, even partly; DCS otherwise; ? where G2G contracting is unknown). "
        "Height: support score, the weighted share of export-support mechanisms in place (yes 1, partial 0.5). "
        f"Marker area: SIPRI share of world arms exports {period}; colour: change in volume against the previous "
        f"five years. Weights: {weights.name}. Assessments: "
        + (as_of or "the latest")
        + ". Data: fmscompare (CSIS, Hattori 2023; SIPRI Arms Transfers Database; sources: fmscompare sources)."
    )


@dataclass(frozen=True)
class SpectrumChart:
    """What `spectrum --chart` draws: the countries as they are, each what-if beside its country."""

    rows: list[dict[str, Any]]
    what_if_rows: list[dict[str, Any]]
    title: str
    caption: str


def spectrum_chart(
    real: Dataset, dataset: Dataset, weights: Weights, period: str | None = None, what_if_notes: list[str] | None = None
) -> SpectrumChart:
    """The chart of `dataset` (`real` with any what-ifs applied): the real countries, and the what-ifs apart."""
    notes = what_if_notes or []
    report = spectrum(dataset, weights, period=period, what_if_notes=notes)
    actual = spectrum(real, weights, period=period) if notes else report
    period_used = actual.rows[0]["sipri_period"] if actual.rows else period
    # A chart is read by people: a what-if is labelled as one ("Japan (what-if)").
    return SpectrumChart(
        rows=[{**row, "country": row["_country"]} for row in actual.rows],
        what_if_rows=[{**row, "country": row["_country"]} for row in report.rows if row["iso3"] in dataset.what_ifs],
        title=report.title.replace(" -> ", " → "),
        caption=chart_caption(notes, weights, period_used, dataset.as_of_label().removeprefix("; ")),
    )
