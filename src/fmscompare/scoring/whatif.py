"""What-ifs: a country rescored as if it had adopted mechanisms, with its rank before and after.

A what-if sets the chosen mechanisms to `yes` (or a peer's `partial`) and rescores, so the before -> after
figures follow from the same model as every other table; the changed country keeps its name (so files
still join on it) and is listed in `Dataset.what_ifs` with what it adopted, which tables show as
"(what-if)" and files as a `what_if` column, so no output passes it off as fact.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import msgspec

from fmscompare.dataset import schema
from fmscompare.errors import Option, UsageError
from fmscompare.formatting import format_score
from fmscompare.scoring.ranks import score_ranks
from fmscompare.scoring.score import STATUS_VALUE, CountryScore, Weights, score_country
from fmscompare.textutil import suggest

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset

WHAT_IF_NOTE = "what-if: assumed adopted, not a fact"
ADOPT_ALL = "all"  # on its own, for `gap`: adopt every mechanism the gap lists


def adopted(country: schema.Country, targets: dict[str, str]) -> schema.Country:
    """The country as if each mechanism in `targets` had that status (`yes`, or a peer's `partial`)."""
    mechanisms = dict(country.mechanisms)
    for key, status in targets.items():
        if STATUS_VALUE[status] > STATUS_VALUE[mechanisms[key].status]:
            mechanisms[key] = schema.MechanismAssessment(status=status, note=WHAT_IF_NOTE)  # type: ignore[arg-type]
    return msgspec.structs.replace(country, mechanisms=mechanisms)


def checked_keys(keys: list[str], dataset: Dataset) -> list[str]:
    """Mechanism keys (any case) checked against the dataset's, each once, in the order given."""
    known = [m.key for m in dataset.mechanisms]
    wanted = [k.strip().lower() for k in keys if k.strip()]
    if not wanted:
        raise UsageError(Option("adopt"), " needs mechanism keys, e.g. g2g_contracting,export_agency")
    for key in wanted:
        if key == ADOPT_ALL:
            raise UsageError(
                Option("adopt"), " all works with gap COUNTRY (everything its gap lists); here name the keys"
            )
        if key not in known:
            raise UsageError(
                Option("adopt"), f": unknown mechanism {key!r}{suggest(key, known)}; see fmscompare mechanisms"
            )
    return list(dict.fromkeys(wanted))


@dataclass(frozen=True)
class WhatIf:
    """A country rescored as if it had adopted mechanisms: its score and rank before and after."""

    country: schema.Country
    targets: dict[str, str]  # mechanism -> the status assumed
    already: list[str]  # asked for, but already in place at that level
    before: CountryScore
    after: CountryScore
    rank_before: int
    rank_after: int
    tied_with: list[str]  # other countries at the same rank after

    @property
    def keys(self) -> list[str]:
        return [k for k in self.targets if k not in self.already]

    def adopted_text(self) -> str:
        parts = [k if s == "yes" else f"{k} ({s})" for k, s in self.targets.items() if k not in self.already]
        return ", ".join(parts) if parts else "nothing new"


def what_if(dataset: Dataset, country: schema.Country, targets: dict[str, str] | list[str], weights: Weights) -> WhatIf:
    """Rescore `country` with `targets` adopted; its rank among all countries before and after."""
    wanted = dict.fromkeys(targets, "yes") if isinstance(targets, list) else dict(targets)
    already = [k for k, s in wanted.items() if STATUS_VALUE[country.mechanisms[k].status] >= STATUS_VALUE[s]]
    changed = adopted(country, wanted)
    scores = {c.iso3: score_country(c, dataset.mechanisms, weights).support_score for c in dataset.countries}
    before = score_country(country, dataset.mechanisms, weights)
    after = score_country(changed, dataset.mechanisms, weights)
    rank_before = dict(zip(scores, score_ranks(list(scores.values())), strict=True))[country.iso3]
    new_scores = {**scores, country.iso3: after.support_score}
    ranks_after = dict(zip(new_scores, score_ranks(list(new_scores.values())), strict=True))
    rank_after = ranks_after[country.iso3]
    tied = sorted(iso3 for iso3, r in ranks_after.items() if r == rank_after and iso3 != country.iso3)
    return WhatIf(country, wanted, already, before, after, rank_before, rank_after, tied)


def what_if_name(name: str) -> str:
    """The name a what-if goes by in tables and charts: "Japan (what-if)"."""
    return f"{name} (what-if)"


def what_if_sentence(result: WhatIf, total: int, name: str | None = None) -> str:
    """What a what-if did, in one sentence: score, model, level and rank before -> after."""
    b, a = result.before, result.after
    tie = f" (tied with {', '.join(result.tied_with)})" if result.tied_with else ""
    return (
        f"{name or what_if_name(result.country.name)} as if it had adopted {result.adopted_text()}: score "
        f"{format_score(b.support_score)} -> {format_score(a.support_score)}, model "
        f"{b.contracting_model.value.upper()} -> {a.contracting_model.value.upper()}, level {b.level.value} -> "
        f"{a.level.value}, rank by score {result.rank_before} -> {result.rank_after}{tie} of {total}."
    )


def with_what_if(dataset: Dataset, result: WhatIf) -> Dataset:
    """The dataset with the country replaced by its what-if, listed in `what_ifs` with every mechanism it has
    been assumed to adopt (a second what-if of the same country builds on the first)."""
    changed = adopted(result.country, result.targets)
    countries = [changed if c.iso3 == result.country.iso3 else c for c in dataset.countries]
    iso3 = result.country.iso3
    keys = tuple(dict.fromkeys([*dataset.what_ifs.get(iso3, ()), *result.targets]))
    return replace(dataset, countries=countries, what_ifs={**dataset.what_ifs, iso3: keys})


def apply_what_if(dataset: Dataset, country: schema.Country, keys: list[str], weights: Weights) -> tuple[Dataset, str]:
    """The dataset with `country` as if it had adopted `keys`, and the sentence that says so."""
    result = what_if(dataset, country, checked_keys(keys, dataset), weights)
    return with_what_if(dataset, result), what_if_sentence(result, len(dataset.countries))
