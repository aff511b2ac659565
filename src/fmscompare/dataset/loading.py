"""Reading and checking a dataset directory: every problem is reported with file, line and field.

`load_directory` reads the three files, collects every problem it finds and raises one DataError listing
them all, so a user fixes a file in one pass. A field of the wrong type does not stop the checks across
records (sources cited, codes repeated, the evidence rules): they run on what is sound of the file (see
`validation.salvage`), so that a new profile's every problem shows in one run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msgspec import inspect as mi

from fmscompare.dataset import schema
from fmscompare.dataset.files import (
    BASES,
    COUNTRIES_FILE,
    DEALS_FILE,
    MECHANISMS_FILE,
    SHARES_COLUMNS,
    SHARES_FILE,
    resolve_data_dir,
)
from fmscompare.dataset.model import Dataset, ShareRow, Shares
from fmscompare.dataset.paper import PAPER_MONTH, PAPER_SOURCE
from fmscompare.dataset.validation import INVALID, FieldProblem, PathPart, check, format_path, salvage
from fmscompare.dataset.yamldoc import YamlDocument, load_yaml
from fmscompare.errors import DataError, Problem
from fmscompare.fileio import read_text
from fmscompare.months import Month, data_month
from fmscompare.periods import DATA_PATTERN as PERIOD_PATTERN
from fmscompare.periods import SIPRI_YEARS, Period
from fmscompare.textutil import fold, suggest


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate a dataset directory; raise DataError listing every problem found."""
    return load_directory(resolve_data_dir(data_dir))


def load_directory(directory: Path) -> Dataset:
    """Load and validate a dataset directory; raise DataError listing every problem found."""
    if not directory.exists():
        raise DataError([Problem(str(directory), "data directory not found")])
    if not directory.is_dir():
        raise DataError([Problem(str(directory), "expected a data directory; found a file")])

    # Each file's problems together, within a file record by record; the criteria first, as a problem in
    # them (a mechanism's key) can make problems in the profiles that use them.
    countries_problems: list[Problem] = []
    mechanisms_problems: list[Problem] = []
    shares_problems: list[Problem] = []
    countries_read = _read_records(directory / COUNTRIES_FILE, schema.CountriesFile, countries_problems)
    mechanisms_read = _read_records(directory / MECHANISMS_FILE, schema.MechanismsFile, mechanisms_problems)
    mechanisms: schema.MechanismsFile | None = None
    countries: schema.CountriesFile | None = None
    if mechanisms_read is not None:
        mechanisms = mechanisms_read.records
        found = _check_mechanisms(mechanisms) if mechanisms is not None else []
        mechanisms_problems += _report(mechanisms_read, found)
    if countries_read is not None:
        countries = countries_read.records
        keys = _mechanism_keys(mechanisms)
        found = _check_countries(countries, keys, countries_read.invalid) if countries is not None else []
        countries_problems += _report(countries_read, found)
    # A source id is defined when it is given, even with a field of its own wrong.
    source_ids = set(countries.sources) if countries is not None and isinstance(countries.sources, dict) else None
    shares = _load_shares(directory / SHARES_FILE, source_ids, shares_problems)
    deals_problems: list[Problem] = []
    deals = _load_deals(directory / DEALS_FILE, countries, source_ids, deals_problems)
    if countries_read is not None and countries is not None:
        # Reported in countries.yaml, where the citation stands, after that file's own problems.
        countries_problems += _problems_at(countries_read.doc, _check_deal_citations(countries, deals))

    problems = mechanisms_problems + countries_problems + shares_problems + deals_problems
    if problems:
        raise DataError(problems)
    assert countries is not None and mechanisms is not None and shares is not None
    return Dataset(
        directory=directory,
        sources={**countries.sources, **(deals.sources if deals is not None else {})},
        deals=list(deals.deals) if deals is not None else [],
        countries=[record.as_of(None) for record in countries.countries],
        records=countries.countries,
        stages=mechanisms.stages,
        recommendations=mechanisms.recommendations,
        mechanisms=mechanisms.mechanisms,
        default_rationale=mechanisms.default_rationale,
        presets=mechanisms.presets,
        shares=shares,
    )


@dataclass(frozen=True)
class _Read:
    """A data file read: its records and the problems of their fields (`found`).

    When fields are wrong, `records` holds what is sound of the file (`validation.salvage`: None where a
    required field is wrong), so that the checks across records still run on the rest; None when the file
    holds no mapping at all.
    """

    doc: YamlDocument
    records: Any
    found: tuple[FieldProblem, ...]

    @property
    def invalid(self) -> frozenset[tuple[PathPart, ...]]:
        """The paths of the fields whose values are wrong."""
        return frozenset(problem.path for problem in self.found)


def _read_records(path: Path, kind: type[Any], problems: list[Problem]) -> _Read | None:
    """Read a YAML file into `kind`'s records; None (the problem added to `problems`) when the file cannot
    be read or parsed, so that nothing in it can be checked."""
    try:
        doc = load_yaml(path, keep_going=True)
    except DataError as exc:
        problems += exc.problems
        return None
    info = _type_info(kind)
    found = check(doc.data, info)
    if not found:
        return _Read(doc, schema.build(doc.data, kind), ())
    records = salvage(doc.data, info)
    return _Read(doc, None if records is INVALID else records, tuple(found))


_TYPE_INFO: dict[type[Any], mi.Type] = {}


def _type_info(kind: type[Any]) -> mi.Type:
    """msgspec's description of a file's schema (a few ms: it evaluates the classes' annotations), once."""
    info = _TYPE_INFO.get(kind)
    if info is None:
        info = _TYPE_INFO[kind] = mi.type_info(kind)
    return info


def _report(read: _Read, checked: list[FieldProblem]) -> list[Problem]:
    """Every problem of a file, record by record (a source, a country, in the file's order) so that a
    profile's problems stand together; within a record, the wrong fields first, then what the checks across
    records found (which a wrong field may explain), each in the order of the record's fields."""
    doc = read.doc
    keyed = [((problem.line or 0, 0), problem) for problem in doc.problems]
    for phase, found in enumerate((read.found, checked)):
        for field_problem in found:
            problem = _problems_at(doc, [field_problem])[0]
            keyed.append(((doc.line_of(field_problem.path[:2]) or 0, phase), problem))
    keyed.sort(key=lambda pair: pair[0])  # stable: within a record and phase, the order they were found in
    return [problem for _, problem in keyed]


def _mechanism_keys(mechanisms: schema.MechanismsFile | None) -> list[str] | None:
    """The mechanism keys a country may use; None when they are not all known (a key is wrong), so that no
    country is told a key is unknown or missing on the strength of a broken criteria file."""
    if mechanisms is None or not isinstance(mechanisms.mechanisms, list):
        return None
    keys = [m.key if m is not None else None for m in mechanisms.mechanisms]
    return [k for k in keys if k is not None] if None not in keys else None


def _problems_at(doc: YamlDocument, found: Iterable[FieldProblem]) -> list[Problem]:
    return [Problem(str(doc.path), p.message, doc.line_of(p.path), format_path(p.path) or None) for p in found]


def _check_mechanisms(data: schema.MechanismsFile) -> list[FieldProblem]:
    """The criteria's cross-checks: keys, stages, recommendations, the model's mechanisms, the presets.

    On a file with wrong fields (None in `data`; see `_Read`), a check that a wrong field would decide is
    left out: the wrong field is reported already, and a guess from it would only add noise.
    """
    found: list[FieldProblem] = []
    keys: dict[str, int] = {}
    mechanisms = data.mechanisms if isinstance(data.mechanisms, list) else []
    stages = data.stages if isinstance(data.stages, dict) else None
    recommendations = data.recommendations if isinstance(data.recommendations, dict) else None
    for i, mech in enumerate(mechanisms):
        if mech is None:
            continue
        if mech.key in keys:
            found.append(
                FieldProblem(
                    ("mechanisms", i, "key"),
                    f"duplicate mechanism {mech.key!r} (also mechanisms[{keys[mech.key]}])",
                )
            )
        elif mech.key is not None:
            keys[mech.key] = i
        if stages is not None and mech.stage is not None and mech.stage not in stages:
            found.append(
                FieldProblem(
                    ("mechanisms", i, "stage"),
                    f"expected one of {', '.join(stages)}; got {mech.stage!r}" + suggest(mech.stage, list(stages)),
                )
            )
        known = recommendations is None or mech.recommendation is None or mech.recommendation in recommendations
        if not known:
            found.append(
                FieldProblem(("mechanisms", i, "recommendation"), f"no recommendation {mech.recommendation} is defined")
            )
    if stages is not None:
        missing_stages = [stage for stage in schema.MODEL_STAGES if stage not in stages]
        if missing_stages:
            found.append(
                FieldProblem(
                    ("stages",),
                    f"expected the stages of the paper's spectrum, {', '.join(schema.MODEL_STAGES)}; "
                    f"missing {', '.join(missing_stages)}",
                )
            )
    # Whether a key is missing or unknown can be told only when every mechanism's key was read.
    all_keys = _mechanism_keys(data) is not None
    for key, stage in schema.MODEL_MECHANISMS.items():
        if key not in keys:
            if all_keys:
                found.append(
                    FieldProblem(
                        ("mechanisms",),
                        f"expected a mechanism {key!r} (stage {stage}): it decides each country's contracting model"
                        + suggest(key, list(keys)),
                    )
                )
        elif (got := mechanisms[keys[key]].stage) is not None and got != stage:
            found.append(
                FieldProblem(
                    ("mechanisms", keys[key], "stage"),
                    f"{key} decides the contracting model from stage {stage}; got {got!r}",
                )
            )
    weights = [m.weight for m in mechanisms if m is not None]
    if isinstance(data.mechanisms, list) and not data.mechanisms:
        found.append(FieldProblem(("mechanisms",), "expected at least one mechanism"))
    elif all_keys and None not in weights and sum(weights) <= 0:
        found.append(FieldProblem(("mechanisms",), "the default weights are all zero; at least one must be positive"))
    presets = data.presets if isinstance(data.presets, dict) else {}
    for name, preset in presets.items():
        if preset is None or not isinstance(preset.weights, dict):
            continue
        if all_keys:
            for key in preset.weights:
                if key not in keys:
                    found.append(
                        FieldProblem(("presets", name, "weights", key), f"unknown mechanism{suggest(key, list(keys))}")
                    )
            for key in keys:
                if key not in preset.weights:
                    found.append(FieldProblem(("presets", name, "weights"), f"no weight given for mechanism {key!r}"))
        given = list(preset.weights.values())
        if given and None not in given and sum(given) <= 0:
            found.append(
                FieldProblem(("presets", name, "weights"), "all weights are zero; at least one must be positive")
            )
    return found


def _check_countries(
    data: schema.CountriesFile,
    mechanism_keys: list[str] | None,
    invalid: frozenset[tuple[PathPart, ...]] = frozenset(),
) -> list[FieldProblem]:
    """The profiles' cross-checks: sources cited, names and codes unique, the evidence rules, dates, the
    mechanisms each country must rate (`mechanism_keys`; None: not checked).

    On a file with wrong fields (their paths in `invalid`; None in `data`, see `_Read`), a field given but
    wrong is not reported again as missing, and a check that a wrong field would decide is left out.
    """
    found: list[FieldProblem] = []
    defined = data.sources if isinstance(data.sources, dict) else None
    sources = list(defined or ())

    def cite(path: tuple[PathPart, ...], source: str | None) -> None:
        if source is not None and defined is not None and source not in defined:
            found.append(
                FieldProblem(path, f"source {source!r} is not defined under sources{suggest(source, sources)}")
            )

    def missing(path: tuple[PathPart, ...], value: object) -> bool:
        return value is None and path not in invalid

    today = Month.today()
    found += _check_sources(defined or {}, today, invalid)
    names: dict[str, tuple[int, str]] = {}
    countries = data.countries if isinstance(data.countries, list) else []
    for i, country in enumerate(countries):
        if country is None:
            continue
        base: tuple[PathPart, ...] = ("countries", i)
        # Names, aliases and codes all identify a country on the command line, so none may repeat.
        for fld, values in (
            ("name", [country.name]),
            ("iso2", [country.iso2]),
            ("iso3", [country.iso3]),
            ("aliases", country.aliases),
        ):
            for value in values:
                if value is None:
                    continue
                key = fold(value)
                if key in names and names[key][0] != i:
                    other, other_field = names[key]
                    found.append(
                        FieldProblem(
                            base + (fld,),
                            f"{value!r} already identifies countries[{other}] (its {other_field})",
                        )
                    )
                names.setdefault(key, (i, fld))
        for part_name in ("agency", "assessment", "paper_figures"):
            part = getattr(country, part_name)
            if part is not None:
                cite(base + (part_name, "source"), part.source)
                if missing(base + (part_name, "locator"), part.locator):
                    found.append(FieldProblem(base + (part_name, "locator"), _LOCATOR_NEEDED))
                found += _find_problems(base + (part_name, "find"), part.find)
        if country.reviewed is not None and data_month(country.reviewed) > today:
            found.append(FieldProblem(base + ("reviewed",), f"{country.reviewed} is in the future"))
        if not isinstance(country.mechanisms, dict):
            continue
        for key, given in country.mechanisms.items():
            key_path = base + ("mechanisms", key)
            if mechanism_keys is not None and key not in mechanism_keys:
                found.append(FieldProblem(key_path, f"unknown mechanism{suggest(key, mechanism_keys)}"))
            dated = isinstance(given, list)
            entries = given if isinstance(given, list) else [given]
            if dated and not entries:
                found.append(FieldProblem(key_path, "expected at least one dated assessment; the list is empty"))
            seen_months: dict[Month, int] = {}
            # Which assessment was in force at the paper's date is known only when every one was read whole.
            sound = all(
                entry is not None and (key_path + ((j,) if dated else ()) + ("as_of",)) not in invalid
                for j, entry in enumerate(entries)
            )
            in_force_at_paper = country.in_force(key, PAPER_MONTH) if sound else None
            for j, entry in enumerate(entries):
                if entry is None:
                    continue
                path = key_path + (j,) if dated else key_path
                if entry.status in schema.KNOWN_STATUSES:
                    for required in ("evidence", "source", "locator", "as_of"):
                        if missing(path + (required,), getattr(entry, required)):
                            message = (
                                _LOCATOR_NEEDED
                                if required == "locator"
                                else f"required when status is {entry.status!r}"
                            )
                            found.append(FieldProblem(path + (required,), message))
                elif entry.status is not None:
                    for forbidden in ("evidence", "source", "locator", "find"):
                        if getattr(entry, forbidden) is not None:
                            found.append(
                                FieldProblem(
                                    path + (forbidden,),
                                    "an unknown status carries no evidence or source; set the status it supports",
                                )
                            )
                found += _find_problems(path + ("find",), entry.find)
                month = entry.month
                if month is not None and month > today:
                    found.append(FieldProblem(path + ("as_of",), f"{entry.as_of} is in the future"))
                if dated:
                    if missing(path + ("as_of",), month):
                        found.append(FieldProblem(path + ("as_of",), "required in a list of dated assessments"))
                    elif month in seen_months:
                        found.append(
                            FieldProblem(
                                path + ("as_of",),
                                f"{entry.as_of} falls in the month of assessment [{seen_months[month]}]; "
                                "give each assessment its own month",
                            )
                        )
                    elif month is not None:
                        seen_months[month] = j
                cite(path + ("source",), entry.source)
                if entry.paper is not None:
                    at_paper = entry is in_force_at_paper if sound else None
                    found += _paper_claim_problems(path + ("paper",), entry, at_paper, defined)
        if mechanism_keys is not None:
            for key in mechanism_keys:
                if key not in country.mechanisms:
                    found.append(
                        FieldProblem(
                            base + ("mechanisms",),
                            f"mechanism {key!r} is missing; write `{key}: {{status: unknown}}` if it is not known",
                        )
                    )
    return found


_LOCATOR_NEEDED = (
    "required: where in the source the fact stands (a section, page, paragraph or table), so that a reader can find it"
)
MAX_FIND_WORDS = 10


def _find_problems(path: tuple[PathPart, ...], find: str | None) -> list[FieldProblem]:
    """A find phrase is for the browser's search: short, and on one line as the page has it."""
    if find is None:
        return []
    words = len(find.split())
    if words > MAX_FIND_WORDS:
        return [FieldProblem(path, f"expected at most {MAX_FIND_WORDS} words to search for; got {words}")]
    if "\n" in find:
        return [FieldProblem(path, "expected a phrase on one line")]
    return []


def _paper_claim_problems(
    path: tuple[PathPart, ...],
    entry: schema.MechanismAssessment,
    in_force_at_paper: bool | None,
    sources: dict[str, schema.Source] | None,
) -> list[FieldProblem]:
    """`paper:` records the paper's claim beside a sourced status that differs, at the paper's date.

    `in_force_at_paper` None: not known (a date is wrong); `sources` None: the sources could not be read.
    """
    assert entry.paper is not None
    found = []
    if in_force_at_paper is False:
        found.append(
            FieldProblem(
                path,
                f"the paper's claim belongs on the assessment in force at the paper's date ({PAPER_MONTH}); "
                f"this one is dated {entry.as_of}",
            )
        )
    if entry.paper.status is not None and entry.paper.status == entry.status:
        found.append(
            FieldProblem(
                path + ("status",), "the paper agrees with the sources here; cite the paper as the source instead"
            )
        )
    if sources is not None and PAPER_SOURCE not in sources:
        found.append(FieldProblem(path, f"the paper's claim needs the source {PAPER_SOURCE!r} under sources"))
    found += _find_problems(path + ("find",), entry.paper.find)
    return found


# Query parameters that track a reader or pick an AMP rendering rather than name the page.
_TRACKING = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|hs_amp|amp|outputType|src)$", re.I
)
_AMP_PATH = re.compile(r"(^|/)amp(/|$)|\.amp(/|$)|/amp\.html?$", re.I)


def url_problem(url: str) -> str | None:
    """Why a URL is not a canonical address of its page, or None when it is."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"expected a web address starting with https://; got {url!r}"
    if _AMP_PATH.search(parts.path) or parts.netloc.lower().startswith("amp."):
        return "an AMP page; cite the page itself (its canonical URL)"
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if _TRACKING.match(k)]
    if tracking:
        return f"tracking or AMP parameter {', '.join(tracking)} in the URL; cite the page without it"
    return None


def _check_sources(
    sources: dict[str, schema.Source], today: Month, invalid: frozenset[tuple[PathPart, ...]] = frozenset()
) -> list[FieldProblem]:
    """Every source is a page a reader can open and recognise: its own title, publisher, date and address.

    A field given but wrong (its path in `invalid`) is reported already, not again as missing.
    """
    found = []
    for ident, source in sources.items():
        if source is None:
            continue
        path: tuple[PathPart, ...] = ("sources", ident)
        if source.title is not None and source.title.lstrip().startswith("["):
            found.append(
                FieldProblem(path + ("title",), "expected the page's own title; a [bracketed] title is a description")
            )
        for required, what in (
            ("publisher", "who published it"),
            ("date", "when it was published (2023, 2023-04 or 2023-04-13)"),
            ("url", "where a reader can open it"),
            ("accessed", "when it was read (2026-12)"),
        ):
            if getattr(source, required) is None and path + (required,) not in invalid:
                found.append(FieldProblem(path + (required,), f"required: {what}"))
        if source.url is not None:
            problem = url_problem(source.url)
            if problem:
                found.append(FieldProblem(path + ("url",), problem))
        for name in ("date", "accessed"):
            value = getattr(source, name)
            if value is not None and data_month(str(value)[:7]) > today:
                found.append(FieldProblem(path + (name,), f"{value} is in the future"))
    return found


def _load_deals(
    path: Path, countries: schema.CountriesFile | None, source_ids: set[str] | None, problems: list[Problem]
) -> schema.DealsFile | None:
    """The deals catalogue, if the folder has one (None, and nothing to report, when it has not)."""
    if not path.exists() and not path.is_symlink():
        return None
    read = _read_records(path, schema.DealsFile, problems)
    if read is None or read.records is None:
        return None
    deals: schema.DealsFile = read.records
    problems += _report(read, _check_deals(deals, countries, source_ids, read.invalid))
    return deals


# What each channel says the seller government did (the rubric's terms).
_CHANNEL_ROLES = {"g2g": "contracting_party", "fms": "intermediary_buyer"}


def _check_deals(
    data: schema.DealsFile,
    countries: schema.CountriesFile | None,
    source_ids: set[str] | None,
    invalid: frozenset[tuple[PathPart, ...]],
) -> list[FieldProblem]:
    """Ids once each; sellers among the profiled countries; every source defined (in countries.yaml or
    here, never both); a channel the seller's roles bear out; dates not in the future; SIPRI ids once."""
    found: list[FieldProblem] = []
    today = Month.today()
    own = data.sources if isinstance(data.sources, dict) else {}
    found += [FieldProblem(("sources",) + p.path[1:], p.message) for p in _check_sources(own, today, invalid)]
    for ident in own:
        if source_ids is not None and ident in source_ids:
            found.append(FieldProblem(("sources", ident), f"source {ident!r} is already defined in {COUNTRIES_FILE}"))
    known_sources = (source_ids or set()) | set(own)
    # A seller is checked against the profiles only when every profile was read whole: a country whose own
    # fields are wrong is reported there, not again under each of its deals.
    profiled = (
        {c.iso3 for c in countries.countries}
        if countries is not None
        and isinstance(countries.countries, list)
        and all(c is not None and isinstance(c.iso3, str) for c in countries.countries)
        else None
    )
    seen: dict[str, int] = {}
    sipri_seen: dict[int, str] = {}
    for i, deal in enumerate(data.deals if isinstance(data.deals, list) else []):
        if deal is None:
            continue
        path: tuple[PathPart, ...] = ("deals", i)
        if deal.id in seen:
            found.append(
                FieldProblem(path + ("id",), f"deal {deal.id!r} is given twice (first as deals[{seen[deal.id]}])")
            )
        seen.setdefault(deal.id, i)
        if not deal.id.startswith(f"{deal.seller.lower()}-{deal.buyer.lower()}-"):
            found.append(
                FieldProblem(
                    path + ("id",),
                    f"expected an id starting {deal.seller.lower()}-{deal.buyer.lower()}- (seller, buyer)",
                )
            )
        if profiled is not None and deal.seller not in profiled:
            found.append(FieldProblem(path + ("seller",), f"{deal.seller} has no profile in {COUNTRIES_FILE}"))
        if deal.buyer == deal.seller:
            found.append(FieldProblem(path + ("buyer",), "the buyer is the seller"))
        if (source_ids is not None) and deal.source not in known_sources:
            found.append(
                FieldProblem(
                    path + ("source",),
                    f"source {deal.source!r} is not defined under sources in {DEALS_FILE} or {COUNTRIES_FILE}"
                    f"{suggest(deal.source, sorted(known_sources))}",
                )
            )
        for channel, role in _CHANNEL_ROLES.items():
            if channel in deal.channel and role not in deal.seller_roles:
                found.append(
                    FieldProblem(
                        path + ("seller_roles",), f"channel {channel} means the seller government is {role}; add it"
                    )
                )
        if "unknown" in deal.channel and len(deal.channel) > 1:
            found.append(FieldProblem(path + ("channel",), "unknown stands alone: no other channel beside it"))
        elif "unknown" not in deal.channel and not deal.seller_roles:
            found.append(
                FieldProblem(
                    path + ("seller_roles",),
                    "expected the seller government's roles (none when it took no part); only a deal whose "
                    "channel is unknown may leave them out",
                )
            )
        if "unknown" in deal.channel:
            for role in sorted(set(_CHANNEL_ROLES.values()) & set(deal.seller_roles)):
                found.append(
                    FieldProblem(
                        path + ("seller_roles",),
                        f"{role} says who signed, so the channel is known: g2g or fms, not unknown",
                    )
                )
        if "none" in deal.seller_roles and len(deal.seller_roles) > 1:
            found.append(FieldProblem(path + ("seller_roles",), "none cannot stand beside another role"))
        if "none" in deal.seller_roles and set(deal.channel) & set(_CHANNEL_ROLES):
            found.append(FieldProblem(path + ("channel",), "a g2g or fms deal has a seller government with a role"))
        if len(set(deal.channel)) != len(deal.channel):
            found.append(FieldProblem(path + ("channel",), "a channel is given twice"))
        if data_month(str(deal.ordered)) > today:
            found.append(FieldProblem(path + ("ordered",), f"{deal.ordered} is in the future"))
        for sipri_id in deal.sipri_ids:
            if sipri_id in sipri_seen:
                found.append(
                    FieldProblem(
                        path + ("sipri_ids",), f"SIPRI deal {sipri_id} is also given for {sipri_seen[sipri_id]}"
                    )
                )
            sipri_seen.setdefault(sipri_id, deal.id)
        found += _find_problems(path + ("find",), deal.find)
    return found


# The channel a deal must have (or must not have) to bear out a status of these mechanisms.
_CHANNEL_OF = {schema.G2G_CONTRACTING: "g2g", schema.INTERMEDIARY_PROCUREMENT: "fms"}


def _check_deal_citations(countries: schema.CountriesFile, deals: schema.DealsFile | None) -> list[FieldProblem]:
    """An assessment's `deals` name deals in deals.yaml that the country sold, and whose channel agrees with
    the status: a yes or partial on G2G contracting cites g2g deals, a no none; the same for intermediary
    procurement and fms."""
    if not isinstance(countries.countries, list):
        return []
    catalogue = {d.id: d for d in deals.deals if d is not None} if deals is not None else {}
    found: list[FieldProblem] = []
    for i, record in enumerate(countries.countries):
        if record is None or not isinstance(record.mechanisms, dict):
            continue
        for key, entries in record.mechanisms.items():
            listed = entries if isinstance(entries, list) else [entries]
            for j, entry in enumerate(listed):
                if entry is None or not entry.deals:
                    continue
                path: tuple[PathPart, ...] = ("countries", i, "mechanisms", key)
                if isinstance(entries, list):
                    path += (j,)
                for ident in entry.deals:
                    deal = catalogue.get(ident)
                    if deal is None:
                        found.append(
                            FieldProblem(
                                path + ("deals",),
                                f"deal {ident!r} is not in {DEALS_FILE}{suggest(ident, sorted(catalogue))}",
                            )
                        )
                        continue
                    if deal.seller != record.iso3:
                        found.append(FieldProblem(path + ("deals",), f"deal {ident!r} is a sale of {deal.seller}"))
                    channel = _CHANNEL_OF.get(key)
                    if channel is None:
                        continue
                    if entry.status in ("yes", "partial") and channel not in deal.channel:
                        found.append(
                            FieldProblem(
                                path + ("deals",),
                                f"deal {ident!r} went through {'+'.join(deal.channel)}, not {channel}: it cannot "
                                f"bear out {key}: {entry.status}",
                            )
                        )
                    if entry.status == "no" and channel in deal.channel:
                        found.append(
                            FieldProblem(
                                path + ("deals",), f"deal {ident!r} went through {channel}, which contradicts {key}: no"
                            )
                        )
    return found


def _load_shares(path: Path, source_ids: set[str] | None, problems: list[Problem]) -> Shares | None:
    """Read sipri_shares.csv, checking every row; problems are reported check by check, each in file order."""
    import csv
    import io

    name = str(path)
    try:
        text = read_text(path)
    except DataError as exc:
        problems += exc.problems
        return None
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        # (line number, fields) of every line that is not blank; the header is the first.
        read = [(reader.line_num, fields) for fields in reader if fields]
    except csv.Error as exc:
        problems.append(Problem(name, f"not a valid CSV table: {exc}", reader.line_num or None))
        return None
    if not read:
        problems.append(Problem(name, "not a valid CSV table: no header line", None))
        return None
    (_, header), body = read[0], read[1:]
    ragged = [
        Problem(name, f"expected {len(header)} fields like the header; found {len(fields)}", number)
        for number, fields in read
        if len(fields) != len(header)
    ]
    if ragged:
        problems += ragged
        return None
    missing = [c for c in SHARES_COLUMNS if c not in header]
    extra = [c for c in header if c not in SHARES_COLUMNS]
    if missing or extra or len(set(header)) != len(header):
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if extra:
            detail.append("unexpected " + ", ".join(extra))
        if not detail:
            detail.append("a column named twice")
        problems.append(Problem(name, f"expected columns {','.join(SHARES_COLUMNS)}; {'; '.join(detail)}", 1, "header"))
        return None
    if not body:
        # Every command reads a period's figures: a table with no row leaves them nothing to read.
        problems.append(Problem(name, "expected at least one row of SIPRI figures; found only the header", 1))
        return None
    before = len(problems)
    at = {column: header.index(column) for column in SHARES_COLUMNS}
    lines = [number for number, _ in body]
    cells = {column: [fields[at[column]].strip() for _, fields in body] for column in SHARES_COLUMNS}

    def flag(column: str, bad: Iterable[bool], message: Any) -> None:
        for line, value, wrong in zip(lines, cells[column], bad, strict=True):
            if wrong:
                problems.append(Problem(name, message(value) if callable(message) else message, line, column))

    def numeric(column: str, required: bool) -> list[float | None]:
        values = [_number(text) for text in cells[column]]
        texts = cells[column]
        flag(
            column,
            [v is None and t == "" and required for v, t in zip(values, texts, strict=True)],
            "expected a number; the cell is empty",
        )
        flag(
            column,
            [v is None and t != "" for v, t in zip(values, texts, strict=True)],
            lambda v: f"expected a number; got {v!r}",
        )
        flag(
            column,
            [v is not None and not math.isfinite(v) for v in values],
            lambda v: f"expected a finite number; got {v!r}",
        )
        return [v if v is not None and math.isfinite(v) else None for v in values]

    iso3_pattern = re.compile(r"[A-Z]{3}")
    flag(
        "iso3",
        [not iso3_pattern.fullmatch(v) for v in cells["iso3"]],
        lambda v: f"expected a three-letter upper-case code; got {v!r}",
    )
    flag("country", [v == "" for v in cells["country"]], "expected a country name; the cell is empty")
    flag(
        "country",
        [len(v) > MAX_NAME for v in cells["country"]],
        lambda v: f"expected a name of at most {MAX_NAME} characters; got {len(v)}",
    )
    period_pattern = re.compile(PERIOD_PATTERN)
    period_ok = [period_pattern.fullmatch(v) is not None for v in cells["period"]]
    flag("period", [not ok for ok in period_ok], lambda v: f"expected a period like '2017-2021'; got {v!r}")
    flag(
        "period",
        [ok and _length(v) != SIPRI_YEARS for ok, v in zip(period_ok, cells["period"], strict=True)],
        lambda v: f"expected a five-year window; got {v!r}",
    )
    share = numeric("share_pct", required=True)
    flag(
        "share_pct",
        [v is not None and not 0 <= v <= 100 for v in share],
        lambda v: f"expected a number from 0 to 100; got {v}",
    )
    rank = numeric("rank", required=False)
    flag(
        "rank",
        [v is not None and (v < 1 or v % 1 != 0) for v in rank],
        lambda v: f"expected a whole number of at least 1; got {v}",
    )
    flag(
        "rank",
        [v is not None and v > MAX_RANK for v in rank],
        lambda v: f"expected a world rank of at most {MAX_RANK}; got {v}",
    )
    change = numeric("change_pct", required=False)
    flag(
        "change_pct",
        [v is not None and v < -100 for v in change],
        lambda v: f"a volume cannot fall by more than 100 %; got {v}",
    )
    flag("basis", [v not in BASES for v in cells["basis"]], lambda v: f"expected one of {', '.join(BASES)}; got {v!r}")
    if source_ids is not None:
        flag(
            "source",
            [v not in source_ids for v in cells["source"]],
            lambda v: f"source {v!r} is not defined under sources in {COUNTRIES_FILE}{suggest(v, sorted(source_ids))}",
        )
    seen: set[tuple[str, str]] = set()
    repeated = []
    for pair in zip(cells["iso3"], cells["period"], strict=True):
        repeated.append(pair in seen)
        seen.add(pair)
    flag("period", repeated, lambda v: f"a second row for the same country and period {v!r}")
    if len(problems) > before:
        return None
    return Shares(
        tuple(
            ShareRow(iso3, country, period, share_pct, None if rank_ is None else int(rank_), change_pct, basis, source)
            for iso3, country, period, share_pct, rank_, change_pct, basis, source in zip(
                cells["iso3"],
                cells["country"],
                cells["period"],
                [v or 0.0 for v in share],  # every share is a number here: an empty or bad one was a problem
                rank,
                change,
                cells["basis"],
                cells["source"],
                strict=True,
            )
        )
    )


# A number as SIPRI's tables and a spreadsheet write one (what pandas' to_numeric reads): digits with an
# optional sign, decimal point and exponent; `inf` and `infinity` are read so that they can be refused by name.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?inf(?:inity)?", re.IGNORECASE)


def _number(text: str) -> float | None:
    """The cell's number, or None for an empty cell or text that is not a number (`nan` is not one)."""
    return float(text) + 0.0 if _NUMBER.fullmatch(text) else None  # + 0.0: -0 is 0


MAX_RANK = 1000  # SIPRI ranks some 130 exporting states
MAX_NAME = 120  # as schema.Name: a country's name in one table cell


def _length(text: str) -> int:
    """The years a period spans; 0 for one that ends before it starts (`2021-2017`), which is no window."""
    try:
        return Period.parse(text).length
    except ValueError:
        return 0
