"""What changed since the paper: each mechanism's status in the paper's year against the year asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fmscompare import schema
    from fmscompare.dataset import Dataset

PAPER_YEAR = 2023  # the year the paper describes: the `as_of` of its assessments


@dataclass(frozen=True)
class Change:
    key: str
    before: schema.MechanismAssessment  # as of the paper's year
    after: schema.MechanismAssessment  # as of the year asked for (or the latest)


def changes_since_paper(dataset: Dataset, iso3: str) -> list[Change]:
    """Mechanisms whose status differs between the paper's year and the dataset's year, in data order."""
    if dataset.as_of is not None and dataset.as_of <= PAPER_YEAR:
        return []
    try:
        record = dataset.record_by_iso3(iso3)
    except StopIteration:
        return []
    then = record.as_of(PAPER_YEAR).mechanisms
    now = record.as_of(dataset.as_of).mechanisms
    return [
        Change(m.key, then[m.key], now[m.key])
        for m in dataset.mechanisms
        if m.key in then and m.key in now and then[m.key].status != now[m.key].status
    ]


def status_in_paper_year(dataset: Dataset, iso3: str) -> dict[str, str]:
    """Each mechanism's status as the paper's year saw it."""
    try:
        record = dataset.record_by_iso3(iso3)
    except StopIteration:
        return {}
    return {key: entry.status for key, entry in record.as_of(PAPER_YEAR).mechanisms.items()}
