"""fmscompare from Python: the same answers as the command line, as pandas DataFrames.

    import fmscompare
    data = fmscompare.load()                      # the bundled dataset (or load("my-data", as_of="2024"))
    fmscompare.rank(data)                         # a DataFrame with the columns of `fmscompare rank -f csv`
    fmscompare.gap(data, "japan", vs="australia")

Every function takes the dataset `load` returns and the command's options as keyword arguments, and returns
a DataFrame whose columns are the command's CSV columns, typed; `DataFrame.attrs` holds the title, the
caption and the provenance (weights, as-of, dataset version) where one value holds for every row. Errors
are the command line's: `UsageError` for a bad argument (an unknown country, a preset that does not exist),
`DataError` for bad data, with the same messages; both are `FmsError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fmscompare.api import tables
from fmscompare.api.frames import to_frame
from fmscompare.dataset.model import Dataset
from fmscompare.errors import DataError, FmsError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from fmscompare.api.tables import WhatIfs

__all__ = [
    "DataError",
    "Dataset",
    "FmsError",
    "UsageError",
    "compare",
    "correlate",
    "deals",
    "gap",
    "load",
    "mechanisms",
    "profile",
    "rank",
    "sensitivity",
    "sources",
    "spectrum",
    "timeline",
    "trend",
]


def load(data_dir: str | Path | None = None, as_of: str | None = None, *, paper: bool = False) -> Dataset:
    """The dataset in `data_dir` (default: `FMSCOMPARE_DATA_DIR`, else the bundled one), checked, as of
    `as_of` (a year, meaning its December, or a month: `"2023-12"`), or as the paper itself saw it."""
    return tables.pictured(Path(data_dir) if data_dir is not None else None, as_of, paper, "paper")


def rank(
    dataset: Dataset,
    *,
    by: str = "score",
    period: str | None = None,
    top: int | None = None,
    min_coverage: float | None = None,
    preset: str = "default",
    weights: str | Path | None = None,
    adopt: WhatIfs | None = None,
) -> pd.DataFrame:
    """`fmscompare rank`: every country by score (or `by="share"`, `"growth"`, `"involvement"`), with SIPRI's
    figures for `period`. `adopt={"japan": ["g2g_contracting"]}` rescores countries as if they had adopted
    mechanisms; `weights` is a weights file laid over `preset`."""
    return to_frame(
        tables.rank_table(
            dataset,
            by=by,
            period=period,
            top=top,
            min_coverage=min_coverage,
            preset=preset,
            weights_file=weights,
            adopt=adopt,
        )
    )


def spectrum(
    dataset: Dataset,
    *,
    period: str | None = None,
    preset: str = "default",
    weights: str | Path | None = None,
    adopt: WhatIfs | None = None,
) -> pd.DataFrame:
    """`fmscompare spectrum`: the paper's Figure 1 as a table, the countries by band (DCS, G2G, FMS-style)."""
    return to_frame(tables.spectrum_table(dataset, period=period, preset=preset, weights_file=weights, adopt=adopt))


def mechanisms(dataset: Dataset, *, preset: str = "default", weights: str | Path | None = None) -> pd.DataFrame:
    """`fmscompare mechanisms`: the scoring criteria, their stage, weight, rubric and the paper's advice."""
    return to_frame(tables.mechanisms_table(dataset, preset=preset, weights_file=weights))


def sources(dataset: Dataset) -> pd.DataFrame:
    """`fmscompare sources`: the bibliography the dataset cites, with how often each source is cited."""
    return to_frame(tables.sources_table(dataset))


def profile(
    dataset: Dataset, country: str, *, preset: str = "default", weights: str | Path | None = None
) -> pd.DataFrame:
    """`fmscompare show COUNTRY -f csv`: one row per mechanism, with its status, points, evidence and source."""
    return to_frame(tables.profile_report(dataset, country, preset=preset, weights_file=weights))


def compare(
    dataset: Dataset,
    countries: Sequence[str],
    *,
    differences: bool = False,
    preset: str = "default",
    weights: str | Path | None = None,
) -> pd.DataFrame:
    """`fmscompare compare COUNTRY...`: each mechanism's status in each country (`differences`: only the
    mechanisms where they differ)."""
    return to_frame(
        tables.compare_table(dataset, countries, differences=differences, preset=preset, weights_file=weights)
    )


def gap(
    dataset: Dataset,
    country: str,
    *,
    vs: str | None = None,
    model: str | None = None,
    adopt: Sequence[str] | None = None,
    preset: str = "default",
    weights: str | Path | None = None,
) -> pd.DataFrame:
    """`fmscompare gap COUNTRY`: what it lacks against every exporter, a peer (`vs`) or a model (`"g2g"`,
    `"fms"`), mapped to the paper's recommendations; `adopt` (keys, or `["all"]`) rescores it."""
    return to_frame(
        tables.gap_table(dataset, country, vs=vs, model=model, adopt=adopt, preset=preset, weights_file=weights)
    )


def sensitivity(
    dataset: Dataset,
    *,
    draws: int = 10_000,
    noise: float = 0.25,
    seed: int = 0,
    leave_one_out: bool = False,
    unknowns: bool = False,
    unknown_prior: str | None = None,
    preset: str = "default",
    weights: str | Path | None = None,
) -> pd.DataFrame:
    """`fmscompare sensitivity`: each country's median rank, 5-95 % interval and P(#1) over `draws` random
    weightings (or, `leave_one_out`, its rank with each mechanism left out)."""
    return to_frame(
        tables.sensitivity_table(
            dataset,
            draws=draws,
            noise=noise,
            seed=seed,
            leave_one_out=leave_one_out,
            unknowns=unknowns,
            unknown_prior=unknown_prior,
            preset=preset,
            weights_file=weights,
        )
    )


def correlate(
    dataset: Dataset,
    *,
    involvement: str | None = None,
    against: str | None = None,
    period: str | None = None,
    all_periods: bool = False,
    permutations: int = 100_000,
    seed: int = 0,
    lag: int | None = None,
    preset: str = "default",
    weights: str | Path | None = None,
) -> pd.DataFrame:
    """`fmscompare correlate`: Spearman's rho between involvement and SIPRI share or growth, with a
    permutation p-value."""
    return to_frame(
        tables.correlate_table(
            dataset,
            involvement=involvement,
            against=against,
            period=period,
            all_periods=all_periods,
            permutations=permutations,
            seed=seed,
            lag=lag,
            preset=preset,
            weights_file=weights,
        )
    )


def trend(dataset: Dataset, countries: Sequence[str] = ()) -> pd.DataFrame:
    """`fmscompare trend [COUNTRY]...`: SIPRI share, rank and change in every period (one country: one row
    per period)."""
    return to_frame(tables.trend_table(dataset, countries))


def deals(
    dataset: Dataset,
    country: str | None = None,
    *,
    channel: str | None = None,
    buyer: str | None = None,
    since: int | None = None,
) -> pd.DataFrame:
    """`fmscompare deals [COUNTRY]`: the catalogue of export deals, newest first, filtered as the options
    say (`channel`: `"dcs"`, `"g2g"`, `"fms"` or `"unknown"`)."""
    return to_frame(tables.deals_listing(dataset, country, channel=channel, buyer=buyer, since=since))


def timeline(
    dataset: Dataset,
    countries: Sequence[str] = (),
    *,
    start: int = 2010,
    end: int | None = None,
    events: bool = False,
    preset: str = "default",
    weights: str | Path | None = None,
) -> pd.DataFrame:
    """`fmscompare timeline`: each country's score, known share, model and level at the end of every year
    from `start` to `end` (default: this year); `events`: every dated change of a status instead."""
    from fmscompare.months import Month

    last = end if end is not None else Month.today().year
    return to_frame(
        tables.timeline_years(
            dataset, countries, start=start, end=last, events=events, preset=preset, weights_file=weights
        )
    )
