"""`fmscompare report [COUNTRY]... -o brief.html|brief.xlsx`: the hand-over brief, for readers without a
terminal: one self-contained HTML page, or an Excel workbook with a sheet per table."""

from pathlib import Path
from typing import Annotated

import typer

from fmscompare.cli.inputs import load, weights
from fmscompare.cli.options import AsOfOption, DataDirOption, PresetOption, WeightsOption
from fmscompare.cli.output import command_line, reported_errors, say

FORMATS = {".html": "HTML page", ".htm": "HTML page", ".xlsx": "Excel workbook"}


def report(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COUNTRY]...", help="Profiled countries to include. Default: all.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write: brief.html (one self-contained page) or brief.xlsx (a sheet per table).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    preset: PresetOption = "default",
    weights_file: WeightsOption = None,
    as_of: AsOfOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Write a brief to hand over: ranking, Figure 1, the mechanism matrix, profiles, deals and sources.

    Example: fmscompare report japan korea france -o brief.html
    """
    with reported_errors():
        from fmscompare.errors import Option, UsageError

        if output is None:
            raise UsageError(Option("output"), " is needed: report writes a file, brief.html or brief.xlsx")
        kind = FORMATS.get(output.suffix.lower())
        if kind is None:
            raise UsageError(
                Option("output"),
                f" {output.name}: expected a name ending in .html or .xlsx; got {output.suffix or 'none'}",
            )
        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.fileio import write_atomic, write_atomic_bytes
        from fmscompare.reports.brief import brief as make_brief

        dataset = load(ctx, data_dir, as_of)
        chosen = weights(dataset, preset, weights_file)
        iso3s = list(dict.fromkeys(find_country_in(dataset, name).iso3 for name in countries or []))
        made = make_brief(dataset, chosen, iso3s, command_line())
        if kind == "Excel workbook":
            from fmscompare.render.xlsx_format import render_workbook

            write_atomic_bytes(output, render_workbook(made.sheets(), made.title, made.provenance))
        else:
            from fmscompare.render.html_format import render_html

            write_atomic(output, render_html(made))
        count = len(made.profiles)
        noun = "country" if count == 1 else "countries"
        say([f"wrote {output} ({kind}: {count} {noun}, {len(made.sources.rows)} sources)"])
