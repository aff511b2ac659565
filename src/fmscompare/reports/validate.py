"""`validate`: what a dataset holds once every check has passed: counts of profiles, assessments, evidence
and sources, so a reviewer sees at a glance what was checked."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from fmscompare.dataset.schema import CHANNELS
from fmscompare.reports.common import unused_sources

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset


def summary(dataset: Dataset) -> list[str]:
    """What `validate` prints for a dataset that loads without a problem."""
    dated = sum(
        1 for record in dataset.records for key in record.mechanisms if isinstance(record.mechanisms[key], list)
    )
    entries = [entry for record in dataset.records for key in record.mechanisms for entry in record.history(key)]
    known = [entry for entry in entries if entry.status != "unknown"]
    found = sum(1 for entry in known if entry.find)
    claims = sum(1 for entry in entries if entry.paper is not None)
    secondary = sum(1 for source in dataset.sources.values() if source.secondary)
    reviewed = Counter(record.reviewed or "never" for record in dataset.records)
    periods = dataset.periods()
    lines = [
        f"{dataset.directory}: valid",
        f"  {_count(len(dataset.countries), 'country', 'countries')}, "
        f"{_count(len(dataset.mechanisms), 'mechanism')} with a rubric, "
        f"{_count(len(dataset.presets) + 1, 'weight preset')}; {dated} mechanisms have a dated history",
        f"  {_count(len(entries), 'assessment')}, {len(known)} known: each with evidence, a source and a locator; "
        f"{found} with a find phrase",
        f"  {_count(claims, 'claim')} of the paper recorded beside the sources that show otherwise",
        "  profiles reviewed: " + ", ".join(f"{month} ({n})" for month, n in sorted(reviewed.items())),
        f"  {_count(len(dataset.shares), 'SIPRI row')} over {_count(len(periods), 'period')} "
        f"({', '.join(periods)}), {_count(len(dataset.sources), 'source')} "
        f"({len(dataset.sources) - secondary} primary, {secondary} secondary)",
    ]
    if dataset.deals:
        channels: Counter[str] = Counter(channel for deal in dataset.deals for channel in deal.channel)
        sellers = len({deal.seller for deal in dataset.deals})
        matched = sum(1 for deal in dataset.deals if deal.sipri_ids)
        lines.append(
            f"  {_count(len(dataset.deals), 'deal')} of {_count(sellers, 'exporter')} (channel "
            + ", ".join(f"{key} {channels[key]}" for key in CHANNELS if channels[key] or key != "unknown")
            + f"), {matched} with SIPRI deal ids; {_count(sum(1 for e in entries if e.deals), 'assessment')} "
            f"cite {_count(len({i for e in entries for i in e.deals}), 'deal')}"
        )
    unused = unused_sources(dataset)
    if unused:
        lines.append(f"  note: sources nothing cites: {', '.join(unused)}")
    return lines


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
