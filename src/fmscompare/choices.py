"""The fixed choices of command-line options, kept in a module that imports nothing heavy.

The CLI needs these enums when it starts (to build `--help` and shell completion), before it knows
which command will run; the modules that act on them import pandas, numpy or scipy.
"""

from __future__ import annotations

from enum import StrEnum


class RankBy(StrEnum):
    SCORE = "score"
    SHARE = "share"
    GROWTH = "growth"
    INVOLVEMENT = "involvement"


class Involvement(StrEnum):
    """How government involvement is measured in `correlate`."""

    SCORE = "score"  # the 0-100 support score
    LEVEL = "level"  # the level L0-L3, as 0-3


class Performance(StrEnum):
    """Which SIPRI figure stands for export success in `correlate`."""

    SHARE = "share"  # share of world arms exports in the period
    GROWTH = "growth"  # change in volume against the previous five years


class Rounding(StrEnum):
    """How `sipri import` rounds shares and changes."""

    NONE = "none"  # four decimals: enough to check against SIPRI's own rounding
    SIPRI = "sipri"  # whole numbers from 10 up, one decimal below (two significant figures below 0.1)


class ContractingModelChoice(StrEnum):
    """A model `gap --model` measures a country against."""

    G2G = "g2g"
    FMS = "fms"


class OutputFormat(StrEnum):
    """How a report is written: a terminal table, CSV, JSON or Markdown."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


class DealChannel(StrEnum):
    """How a deal was contracted: industry (dcs), the seller government (g2g), or the government buying from
    its industry for the buyer (fms); unknown where the pages read do not show who signed for the seller."""

    DCS = "dcs"
    G2G = "g2g"
    FMS = "fms"
    UNKNOWN = "unknown"


class SourcesFormat(StrEnum):
    """How `sources` (and `show --cite`) write: a report's four formats, and two of citations for reference
    managers: BibTeX (for biblatex and biber) and CSL-JSON (Zotero, pandoc, citeproc)."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"
