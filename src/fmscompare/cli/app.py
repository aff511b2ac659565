"""The Typer app: its options, its commands (one module each, registered here in the order `--help` lists
them). The console-script entry point, which prepares the process before importing this, is cli/entry.py.

Nothing in cli/ computes: each command reads its options, calls the core and the reports, and emits. Heavy
modules (pandas, the dataset loader) are imported inside the commands, so that `--help`, `--version` and
shell completion stay fast.
"""

import sys
from typing import Annotated, Any

import typer

from fmscompare.cli import (
    compare,
    correlate,
    deals,
    gap,
    mechanisms,
    rank,
    report,
    sensitivity,
    show,
    sources,
    spectrum,
    timeline,
    trend,
    validate,
)
from fmscompare.cli.options import DataDirOption
from fmscompare.cli.output import ARGV, SESSION
from fmscompare.cli.sipri import sipri_app
from fmscompare.version import __version__


def _refuse_nul_in_paths() -> None:
    """Typer's path type asks the file system about every path it is given, and a NUL character makes that
    a ValueError (a traceback) rather than an OSError: refuse such a path as a usage error (exit 2)."""
    from typer.models import TyperPath

    convert = TyperPath.convert
    if getattr(convert, "refuses_nul", False):
        return

    def refusing_nul(self: TyperPath, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            self.fail(f"{value!r} holds a NUL character, which no file name can", param, ctx)
        return convert(self, value, param, ctx)

    refusing_nul.refuses_nul = True  # type: ignore[attr-defined]
    TyperPath.convert = refusing_nul  # type: ignore[method-assign]


_refuse_nul_in_paths()

app = typer.Typer(
    name="fmscompare",
    help=(
        "Compare how governments support defence exports, along the DCS -> G2G -> FMS-style spectrum of "
        "the CSIS paper 'Japan's Foreign Military Sales' (Hattori, 2023), with cited evidence and SIPRI "
        "export figures."
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fmscompare {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    bom: Annotated[
        bool,
        typer.Option("--bom", help="Start CSV output with a UTF-8 byte-order mark, so Excel reads accents right."),
    ] = False,
) -> None:
    """Compare how governments support defence exports."""
    ctx.obj = data_dir
    SESSION["bom"] = bom


for command in (
    rank.rank,
    show.show,
    compare.compare,
    gap.gap,
    validate.validate,
    sources.sources,
    mechanisms.mechanisms,
    spectrum.spectrum,
    sensitivity.sensitivity,
    correlate.correlate,
    trend.trend,
    timeline.timeline,
    deals.deals,
    report.report,
):
    app.command()(command)
app.add_typer(sipri_app)


def run() -> None:
    """Run the app on the command line's arguments (cli/entry.py calls it once the process is prepared)."""
    # One program name however it is started (`fmscompare`, `python -m fmscompare`): usage lines and the
    # shell-completion variable (_FMSCOMPARE_COMPLETE) depend on it.
    ARGV[:] = sys.argv[1:]  # the command line, as files that record how they were made write it
    app(prog_name="fmscompare")
