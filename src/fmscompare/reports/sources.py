"""`sources`: the bibliography the dataset cites, with how often each source is cited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fmscompare.reports.common import citations, source_record
from fmscompare.reports.report import Column, Kind, Table

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset


def bibliography(dataset: Dataset) -> Table:
    """What `sources` shows: every source with its date, how often it is cited, publisher, title and URL."""
    cited = citations(dataset)
    rows: list[dict[str, Any]] = [
        {"source": ident, **source_record(source), "cited": cited[ident]}
        for ident, source in sorted(dataset.sources.items())
    ]
    columns = (
        Column("source", "Id"),
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
