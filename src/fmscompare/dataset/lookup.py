"""Finding a country from what a user types: name, alias, ISO alpha-2 or alpha-3, any case or accent."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from fmscompare.errors import UsageError
from fmscompare.textutil import fold

if TYPE_CHECKING:
    from fmscompare.dataset import schema
    from fmscompare.dataset.model import Dataset

Named = TypeVar("Named", "schema.Country", "schema.CountryRecord")


def names_of(country: schema.Country | schema.CountryRecord) -> list[str]:
    """Every string that identifies the country."""
    return [country.name, country.iso2, country.iso3, *country.aliases]


def find_country(countries: Sequence[Named], query: str) -> Named:
    """The country `query` names; a UsageError with a did-you-mean suggestion when none does."""
    wanted = fold(query)
    index = {fold(name): country for country in countries for name in names_of(country)}
    # "U.S." folds to "u s"; also try it without spaces so "usa", "u.s.a." and "u s a" all match.
    for key in (wanted, wanted.replace(" ", "")):
        if key in index:
            return index[key]
    close = difflib.get_close_matches(wanted, list(index), n=1, cutoff=0.6)
    hint = f"; did you mean {index[close[0]].name!r}?" if close else ""
    known = ", ".join(sorted(c.name for c in countries))
    raise UsageError(f"unknown country {query!r}{hint} (known: {known})")


def find_country_in(dataset: Dataset, query: str) -> schema.Country:
    """The country `query` names among the dataset's countries, matched on the names its profile gives
    (a what-if renames a country "Japan (what-if)"; `japan` still finds it). The paper's own picture covers
    only the countries the paper assesses, so a profiled country outside it is named as such."""
    if not dataset.records:
        return find_country(dataset.countries, query)
    try:
        record = find_country(dataset.records, query)
    except UsageError:
        return find_country(dataset.countries, query)  # unknown: the message names the countries at hand
    current = next((c for c in dataset.countries if c.iso3 == record.iso3), None)
    if current is None:
        covered = ", ".join(sorted(c.name for c in dataset.countries))
        raise UsageError(f"the paper does not assess {record.name}; its own claims cover {covered}")
    return current


def find_sipri_country(dataset: Dataset, query: str) -> tuple[str, str]:
    """(name, ISO3) of a profiled country, or of any country in the SIPRI figures (`trend russia`)."""
    try:
        country = find_country(dataset.countries, query)
        return country.name, country.iso3
    except UsageError:
        pass
    wanted = fold(query)
    first_names: dict[str, str] = {}  # each code's name in its first row
    for row in dataset.shares:
        first_names.setdefault(row.iso3, row.country)
    index = {fold(name): (name, code) for code, name in first_names.items()}
    index.update({fold(code): pair for pair in list(index.values()) for code in [pair[1]]})
    if wanted in index:
        return index[wanted]
    for country in dataset.countries:
        index.update({fold(name): (country.name, country.iso3) for name in names_of(country)})
    close = difflib.get_close_matches(wanted, list(index), n=1, cutoff=0.6)
    hint = f"; did you mean {index[close[0]][0]!r}?" if close else ""
    raise UsageError(f"no SIPRI figures for {query!r}{hint}")
