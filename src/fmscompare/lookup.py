"""Finding a country from what a user types: name, alias, ISO alpha-2 or alpha-3, any case or accent."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from fmscompare.errors import UsageError
from fmscompare.textutil import fold

if TYPE_CHECKING:
    from fmscompare import schema


def names_of(country: schema.Country) -> list[str]:
    """Every string that identifies the country."""
    return [country.name, country.iso2, country.iso3, *country.aliases]


def find_country(countries: list[schema.Country], query: str) -> schema.Country:
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
