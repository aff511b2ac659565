"""The typed records of the dataset (msgspec Structs) and the vocabulary they use.

These types are the single description of the data files: `validation.check` walks them to report every
problem with its field path, and `msgspec.convert` then builds the records.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from fmscompare.months import DATE_PATTERN, MONTH_PATTERN, Month, data_month
from fmscompare.periods import DATA_PATTERN

_BEFORE_ALL = Month(0, 1)  # sorts an undated (unknown) assessment first

Status = Literal["yes", "partial", "no", "unknown"]
STATUS_VALUES: tuple[str, ...] = ("yes", "partial", "no", "unknown")
KNOWN_STATUSES = frozenset({"yes", "partial", "no"})

Text = Annotated[str, msgspec.Meta(min_length=1)]
# A name as tables show it in one cell (a country, an alias, an agency): the longest in the data is 53.
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Iso2 = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
Iso3 = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Year = Annotated[int, msgspec.Meta(ge=1900, le=2100)]
# When an assessment takes effect: a month `2023-12` (quoted or not) or, in older datasets, a year alone.
MonthText = Annotated[str, msgspec.Meta(pattern=MONTH_PATTERN)]
AsOf = Year | MonthText
# A publication date as precise as the source gives it: `2023`, `2023-04` or `2023-04-13`.
DateText = Annotated[str, msgspec.Meta(pattern=DATE_PATTERN)]
# A language tag for a source not in English (ISO 639-1, e.g. `ko`, `de`).
Language = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2}$")]
PeriodText = Annotated[str, msgspec.Meta(pattern=DATA_PATTERN)]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]
# Weights are relative, so any range will do; the bound keeps out .inf and sums that overflow.
MAX_WEIGHT = 1000
# What scoring relies on in every dataset: the three stages of the paper's spectrum (DCS promotion, G2G,
# FMS-style), and the two mechanisms that decide a country's contracting model, each in its stage.
MODEL_STAGES = ("promotion", "g2g", "fms")
G2G_CONTRACTING = "g2g_contracting"
INTERMEDIARY_PROCUREMENT = "intermediary_procurement"
MODEL_MECHANISMS = {G2G_CONTRACTING: "g2g", INTERMEDIARY_PROCUREMENT: "fms"}
# The note on a mechanism in the paper's own picture where the sources say otherwise.
PAPER_CLAIM_NOTE = "The paper's claim; the sources show otherwise."
Weight = Annotated[float, msgspec.Meta(ge=0, le=MAX_WEIGHT)]
Recommendation = Annotated[int, msgspec.Meta(ge=1, le=8)]
PositiveInt = Annotated[int, msgspec.Meta(ge=1)]


class Record(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """Base for every record: unknown fields are errors, so a typo never passes silently."""


class Source(Record, kw_only=True, frozen=True):
    """A page a reader can open: its own title, who published it and when, and where it is."""

    title: Text
    author: Text | None = None
    publisher: Text | None = None
    date: Year | DateText | None = None  # publication date, as precise as the page gives it
    url: Text | None = None  # canonical: no AMP page, tracking parameter or mirror
    accessed: Year | DateText | None = None  # when we read it
    language: Language | None = None  # when not English
    secondary: bool = False  # an aggregator or secondary outlet, kept because no primary source was found


class Agency(Record, kw_only=True, frozen=True):
    name: Name
    parent: Text | None = None
    founded: Year | None = None
    source: Text
    locator: Text | None = None
    find: Text | None = None
    note: Text | None = None


class Assessment(Record, kw_only=True, frozen=True):
    """The paper's verdict on a country, stated in our words, with where in the paper it stands."""

    text: Text
    source: Text
    locator: Text | None = None
    find: Text | None = None
    note: Text | None = None


class PaperFigures(Record, kw_only=True, frozen=True):
    """SIPRI figures as the paper quotes them, kept beside SIPRI's own to show where they differ."""

    period: PeriodText
    share_pct: Percent | None = None
    rank: PositiveInt | None = None
    change_pct: float | None = None
    base_period: PeriodText | None = None
    text: Text  # what the paper says of the figures, in our words
    source: Text
    locator: Text | None = None
    find: Text | None = None
    note: Text | None = None


class PaperClaim(Record, kw_only=True, frozen=True):
    """What the paper claims where the sources show otherwise: kept beside the sourced status, not instead."""

    status: Literal["yes", "partial", "no"]
    evidence: Text
    locator: Text
    find: Text | None = None


class MechanismAssessment(Record, kw_only=True, frozen=True):
    """One mechanism's status in one country, with the evidence for it.

    `evidence` is our own statement of what the source says (never a quotation); `locator` says where in
    the source it stands and `find` is a phrase of at most ten words that occurs there exactly.
    """

    status: Status
    evidence: Text | None = None
    source: Text | None = None
    locator: Text | None = None
    find: Text | None = None
    as_of: AsOf | None = None
    note: Text | None = None
    paper: PaperClaim | None = None
    deals: list[Text] = []  # ids of deals in deals.yaml that bear the status out (the country's own sales)

    @property
    def month(self) -> Month | None:
        """When the assessment takes effect (None for an undated unknown)."""
        return data_month(self.as_of) if self.as_of is not None else None


class _CountryFields(Record, kw_only=True, frozen=True):
    """What a country is, apart from its mechanisms."""

    name: Name
    iso2: Iso2
    iso3: Iso3
    aliases: list[Name] = []
    agency: Agency | None = None
    assessment: Assessment | None = None
    paper_figures: PaperFigures | None = None
    reviewed: MonthText | None = None  # the month the profile was last checked against its sources


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
        return sorted(entries, key=lambda e: e.month or _BEFORE_ALL)

    def in_force(self, key: str, month: Month | None) -> MechanismAssessment | None:
        """The mechanism's last assessment not after `month` (None: the latest); None when there is none."""
        valid = [e for e in self.history(key) if month is None or e.month is None or e.month <= month]
        return valid[-1] if valid else None

    def as_of(self, month: Month | None) -> Country:
        """The country as of `month` (None: the latest): per mechanism, the last assessment not after it."""
        mechanisms: dict[str, MechanismAssessment] = {}
        for key in self.mechanisms:
            entry = self.in_force(key, month)
            mechanisms[key] = entry or MechanismAssessment(status="unknown", note=f"not assessed by {month}")
        return self._with(mechanisms)

    def paper_claims(self, paper_month: Month, paper_source: str) -> Country:
        """The country as the paper itself describes it: per mechanism, the paper's own claim.

        Where the assessment in force at the paper's date cites the paper, that is its claim; where it
        records that the paper says otherwise (`paper:`), the paper's status replaces the sourced one; a
        mechanism the paper does not address is unknown.
        """
        mechanisms: dict[str, MechanismAssessment] = {}
        for key in self.mechanisms:
            entry = self.in_force(key, paper_month)
            if entry is not None and entry.paper is not None:
                claim = entry.paper
                mechanisms[key] = MechanismAssessment(
                    status=claim.status,
                    evidence=claim.evidence,
                    source=paper_source,
                    locator=claim.locator,
                    find=claim.find,
                    as_of=str(paper_month),
                    note=PAPER_CLAIM_NOTE,
                )
            elif entry is not None and entry.source == paper_source:
                mechanisms[key] = entry
            else:
                mechanisms[key] = MechanismAssessment(status="unknown", note="the paper does not say")
        return self._with(mechanisms)

    def _with(self, mechanisms: dict[str, MechanismAssessment]) -> Country:
        shared = {name: getattr(self, name) for name in _CountryFields.__struct_fields__}
        return Country(**shared, mechanisms=mechanisms)


class CountriesFile(Record, kw_only=True, frozen=True):
    sources: dict[str, Source]
    countries: list[CountryRecord]


class Rubric(Record, kw_only=True, frozen=True):
    """What counts as yes, partial and no for one mechanism: the rule every country is rated by."""

    yes: Text
    partial: Text
    no: Text


class Mechanism(Record, kw_only=True, frozen=True):
    """A scoring criterion: one way a government supports exports."""

    key: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    stage: Text
    weight: Weight
    recommendation: Recommendation
    definition: Text
    rubric: Rubric


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


# Deals (data/deals.yaml): export contracts of the profiled exporters, each with the channel it went through.
# dcs: the buyer contracts the company; g2g: the seller government signs as a contracting party; fms: the
# seller government buys from its industry and resells to the buyer. A deal may combine two. unknown: the
# pages read do not show who signed for the seller; it stands alone.
Channel = Literal["dcs", "g2g", "fms", "unknown"]
CHANNELS: tuple[str, ...] = ("dcs", "g2g", "fms", "unknown")
SellerRole = Literal["contracting_party", "intermediary_buyer", "guarantor", "financier", "surplus_seller", "none"]
DealStatus = Literal["signed", "delivering", "delivered", "cancelled"]
DealId = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{3}-[a-z]{3}-[0-9]{4}(-[0-9]{2})?-[a-z0-9-]+$")]
SipriId = Annotated[int, msgspec.Meta(ge=1, le=10_000_000)]
Amount = Annotated[float, msgspec.Meta(gt=0, le=1_000_000)]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]


class DealValue(Record, kw_only=True, frozen=True):
    """A deal's value as a source reports it: 7.87 billion EUR."""

    amount: Amount
    currency: Currency
    unit: Literal["million", "billion"]


class Deal(Record, kw_only=True, frozen=True):
    """One export deal: who sold what to whom, when, through which channel, and the evidence for it."""

    id: DealId
    seller: Iso3
    buyer: Iso3
    systems: Text
    ordered: AsOf
    value: DealValue | None = None
    channel: Annotated[list[Channel], msgspec.Meta(min_length=1, max_length=3)]
    seller_roles: list[SellerRole] = []
    status: DealStatus
    sipri_ids: list[SipriId] = []
    evidence: Text
    source: Text
    locator: Text
    find: Text | None = None
    note: Text | None = None


class DealsFile(Record, kw_only=True, frozen=True):
    sources: dict[str, Source] = {}
    deals: list[Deal]
