"""What `sources --format bibtex|csl-json` and `show --cite` cite: sources as (id, record) pairs, by id."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset
    from fmscompare.reports.report import Profile


def dataset_sources(dataset: Dataset) -> list[tuple[str, schema.Source]]:
    """Every source of the dataset, as `sources` lists them (by id)."""
    return sorted(dataset.sources.items())


def profile_sources(dataset: Dataset, profile: Profile) -> list[tuple[str, schema.Source]]:
    """The sources a country's profile (`show`) cites: those of its Sources paragraph (assessments, agency,
    the paper's verdict and figures, SIPRI rows) and those of the export deals it lists."""
    cited = set(profile.record["sources"])
    cited |= {str(deal["source"]) for deal in profile.record["deals"] if deal.get("source")}
    return [(ident, dataset.sources[ident]) for ident in sorted(cited)]
