"""What the shared options ask for: the dataset (at a month, or the paper's picture), the weights, what-ifs.

The core's loaders and checks do the work; this module reads the options' own syntax (`COUNTRY:KEY,KEY`).
"""

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.scoring.score import Weights


def load(ctx: typer.Context, data_dir: Path | None, as_of: str | None = None, paper: bool = False) -> "Dataset":
    """The dataset of `--data-dir` (this command's, else the app's), as of `--as-of` or as the paper saw it."""
    from fmscompare.api.tables import pictured

    return pictured(data_dir if data_dir is not None else ctx.obj, as_of, paper, "--paper")


def weights(dataset: "Dataset", preset: str, weights_file: Path | None) -> "Weights":
    """The `--preset` weights, with a `--weights` file's on top."""
    from fmscompare.api.tables import choose

    return choose(dataset, preset, weights_file)


def what_ifs(adopt: list[str] | None) -> list[tuple[str, list[str]]]:
    """Each `--adopt COUNTRY:KEY,KEY` as the country and its keys (checked when the what-if is applied)."""
    from fmscompare.errors import UsageError

    pairs = []
    for spec in adopt or []:
        name, sep, keys_text = spec.partition(":")
        if not sep:
            raise UsageError(
                f"--adopt takes COUNTRY:KEY,KEY here, e.g. --adopt japan:g2g_contracting,export_agency; got {spec!r}"
            )
        pairs.append((name, keys_text.split(",")))
    return pairs
