"""Each tabular command's work once its options are read: the one code path the CLI and the Python API share.

A function here takes the dataset (already at its `--as-of`, or the paper's picture) and the options in
their plain form (a preset's name, a weights file, what-ifs as country and mechanism keys), and returns the
report the command prints. The CLI reads its options and calls these; `fmscompare.rank()` and the other
public functions call the same ones and turn the table into a DataFrame.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from fmscompare.choices import Involvement, Performance, RankBy

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.reports.report import Profile, Report, Table
    from fmscompare.scoring.score import Weights

# What-ifs: each country (a name, alias or code) with the mechanism keys it is assumed to adopt.
WhatIfs = Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]
E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: E | str, option: str) -> E:
    """`value` as one of the choices of `kind`, or the usage error the CLI gives for a choice it lacks."""
    from fmscompare.errors import Option, UsageError

    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(c.value) for c in kind)
        raise UsageError(Option(option), f" {value!r} is not one of {choices}") from None


def pictured(data_dir: Path | None, as_of: str | None, paper: bool, option_note: str) -> Dataset:
    """The dataset in `data_dir` (None: the default folder), as of `as_of`, or as the paper saw it; the two
    are refused together, `option_note` saying why in the caller's words (a flag, or a keyword argument)."""
    from fmscompare.dataset.cache import load_dataset_cached
    from fmscompare.dataset.paper import PAPER_LABEL
    from fmscompare.errors import exclusive

    exclusive(f" ({option_note} is the paper's own picture of {PAPER_LABEL})", as_of=as_of, paper=paper)
    dataset = load_dataset_cached(data_dir)
    if paper:
        return dataset.paper()
    return dataset.at(as_of) if as_of is not None else dataset


def choose(dataset: Dataset, preset: str = "default", weights_file: Path | str | None = None) -> Weights:
    """The preset's weights, with a weights file's on top (`--preset`, `--weights`)."""
    from fmscompare.scoring.weights import choose_weights

    return choose_weights(dataset, preset, Path(weights_file) if weights_file is not None else None)


def with_what_ifs(dataset: Dataset, adopt: WhatIfs | None, weights: Weights) -> tuple[Dataset, list[str]]:
    """The dataset with each country rescored as if it had adopted its keys (`--adopt COUNTRY:KEY,KEY`), and
    the sentences that say what each did."""
    if not adopt:
        return dataset, []
    from fmscompare.dataset.lookup import find_country_in
    from fmscompare.scoring.whatif import apply_what_if

    pairs = adopt.items() if isinstance(adopt, Mapping) else adopt
    notes = []
    for name, keys in pairs:
        dataset, note = apply_what_if(dataset, find_country_in(dataset, name), list(keys), weights)
        notes.append(note)
    return dataset, notes


def rank_table(
    dataset: Dataset,
    *,
    by: RankBy | str = RankBy.SCORE,
    period: str | None = None,
    top: int | None = None,
    min_coverage: float | None = None,
    preset: str = "default",
    weights_file: Path | str | None = None,
    adopt: WhatIfs | None = None,
) -> Table:
    from fmscompare.reports.rank import ranking

    chosen = choose(dataset, preset, weights_file)
    dataset, notes = with_what_ifs(dataset, adopt, chosen)
    return ranking(
        dataset,
        chosen,
        period=period,
        by=_choice(RankBy, by, "by"),
        top=top,
        what_if_notes=notes,
        min_coverage=min_coverage,
    )


def spectrum_table(
    dataset: Dataset,
    *,
    period: str | None = None,
    preset: str = "default",
    weights_file: Path | str | None = None,
    adopt: WhatIfs | None = None,
) -> Table:
    """The countries by band (DCS, G2G, FMS-style), highest score first: the paper's Figure 1 as a table."""
    from fmscompare.reports.spectrum import spectrum

    chosen = choose(dataset, preset, weights_file)
    dataset, notes = with_what_ifs(dataset, adopt, chosen)
    return spectrum(dataset, chosen, period=period, what_if_notes=notes)


def mechanisms_table(dataset: Dataset, *, preset: str = "default", weights_file: Path | str | None = None) -> Table:
    from fmscompare.reports.mechanisms import criteria

    return criteria(dataset, choose(dataset, preset, weights_file))


def sources_table(dataset: Dataset) -> Table:
    from fmscompare.reports.sources import bibliography

    return bibliography(dataset)


def profile_report(
    dataset: Dataset, country: str, *, preset: str = "default", weights_file: Path | str | None = None
) -> Profile:
    from fmscompare.dataset.lookup import find_country_in
    from fmscompare.reports.show import country_profile

    return country_profile(dataset, find_country_in(dataset, country), choose(dataset, preset, weights_file))


def compare_table(
    dataset: Dataset,
    countries: Sequence[str],
    *,
    differences: bool = False,
    preset: str = "default",
    weights_file: Path | str | None = None,
) -> Table:
    from fmscompare.dataset.lookup import find_country_in
    from fmscompare.reports.compare import comparison

    found = [find_country_in(dataset, name) for name in countries]
    return comparison(dataset, found, choose(dataset, preset, weights_file), only_differences=differences)


def gap_table(
    dataset: Dataset,
    country: str,
    *,
    vs: str | None = None,
    model: str | None = None,
    adopt: Sequence[str] | None = None,
    preset: str = "default",
    weights_file: Path | str | None = None,
) -> Report:
    from fmscompare.dataset.lookup import find_country_in
    from fmscompare.reports.gap import gap_report

    return gap_report(
        dataset,
        find_country_in(dataset, country),
        choose(dataset, preset, weights_file),
        peer=find_country_in(dataset, vs) if vs is not None else None,
        model=model,
        adopt=list(adopt) if adopt is not None else None,
    )


def sensitivity_table(
    dataset: Dataset,
    *,
    draws: int = 10_000,
    noise: float = 0.25,
    seed: int = 0,
    leave_one_out: bool = False,
    unknowns: bool = False,
    unknown_prior: str | None = None,
    preset: str = "default",
    weights_file: Path | str | None = None,
) -> Report:
    from fmscompare.analysis.sensitivity import unknown_prior as parse_prior
    from fmscompare.reports.sensitivity import sensitivity

    check_sensitivity(leave_one_out, unknowns, unknown_prior)
    prior = parse_prior(unknown_prior) if unknowns else None
    chosen = choose(dataset, preset, weights_file)
    return sensitivity(dataset, chosen, draws=draws, noise=noise, seed=seed, by_mechanism=leave_one_out, unknowns=prior)


def check_sensitivity(leave_one_out: bool, unknowns: bool, unknown_prior: str | None) -> None:
    """Refuse options that do not combine (before any data is read)."""
    from fmscompare.errors import Option, UsageError

    if leave_one_out and (unknowns or unknown_prior is not None):
        given = Option("unknowns") if unknowns else Option("unknown_prior")
        raise UsageError(
            Option("leave_one_out"),
            " and ",
            given,
            " do not combine: leaving a mechanism out reranks the statuses as they are, with no draws",
        )
    if unknown_prior is not None and not unknowns:
        raise UsageError(Option("unknown_prior"), " only applies with ", Option("unknowns"))


def correlate_table(
    dataset: Dataset,
    *,
    involvement: Involvement | str | None = None,
    against: Performance | str | None = None,
    period: str | None = None,
    all_periods: bool = False,
    permutations: int = 100_000,
    seed: int = 0,
    lag: int | None = None,
    preset: str = "default",
    weights_file: Path | str | None = None,
) -> Table:
    from fmscompare.reports.correlate import check_lag, correlations

    check_lag(lag, None if dataset.paper_view else dataset.as_of, dataset.paper_view)
    return correlations(
        dataset,
        choose(dataset, preset, weights_file),
        period=period,
        all_periods=all_periods,
        involvement=_choice(Involvement, involvement, "involvement") if involvement is not None else None,
        against=_choice(Performance, against, "against") if against is not None else None,
        permutations=permutations,
        seed=seed,
        lag=lag,
    )


def trend_table(dataset: Dataset, countries: Sequence[str] = ()) -> Table:
    from fmscompare.dataset.lookup import find_sipri_country
    from fmscompare.reports.trend import trend_report

    return trend_report(dataset, [find_sipri_country(dataset, name) for name in countries])


def deals_listing(
    dataset: Dataset,
    country: str | None = None,
    *,
    channel: str | None = None,
    buyer: str | None = None,
    since: int | None = None,
) -> Table:
    from fmscompare.dataset.lookup import find_country_in
    from fmscompare.errors import UsageError
    from fmscompare.reports.deals import deals_table

    seller = find_country_in(dataset, country).iso3 if country is not None else None
    bought_by = None
    if buyer is not None:
        try:
            bought_by = find_country_in(dataset, buyer).iso3
        except UsageError:
            code = buyer.strip().upper()
            if not (len(code) == 3 and code.isascii() and code.isalpha()):
                raise  # a buyer without a profile is named by its ISO3 code
            bought_by = code
    return deals_table(dataset, seller=seller, channel=channel, buyer=bought_by, since=since)


def timeline_years(
    dataset: Dataset,
    countries: Sequence[str] = (),
    *,
    start: int,
    end: int,
    events: bool = False,
    preset: str = "default",
    weights_file: Path | str | None = None,
) -> Table:
    """Each country's picture at the end of every year from `start` to `end` (or, with `events`, every dated
    change in those years)."""
    from fmscompare.dataset.lookup import find_country_in
    from fmscompare.errors import Option, UsageError
    from fmscompare.months import Month
    from fmscompare.reports import timeline as report

    if start > end:
        raise UsageError(Option("from"), f" {start} is after ", Option("to"), f" {end}")
    if end > Month.today().year:
        raise UsageError(Option("to"), f" {end} is in the future")
    iso3s = list(dict.fromkeys(find_country_in(dataset, name).iso3 for name in countries))
    # Read even where the view does not score, so that a mistyped preset or a missing file is not passed over.
    chosen = choose(dataset, preset, weights_file)
    if events:
        return report.events_table(dataset, iso3s, start, end)
    return report.timeline_table(dataset, chosen, iso3s, start, end)
