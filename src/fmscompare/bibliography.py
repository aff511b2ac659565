"""`sources` and `validate`: the bibliography the dataset cites, and a summary of a dataset that loads clean."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from fmscompare.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset import Dataset


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


def bibliography(dataset: Dataset) -> Table:
    cited = citations(dataset)
    rows: list[dict[str, Any]] = [
        {
            "id": ident,
            "title": source.title,
            "author": source.author,
            "publisher": source.publisher,
            "year": source.year,
            "url": source.url,
            "cited": cited[ident],
        }
        for ident, source in sorted(dataset.sources.items())
    ]
    columns = (
        Column("id", "Id"),
        Column("year", "Year", Kind.NUMBER, missing=""),
        Column("cited", "Cited", Kind.NUMBER),
        Column("publisher", "Publisher", missing=""),
        Column("author", "Author", machine_only=True),
        Column("title", "Title", long_text=True),
        Column("url", "URL", long_text=True),
    )
    return Table(
        title=f"Sources: the {len(rows)} the dataset cites",
        columns=columns,
        rows=rows,
        caption=(
            "Cited: how many assessments, agencies, paper quotes and SIPRI rows cite the source. Titles in "
            "[brackets] describe a page whose own title was not read; the URL is the page."
        ),
    )


def summary(dataset: Dataset) -> list[str]:
    """What `validate` prints for a dataset that loads without a problem."""
    dated = sum(
        1 for record in dataset.records for key in record.mechanisms if isinstance(record.mechanisms[key], list)
    )
    lines = [
        f"{dataset.directory}: valid",
        f"  {len(dataset.countries)} countries, {len(dataset.mechanisms)} mechanisms, "
        f"{len(dataset.presets) + 1} weight presets; {dated} assessments have a dated history",
        f"  {len(dataset.shares)} SIPRI rows over {len(dataset.periods())} periods "
        f"({', '.join(dataset.periods())}), {len(dataset.sources)} sources",
    ]
    unused = unused_sources(dataset)
    if unused:
        lines.append(f"  note: sources nothing cites: {', '.join(unused)}")
    return lines
