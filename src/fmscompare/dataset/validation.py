"""Type-driven validation that reports every problem, not just the first.

`msgspec.convert` stops at the first error. To list them all, `check` walks the data alongside the
msgspec type tree (`msgspec.inspect`) and collects one message per bad field, with its path; the caller
maps paths to lines. The messages say what was expected and what was found. A value still the template's
placeholder (`<Country name>`) is a problem too. `salvage` then keeps what is sound of data with problems,
so that the checks across records can run on the rest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from msgspec import inspect as mi

from fmscompare.dataset.schema import STATUS_VALUES
from fmscompare.months import DATE_PATTERN, MONTH_PATTERN
from fmscompare.periods import DATA_PATTERN as PERIOD_PATTERN
from fmscompare.textutil import suggest

LITERAL_ORDER: tuple[tuple[str, ...], ...] = (STATUS_VALUES,)
# A value still as the template (examples/new-country.yaml) gives it: `<Country name>`, `"<YYYY-MM>"`.
PLACEHOLDER = re.compile(r"<[^<>\n]+>")

PathPart = str | int


@dataclass(frozen=True)
class FieldProblem:
    path: tuple[PathPart, ...]
    message: str


def format_path(path: Sequence[PathPart]) -> str:
    """`("countries", 2, "iso3")` -> `countries[2].iso3`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def describe_value(value: Any) -> str:
    """How a found value is named in a message: strings quoted, containers by kind."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _range_text(low: float | None, high: float | None) -> str:
    def num(x: float) -> str:
        return f"{x:g}"

    if low is not None and high is not None:
        return f" from {num(low)} to {num(high)}"
    if low is not None:
        return f" of at least {num(low)}"
    if high is not None:
        return f" of at most {num(high)}"
    return ""


def describe_type(t: mi.Type) -> str:
    """What a field expects, in words."""
    if isinstance(t, mi.StrType):
        if t.pattern == r"^[A-Z]{2}$":
            return "a two-letter upper-case code"
        if t.pattern == r"^[A-Z]{3}$":
            return "a three-letter upper-case code"
        if t.pattern == PERIOD_PATTERN:
            return "a period like '2017-2021'"
        if t.pattern == MONTH_PATTERN:
            return "a month like '2023-12'"
        if t.pattern == DATE_PATTERN:
            return "a date like '2023-04-13' or '2023-04'"
        if t.pattern == r"^[a-z]{2}$":
            return "a two-letter language code like 'ko'"
        if t.pattern:
            return f"text matching {t.pattern}"
        if t.max_length:
            return f"text of at most {t.max_length} characters"
        return "non-empty text" if t.min_length else "text"
    if isinstance(t, mi.IntType):
        return "a whole number" + _range_text(t.ge, t.le)
    if isinstance(t, mi.FloatType):
        return "a number" + (_range_text(t.ge, t.le) or " (finite)")
    if isinstance(t, mi.BoolType):
        return "true or false"
    if isinstance(t, mi.LiteralType):
        # msgspec sorts literal values; list them in the order the schema gives them instead.
        values = next((order for order in LITERAL_ORDER if set(order) == set(t.values)), t.values)
        return "one of " + ", ".join(str(v) for v in values)
    if isinstance(t, mi.NoneType):
        return "null"
    if isinstance(t, mi.ListType):
        return "a list"
    if isinstance(t, mi.DictType | mi.StructType):
        return "a mapping"
    if isinstance(t, mi.UnionType):
        # A year or a month/date given as text is one idea to a user: say it once.
        dated = [m for m in t.types if isinstance(m, mi.StrType) and m.pattern in (MONTH_PATTERN, DATE_PATTERN)]
        years = [m for m in t.types if isinstance(m, mi.IntType)]
        if dated and years:
            return f"{describe_type(dated[0])} or a year{_range_text(years[0].ge, years[0].le)}"
        if dated:
            return describe_type(dated[0])
        parts = [describe_type(m) for m in t.types if not isinstance(m, mi.NoneType)]
        return " or ".join(parts) + (" (or null)" if any(isinstance(m, mi.NoneType) for m in t.types) else "")
    return "a value"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_LEAF_CHECKS: dict[type[mi.Type], Callable[[Any, Any], bool]] = {
    mi.StrType: lambda v, t: (
        isinstance(v, str)
        and (not t.min_length or len(v) >= t.min_length)
        and (t.max_length is None or len(v) <= t.max_length)
        and (not t.pattern or re.search(t.pattern, v) is not None)
    ),
    mi.IntType: lambda v, t: (
        isinstance(v, int) and not isinstance(v, bool) and (t.ge is None or v >= t.ge) and (t.le is None or v <= t.le)
    ),
    mi.FloatType: lambda v, t: (
        _is_number(v) and math.isfinite(v) and (t.ge is None or v >= t.ge) and (t.le is None or v <= t.le)
    ),
    mi.BoolType: lambda v, t: isinstance(v, bool),
    mi.LiteralType: lambda v, t: isinstance(v, str | int) and not isinstance(v, bool) and v in t.values,
    mi.NoneType: lambda v, t: v is None,
    mi.AnyType: lambda v, t: True,
}


def _leaf_ok(value: Any, t: mi.Type) -> bool:
    check = _LEAF_CHECKS.get(type(t))
    return bool(check(value, t)) if check else False


def check(value: Any, t: mi.Type, path: tuple[PathPart, ...] = ()) -> list[FieldProblem]:
    """Every problem in `value` against type `t`, each with the path to the field."""
    problems: list[FieldProblem] = []
    _check(value, t, path, problems)
    return problems


def _mismatch(value: Any, t: mi.Type, path: tuple[PathPart, ...]) -> FieldProblem:
    return FieldProblem(path, f"expected {describe_type(t)}; got {describe_value(value)}")


def is_placeholder(value: Any) -> bool:
    """Whether `value` is a template's placeholder left in place (`<Country name>`), not a value."""
    return isinstance(value, str) and value.startswith("<") and PLACEHOLDER.fullmatch(value) is not None


def _placeholder(value: Any, path: tuple[PathPart, ...]) -> FieldProblem:
    return FieldProblem(path, f"still the template's placeholder {describe_value(value)}; write the value")


def _check(value: Any, t: mi.Type, path: tuple[PathPart, ...], out: list[FieldProblem]) -> None:
    if is_placeholder(value):
        out.append(_placeholder(value, path))
        return
    if isinstance(t, mi.StructType):
        if not isinstance(value, dict):
            out.append(_mismatch(value, t, path))
            return
        names = [f.encode_name for f in t.fields]
        for key in value:
            if key not in names:
                out.append(FieldProblem(path + (str(key),), f"unknown field{suggest(str(key), names)}"))
        for field in t.fields:
            if field.encode_name in value:
                _check(value[field.encode_name], field.type, path + (field.encode_name,), out)
            elif field.required:
                out.append(FieldProblem(path + (field.encode_name,), "required field is missing"))
    elif isinstance(t, mi.ListType):
        if not isinstance(value, list):
            out.append(_mismatch(value, t, path))
            return
        for i, item in enumerate(value):
            _check(item, t.item_type, path + (i,), out)
    elif isinstance(t, mi.DictType):
        if not isinstance(value, dict):
            out.append(_mismatch(value, t, path))
            return
        for key, item in value.items():
            if is_placeholder(key):
                out.append(_placeholder(key, path + (str(key),)))
            elif not _leaf_ok(key, t.key_type):
                out.append(
                    FieldProblem(
                        path + (str(key),),
                        f"expected a key that is {describe_type(t.key_type)}; got {describe_value(key)}",
                    )
                )
            _check(item, t.value_type, path + (key,), out)
    elif isinstance(t, mi.UnionType):
        non_null = [m for m in t.types if not isinstance(m, mi.NoneType)]
        if value is None and len(non_null) < len(t.types):
            return
        # The member of the same shape (a mapping or a list) reports its own, more precise problems.
        shaped = [
            m
            for m in non_null
            if (isinstance(value, dict) and isinstance(m, mi.StructType | mi.DictType))
            or (isinstance(value, list) and isinstance(m, mi.ListType))
        ]
        if len(non_null) == 1:
            # Optional[X]: report X's own problems, which are more precise than "expected X or null".
            _check(value, non_null[0], path, out)
        elif len(shaped) == 1:
            _check(value, shaped[0], path, out)
        elif not any(_fits(value, m, path) for m in non_null):
            out.append(_mismatch(value, t, path))
    elif not _leaf_ok(value, t):
        out.append(_mismatch(value, t, path))


_CONTAINERS = (mi.StructType, mi.ListType, mi.DictType, mi.UnionType)


def _fits(value: Any, t: mi.Type, path: tuple[PathPart, ...]) -> bool:
    """Whether `value` (not a placeholder) has no problem against `t`; a leaf is tested without the message
    that `check` would write for it."""
    return not check(value, t, path) if isinstance(t, _CONTAINERS) else _leaf_ok(value, t)


class _Invalid:
    """What `salvage` returns for a value that does not fit its type at all."""


INVALID: Any = _Invalid()


def salvage(value: Any, t: mi.Type) -> Any:
    """The records that `value` holds, keeping every part that fits `t` and leaving out those that do not.

    For data that `check` has found problems in: the checks across records (references, duplicates,
    evidence rules) can then still run on what is sound, so that one bad field does not hide the problems
    of every other. A field that does not fit takes its default, or None where it has none (so a record
    may hold None where its type says otherwise); an item of a list or a mapping that does not fit is None,
    so that items keep their places. The Structs are built without msgspec's checks: never use the result
    as a valid dataset.
    """
    if is_placeholder(value):
        return INVALID
    if isinstance(t, mi.StructType):
        if not isinstance(value, dict):
            return INVALID
        fields: dict[str, Any] = {}
        for field in t.fields:
            kept = salvage(value[field.encode_name], field.type) if field.encode_name in value else INVALID
            if kept is not INVALID:
                fields[field.name] = kept
            elif field.required:
                fields[field.name] = None
        return t.cls(**fields)
    if isinstance(t, mi.ListType):
        if not isinstance(value, list):
            return INVALID
        return [_or_none(salvage(item, t.item_type)) for item in value]
    if isinstance(t, mi.DictType):
        if not isinstance(value, dict):
            return INVALID
        return {key: _or_none(salvage(item, t.value_type)) for key, item in value.items() if _leaf_ok(key, t.key_type)}
    if isinstance(t, mi.UnionType):
        if value is None and any(isinstance(m, mi.NoneType) for m in t.types):
            return None
        for member in t.types:
            if not isinstance(member, mi.NoneType) and not check(value, member):
                return salvage(value, member)
        # No member fits whole: keep what fits of the one of the same shape (a mapping or a list).
        shaped = [
            m
            for m in t.types
            if (isinstance(value, dict) and isinstance(m, mi.StructType | mi.DictType))
            or (isinstance(value, list) and isinstance(m, mi.ListType))
        ]
        return salvage(value, shaped[0]) if len(shaped) == 1 else INVALID
    return value if _leaf_ok(value, t) else INVALID


def _or_none(value: Any) -> Any:
    return None if value is INVALID else value
