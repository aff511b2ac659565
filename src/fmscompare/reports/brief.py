"""`report`: the hand-over brief, every table an analyst passes on, gathered once for HTML or Excel.

The ranking, Figure 1 (the spectrum), the mechanism matrix, each chosen country's profile (its evidence,
deals and SIPRI figures), the sources those profiles cite, and the provenance (weights, as-of, dataset
version, date made). Rendering is `fmscompare.render`'s: the brief knows nothing of HTML or workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fmscompare.reports.citations import profile_sources
from fmscompare.reports.common import provenance
from fmscompare.reports.compare import comparison
from fmscompare.reports.rank import ranking
from fmscompare.reports.show import country_profile
from fmscompare.reports.sources import bibliography
from fmscompare.reports.spectrum import spectrum_chart

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.reports.report import Profile, Table
    from fmscompare.reports.spectrum import SpectrumChart
    from fmscompare.scoring.score import Weights


# Countries per block of the mechanism matrix on the page: more columns than this do not fit a printed page.
MATRIX_BLOCK = 7


@dataclass(frozen=True)
class Brief:
    title: str
    provenance: dict[str, str]  # weights, as-of, dataset version, made, command
    ranking: Table
    spectrum: SpectrumChart
    matrix: Table  # every country chosen side by side (a workbook's sheet)
    matrix_parts: list[Table]  # the same in blocks of `MATRIX_BLOCK` countries, to fit a page or a screen
    profiles: list[Profile]
    sources: Table

    def sheets(self) -> list[tuple[str, Table]]:
        """Every table of the brief in reading order, each with a short name: what a workbook makes a sheet of."""
        out = [("Ranking", self.ranking), ("Matrix", self.matrix)]
        for profile in self.profiles:
            name = profile.record["country"]
            out.append((f"{name} - breakdown", profile.flat))
            for table in profile.sections:
                if table.title == profile.flat.title:
                    continue
                short = "SIPRI" if table.title.startswith("SIPRI") else "deals" if "deals" in table.title else "table"
                out.append((f"{name} - {short}", table))
        out.append(("Sources", self.sources))
        return out


def brief(dataset: Dataset, weights: Weights, iso3s: list[str], command: str) -> Brief:
    """The brief for the countries `iso3s` (every profiled country when empty)."""
    chosen = [dataset.country_by_iso3(iso3) for iso3 in iso3s] or list(dataset.countries)
    profiles = [country_profile(dataset, country, weights) for country in chosen]
    cited = {ident for profile in profiles for ident, _ in profile_sources(dataset, profile)}
    everything = bibliography(dataset)
    sources = replace(
        everything,
        title=f"Sources: the {len(cited)} the profiles below cite",
        rows=[row for row in everything.rows if row["source"] in cited],
    )
    matrix_countries = chosen if len(chosen) >= 2 else list(dataset.countries)
    blocks = [matrix_countries[i : i + MATRIX_BLOCK] for i in range(0, len(matrix_countries), MATRIX_BLOCK)]
    if len(blocks) > 1 and len(blocks[-1]) < 2:  # a block of one cannot be compared: join it to the one before
        blocks[-2:] = [blocks[-2] + blocks[-1]]
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    names = ", ".join(c.name for c in chosen) if iso3s else f"all {len(chosen)} profiled countries"
    return Brief(
        title=f"Government support for defence exports: {names}",
        provenance={
            **{key: str(value) for key, value in provenance(dataset, weights).items()},
            "made": made,
            "command": command,
        },
        ranking=ranking(dataset, weights),
        spectrum=spectrum_chart(dataset, dataset, weights),
        matrix=comparison(dataset, matrix_countries, weights),
        matrix_parts=[comparison(dataset, block, weights) for block in blocks],
        profiles=profiles,
        sources=sources,
    )
