"""`make bench`: time whole commands, as a user runs them, and print ratios measured in the same run.

Absolute times depend on the machine and its load; ratios between commands timed side by side do not (much).
Each command runs once to warm the file cache, then `--runs` times (default 7); the median is reported.

    .venv/bin/python -m bench.run            # everything
    .venv/bin/python -m bench.run --runs 11  # steadier medians
    .venv/bin/python -m bench.run --only startup --against main~1  # start-up now against a commit's
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import fmscompare
from bench.synthetic import synthetic_dataset, synthetic_register

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights

PYTHON = sys.executable
# The console script pip installed, as a user runs it (a little faster than `python -m`, which adds runpy).
_SCRIPT = Path(PYTHON).with_name("fmscompare")
FMSCOMPARE = [str(_SCRIPT)] if _SCRIPT.is_file() else [PYTHON, "-m", "fmscompare"]
ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
ENV.pop("FMSCOMPARE_DATA_DIR", None)
# The floor for a pandas-based tool (issue 9): what any such tool imports before it does any work.
PANDAS_FLOOR = "import pandas, yaml, typer, rich.table"


@dataclass(frozen=True)
class Timing:
    label: str
    median: float
    spread: tuple[float, float]
    samples: tuple[float, ...] = ()  # one per round, in order: rounds pair the commands timed together


@dataclass(frozen=True)
class Command:
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


def time_commands(commands: list[Command], runs: int) -> list[Timing]:
    """Median wall time of each command over `runs` rounds after one warm-up; fails loudly if one fails.

    The commands take turns within each round (A B C, A B C, ...), so a spell of load on the machine falls
    on all of them alike rather than on whichever was being timed, and their ratios stay steady.
    """

    def once(command: Command) -> float:
        start = time.perf_counter()
        done = subprocess.run(
            command.argv,
            env={**ENV, **command.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"bench: {' '.join(command.argv)} failed ({done.returncode}): {done.stderr.strip()}")
        return elapsed

    for command in commands:
        once(command)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, samples, strict=True):
            taken.append(once(command))
    return [
        Timing(command.label, statistics.median(taken), (min(taken), max(taken)), tuple(taken))
        for command, taken in zip(commands, samples, strict=True)
    ]


def time_call(label: str, call: Callable[[], object], runs: int) -> Timing:
    """Median time of an in-process call (the core alone, without start-up)."""
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return Timing(label, statistics.median(samples), (min(samples), max(samples)))


def show(timing: Timing) -> None:
    low, high = timing.spread
    print(f"  {timing.label:<58} {timing.median * 1000:8.0f} ms   (min {low * 1000:.0f}, max {high * 1000:.0f})")


def ratio(label: str, numerator: Timing, denominator: Timing, target: float | None = None) -> bool:
    value = numerator.median / denominator.median
    verdict = ""
    met = True
    if target is not None:
        met = value <= target
        verdict = f"   target ≤ {target:g}: {'met' if met else 'NOT MET'}"
    print(f"  {label:<58} {value:8.2f} ×{verdict}")
    return met


def paired_ratio(label: str, numerator: Timing, denominator: Timing, target: float) -> bool:
    """The median over rounds of numerator/denominator: a spell of load falls on both sides of a pair, so
    this is steadier than a ratio of medians when two builds of one program are within a few per cent."""
    value = statistics.median(a / b for a, b in zip(numerator.samples, denominator.samples, strict=True))
    met = value <= target
    print(f"  {label:<58} {value:8.2f} ×   target ≤ {target:g}: {'met' if met else 'NOT MET'}")
    return met


def startup_bench(runs: int) -> bool:
    """Start-up: `rank` against the import floor of a pandas tool; --version, --help and a completion request
    against `import typer` (none of them may import pandas or numpy: tests/test_startup.py checks).

    `rank` is timed as a user runs it again and again: the warm-up run stores the loaded dataset in the
    cache (a scratch one here) and the timed runs read it. The first run after a data edit pays the full
    load; that is timed too, with the cache turned off, and reported without a target. (`main` points the
    cache at a scratch folder, so a benchmark neither reads nor fills the user's.)
    """
    print(f"start-up: whole commands against their import floor ({runs} rounds, taking turns)")
    timings = time_commands(
        [
            Command(f"python -c '{PANDAS_FLOOR}'", [PYTHON, "-c", PANDAS_FLOOR]),
            Command("fmscompare rank", [*FMSCOMPARE, "rank"]),
            Command(
                "fmscompare rank, cache off (first run after a data edit)",
                [*FMSCOMPARE, "rank"],
                {"FMSCOMPARE_NO_CACHE": "1"},
            ),
            Command("python -c 'import typer'", [PYTHON, "-c", "import typer"]),
            Command("fmscompare --version", [*FMSCOMPARE, "--version"]),
            Command("fmscompare --help", [*FMSCOMPARE, "--help"]),
            Command(
                "fmscompare completion request (bash, 'fmscompare ra<TAB>')",
                FMSCOMPARE,
                {"_FMSCOMPARE_COMPLETE": "complete_bash", "COMP_WORDS": "fmscompare ra", "COMP_CWORD": "1"},
            ),
        ],
        runs,
    )
    floor, rank, rank_cold, typer_floor, version, help_, completion = timings
    for timing in timings:
        show(timing)
    print("ratios (same run)")
    met = [
        ratio("rank / pandas+yaml+typer+rich import floor", rank, floor, 1.3),
        ratio("rank, cache off / import floor (no target)", rank_cold, floor),
        ratio("--version / import typer", version, typer_floor, 1.5),
        ratio("--help / import typer", help_, typer_floor, 1.5),
        ratio("completion request / import typer", completion, typer_floor, 1.5),
    ]
    return all(met)


def sensitivity_bench(runs: int, workdir: Path) -> bool:
    """`sensitivity --draws 10000` on the bundled seven countries and on 200 synthetic ones."""
    from fmscompare.analysis.sensitivity import monte_carlo, scoring_inputs
    from fmscompare.dataset.loading import load_dataset
    from fmscompare.scoring.weights import choose_weights

    big = synthetic_dataset(workdir / "synthetic-200", 200)
    print("sensitivity: Monte Carlo over weights, 10 000 draws")
    timings = time_commands(
        [
            Command(f"python -c '{PANDAS_FLOOR}'", [PYTHON, "-c", PANDAS_FLOOR]),
            Command("fmscompare sensitivity --draws 10000 (7 countries)", [*FMSCOMPARE, "sensitivity"]),
            Command(
                "fmscompare sensitivity --draws 10000 (200 countries)",
                [*FMSCOMPARE, "--data-dir", str(big), "sensitivity"],
            ),
        ],
        runs,
    )
    floor, small_cmd, big_cmd = timings
    cores = []
    for label, folder in (("7 countries", None), ("200 countries", big)):
        dataset = load_dataset(folder)
        inputs = scoring_inputs(dataset.countries, dataset.mechanisms, choose_weights(dataset, "default", None))
        run_once = functools.partial(monte_carlo, inputs, draws=10_000, noise=0.25, seed=0)
        cores.append(time_call(f"  in process: monte_carlo(10 000 draws), {label}", run_once, runs))
    for timing in [*timings, *cores]:
        show(timing)
    print("ratios (same run)")
    ratio("sensitivity (7 countries) / import floor", small_cmd, floor)
    ratio("sensitivity (200 countries) / sensitivity (7 countries)", big_cmd, small_cmd)
    ratio("monte_carlo 200 countries / 7 countries (in process)", cores[1], cores[0])
    # 10 000 draws on 200 countries is 2 million rescored rankings; a second is the bar for "interactive".
    met = big_cmd.median < 1.0 + floor.median
    print(f"  200 countries within 1 s of the import floor: {'met' if met else 'NOT MET'}")
    return met


def sipri_import_bench(runs: int, workdir: Path) -> bool:
    """`sipri import` of synthetic trade registers of 10^4, 10^5 and 10^6 rows: under 1 s, and linear."""
    from fmscompare.periods import Period
    from fmscompare.sipri.export import read_export
    from fmscompare.sipri.names import load_name_map
    from fmscompare.sipri.shares import period_figures

    print("sipri import: synthetic trade registers (SIPRI's format, CRLF, ';' line ends)")
    sizes = (10_000, 100_000, 1_000_000)
    files = {n: synthetic_register(workdir / f"register-{n}.csv", n) for n in sizes}
    timed = time_commands(
        [
            Command(f"fmscompare sipri import ({n:,} rows)", [*FMSCOMPARE, "sipri", "import", str(f)])
            for n, f in files.items()
        ],
        runs,
    )
    commands = dict(zip(sizes, timed, strict=True))
    names = load_name_map(Path(__file__).resolve().parents[1] / "data" / "sipri_names.csv")

    def core(path: Path) -> None:
        export = read_export(path)
        period_figures(export, names, Period(2020, 2024))

    cores = {
        n: time_call(f"  in process: read + 2020-2024 figures ({n:,} rows)", functools.partial(core, f), runs)
        for n, f in files.items()
    }
    for timing in [*commands.values(), *cores.values()]:
        show(timing)
    print("ratios (same run)")
    ratio("import 10^5 / 10^4 rows (start-up included)", commands[100_000], commands[10_000])
    ratio("import 10^6 / 10^5 rows (start-up included, linear ≤ 10)", commands[1_000_000], commands[100_000], 10)
    # In process there is no start-up to hide the growth: linear makes each ratio 10, quadratic 100. The
    # bar, 15, lets the cost of a row drift up 1.5 times as a 118 MB file outgrows the caches, no more.
    ratio("  in process: 10^5 / 10^4 rows", cores[100_000], cores[10_000])
    linear = ratio("  in process: 10^6 / 10^5 rows (linear: 10)", cores[1_000_000], cores[100_000], 15)
    per_row = {n: cores[n].median / n * 1e6 for n in sizes}
    print("  in process, per row: " + ", ".join(f"{per_row[n]:.2f} µs ({n:,})" for n in sizes))
    under = commands[100_000].median < 1.0
    print(f"  100 000 rows in under 1 s (whole command): {'met' if under else 'NOT MET'}")
    return under and linear and commands[1_000_000].median / commands[100_000].median <= 10


REPO = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def worktree(ref: str, folder: Path) -> Iterator[Path]:
    """`ref` checked out in a scratch `git worktree` at `folder`, compiled as this tree is (both trees'
    bytecode written, as pip would); removed afterwards."""
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(folder), ref], check=True)
    try:
        compileall.compile_dir(folder / "src", quiet=1)
        compileall.compile_dir(REPO / "src", quiet=1)
        yield folder
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)], check=False)


def against_bench(ref: str, runs: int, workdir: Path) -> bool:
    """Start-up of this tree against an earlier commit's, in the same interleaved rounds: each command's time
    now over its time then, which must stay within 5 % (a refactoring must not slow start-up).

    The earlier commit is checked out in a scratch `git worktree` and compiled as this tree is; both run as
    `python -m fmscompare` from their own `src/` (PYTHONPATH), with their own bundled data. A 5 % bar is
    finer than this machine's run-to-run noise (±15 % on a 75 ms start), so this takes at least 31 rounds
    and the median of the rounds' ratios.
    """
    runs = max(runs, 31)
    repo = REPO
    with worktree(ref, workdir / "baseline") as baseline:
        cases = [
            ("rank", ["rank"], {}),
            ("show japan", ["show", "japan"], {}),
            ("--version", ["--version"], {}),
            ("--help", ["--help"], {}),
            (
                "completion request",
                [],
                {"_FMSCOMPARE_COMPLETE": "complete_bash", "COMP_WORDS": "fmscompare ra", "COMP_CWORD": "1"},
            ),
        ]
        commands = []
        for label, argv, env in cases:
            for tree, name in ((repo, "now"), (baseline, ref)):
                commands.append(
                    Command(
                        f"{label} ({name})",
                        [PYTHON, "-m", "fmscompare", *argv],
                        {**env, "PYTHONPATH": str(tree / "src")},
                    )
                )
        print(f"start-up against {ref}: the same commands from this tree and from {ref} ({runs} rounds, taking turns)")
        timings = time_commands(commands, runs)
        for timing in timings:
            show(timing)
        print("ratios (same run): now / then, the median of the rounds' ratios (each round times both in turn)")
        met = [
            paired_ratio(f"{label}: now / {ref}", timings[2 * i], timings[2 * i + 1], 1.05)
            for i, (label, _, _) in enumerate(cases)
        ]
        return all(met)


PEERS = ("csvkit==2.1.0", "sqlite-utils==3.38")
# The last commit before issue 22's work: each data command must take at most 0.7 times its time there.
BEFORE_ISSUE_22 = "0e91c7c"
DATA_COMMANDS = {
    "rank": ["rank"],
    "show": ["show", "japan"],
    "compare": ["compare", "france", "japan"],
    "gap": ["gap", "japan"],
    "spectrum": ["spectrum"],
    "trend": ["trend"],
}


def before_bench(ref: str, runs: int, workdir: Path) -> bool:
    """Each data command now against the same command at `ref` (by default the last commit before issue 22),
    in the same interleaved rounds: both run as `python -m fmscompare` from their own `src/` and data, the
    earlier commit checked out in a scratch `git worktree`. Target: now ≤ 0.7× then."""
    repo = REPO
    with worktree(ref, workdir / "before") as baseline:
        commands = [
            Command(
                f"fmscompare {' '.join(args)} ({name})",
                [PYTHON, "-m", "fmscompare", *args],
                {"PYTHONPATH": str(tree / "src")},
            )
            for args in DATA_COMMANDS.values()
            for tree, name in ((repo, "now"), (baseline, ref))
        ]
        print(f"before and after: each data command now and at {ref} ({runs} rounds, taking turns)")
        timings = time_commands(commands, runs)
        for timing in timings:
            show(timing)
        print("ratios (same run): now / then, the median of the rounds' ratios")
        met = [  # a list, not a generator: every ratio is printed, met or not
            paired_ratio(f"fmscompare {' '.join(args)}: now / {ref}", timings[2 * i], timings[2 * i + 1], 0.7)
            for i, args in enumerate(DATA_COMMANDS.values())
        ]
        return all(met)


def scale_bench(runs: int) -> bool:
    """`rank`'s work over 1,000, 5,000 and 10,000 countries, in process: the ranking and its table rendered at
    100 columns. A data file holds at most 676 countries (one two-letter ISO code each), so the datasets are
    built in memory (`bench.synthetic.synthetic_countries`); start-up and loading are what `peers` times.

    Each size is timed as a user runs it, and again with Python's cyclic garbage collector paused. The
    collector walks a heap that grows with the table, so with it the cost of a row drifts up (about 1.3 times
    from 1,000 to 10,000 rows); without it, what is left is fmscompare's and Rich's work, which must be linear:
    10,000 countries at most 11 times 1,000's time (linear is 10)."""
    import gc

    from bench.synthetic import synthetic_countries
    from fmscompare.render.table_format import render_table
    from fmscompare.reports.rank import ranking
    from fmscompare.scoring.weights import choose_weights

    print("scale: rank over many countries, in process (scoring, ranking, the table rendered at 100 columns)")
    timings, paused = {}, {}
    for n in (1_000, 5_000, 10_000):
        dataset = synthetic_countries(n)
        weights = choose_weights(dataset, "default", None)

        def work(dataset: Dataset = dataset, weights: Weights = weights) -> str:
            return render_table(ranking(dataset, weights), width=100)

        def work_paused(work: Callable[[], str] = work) -> str:
            gc.collect()
            gc.disable()
            try:
                return work()
            finally:
                gc.enable()

        lines = work().count("\n")
        timings[n] = time_call(f"  rank over {n:,} countries ({lines:,} lines)", work, runs)
        paused[n] = time_call(f"  the same, collector paused ({n:,})", work_paused, runs)
        show(timings[n])
        show(paused[n])
    for label, group in (("", timings), (", collector paused", paused)):
        costs = ", ".join(f"{t.median / n * 1e6:.0f} µs ({n:,})" for n, t in group.items())
        print(f"  per country{label}: {costs}")
    print("ratios (same run)")
    ratio("  10,000 / 1,000 countries (no target)", timings[10_000], timings[1_000])
    linear = ratio("  10,000 / 1,000 countries, collector paused (linear: 10)", paused[10_000], paused[1_000], 11)
    under = timings[5_000].median < 1.5
    print(f"  rank over 5,000 countries in under 1.5 s: {'met' if under else 'NOT MET'}")
    return linear and under


def peers_bench(runs: int, workdir: Path) -> bool:
    """The data commands against two peers on the same table, `rank`'s CSV: csvkit's `csvlook` and
    `sqlite-utils memory` (installed by this benchmark into an environment of their own, so neither is a
    dependency of fmscompare), in the same interleaved rounds; and --help/--version against `import typer`."""
    peers = workdir / "peers"
    if not (peers / "bin" / "csvlook").exists():
        subprocess.run([sys.executable, "-m", "venv", str(peers)], check=True)
        subprocess.run(
            [str(peers / "bin" / "python"), "-m", "pip", "install", "--quiet", *PEERS], check=True, timeout=600
        )
    table = workdir / "rank.csv"
    table.write_text(
        subprocess.run([*FMSCOMPARE, "rank", "--format", "csv"], env=ENV, capture_output=True, text=True).stdout,
        encoding="utf-8",
    )
    print(f"peers: the data commands against csvlook and sqlite-utils on rank's CSV ({runs} rounds, taking turns)")
    data_commands = DATA_COMMANDS
    commands = [
        Command("csvlook rank.csv", [str(peers / "bin" / "csvlook"), str(table)]),
        Command(
            "sqlite-utils memory rank.csv",
            [str(peers / "bin" / "sqlite-utils"), "memory", str(table), "select * from rank", "--table"],
        ),
        *(Command(f"fmscompare {' '.join(args)}", [*FMSCOMPARE, *args]) for args in data_commands.values()),
        Command("python -c 'import typer'", [PYTHON, "-c", "import typer"]),
        Command("fmscompare --help", [*FMSCOMPARE, "--help"]),
        Command("fmscompare --version", [*FMSCOMPARE, "--version"]),
    ]
    timings = time_commands(commands, runs)
    for timing in timings:
        show(timing)
    csvlook, sqlite_utils, *ours = timings
    *data, typer_floor, help_, version = ours
    print("ratios (same run)")
    met = [ratio(f"{t.label} / csvlook", t, csvlook, 2.5) for t in data]
    for t in data:
        ratio(f"{t.label} / sqlite-utils (no target)", t, sqlite_utils)
    met += [
        ratio("--help / import typer", help_, typer_floor, 1.3),
        ratio("--version / import typer", version, typer_floor, 1.3),
    ]
    return all(met)


def timeline_bench(runs: int) -> bool:
    """`timeline` over every country and every year since the earliest assessment, against `rank` (one
    picture of every country) in the same rounds; and the scoring of all country-years in process."""
    from fmscompare.analysis.timeline import year_scores
    from fmscompare.dataset.loading import load_dataset
    from fmscompare.scoring.weights import choose_weights

    dataset = load_dataset(None)
    first = dataset.assessment_months()[0].year
    last = datetime.date.today().year
    cells = len(dataset.records) * (last - first + 1)
    print(f"timeline: every country, every year {first}-{last} ({cells:,} country-years)")
    timings = time_commands(
        [
            Command("fmscompare rank", [*FMSCOMPARE, "rank"]),
            Command(f"fmscompare timeline --from {first}", [*FMSCOMPARE, "timeline", "--from", str(first)]),
            Command(
                f"fmscompare timeline --from {first} --format csv",
                [*FMSCOMPARE, "timeline", "--from", str(first), "--format", "csv"],
            ),
            Command(
                "fmscompare timeline --events --from 1900", [*FMSCOMPARE, "timeline", "--events", "--from", "1900"]
            ),
        ],
        runs,
    )
    weights = choose_weights(dataset, "default", None)
    core = time_call(
        f"  in process: year_scores, {cells:,} country-years",
        functools.partial(year_scores, dataset.records, dataset.mechanisms, weights, first, last),
        runs,
    )
    for timing in [*timings, core]:
        show(timing)
    print(f"  in process, per country-year: {core.median / cells * 1e6:.0f} µs")
    print("ratios (same run)")
    rank, table, csv_out, _events = timings
    return all(
        [
            ratio(f"timeline table ({cells:,} rows) / rank", table, rank, 3.0),
            ratio("timeline --format csv / rank", csv_out, rank, 2.0),
        ]
    )


# Kept between runs (the peers' environment takes a minute to install); `make clean` does not touch it.
PEERS_DIR = Path(tempfile.gettempdir()) / "fmscompare-bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command after a warm-up (default 7)")
    parser.add_argument(
        "--only",
        choices=["startup", "sensitivity", "sipri", "timeline", "peers", "before", "scale"],
        help="run one group",
    )
    parser.add_argument(
        "--before",
        metavar="REF",
        default=BEFORE_ISSUE_22,
        help=f"the commit the data commands are timed against (default {BEFORE_ISSUE_22}, before issue 22)",
    )
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also time start-up against this git commit (e.g. main~3), each command ≤ 1.05× its time then",
    )
    args = parser.parse_args()
    print(f"fmscompare benchmarks: median of {args.runs} runs after a warm-up; python {sys.version.split()[0]}")
    # pip compiles an installed package's bytecode; an editable install compiles on first import, unless
    # PYTHONDONTWRITEBYTECODE is set, when every run would compile fmscompare again. Time the installed state.
    compileall.compile_dir(Path(fmscompare.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        ENV["FMSCOMPARE_CACHE_DIR"] = str(Path(tmp) / "cache")
        groups: dict[str, Callable[[], bool]] = {
            "startup": lambda: startup_bench(args.runs),
            "sensitivity": lambda: sensitivity_bench(args.runs, Path(tmp)),
            "sipri": lambda: sipri_import_bench(args.runs, Path(tmp)),
            "timeline": lambda: timeline_bench(args.runs),
            "peers": lambda: peers_bench(args.runs, PEERS_DIR),
            "before": lambda: before_bench(args.before, args.runs, Path(tmp)),
            "scale": lambda: scale_bench(args.runs),
        }
        results = [run() for name, run in groups.items() if args.only in (None, name)]
        if args.against:
            results.append(against_bench(args.against, args.runs, Path(tmp)))
    if not all(results):
        raise SystemExit("bench: a target was not met")


if __name__ == "__main__":
    main()
