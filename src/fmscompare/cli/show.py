"""`fmscompare show COUNTRY`: one country's profile, its evidence and where to find it, SIPRI figures, sources."""

from typing import Annotated

import typer

from fmscompare.choices import OutputFormat, SourcesFormat
from fmscompare.cli.inputs import load
from fmscompare.cli.options import (
    AsOfOption,
    BomOption,
    DataDirOption,
    OutputOption,
    PaperOption,
    PresetOption,
    WeightsOption,
)
from fmscompare.cli.output import CITATION_FORMATS, emit, reported_errors, write_citations

ShowFormatOption = Annotated[
    SourcesFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table (the default), csv, json or markdown; with --cite, bibtex (the default) or "
        "csl-json.",
        show_default=False,
    ),
]
CiteOption = Annotated[
    bool,
    typer.Option(
        "--cite",
        help="Instead of the profile, the citations of the sources it cites (its assessments, agency, SIPRI "
        "figures, the paper's and its deals'), as BibTeX or CSL-JSON.",
    ),
]


def show(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="Name, alias or ISO code: france, FR, fra, 'south korea', ROK.")],
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: ShowFormatOption = None,
    cite: CiteOption = False,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show one country: model, level, score breakdown with evidence, SIPRI figures and sources.

    Example: fmscompare show "south korea"
    """
    with reported_errors():
        from fmscompare.errors import UsageError

        if cite and fmt is not None and fmt not in CITATION_FORMATS:
            raise UsageError(f"--cite writes citations: give --format bibtex or csl-json, not {fmt.value}")
        if not cite and fmt in CITATION_FORMATS:
            raise UsageError(
                f"--format {fmt.value} writes citations: add --cite (or give table, csv, json or markdown)"
            )

        from fmscompare.api.tables import profile_report

        dataset = load(ctx, data_dir, as_of, paper)
        profile = profile_report(dataset, country, preset=preset, weights_file=weights_file)
        if cite:
            from fmscompare.reports.citations import profile_sources

            write_citations(profile_sources(dataset, profile), fmt or SourcesFormat.BIBTEX, output)
            return
        emit(profile, OutputFormat(fmt.value) if fmt is not None else OutputFormat.TABLE, output, bom=bom)
