"""`rank`: every country scored and joined with its SIPRI figures for one period."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fmscompare.choices import RankBy
from fmscompare.errors import Option, UsageError
from fmscompare.formatting import format_change, format_coverage, format_score, format_share
from fmscompare.periods import previous_period
from fmscompare.reports.common import WHAT_IF_COLUMN, what_if_fields, what_if_noted, with_provenance
from fmscompare.reports.report import Column, Kind, Table
from fmscompare.scoring.ranks import competition_ranks, score_key
from fmscompare.scoring.score import Weights, level_legend, score_country

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset


# A score resting on less than this share of the weight says more about missing evidence than about support:
# `rank` marks it. A rule of thumb for a composite score's minimum data coverage, not a standard (README).
LOW_COVERAGE_PCT = 65.0


def _known(value: float) -> str:
    return format_coverage(value) + ("*" if value < LOW_COVERAGE_PCT else "")


RANK_BY_TEXT = {
    RankBy.SCORE: "support score",
    RankBy.SHARE: "SIPRI share",
    RankBy.GROWTH: "change in export volume",
    RankBy.INVOLVEMENT: "involvement level, then score",
}


def short_agency(name: str | None) -> str:
    """`Defense Security Cooperation Agency (DSCA)` -> `DSCA`; the full name is in CSV and JSON."""
    if not name:
        return "–"
    match = re.search(r"\(([^()]+)\)\s*$", name)
    return match.group(1) if match else name


def ranking_columns(period: str) -> tuple[Column, ...]:
    """The columns of `rank`, in the order its CSV header pins."""
    return (
        Column("rank", "#", Kind.NUMBER),
        Column("country", "Country", machine_only=True),
        Column("_country", "Country", human_only=True),
        Column("iso3", "ISO3", narrow_drop=2),
        Column("contracting_model", "Model", machine_only=True),
        Column("_model", "Model", human_only=True),
        Column("level", "Level", machine_only=True),
        Column("_level", "Level", human_only=True, narrow_drop=3),
        Column("support_score", "Score", Kind.NUMBER, show=format_score),
        Column("coverage_pct", "Known", Kind.NUMBER, show=_known),
        Column("low_coverage", "Known under 65 %", machine_only=True),
        Column("sipri_period", "SIPRI period", machine_only=True),
        Column("sipri_share_pct", "Share%", Kind.NUMBER, show=format_share),
        Column("sipri_rank", "SIPRI#", Kind.NUMBER),
        Column("sipri_change_pct", "Change%", Kind.NUMBER, show=format_change),
        Column("sipri_basis", "Basis", machine_only=True),
        Column("agency", "Agency", show=short_agency, narrow_drop=1),
        Column("model_known", "Model known", machine_only=True),
        WHAT_IF_COLUMN,
    )


def ranking(
    dataset: Dataset,
    weights: Weights,
    period: str | None = None,
    by: RankBy = RankBy.SCORE,
    top: int | None = None,
    what_if_notes: list[str] | None = None,
    min_coverage: float | None = None,
) -> Table:
    """Rank every country by `by`; ties share a rank (1, 2, 2, 4) and are listed by SIPRI share. With
    `min_coverage`, only countries with at least that % of the weight known are ranked. With `what_if_notes`
    (a dataset with what-ifs applied), the title and caption say so."""
    period = dataset.period(period)
    scored: list[dict[str, Any]] = []
    for country in dataset.countries:
        score = score_country(country, dataset.mechanisms, weights)
        if min_coverage is not None and round(score.coverage_pct, 1) < min_coverage:
            continue  # ranked among themselves: a country left out holds no rank
        scored.append(
            {
                "iso3": country.iso3,
                "country": country.name,
                "contracting_model": score.contracting_model.value,
                "level": score.level.value,
                "model_known": score.model_known,
                "_model": score.model_text,
                "_level": score.level_text,
                # Compared as displayed, so countries that look tied are ranked as tied.
                "support_score": score_key(score.support_score),
                "coverage_pct": round(score.coverage_pct, 1),
                "low_coverage": round(score.coverage_pct, 1) < LOW_COVERAGE_PCT,
                "agency": country.agency.name if country.agency else None,
            }
        )
    if min_coverage is not None and not scored:
        raise UsageError(Option("min_coverage"), f" {min_coverage:g}: no country has that much of the weight known")
    figures = dataset.shares.in_period(period)
    for row in scored:
        found = figures.get(row["iso3"])
        row.update(
            sipri_period=period,
            sipri_share_pct=found.share_pct if found is not None else None,
            sipri_rank=found.rank if found is not None else None,
            sipri_change_pct=found.change_pct if found is not None else None,
            sipri_basis=found.basis if found is not None else None,
        )
    keys: list[float | None] = [
        {
            RankBy.SCORE: row["support_score"],
            RankBy.SHARE: row["sipri_share_pct"],
            RankBy.GROWTH: row["sipri_change_pct"],
            RankBy.INVOLVEMENT: int(row["level"][1]) * 1000 + row["support_score"],
        }[by]
        for row in scored
    ]
    for row, rank in zip(scored, competition_ranks(keys), strict=True):
        row["rank"] = rank

    def order(pair: tuple[dict[str, Any], float | None]) -> tuple[Any, ...]:
        """Highest key first, then highest SIPRI share; a missing figure after every present one; then name."""
        row, key = pair
        share = row["sipri_share_pct"]
        return (key is None, -(key or 0.0), share is None, -(share or 0.0), row["country"])

    ranked = [row for row, _ in sorted(zip(scored, keys, strict=True), key=order)]
    if top is not None:
        # Countries tied at rank N are all in the top N: cutting between them would pick one arbitrarily.
        ranked = [row for row in ranked if row["rank"] is not None and row["rank"] <= top]
    rows = [{**row, **what_if_fields(dataset, row["iso3"], row["country"])} for row in ranked]
    covered = sum(row["sipri_share_pct"] for row in rows if row["sipri_share_pct"] is not None)
    low = sum(1 for row in rows if row["low_coverage"])
    title = f"Ranked by {RANK_BY_TEXT[by]}; SIPRI {period}; weights: {weights.name}{dataset.as_of_label()}"
    caption = (
        "Government support for defence exports. Score: 0-100, weighted share of export-support "
        "mechanisms in place (yes 1, partial 0.5). Known: "
        "share of the weight whose status is known. Model: who contracts the buyer (DCS industry, G2G "
        "government, FMS government buying for the buyer). Level: "
        + level_legend()
        + (
            "; ? where G2G contracting is unknown, so DCS is a default for missing evidence, not a finding"
            if not all(row["model_known"] for row in rows)
            else ""
        )
        + f". SIPRI: share % of world arms exports {period}, world rank, change % in volume against "
        f"{previous_period(period)}; – where the data has no figure (see fmscompare show COUNTRY). "
        f"The {len(rows)} countries listed exported {format_share(covered)}% of the world's arms in {period} "
        "(the sum of their shares)."
        + (
            f" *: under {LOW_COVERAGE_PCT:g}% of the weight known ({low} of {len(rows)}), so the score reflects "
            "missing evidence as much as support; --min-coverage N lists only those with N % or more."
            if low
            else ""
        )
        + (
            f" Only countries with at least {min_coverage:g}% of the weight known, ranked among themselves."
            if min_coverage is not None
            else ""
        )
    )
    table = Table(title=title, columns=ranking_columns(period), rows=rows, caption=caption)
    return with_provenance(what_if_noted(table, what_if_notes or []), dataset, weights)
