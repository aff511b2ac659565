"""The paper's picture and what changed since: each mechanism's status at the paper's date against now.

The paper (Hattori, CSIS) is dated 13 April 2023, so its picture is the data as of 2023-04. Where the
paper's own claim differs from the sources, the data keeps the sourced status and records the paper's
beside it (`paper:`); `paper_claims` and `paper_errors` read it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fmscompare.dataset.paper import PAPER_MONTH, PAPER_SOURCE

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset


@dataclass(frozen=True)
class Change:
    """A mechanism whose status differs between the paper's date and the month asked for."""

    key: str
    before: schema.MechanismAssessment  # as of the paper's date
    after: schema.MechanismAssessment  # as of the month asked for (or the latest)


def changes_since_paper(dataset: Dataset, iso3: str) -> list[Change]:
    """Mechanisms whose status differs between the paper's date and the dataset's month, in data order."""
    month = dataset.as_of_month()
    if dataset.paper_view or (month is not None and month <= PAPER_MONTH):
        return []
    try:
        record = dataset.record_by_iso3(iso3)
    except StopIteration:
        return []
    then = record.as_of(PAPER_MONTH).mechanisms
    now = record.as_of(month).mechanisms
    return [
        Change(m.key, then[m.key], now[m.key])
        for m in dataset.mechanisms
        if m.key in then and m.key in now and then[m.key].status != now[m.key].status
    ]


def status_at_paper_date(dataset: Dataset, iso3: str) -> dict[str, str]:
    """Each mechanism's sourced status at the paper's date."""
    try:
        record = dataset.record_by_iso3(iso3)
    except StopIteration:
        return {}
    return {key: entry.status for key, entry in record.as_of(PAPER_MONTH).mechanisms.items()}


def paper_claims(dataset: Dataset, iso3: str) -> dict[str, str]:
    """The paper's own claim per mechanism, where it makes one (its status, or the one it wrongly gives)."""
    try:
        record = dataset.record_by_iso3(iso3)
    except StopIteration:
        return {}
    claims = record.paper_claims(PAPER_MONTH, PAPER_SOURCE).mechanisms
    return {key: entry.status for key, entry in claims.items() if entry.source == PAPER_SOURCE}


def paper_errors(dataset: Dataset, iso3: str) -> dict[str, schema.PaperClaim]:
    """Mechanisms where the paper's claim differs from the sources at its date, with the paper's claim."""
    try:
        record = dataset.record_by_iso3(iso3)
    except StopIteration:
        return {}
    found: dict[str, schema.PaperClaim] = {}
    for key in record.mechanisms:
        entry = record.in_force(key, PAPER_MONTH)
        if entry is not None and entry.paper is not None:
            found[key] = entry.paper
    return found
