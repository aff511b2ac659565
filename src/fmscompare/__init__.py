"""fmscompare: how governments support defence exports, scored and compared with SIPRI figures.

From Python (the README's "Use from Python"): `fmscompare.load()` reads a dataset, and `rank`, `spectrum`,
`profile`, `compare`, `gap`, `sensitivity`, `correlate`, `trend`, `deals`, `timeline`, `mechanisms` and
`sources` return what the commands show,
as pandas DataFrames. Importing fmscompare loads none of it: each name is imported on first use, and pandas
only by a function that returns a DataFrame.
"""

from typing import TYPE_CHECKING, Any

from fmscompare.version import __version__

if TYPE_CHECKING:  # for type checkers: the names as they are (at run time, `__getattr__` imports them)
    from fmscompare.api import (
        DataError,
        Dataset,
        FmsError,
        UsageError,
        compare,
        correlate,
        deals,
        gap,
        load,
        mechanisms,
        profile,
        rank,
        sensitivity,
        sources,
        spectrum,
        timeline,
        trend,
    )

__all__ = [
    "DataError",
    "Dataset",
    "FmsError",
    "UsageError",
    "__version__",
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


def __getattr__(name: str) -> Any:
    """The public API, imported on first use (`fmscompare --help` must not pay for it)."""
    if name in __all__:
        import fmscompare.api

        return getattr(fmscompare.api, name)
    raise AttributeError(f"module 'fmscompare' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
