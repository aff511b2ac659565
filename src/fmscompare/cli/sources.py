"""`fmscompare sources`: the bibliography the dataset cites, as a report or as citations (BibTeX, CSL-JSON)."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat, SourcesFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import BomOption, DataDirOption, OutputOption
from fmscompare.cli.output import CITATION_FORMATS, emit, reported_errors, write_citations

SourcesFormatOption = Annotated[
    SourcesFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, csv, json or markdown; or citations: bibtex (biblatex @online) or csl-json.",
    ),
]


def sources(
    ctx: typer.Context,
    fmt: SourcesFormatOption = SourcesFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """List the bibliography the dataset cites, with URLs and how often each is cited; or cite it.

    Example: fmscompare sources --format bibtex -o sources.bib
    """
    with reported_errors():
        dataset = load(ctx, data_dir)
        if fmt in CITATION_FORMATS:
            from fmscompare.reports.citations import dataset_sources

            write_citations(dataset_sources(dataset), fmt, output)
            return
        from fmscompare.api.tables import sources_table

        emit(sources_table(dataset), OutputFormat(fmt.value), output, bom=bom)
