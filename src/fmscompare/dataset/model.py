"""The dataset: typed country records, scoring criteria and a SIPRI table, and where it is read from.

A dataset is three files: `countries.yaml` (sources and country profiles), `mechanisms.yaml` (scoring
criteria and weight presets) and `sipri_shares.csv` (SIPRI export figures). Reading and checking them is
`fmscompare.dataset.loading`'s work (`load_dataset`); this module holds what was read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from fmscompare.dataset import schema
from fmscompare.dataset.paper import PAPER_MONTH, PAPER_SOURCE
from fmscompare.errors import Option, UsageError
from fmscompare.months import Month, query_month
from fmscompare.periods import chronological, normalise_period

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class ShareRow:
    """One row of sipri_shares.csv: a country's SIPRI figures for one period (None: no figure)."""

    iso3: str
    country: str
    period: str
    share_pct: float
    rank: int | None
    change_pct: float | None
    basis: str
    source: str


@dataclass(frozen=True)
class Shares:
    """The SIPRI figures, in file order, held as plain rows: the data commands read a period's or a country's
    figures without importing pandas; `frame()` gives the table to the analyses that work in pandas."""

    rows: tuple[ShareRow, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[ShareRow]:
        return iter(self.rows)

    def in_period(self, period: str) -> dict[str, ShareRow]:
        """The period's row of each country, by ISO3 code."""
        return {row.iso3: row for row in self.rows if row.period == period}

    def of(self, iso3: str) -> dict[str, ShareRow]:
        """The country's row for each period it has figures for, by period."""
        return {row.period: row for row in self.rows if row.iso3 == iso3}

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame: columns as in the file, numbers as float (rank as nullable Int64)."""
        import pandas as pd

        return pd.DataFrame(
            {
                "iso3": [r.iso3 for r in self.rows],
                "country": [r.country for r in self.rows],
                "period": [r.period for r in self.rows],
                "share_pct": pd.Series([r.share_pct for r in self.rows], dtype=float),
                "rank": pd.array([r.rank for r in self.rows], dtype="Int64"),
                "change_pct": pd.Series(
                    [float("nan") if r.change_pct is None else r.change_pct for r in self.rows], dtype=float
                ),
                "basis": [r.basis for r in self.rows],
                "source": [r.source for r in self.rows],
            }
        )


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
    shares: Shares = field(repr=False)
    deals: list[schema.Deal] = field(default_factory=list, repr=False)  # data/deals.yaml, in file order
    records: list[schema.CountryRecord] = field(default_factory=list, repr=False)  # with every dated assessment
    as_of: str | None = None  # the month or year asked for (`2023-04`, `2023`); None: the latest
    paper_view: bool = False  # the paper's own claims instead of the sourced statuses
    # ISO3 code -> the mechanisms a country was rescored as if it had adopted (`--adopt`), in the order given.
    what_ifs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    version: str = ""  # a digest of the data files' bytes: two outputs with the same version used the same data

    def periods(self) -> list[str]:
        """SIPRI periods in the data, oldest first."""
        return chronological(row.period for row in self.shares)

    def period(self, asked: str | None = None) -> str:
        """The SIPRI period to use: the one asked for (in any spelling, checked), else the latest in the data."""
        periods = self.periods()
        if asked is None:
            return periods[-1]
        wanted = normalise_period(asked)
        if wanted not in periods:
            raise UsageError(f"no SIPRI figures for period {asked!r}; the data has {', '.join(periods)}")
        return wanted

    def country_by_iso3(self, iso3: str) -> schema.Country:
        return next(c for c in self.countries if c.iso3 == iso3)

    def as_of_month(self) -> Month | None:
        """The month the assessments are taken at (a year means its December); None: the latest."""
        return query_month(self.as_of) if self.as_of is not None else None

    def as_of_value(self) -> str:
        """The assessments' date as files record it: `latest`, a month (`2023-12` for `--as-of 2023`), or
        `paper 2023-04` for the paper's own claims."""
        if self.paper_view:
            return f"paper {PAPER_MONTH}"
        month = self.as_of_month()
        return "latest" if month is None else str(month)

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
            latest = [r.as_of(None) for r in self.records]
            return replace(self, countries=latest, as_of=None, paper_view=False, what_ifs={})
        month = query_month(when)
        if month is None:
            raise UsageError(Option("as_of"), f" {when!r}: expected a year (2024) or a month (2023-12)")
        # Before the paper's date the data has only scattered facts, and every unassessed mechanism would
        # read as unknown: a picture that looks like "no support" and is only missing data.
        if month < PAPER_MONTH:
            raise UsageError(
                Option("as_of"),
                f" {when}: the data describes {PAPER_MONTH} (the paper's picture) and later; before it, most "
                f"mechanisms are unassessed. Choose {PAPER_MONTH} or later",
            )
        text = when.strip()
        today = Month.today()
        # A year means its end, so this year is allowed before December; a month must have begun.
        if (month > today) if "-" in text else (month.year > today.year):
            raise UsageError(Option("as_of"), f" {text} is in the future; the latest assessments are the default")
        then = [r.as_of(month) for r in self.records]
        return replace(self, countries=then, as_of=text, paper_view=False, what_ifs={})

    def paper(self) -> Dataset:
        """The countries the paper assesses, each as the paper itself describes it (its claims, errors and all)."""
        records = [r for r in self.records if r.assessment is not None and r.assessment.source == PAPER_SOURCE]
        return replace(
            self,
            countries=[r.paper_claims(PAPER_MONTH, PAPER_SOURCE) for r in records],
            as_of=str(PAPER_MONTH),
            paper_view=True,
            what_ifs={},
        )
