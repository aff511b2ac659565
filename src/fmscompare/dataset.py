"""The dataset: typed country records, scoring criteria and a SIPRI table, and where it is read from.

A dataset is three files: `countries.yaml` (sources and country profiles), `mechanisms.yaml` (scoring
criteria and weight presets) and `sipri_shares.csv` (SIPRI export figures). Reading and checking them is
`fmscompare.loading`'s work; `load_dataset` here is its entry point.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fmscompare import schema
from fmscompare.errors import UsageError
from fmscompare.periods import chronological

if TYPE_CHECKING:
    import pandas as pd

COUNTRIES_FILE = "countries.yaml"
MECHANISMS_FILE = "mechanisms.yaml"
SHARES_FILE = "sipri_shares.csv"
DATA_DIR_ENV = "FMSCOMPARE_DATA_DIR"

SHARES_COLUMNS = ("iso3", "country", "period", "share_pct", "rank", "change_pct", "basis", "source")
BASES = ("published", "computed", "press")


def bundled_data_dir() -> Path:
    """The dataset shipped with the package (the repository's data/ when running from a checkout)."""
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    # NOTE: an editable install maps only src/ into site-packages; the data sits beside src/.
    return Path(__file__).resolve().parents[2] / "data"


def resolve_data_dir(data_dir: Path | None) -> Path:
    """The directory to load: the option, else $FMSCOMPARE_DATA_DIR, else the bundled dataset."""
    if data_dir is not None:
        return data_dir
    from_env = os.environ.get(DATA_DIR_ENV)
    return Path(from_env) if from_env else bundled_data_dir()


@dataclass(frozen=True)
class Dataset:
    """Everything fmscompare knows: sources, countries, scoring criteria and SIPRI figures."""

    directory: Path
    sources: dict[str, schema.Source]
    countries: list[schema.Country]  # as of `as_of` (None: the latest assessment of every mechanism)
    stages: dict[str, str]
    recommendations: dict[int, str]
    mechanisms: list[schema.Mechanism]
    default_rationale: str
    presets: dict[str, schema.Preset]
    shares: pd.DataFrame = field(repr=False)
    records: list[schema.CountryRecord] = field(default_factory=list, repr=False)  # with every dated assessment
    as_of: int | None = None

    def periods(self) -> list[str]:
        """SIPRI periods in the data, oldest first."""
        return chronological(self.shares["period"])

    def country_by_iso3(self, iso3: str) -> schema.Country:
        return next(c for c in self.countries if c.iso3 == iso3)

    def as_of_label(self) -> str:
        """`; as of 2023` for titles when an earlier picture was asked for; empty for the latest."""
        return f"; as of {self.as_of}" if self.as_of is not None else ""

    def record_by_iso3(self, iso3: str) -> schema.CountryRecord:
        return next(r for r in self.records if r.iso3 == iso3)

    def assessment_years(self) -> list[int]:
        """Every year an assessment is dated, oldest first."""
        years = {e.as_of for r in self.records for key in r.mechanisms for e in r.history(key) if e.as_of}
        return sorted(years)

    def at(self, year: int | None) -> Dataset:
        """The dataset as of `year`: each mechanism's last assessment not after it (None: the latest)."""
        if year is not None:
            from datetime import date

            from fmscompare.changes import PAPER_YEAR

            # Before the paper's year the data has only scattered facts, and every unassessed mechanism
            # would read as unknown: a picture that looks like "no support" and is only missing data.
            if year < PAPER_YEAR:
                raise UsageError(
                    f"--as-of {year}: the data describes {PAPER_YEAR} (the paper's picture) and later; before it, "
                    f"most mechanisms are unassessed. Choose {PAPER_YEAR} or later"
                )
            if year > date.today().year:
                raise UsageError(f"--as-of {year} is in the future; the latest assessments are the default")
        return replace(self, countries=[r.as_of(year) for r in self.records], as_of=year)


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate a dataset directory; raise DataError listing every problem found."""
    # The parser and checkers are imported only when files are read: a cached dataset needs neither.
    from fmscompare.loading import load_directory

    return load_directory(resolve_data_dir(data_dir))
