"""The command-line interface: parses options, calls the core, picks a renderer, maps errors to exit codes.

Nothing here computes; heavy modules (pandas, the dataset loader) are imported inside the commands so
that `--help`, `--version` and shell completion stay fast.

No `from __future__ import annotations` here: Typer reads every command's signature twice on each run, and
string annotations would be evaluated each time (about 8 ms a run); written out, they are built once.
Names imported only for type checking are therefore quoted.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from fmscompare import __version__
from fmscompare.choices import ContractingModelChoice, Involvement, OutputFormat, Performance, RankBy, Rounding
from fmscompare.errors import DataError, FmsError

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.reports.report import Report
    from fmscompare.scoring.score import Weights

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


# Options of the whole invocation that output needs; set afresh by the callback on every run.
_SESSION: dict[str, bool] = {"bom": False}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fmscompare {__version__}\n")
        raise typer.Exit()


DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="FMSCOMPARE_DATA_DIR",
        help="Dataset folder (countries.yaml, mechanisms.yaml, sipri_shares.csv). Default: the bundled data.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table, csv, json or markdown.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output ('-')."),
]
PresetOption = Annotated[
    str,
    typer.Option(
        "--preset", help="Weight preset from mechanisms.yaml: default, equal, promotion, guarantees (see mechanisms)."
    ),
]
WeightsOption = Annotated[
    Path | None,
    typer.Option(
        "--weights",
        help="YAML file of mechanism key: weight. Mechanisms it leaves out keep the --preset weight.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YEAR|YEAR-MM",
        help="Assessments as of a month (2023-12) or the end of a year (2024), from 2023-04 (the paper's date). "
        "Default: the latest.",
        show_default=False,
    ),
]
PaperOption = Annotated[
    bool,
    typer.Option(
        "--paper",
        help="The paper's own claims (Apr 2023) for the countries it covers, including where the sources differ.",
    ),
]
AdoptOption = Annotated[
    list[str] | None,
    typer.Option(
        "--adopt",
        help="What-if: COUNTRY:KEY,KEY rescores COUNTRY as if it had those mechanisms (see mechanisms); repeatable.",
        show_default=False,
    ),
]
ChartOption = Annotated[
    Path | None,
    typer.Option(
        "--chart",
        help="Draw it instead as an image: FILE.svg or FILE.png (needs matplotlib: fmscompare[charts]).",
        dir_okay=False,
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="SIPRI five-year period, e.g. 2017-2021. Default: the latest in the data."),
]


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
    _SESSION["bom"] = bom


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn the core's errors into messages on stderr and their exit code; never a traceback."""
    try:
        yield
    except FmsError as exc:
        lines = exc.messages()
        for line in lines:
            sys.stderr.write(f"error: {line}\n")
        if isinstance(exc, DataError) and exc.problems:
            count = f"{len(exc.problems)} problem{'s' if len(exc.problems) > 1 else ''}"
            sys.stderr.write(f"error: {count} found; nothing was written\n")
        raise typer.Exit(exc.exit_code) from None


def _use_color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 20:
        return int(columns)
    if sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    return 80


def _emit(report: "Report", fmt: OutputFormat, output: Path | None) -> None:
    from fmscompare.render import render

    if output is not None and str(output) == "-":
        output = None  # the usual spelling of "standard output"
    bom = "\ufeff" if _SESSION["bom"] and fmt is OutputFormat.CSV else ""
    if output is not None:
        from fmscompare.fileio import write_atomic

        write_atomic(output, bom + render(report, fmt, width=max(_width(), 100)))
        return
    _write_stdout(bom + render(report, fmt, width=_width(), color=_use_color() and fmt is OutputFormat.TABLE))


def _write_stdout(text: str) -> None:
    """Write to standard output; a reader that stops early, or a full disk, never gives a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_went_away()
    except OSError as exc:  # a full disk (`> /dev/full`), a closed terminal
        _silence_stdout()
        sys.stderr.write(f"error: cannot write to standard output: {exc.strerror or exc}\n")
        raise typer.Exit(1) from None


def _reader_went_away() -> NoReturn:
    """The reader closed the pipe (`| head -1`): it has what it wanted, so stop quietly with exit 0."""
    _silence_stdout()
    raise typer.Exit(0)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _load(ctx: typer.Context, data_dir: Path | None, as_of: str | None = None, paper: bool = False) -> "Dataset":
    from fmscompare.dataset.cache import load_dataset_cached
    from fmscompare.errors import UsageError

    if paper and as_of is not None:
        raise UsageError("give --as-of or --paper, not both (--paper is the paper's own picture of Apr 2023)")
    dataset = load_dataset_cached(data_dir if data_dir is not None else ctx.obj)
    if paper:
        return dataset.paper()
    try:
        return dataset.at(as_of) if as_of is not None else dataset
    except UsageError as exc:
        # The core says "as of 2022: ..."; the user typed the option, so name it.
        raise UsageError("--as-of " + str(exc).removeprefix("as of ")) from None


def _with_what_if(dataset: "Dataset", adopt: list[str] | None, weights: "Weights") -> tuple["Dataset", list[str]]:
    if not adopt:
        return dataset, []
    from fmscompare.reports.gap import apply_what_if

    notes = []
    for spec in adopt or []:
        dataset, note = apply_what_if(dataset, spec, weights)
        notes.append(note)
    return dataset, notes


def _noted(report: "Report", notes: list[str]) -> "Report":
    """The report marked as a what-if in its title, with the what-if sentences leading its caption."""
    if not notes:
        return report
    from dataclasses import replace

    from fmscompare.reports.report import Table

    assert isinstance(report, Table)
    return replace(
        report,
        title=report.title + "; WHAT-IF",
        caption="What-if: " + " ".join(notes) + " " + (report.caption or ""),
    )


def _weights(dataset: "Dataset", preset: str, weights_file: Path | None) -> "Weights":
    from fmscompare.scoring.weights import choose_weights

    return choose_weights(dataset, preset, weights_file)


@app.command()
def rank(
    ctx: typer.Context,
    by: Annotated[RankBy, typer.Option("--by", help="Rank by score, share, growth or involvement.")] = RankBy.SCORE,
    period: PeriodOption = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Show only the first N countries.")] = None,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    adopt: AdoptOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Rank countries by government support for defence exports, with SIPRI figures.

    Example: fmscompare rank --period 2017-2021 --format csv
    """
    with _reported_errors():
        from fmscompare.reports.rank import ranking

        dataset = _load(ctx, data_dir, as_of, paper)
        chosen = _weights(dataset, preset, weights)
        dataset, note = _with_what_if(dataset, adopt, chosen)
        report = ranking(dataset, chosen, period=period, by=by, top=top)
        _emit(_noted(report, note), fmt, output)


@app.command()
def show(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="Name, alias or ISO code: france, FR, fra, 'south korea', ROK.")],
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show one country: model, level, score breakdown with evidence, SIPRI figures and sources.

    Example: fmscompare show "south korea"
    """
    with _reported_errors():
        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.reports.show import country_profile

        dataset = _load(ctx, data_dir, as_of, paper)
        chosen = _weights(dataset, preset, weights)
        report = country_profile(dataset, find_country_in(dataset, country), chosen)
        _emit(report, fmt, output)


@app.command()
def compare(
    ctx: typer.Context,
    countries: Annotated[
        list[str], typer.Argument(metavar="COUNTRY", help="Two or more countries: france australia 'south korea'.")
    ],
    differences: Annotated[
        bool, typer.Option("--differences", help="Only the mechanisms on which the countries differ.")
    ] = False,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Compare countries side by side: each mechanism's status and points, score, model and level.

    Example: fmscompare compare france australia israel
    """
    with _reported_errors():
        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.reports.compare import comparison

        dataset = _load(ctx, data_dir, as_of, paper)
        found = [find_country_in(dataset, name) for name in countries]
        report = comparison(dataset, found, _weights(dataset, preset, weights), only_differences=differences)
        _emit(report, fmt, output)


@app.command()
def gap(
    ctx: typer.Context,
    country: Annotated[str, typer.Argument(help="The country to examine: japan, germany, ...")],
    vs: Annotated[
        str | None, typer.Option("--vs", help="A peer: what COUNTRY lacks that the peer has.", show_default=False)
    ] = None,
    model: Annotated[
        ContractingModelChoice | None,
        typer.Option("--model", help="g2g or fms: what COUNTRY lacks for that model.", show_default=False),
    ] = None,
    adopt: Annotated[
        str | None,
        typer.Option(
            "--adopt",
            help="What-if: KEY,KEY (or all: every mechanism the gap lists) rescores COUNTRY as if adopted.",
            show_default=False,
        ),
    ] = None,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show what COUNTRY lacks against a peer, a model or every exporter, mapped to the paper's recommendations.

    Example: fmscompare gap japan --vs australia
    """
    with _reported_errors():
        from fmscompare.dataset.lookup import find_country_in
        from fmscompare.errors import UsageError
        from fmscompare.reports.gap import (
            gap_by_recommendation,
            gap_targets,
            gap_vs_model,
            gap_vs_peer,
            parse_keys,
            what_if,
            what_if_table,
        )

        if vs is not None and model is not None:
            raise UsageError("give --vs or --model, not both")
        dataset = _load(ctx, data_dir, as_of, paper)
        chosen = _weights(dataset, preset, weights)
        subject = find_country_in(dataset, country)
        peer = find_country_in(dataset, vs) if vs is not None else None
        model_name = model.value if model is not None else None
        report: Report
        if peer is not None and peer.iso3 == subject.iso3:
            raise UsageError(f"--vs names {subject.name} itself; choose another country")
        if adopt is not None:
            excluded: list[str] = []
            if adopt.strip().lower() == "all":
                targets, excluded = gap_targets(dataset, subject, peer, model_name)
            else:
                targets = dict.fromkeys(parse_keys(adopt, dataset), "yes")
            if not targets:
                raise UsageError(f"{subject.name} lacks nothing there that the data records; there is nothing to adopt")
            report = what_if_table(dataset, what_if(dataset, subject, targets, chosen), chosen, excluded)
        elif peer is not None:
            report = gap_vs_peer(dataset, subject, peer, chosen)
        elif model_name is not None:
            report = gap_vs_model(dataset, subject, model_name, chosen)
        else:
            report = gap_by_recommendation(dataset, subject, chosen)
        _emit(report, fmt, output)


@app.command()
def validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(help="Dataset folder to check. Default: --data-dir, else the bundled data.", show_default=False),
    ] = None,
) -> None:
    """Check a dataset and list every problem with its file and line; exit 1 if there is any.

    Example: fmscompare validate data/
    """
    with _reported_errors():
        from fmscompare.reports.sources import summary

        dataset = _load(ctx, directory)
        _write_stdout("".join(f"{line}\n" for line in summary(dataset)))


@app.command()
def sources(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List the bibliography the dataset cites, with URLs and how often each is cited.

    Example: fmscompare sources --format csv
    """
    with _reported_errors():
        from fmscompare.reports.sources import bibliography

        _emit(bibliography(_load(ctx, data_dir)), fmt, output)


@app.command()
def mechanisms(
    ctx: typer.Context,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List the scoring criteria: key, stage, weight, definition and the paper's recommendation.

    Example: fmscompare mechanisms --preset guarantees
    """
    with _reported_errors():
        from fmscompare.reports.mechanisms import criteria

        dataset = _load(ctx, data_dir)
        _emit(criteria(dataset, _weights(dataset, preset, weights)), fmt, output)


@app.command()
def spectrum(
    ctx: typer.Context,
    period: PeriodOption = None,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    adopt: AdoptOption = None,
    chart: ChartOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Rebuild the paper's Figure 1: countries in bands DCS -> G2G -> FMS-style, with support scores.

    Example: fmscompare spectrum --preset equal
    """
    with _reported_errors():
        from fmscompare.reports.spectrum import spectrum as spectrum_table

        if chart is not None:
            from fmscompare.render.chart import check_chart_path

            check_chart_path(chart)
        real = _load(ctx, data_dir, as_of, paper)
        chosen = _weights(real, preset, weights)
        dataset, note = _with_what_if(real, adopt, chosen)
        report = _noted(spectrum_table(dataset, chosen, period=period), note)
        if chart is None:
            _emit(report, fmt, output)
            return
        from fmscompare.render.chart import spectrum_chart
        from fmscompare.reports.report import Table
        from fmscompare.reports.spectrum import chart_caption

        assert isinstance(report, Table)
        actual = spectrum_table(real, chosen, period=period) if note else report
        changed = {c.iso3 for c in dataset.countries if c.name.endswith("(what-if)")}
        period_used = actual.rows[0]["sipri_period"] if actual.rows else period
        spectrum_chart(
            actual.rows,
            [r for r in report.rows if r["iso3"] in changed],
            chart,
            title=report.title.replace(" -> ", " → "),
            caption=chart_caption(note, chosen, period_used, dataset.as_of_label().removeprefix("; ")),
        )
        sys.stderr.write(f"wrote {chart}\n")


@app.command()
def sensitivity(
    ctx: typer.Context,
    draws: Annotated[int, typer.Option("--draws", min=1, max=10_000_000, help="Monte Carlo draws.")] = 10_000,
    noise: Annotated[
        float, typer.Option("--noise", help="Uniform noise on each weight, as a fraction: 0.25 is ±25 %.")
    ] = 0.25,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed (0 or more); the same seed gives the same figures.")
    ] = 0,
    leave_one_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-out",
            help="Instead: how far the ranking moves when each mechanism is left out (no Monte Carlo, so "
            "--draws, --noise and --seed do not apply).",
        ),
    ] = False,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Test how robust the ranking is to the weights: median rank, 5-95 % interval, P(rank 1).

    Example: fmscompare sensitivity --draws 10000 --noise 0.25 --seed 1
    """
    with _reported_errors():
        from fmscompare.analysis.sensitivity import sensitivity as sensitivity_table

        dataset = _load(ctx, data_dir, as_of, paper)
        chosen = _weights(dataset, preset, weights)
        report = sensitivity_table(dataset, chosen, draws=draws, noise=noise, seed=seed, by_mechanism=leave_one_out)
        _emit(report, fmt, output)


@app.command()
def correlate(
    ctx: typer.Context,
    involvement: Annotated[
        Involvement | None,
        typer.Option("--involvement", help="score or level. Default: both.", show_default=False),
    ] = None,
    against: Annotated[
        Performance | None,
        typer.Option("--against", help="SIPRI share or growth. Default: both.", show_default=False),
    ] = None,
    period: PeriodOption = None,
    all_periods: Annotated[bool, typer.Option("--all-periods", help="One result per SIPRI period.")] = False,
    permutations: Annotated[
        int,
        typer.Option(
            "--permutations",
            min=100,
            help="The test is exact over all n! pairings when n! is at most this; else it draws this many at random.",
        ),
    ] = 100_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed (0 or more) for the random pairings.")] = 0,
    preset: PresetOption = "default",
    weights: WeightsOption = None,
    as_of: AsOfOption = None,
    paper: PaperOption = False,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Rank-correlate involvement with SIPRI export share or growth (Spearman, permutation p-value).

    Example: fmscompare correlate --against share --all-periods
    """
    with _reported_errors():
        from fmscompare.analysis.correlation import correlations
        from fmscompare.errors import UsageError

        if all_periods and period is not None:
            raise UsageError("give --period or --all-periods, not both")
        dataset = _load(ctx, data_dir, as_of, paper)
        periods: list[str | None] = list(dataset.periods()) if all_periods else [period]
        report = correlations(
            dataset,
            _weights(dataset, preset, weights),
            periods=periods,
            involvements=[involvement] if involvement else list(Involvement),
            performances=[against] if against else list(Performance),
            permutations=permutations,
            seed=seed,
        )
        _emit(report, fmt, output)


@app.command()
def trend(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COUNTRY]...",
            help="Countries (any in the SIPRI figures: japan, russia, TUR). One: its history; several: those rows. "
            "Default: all.",
            show_default=False,
        ),
    ] = None,
    chart: ChartOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Show SIPRI export shares and changes across every period in the data, with sparklines.

    Example: fmscompare trend japan; fmscompare trend usa france korea japan --chart trend.png
    """
    with _reported_errors():
        from fmscompare.dataset.lookup import find_sipri_country
        from fmscompare.reports.trend import TREND_CHART_DEFAULT, share_series, trend_all, trend_one

        if chart is not None:
            from fmscompare.render.chart import check_chart_path

            check_chart_path(chart)
        dataset = _load(ctx, data_dir)
        found = [find_sipri_country(dataset, name) for name in countries or []]
        if chart is not None:
            from fmscompare.render.chart import trend_chart

            chosen = found or [find_sipri_country(dataset, iso3) for iso3 in TREND_CHART_DEFAULT]
            trend_chart(
                share_series(dataset, chosen),
                dataset.periods(),
                chart,
                title="SIPRI share of world arms exports by period",
                caption="Share of world arms exports in each SIPRI five-year period (the periods overlap), from "
                "sipri_shares.csv; a gap where the data has no figure. Sources: fmscompare sources.",
            )
            sys.stderr.write(f"wrote {chart}\n")
            return
        if len(found) == 1:
            report = trend_one(dataset, *found[0])
        else:
            report = trend_all(dataset, only={iso3 for _, iso3 in found} or None)
        _emit(report, fmt, output)


sipri_app = typer.Typer(
    name="sipri",
    help="Read SIPRI Arms Transfers Database exports and compute export figures from them.",
    rich_markup_mode=None,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sipri_app)


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
    with _reported_errors():
        from fmscompare.dataset.model import resolve_data_dir
        from fmscompare.errors import UsageError
        from fmscompare.sipri.export import complete_periods, load_name_map, parse_period, period_figures, read_export
        from fmscompare.sipri.merge import import_table, merge_into_dataset

        if all_periods and period is not None:
            raise UsageError("give --period or --all-periods, not both")
        if output is not None and output.exists() and file.exists() and output.resolve() == file.resolve():
            raise UsageError(f"--output {output} is the SIPRI export being read; choose another file")
        if (replace or replace_published) and not write:
            raise UsageError("--replace and --replace-published only apply with --write")
        chosen_dir = data_dir if data_dir is not None else ctx.obj
        folder = resolve_data_dir(chosen_dir)
        names_file = folder / "sipri_names.csv"
        if not names_file.exists():
            from fmscompare.dataset.model import bundled_data_dir

            names_file = bundled_data_dir() / "sipri_names.csv"
        export = read_export(file)
        names = load_name_map(names_file)
        if all_periods:
            windows = complete_periods(export)
        elif period is not None:
            windows = [parse_period(period)]
        else:
            windows = complete_periods(export)[-1:]
        figures = [period_figures(export, names, start, end) for start, end in windows]
        if write:
            dataset = _load(ctx, data_dir)
            summary = merge_into_dataset(
                dataset, export, figures, top, replace=replace, replace_published=replace_published
            )
            for line in summary.lines(dataset.directory / "sipri_shares.csv"):
                sys.stderr.write(f"{line}\n")
        _emit(import_table(export, figures, rounding, top), fmt, output)


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C: stop with exit 130, the shell's code for SIGINT, and one line rather than a traceback."""
    sys.stderr.write("\ninterrupted\n")
    raise SystemExit(130)


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGINT, _interrupted)
    # One program name however it is started (`fmscompare`, `python -m fmscompare`): usage lines and the
    # shell-completion variable (_FMSCOMPARE_COMPLETE) depend on it.
    app(prog_name="fmscompare")
