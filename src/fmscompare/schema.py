"""The typed records of the dataset (msgspec Structs) and the vocabulary they use.

These types are the single description of the data files: `validation.check` walks them to report every
problem with its field path, and `msgspec.convert` then builds the records.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

Status = Literal["yes", "partial", "no", "unknown"]
STATUS_VALUES: tuple[str, ...] = ("yes", "partial", "no", "unknown")
KNOWN_STATUSES = frozenset({"yes", "partial", "no"})

Text = Annotated[str, msgspec.Meta(min_length=1)]
Iso2 = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
Iso3 = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Year = Annotated[int, msgspec.Meta(ge=1900, le=2100)]
Period = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{4}$")]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]
# Weights are relative, so any range will do; the bound keeps out .inf and sums that overflow.
MAX_WEIGHT = 1000
Weight = Annotated[float, msgspec.Meta(ge=0, le=MAX_WEIGHT)]
Recommendation = Annotated[int, msgspec.Meta(ge=1, le=8)]
PositiveInt = Annotated[int, msgspec.Meta(ge=1)]


class Record(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """Base for every record: unknown fields are errors, so a typo never passes silently."""


class Source(Record, kw_only=True, frozen=True):
    title: Text
    author: Text | None = None
    publisher: Text | None = None
    year: Year | None = None
    url: Text | None = None


class Agency(Record, kw_only=True, frozen=True):
    name: Text
    parent: Text | None = None
    founded: Year | None = None
    source: Text
    note: Text | None = None


class Assessment(Record, kw_only=True, frozen=True):
    text: Text
    source: Text


class PaperFigures(Record, kw_only=True, frozen=True):
    """SIPRI figures as the paper quotes them, kept beside SIPRI's own to show where they differ."""

    period: Period
    share_pct: Percent | None = None
    rank: PositiveInt | None = None
    change_pct: float | None = None
    base_period: Period | None = None
    quote: Text
    source: Text


class MechanismAssessment(Record, kw_only=True, frozen=True):
    """One mechanism's status in one country, with the evidence for it."""

    status: Status
    evidence: Text | None = None
    source: Text | None = None
    as_of: Year | None = None
    note: Text | None = None


class _CountryFields(Record, kw_only=True, frozen=True):
    """What a country is, apart from its mechanisms."""

    name: Text
    iso2: Iso2
    iso3: Iso3
    aliases: list[Text] = []
    agency: Agency | None = None
    assessment: Assessment | None = None
    paper_figures: PaperFigures | None = None


class Country(_CountryFields, kw_only=True, frozen=True):
    """A country as of one year: one assessment per mechanism (see `CountryRecord.as_of`)."""

    mechanisms: dict[str, MechanismAssessment]


class CountryRecord(_CountryFields, kw_only=True, frozen=True):
    """A country as written in countries.yaml: a mechanism is one assessment or a list of dated ones."""

    mechanisms: dict[str, MechanismAssessment | list[MechanismAssessment]]

    def history(self, key: str) -> list[MechanismAssessment]:
        """The mechanism's assessments, oldest first (an undated one, necessarily `unknown`, first)."""
        entry = self.mechanisms.get(key)
        if entry is None:
            return []
        entries = entry if isinstance(entry, list) else [entry]
        return sorted(entries, key=lambda e: e.as_of if e.as_of is not None else 0)

    def as_of(self, year: int | None) -> Country:
        """The country as of `year` (None: the latest): per mechanism, the last assessment not after it."""
        mechanisms: dict[str, MechanismAssessment] = {}
        for key in self.mechanisms:
            valid = [e for e in self.history(key) if year is None or e.as_of is None or e.as_of <= year]
            mechanisms[key] = (
                valid[-1] if valid else MechanismAssessment(status="unknown", note=f"not assessed by {year}")
            )
        shared = {name: getattr(self, name) for name in _CountryFields.__struct_fields__}
        return Country(**shared, mechanisms=mechanisms)


class CountriesFile(Record, kw_only=True, frozen=True):
    sources: dict[str, Source]
    countries: list[CountryRecord]


class Mechanism(Record, kw_only=True, frozen=True):
    """A scoring criterion: one way a government supports exports."""

    key: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    stage: Text
    weight: Weight
    recommendation: Recommendation
    definition: Text


class Preset(Record, kw_only=True, frozen=True):
    rationale: Text
    weights: dict[str, Weight]


class MechanismsFile(Record, kw_only=True, frozen=True):
    stages: dict[str, Text]
    recommendations: dict[int, Text]
    mechanisms: list[Mechanism]
    default_rationale: Text
    presets: dict[str, Preset] = {}


def build(data: Any, kind: type[msgspec.Struct]) -> Any:
    """Convert checked data into records (`validation.check` has already reported any problem)."""
    return msgspec.convert(data, kind, strict=True)


class WeightsFile(Record, kw_only=True, frozen=True):
    """A user's `--weights` file in the shape of a preset (a plain key: weight mapping is also accepted)."""

    rationale: Text | None = None
    weights: dict[str, Weight]
