"""The options several commands share, each written once: their flags, help texts and defaults.

No `from __future__ import annotations` in cli/: Typer reads every command's signature on each run, and
string annotations would be evaluated each time (about 8 ms a run); written out, they are built once.
"""

from pathlib import Path
from typing import Annotated

import typer

from fmscompare.choices import OutputFormat

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
        help="Draw it instead as an image: FILE.svg, FILE.png or FILE.pdf (needs matplotlib: fmscompare[charts]).",
        dir_okay=False,
        show_default=False,
    ),
]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="Start CSV output with a UTF-8 byte-order mark, so Excel reads accents right."),
]
PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="SIPRI five-year period, e.g. 2017-2021. Default: the latest in the data."),
]


# The most rows `--top` may ask for: far more than there are states, and a bound on what a typo can ask.
MAX_TOP = 100_000


def flag(name: str) -> str:
    """The flag of an option the core names in a message (errors.Option): `as_of` -> `--as-of`."""
    return "--" + name.replace("_", "-")
