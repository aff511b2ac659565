"""Support over time: each country's score by year from its dated assessments, the changes that move it,
and what SIPRI's figures did around each adoption of government contracting.

A country's picture at year Y is its assessments in force at the end of Y (December): per mechanism, the
last one dated no later than that; a mechanism not yet assessed then reads `unknown` and counts 0, so the
known share says how much of an early score rests on evidence at all.

An *event* is a dated change of a mechanism's status: its first assessment (from "unassessed") or a later
one whose status differs from the one before. An *adoption* is a rise of G2G contracting or intermediary
procurement from a recorded status (no to partial or yes, partial to yes). A first assessment is not an
adoption: the data often dates a status by the first source that shows it (a deal, a report, the paper),
not by when the practice began, so a first "yes" says "seen by then", not "adopted then".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fmscompare.dataset.schema import G2G_CONTRACTING, INTERMEDIARY_PROCUREMENT
from fmscompare.months import Month
from fmscompare.scoring.score import (
    contracting_model,
    coverage,
    involvement_level,
    model_is_known,
    support_score,
)

if TYPE_CHECKING:
    import pandas as pd

    from fmscompare.dataset import schema
    from fmscompare.scoring.score import Weights

# What an adoption is a rise of, and the order of statuses a rise climbs.
ADOPTION_MECHANISMS = (G2G_CONTRACTING, INTERMEDIARY_PROCUREMENT)
_RANK = {"no": 0, "partial": 1, "yes": 2}
UNASSESSED = "unassessed"


@dataclass(frozen=True)
class YearScore:
    """One country's picture at the end of one year."""

    iso3: str
    name: str
    year: int
    score: float
    coverage_pct: float
    model: str  # dcs, g2g or fms
    level: str  # L0-L3
    model_known: bool  # False: G2G contracting is unknown, so DCS is a default, not a finding


def year_scores(
    records: list[schema.CountryRecord],
    mechanisms: list[schema.Mechanism],
    weights: Weights,
    start: int,
    end: int,
) -> list[YearScore]:
    """Every record's score, known share, model and level at the end of each year from `start` to `end`.

    The same figures as scoring each record `as_of` each December, computed in one pass per mechanism's
    history instead of a search per year."""
    stage_of = {m.key: m.stage for m in mechanisms}
    out = []
    for record in records:
        # Per mechanism, the status in force at the end of each year: walk its history once.
        by_year: dict[str, list[str]] = {}
        for key in record.mechanisms:
            history = record.history(key)
            statuses, index, current = [], 0, "unknown"
            for year in range(start, end + 1):
                limit = Month(year, 12)
                while index < len(history):
                    when = history[index].month
                    if when is not None and when > limit:
                        break
                    current = history[index].status
                    index += 1
                statuses.append(current)
            by_year[key] = statuses
        for offset, year in enumerate(range(start, end + 1)):
            statuses_then = {key: values[offset] for key, values in by_year.items()}
            model = contracting_model(statuses_then)
            known = model_is_known(statuses_then)
            level = involvement_level(model, statuses_then, stage_of)
            out.append(
                YearScore(
                    iso3=record.iso3,
                    name=record.name,
                    year=year,
                    score=support_score(statuses_then, weights.by_key),
                    coverage_pct=coverage(statuses_then, weights.by_key),
                    model=model.value,
                    level=level.value,
                    model_known=known,
                )
            )
    return out


@dataclass(frozen=True)
class Event:
    """A dated change of one mechanism's status."""

    iso3: str
    name: str
    mechanism: str
    before: str  # the previous status, or `unassessed` for a first assessment
    after: str
    month: Month
    when: str  # the date as the data gives it: a month (2014-04) or a year (1956)
    source: str | None
    locator: str | None

    @property
    def adoption(self) -> bool:
        """A rise of G2G contracting or intermediary procurement from a recorded status."""
        return (
            self.mechanism in ADOPTION_MECHANISMS
            and self.before in _RANK
            and self.after in _RANK
            and _RANK[self.after] > _RANK[self.before]
        )


def events(records: list[schema.CountryRecord], start: int, end: int) -> list[Event]:
    """Every dated status change from `start` to `end` (years, inclusive), oldest first; within a month, in
    the data's order (country, then mechanism)."""
    out = []
    for record in records:
        for key in record.mechanisms:
            before = UNASSESSED
            for entry in record.history(key):
                if entry.month is None:  # undated: necessarily unknown, and before everything
                    before = entry.status
                    continue
                if entry.status != before and start <= entry.month.year <= end:
                    out.append(
                        Event(
                            record.iso3,
                            record.name,
                            key,
                            before,
                            entry.status,
                            entry.month,
                            str(entry.as_of),
                            entry.source,
                            entry.locator,
                        )
                    )
                before = entry.status
    return sorted(out, key=lambda e: e.month)  # stable: data order within a month


@dataclass(frozen=True)
class Window:
    """An exporter's SIPRI figures over a run of years: its TIV and its share of the world's."""

    first: int
    last: int
    tiv: float | None  # None when the export does not cover every year of the window
    share_pct: float | None


@dataclass(frozen=True)
class EventStudyRow:
    event: Event
    before: Window
    after: Window

    @property
    def change_pct(self) -> float | None:
        """The change in TIV from the window before to the window after (None without both, or from 0)."""
        if self.before.tiv is None or self.after.tiv is None or self.before.tiv == 0:
            return None
        return 100.0 * (self.after.tiv - self.before.tiv) / self.before.tiv

    @property
    def complete(self) -> bool:
        return self.change_pct is not None


def window(tiv: pd.Series | None, world: pd.Series, first: int, last: int, absent_is_zero: bool = True) -> Window:
    """`tiv`'s total over the years `first`..`last` and its share of `world`'s; None where the export lacks a
    year of the window: a year outside it, or one with no deliveries at all (SIPRI's table has an empty
    column for the year in progress). A supplier the export lacks (`tiv` None) delivered nothing, unless the
    export is an excerpt (`absent_is_zero` False): then its figures are unknown."""
    years = range(first, last + 1)
    covered = all(year in world.index and float(world[year]) > 0 for year in years)
    if not covered or (tiv is None and not absent_is_zero):
        return Window(first, last, None, None)
    total = 0.0 if tiv is None else float(sum(float(tiv.get(year, 0.0)) for year in years))
    world_total = float(sum(float(world[year]) for year in years))
    return Window(first, last, total, 100.0 * total / world_total if world_total > 0 else None)


def event_study(
    adoptions: list[Event],
    tiv_by_iso3: dict[str, pd.Series],
    world: pd.Series,
    span: int = 5,
    absent_is_zero: bool = True,
) -> list[EventStudyRow]:
    """For each adoption in year t, the exporter's TIV and world share in the `span` years before
    (t-span..t-1) and after (t+1..t+span); the adoption year itself is in neither."""
    rows = []
    for event in adoptions:
        year = event.month.year
        tiv = tiv_by_iso3.get(event.iso3)
        rows.append(
            EventStudyRow(
                event,
                window(tiv, world, year - span, year - 1, absent_is_zero),
                window(tiv, world, year + 1, year + span, absent_is_zero),
            )
        )
    return rows
