"""`fmscompare sipri import FILE`: share, rank and change per exporter from a SIPRI export; `--write` merges
them into the dataset."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fmscompare.choices import OutputFormat, Rounding
from fmscompare.cli.inputs import load
from fmscompare.cli.options import DataDirOption, FormatOption, OutputOption
from fmscompare.cli.output import emit, reported_errors

if TYPE_CHECKING:
    from fmscompare.sipri.merge import MergeSummary

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
    top: Annotated[int | None, typer.Option("--top", min=1, help="Only the first N states (ties kept).")] = None,
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
    data_dir: DataDirOption = None,
) -> None:
    """Compute share, rank and change per exporter from a SIPRI database export.

    Example: fmscompare sipri import export.csv --period 2020-2024 --top 25 --round sipri
    """
    with reported_errors():
        from fmscompare.dataset.files import bundled_data_dir, resolve_data_dir
        from fmscompare.errors import UsageError, exclusive
        from fmscompare.reports.sipri import import_table
        from fmscompare.sipri.export import read_export
        from fmscompare.sipri.merge import merge_into_dataset
        from fmscompare.sipri.names import load_name_map, names_file
        from fmscompare.sipri.shares import period_figures, windows

        exclusive(period=period, all_periods=all_periods)
        if output is not None and output.exists() and file.exists() and output.resolve() == file.resolve():
            raise UsageError(f"--output {output} is the SIPRI export being read; choose another file")
        if (replace or replace_published) and not write:
            raise UsageError("--replace and --replace-published only apply with --write")
        folder = resolve_data_dir(data_dir if data_dir is not None else ctx.obj)
        export = read_export(file)
        names = load_name_map(names_file(folder, fallback=bundled_data_dir()))
        figures = [period_figures(export, names, window) for window in windows(export, period, all_periods)]
        if write:
            dataset = load(ctx, data_dir)
            summary = merge_into_dataset(
                dataset, export, figures, top, replace=replace, replace_published=replace_published
            )
            for line in _summary_lines(summary, dataset.directory / "sipri_shares.csv"):
                sys.stderr.write(f"{line}\n")
        emit(import_table(export, figures, rounding, top), fmt, output)


def _summary_lines(summary: "MergeSummary", target: Path) -> list[str]:
    """What `--write` did, in a line each: counts, then what was added, updated or kept and why."""
    out = [
        f"{target}: {len(summary.added)} rows added, {len(summary.updated)} updated, {summary.unchanged} unchanged"
        + (f"; source {summary.source_added!r} added to countries.yaml" if summary.source_added else "")
    ]
    if summary.added:
        out.append("added: " + _listed(summary.added))
    if summary.updated:
        out.append("updated: " + _listed(summary.updated))
    if summary.kept_other:
        out.append(
            "kept periods whose figures come from another export (--replace replaces them whole): "
            + _listed(summary.kept_other)
        )
    if summary.kept_published:
        out.append(
            "kept SIPRI's published figures (--replace-published replaces them): " + _listed(summary.kept_published)
        )
    return out


def _listed(items: list[str], limit: int = 8) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")
