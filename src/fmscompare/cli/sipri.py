"""`fmscompare sipri import FILE`: share, rank and change per exporter from a SIPRI export; `--write` merges
them into the dataset."""

from pathlib import Path
from typing import Annotated

import typer

from fmscompare.choices import OutputFormat, Rounding
from fmscompare.cli.inputs import load
from fmscompare.cli.options import MAX_TOP, BomOption, DataDirOption, FormatOption, OutputOption
from fmscompare.cli.output import emit, reported_errors, say

sipri_app = typer.Typer(
    name="sipri",
    help="Read SIPRI Arms Transfers Database exports and compute export figures from them.",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@sipri_app.command("import")
def sipri_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A SIPRI export: the TIV table of exporters or a trade register (CSV).")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="Window to compute, e.g. 2015-2019 (any length). Default: the latest five years."
        ),
    ] = None,
    all_periods: Annotated[bool, typer.Option("--all-periods", help="Every five-year window the file covers.")] = False,
    top: Annotated[
        int | None, typer.Option("--top", min=1, max=MAX_TOP, help="Only the first N states (ties kept).")
    ] = None,
    rounding: Annotated[
        Rounding, typer.Option("--round", help="sipri: round as SIPRI prints (39, 2.8); none: four decimals.")
    ] = Rounding.NONE,
    write: Annotated[
        bool,
        typer.Option("--write", help="Merge the figures into sipri_shares.csv (SIPRI-rounded, basis computed)."),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="With --write: replace figures computed from other exports (other vintages)."),
    ] = False,
    replace_published: Annotated[
        bool, typer.Option("--replace-published", help="With --write: replace figures whose basis is published.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    bom: BomOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Compute share, rank and change per exporter from a SIPRI database export.

    Example: fmscompare sipri import export.csv --period 2020-2024 --top 25 --round sipri
    """
    with reported_errors():
        from fmscompare.dataset.files import resolve_data_dir
        from fmscompare.errors import UsageError
        from fmscompare.reports.sipri import import_table, merge_lines
        from fmscompare.sipri.export import read_export
        from fmscompare.sipri.merge import merge_into_dataset
        from fmscompare.sipri.names import load_name_map, names_file
        from fmscompare.sipri.shares import period_figures, windows

        if output is not None and output.exists() and file.exists() and output.resolve() == file.resolve():
            raise UsageError(f"--output {output} is the SIPRI export being read; choose another file")
        if (replace or replace_published) and not write:
            raise UsageError("--replace and --replace-published only apply with --write")
        folder = resolve_data_dir(data_dir if data_dir is not None else ctx.obj)
        export = read_export(file)
        names = load_name_map(names_file(folder))
        figures = [period_figures(export, names, window) for window in windows(export, period, all_periods)]
        if write:
            dataset = load(ctx, data_dir)
            summary = merge_into_dataset(
                dataset, export, figures, top, replace=replace, replace_published=replace_published
            )
            say(merge_lines(summary))
        emit(import_table(export, figures, rounding, top), fmt, output, bom=bom)
