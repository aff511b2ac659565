"""Choosing the weights: a named preset from mechanisms.yaml, or the user's own `--weights` file on top of it.

A weights file is YAML, either a plain mapping of mechanism key to weight or a preset-shaped
`{rationale: ..., weights: {...}}`. Mechanisms it does not list keep the preset's weight, so a file can
change one weight without restating seventeen.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmscompare.dataset import schema
from fmscompare.errors import DataError, Problem, UsageError
from fmscompare.scoring.score import Weights
from fmscompare.textutil import suggest

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset

DEFAULT_PRESET = "default"


def preset_weights(
    mechanisms: list[schema.Mechanism],
    presets: Mapping[str, schema.Preset],
    default_rationale: str,
    name: str,
) -> Weights:
    """The weights of a named preset; `default` is each mechanism's own weight."""
    if name == DEFAULT_PRESET:
        return Weights(name, default_rationale, {m.key: m.weight for m in mechanisms})
    if name not in presets:
        choices = [DEFAULT_PRESET, *presets]
        raise UsageError(f"unknown preset {name!r}{suggest(name, choices)}; choose one of {', '.join(choices)}")
    preset = presets[name]
    return Weights(name, preset.rationale, dict(preset.weights))


def preset_names(dataset: Dataset) -> list[str]:
    """`default` and every preset mechanisms.yaml defines."""
    return [DEFAULT_PRESET, *dataset.presets]


def load_weights_file(path: Path, mechanisms: list[schema.Mechanism], base: Weights) -> Weights:
    """Read a weights file and lay it over `base`; every problem is reported with its line."""
    # The YAML reader and checker load only with a file: the presets, most runs, need neither.
    from msgspec import inspect as mi

    from fmscompare.dataset.validation import FieldProblem, check, format_path
    from fmscompare.dataset.yamldoc import load_yaml

    doc = load_yaml(path)
    data: Any = doc.data
    # `weights:` or `rationale:` at the top means the preset shape (a typo'd mechanism key never looks so).
    preset_shaped = isinstance(data, dict) and ("weights" in data or "rationale" in data)
    prefix: tuple[str, ...] = ("weights",) if preset_shaped else ()
    if preset_shaped:
        found = check(data, mi.type_info(schema.WeightsFile))
    elif isinstance(data, dict):
        found = check(data, mi.type_info(dict[str, schema.Weight]))
    else:
        kind = {type(None): "no data (only comments?)", list: "a list"}.get(type(data), repr(data))
        found = [FieldProblem((), f"expected a mapping of mechanism key to weight (export_agency: 2); got {kind}")]
    given: dict[str, Any] = {}
    if preset_shaped and isinstance(data.get("weights"), dict):
        given = data["weights"]
    elif not preset_shaped and isinstance(data, dict):
        given = data
    keys = [m.key for m in mechanisms]
    for key in given:
        if key not in keys:
            found.append(FieldProblem((*prefix, key), f"unknown mechanism{suggest(str(key), keys)}"))
    if not found:
        merged = {**base.by_key, **{k: float(v) for k, v in given.items()}}
        if sum(merged.values()) <= 0:
            found.append(FieldProblem(prefix, "all weights are zero; at least one must be positive"))
    if found:
        raise DataError(
            [Problem(str(path), p.message, doc.line_of(p.path), format_path(p.path) or None) for p in found]
        )
    covers_all = set(given) >= set(keys)
    name = path.name if covers_all else f"{path.name} over {base.name}"
    rationale = data.get("rationale") if preset_shaped else None
    return Weights(name, rationale or f"From {path}.", merged)


def choose_weights(dataset: Dataset, preset: str, weights_file: Path | None) -> Weights:
    """The weights a command scores with: the preset, overlaid by the weights file when one is given."""
    base = preset_weights(dataset.mechanisms, dataset.presets, dataset.default_rationale, preset)
    if weights_file is None:
        return base
    return load_weights_file(weights_file, dataset.mechanisms, base)
