"""`sources` and `validate`: the bibliography the dataset cites, and a summary of a dataset that loads clean."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset


def citations(dataset: Dataset) -> Counter[str]:
    """How many times each source id is cited: assessments (every dated one), agencies, the paper's
    assessment and figures, and SIPRI rows. Notes that mention a URL do not count."""
    cited: Counter[str] = Counter()
    for record in dataset.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.source:
                    cited[entry.source] += 1
        for part in (record.agency, record.assessment, record.paper_figures):
            if part is not None:
                cited[part.source] += 1
    cited.update(str(s) for s in dataset.shares["source"])
    return cited


def unused_sources(dataset: Dataset) -> list[str]:
    cited = citations(dataset)
    return [ident for ident in dataset.sources if cited[ident] == 0]


def source_record(source: schema.Source) -> dict[str, Any]:
    """A source's fields for machine output (`sources`, and `show -f json`)."""
    return {
        "title": source.title,
        "author": source.author,
        "publisher": source.publisher,
        "date": None if source.date is None else str(source.date),
        "url": source.url,
        "accessed": None if source.accessed is None else str(source.accessed),
        "language": source.language,
        "secondary": source.secondary,
    }


def bibliography(dataset: Dataset) -> Table:
    cited = citations(dataset)
    rows: list[dict[str, Any]] = [
        {"id": ident, **source_record(source), "cited": cited[ident]}
        for ident, source in sorted(dataset.sources.items())
    ]
    columns = (
        Column("id", "Id"),
        Column("date", "Date", missing=""),
        Column("cited", "Cited", Kind.NUMBER),
        Column("publisher", "Publisher", missing=""),
        Column("secondary", "Kind", human_only=True, show=lambda v: "secondary" if v else "primary"),
        Column("author", "Author", machine_only=True),
        Column("title", "Title", long_text=True),
        Column("url", "URL", long_text=True),
        Column("accessed", "Accessed", machine_only=True),
        Column("language", "Language", machine_only=True),
        Column("secondary", "Secondary", machine_only=True),
    )
    return Table(
        title=f"Sources: the {len(rows)} the dataset cites",
        columns=columns,
        rows=rows,
        caption=(
            "Cited: how many assessments, agencies, statements of the paper and SIPRI rows cite the source. Kind: "
            "primary (the government, parliament, a party to the deal, a wire service or the study itself) or "
            "secondary (an outlet kept because no primary source was found). Title: the page's own."
        ),
    )


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
    unused = unused_sources(dataset)
    if unused:
        lines.append(f"  note: sources nothing cites: {', '.join(unused)}")
    return lines


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
