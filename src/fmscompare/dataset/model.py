"""The dataset: typed country records, scoring criteria and a SIPRI table, and where it is read from.

A dataset is three files: `countries.yaml` (sources and country profiles), `mechanisms.yaml` (scoring
criteria and weight presets) and `sipri_shares.csv` (SIPRI export figures). Reading and checking them is
`fmscompare.dataset.loading`'s work; `load_dataset` here is its entry point.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fmscompare.dataset import schema
from fmscompare.errors import UsageError
from fmscompare.months import Month, query_month
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
    packaged = Path(__file__).parents[1] / "data"
    if packaged.is_dir():
        return packaged
    # NOTE: an editable install maps only src/ into site-packages; the data sits beside src/.
    return Path(__file__).resolve().parents[3] / "data"


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
    as_of: str | None = None  # the month or year asked for (`2023-04`, `2023`); None: the latest
    paper_view: bool = False  # the paper's own claims instead of the sourced statuses

    def periods(self) -> list[str]:
        """SIPRI periods in the data, oldest first."""
        return chronological(self.shares["period"])

    def country_by_iso3(self, iso3: str) -> schema.Country:
        return next(c for c in self.countries if c.iso3 == iso3)

    def as_of_month(self) -> Month | None:
        """The month the assessments are taken at (a year means its December); None: the latest."""
        return query_month(self.as_of) if self.as_of is not None else None

    def as_of_label(self) -> str:
        """`; as of 2023-04` for titles when an earlier picture was asked for; empty for the latest."""
        if self.paper_view:
            return "; the paper's own claims"
        return f"; as of {self.as_of}" if self.as_of is not None else ""

    def record_by_iso3(self, iso3: str) -> schema.CountryRecord:
        return next(r for r in self.records if r.iso3 == iso3)

    def assessment_months(self) -> list[Month]:
        """Every month an assessment takes effect, oldest first."""
        months = {e.month for r in self.records for key in r.mechanisms for e in r.history(key) if e.month}
        return sorted(months)

    def at(self, when: str | None) -> Dataset:
        """The dataset as of `when` (YEAR, meaning its December, or YEAR-MM): each mechanism's last
        assessment not after it (None: the latest)."""
        if when is None:
            return replace(self, countries=[r.as_of(None) for r in self.records], as_of=None, paper_view=False)
        from fmscompare.dataset.history import PAPER_MONTH

        month = query_month(when)
        if month is None:
            raise UsageError(f"as of {when!r}: expected a year (2024) or a month (2023-12)")
        # Before the paper's date the data has only scattered facts, and every unassessed mechanism would
        # read as unknown: a picture that looks like "no support" and is only missing data.
        if month < PAPER_MONTH:
            raise UsageError(
                f"as of {when}: the data describes {PAPER_MONTH} (the paper's picture) and later; before it, most "
                f"mechanisms are unassessed. Choose {PAPER_MONTH} or later"
            )
        text = when.strip()
        today = Month.today()
        # A year means its end, so this year is allowed before December; a month must have begun.
        if (month > today) if "-" in text else (month.year > today.year):
            raise UsageError(f"as of {text} is in the future; the latest assessments are the default")
        return replace(self, countries=[r.as_of(month) for r in self.records], as_of=text, paper_view=False)

    def paper(self) -> Dataset:
        """The countries the paper assesses, each as the paper itself describes it (its claims, errors and all)."""
        from fmscompare.dataset.history import PAPER_MONTH, PAPER_SOURCE

        records = [r for r in self.records if r.assessment is not None and r.assessment.source == PAPER_SOURCE]
        return replace(
            self,
            countries=[r.paper_claims(PAPER_MONTH, PAPER_SOURCE) for r in records],
            as_of=str(PAPER_MONTH),
            paper_view=True,
        )


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate a dataset directory; raise DataError listing every problem found."""
    # The parser and checkers are imported only when files are read: a cached dataset needs neither.
    from fmscompare.dataset.loading import load_directory

    return load_directory(resolve_data_dir(data_dir))
