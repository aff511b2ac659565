"""Reading YAML safely while keeping line numbers, so every problem can name its line.

PyYAML's `safe_load` drops the node marks; this module composes the node tree once and constructs the
data from it, keeping the tree to map a field path such as `countries[2].mechanisms.g2g_contracting` back
to a line. Only the safe constructors are used.
"""

from __future__ import annotations

import collections
import pickle
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fmscompare.errors import DataError, Problem
from fmscompare.fileio import read_text

PathPart = str | int


# libyaml's parser when PyYAML was built with it (several times faster); the constructors stay the safe ones.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 booleans and no duplicate keys.

    YAML 1.1 reads `yes`, `no`, `on` and `off` as booleans, so `status: no` would become False and
    `iso2: NO` (Norway) likewise; here only true/false are booleans. A key given twice in one mapping
    is an error rather than the silent overwrite PyYAML does: every one is noted in `duplicates`, and the
    reading goes on so that the rest of the file can still be checked.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []  # (message, 1-based line) for each key given twice

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # `!!map x`, `!!set x`: PyYAML says what it expected
            refused: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            return refused
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) or key is None:
                line = key_node.start_mark.line + 1
                if key in seen:
                    self.duplicates.append((f"duplicate key {key!r} (first given on line {seen[key]})", line))
                else:
                    seen[key] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    # The tag of each plain scalar, by its text: libyaml's parser asks for every scalar, and PyYAML answers
    # by trying its patterns one by one in Python (a fifth of a file's reading); the same keys and statuses
    # recur thousands of times. Bounded, as a file of random text would otherwise fill it.
    _plain_tags: dict[str, str] = {}  # noqa: RUF012 (shared by every loader, deliberately)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:  # quoted: text (PyYAML's answer, with no path resolvers)
            return self.DEFAULT_SCALAR_TAG
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._plain_tags) >= 4096:
                self._plain_tags.clear()
            self._plain_tags[value] = tag
        return tag

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """An integer, refused when it is longer than any the data holds (Python refuses 4 300 digits)."""
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"expected a number of at most {MAX_INT_DIGITS} digits; got one of {digits}",
                node.start_mark,
            )
        value: int = super().construct_yaml_int(node)
        return value


MAX_INT_DIGITS = 20  # years, ranks, weights: a handful of digits; anything longer is a typo or an attack
_SafeLoader.add_constructor("tag:yaml.org,2002:int", _SafeLoader.construct_yaml_int)

# Dates stay text (`date: 2023-04-13`, `as_of: 2023-12`): a timestamp would be a Python date no field takes.
_SafeLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
# YAML 1.2 floats that YAML 1.1 reads as text: an exponent without a dot or sign (`1e3`, `2.5E-2`).
_SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data plus the node tree it came from, and the problems found while reading it that
    did not stop the reading (keys given twice: the data holds the last value given)."""

    path: Path
    data: Any
    root: yaml.Node | None
    problems: tuple[Problem, ...] = ()

    def line_of(self, field_path: Sequence[PathPart]) -> int | None:
        """The 1-based line of the deepest node along `field_path` that exists in the file."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in field_path:
            child = _child(node, part)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node, part: PathPart) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                found: yaml.Node = value_node
                return found
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def load_yaml(path: Path, keep_going: bool = False) -> YamlDocument:
    """Parse a YAML file safely; syntax errors and unsafe tags become a DataError with the line.

    A key given twice is a DataError too (every such key listed), unless `keep_going`: then the document
    is returned with them in `problems`, for a caller that goes on to check the rest of the file.
    """
    text = read_text(path)
    with _PARSED_LOCK:
        kept = _PARSED.pop(text, None)
    pickled: bytes | None
    if kept is not None:
        pickled, root, found = kept
        data = pickle.loads(pickled)  # our own bytes, pickled in this process from safe-loaded data
    else:
        data, root, found = _parse(path, text)
        try:
            pickled = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        except RecursionError:  # nested hundreds deep: read, but not kept
            pickled = None
    if pickled is not None:
        with _PARSED_LOCK:
            _PARSED[text] = (pickled, root, found)  # the most recent last
            while len(_PARSED) > _KEEP_PARSED:
                del _PARSED[next(iter(_PARSED))]
    duplicates = tuple(Problem(str(path), message, line) for message, line in found)
    if duplicates and not keep_going:
        raise DataError(list(duplicates))
    return YamlDocument(path=path, data=data, root=root, problems=duplicates)


# Documents parsed in this process, by their text: a program that loads several datasets (a notebook after an
# edit to one file, `sipri import --write` checking what it wrote) parses each unchanged file once. The data
# is kept pickled and unpickled on every hit, so no caller shares a mutable list or mapping with another;
# the node tree, which only gives lines, is shared. Only documents that parsed are kept, and none nested too
# deep to pickle (a document hundreds of levels deep is read every time, as before).
_Parsed = tuple[bytes, yaml.Node | None, tuple[tuple[str, int], ...]]
_PARSED: dict[str, _Parsed] = {}
_PARSED_LOCK = threading.Lock()
_KEEP_PARSED = 4  # the three data files and a weights file


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None, tuple[tuple[str, int], ...]]:
    """The document's data, node tree and keys given twice (message, line); a DataError if it cannot be read."""
    loader = _SafeLoader(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
        built = _plain(root) if root is not None else None
        if built is not None:
            data, duplicates = built
        else:  # tags, keys other than text, aliases or an error: PyYAML's constructor says what it makes of them
            data = loader.construct_document(root) if root is not None else None
            duplicates = loader.duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        # Keys given twice before the error are problems too: report them with it.
        found = [Problem(str(path), message, at) for message, at in loader.duplicates]
        raise DataError([*found, Problem(str(path), _describe_yaml_error(exc), line)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(str(path), f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    _refuse_aliases(path, root)
    return data, root, tuple(duplicates)


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _plain(root: yaml.Node) -> tuple[Any, list[tuple[str, int]]] | None:
    """The data of a plain document, and its keys given twice, as PyYAML's safe constructor gives them (in
    the order it notes them: mapping by mapping, level by level); None for any other document.

    Plain: mappings and lists without tags, every key a single value (text, a number) and none a merge
    (`<<`), no node used twice (an alias). The data files are plain; building them here takes a quarter of
    the time PyYAML's general constructor does (about 4 ms of 16 for the profiles), which matters to every
    first run after an edit. Anything else, and any value PyYAML refuses (a 30-digit number), goes to
    PyYAML's constructor, which reports it as before.
    """
    scalars = _SafeLoader("")  # numbers, booleans and nulls by PyYAML's own constructors

    def value(node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _PLAIN_SCALARS:  # `!!seq x`, `!!binary`: PyYAML's constructor decides
            raise _NotPlainError
        return scalars.construct_object(node)

    def build(node: yaml.Node) -> Any:
        if node.__class__ is yaml.ScalarNode:
            return value(node)
        if node.__class__ is yaml.MappingNode:
            return {value(key): build(item) for key, item in node.value}  # the last of a key given twice
        return [build(child) for child in node.value]

    duplicates: list[tuple[str, int]] = []
    seen: set[int] = set()
    queue = collections.deque([(root, 0)])
    try:
        while queue:  # level by level, as PyYAML's constructor takes the mappings
            node, depth = queue.popleft()
            if depth > _PLAIN_DEPTH:
                return None  # `build` recurses: PyYAML's constructor, which does not, takes a deep document
            if node.__class__ is yaml.MappingNode and node.tag == _MAP:
                lines: dict[Any, int] = {}
                for key_node, value_node in node.value:
                    if key_node.__class__ is not yaml.ScalarNode or key_node.tag in _NOT_PLAIN_KEYS:
                        return None
                    for child in (key_node, value_node):
                        if id(child) in seen:
                            return None
                        seen.add(id(child))
                    key, line = value(key_node), key_node.start_mark.line + 1
                    if isinstance(key, str | int | float | bool) or key is None:  # as _SafeLoader.construct_mapping
                        if key in lines:
                            duplicates.append((f"duplicate key {key!r} (first given on line {lines[key]})", line))
                        else:
                            lines[key] = line
                    if value_node.__class__ is not yaml.ScalarNode:
                        queue.append((value_node, depth + 1))
            elif node.__class__ is yaml.SequenceNode and node.tag == _SEQ:
                for child in node.value:
                    if id(child) in seen:
                        return None
                    seen.add(id(child))
                    if child.__class__ is not yaml.ScalarNode:
                        queue.append((child, depth + 1))
            else:
                return None
        return build(root), duplicates
    except (yaml.YAMLError, _NotPlainError):
        return None  # PyYAML's constructor reports it, with the keys given twice before it
    finally:
        scalars.dispose()


_NOT_PLAIN_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})
# The scalars a plain document may hold besides text; any other tag (`!!seq x`, `!!set`, `!!binary`) is PyYAML's.
_PLAIN_SCALARS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null"))
_PLAIN_DEPTH = 100  # the data files nest six deep


class _NotPlainError(Exception):
    """A node `_plain` leaves to PyYAML's constructor."""


def _refuse_aliases(path: Path, root: yaml.Node | None) -> None:
    """Reject anchors and aliases: a data file has no use for them, and a few nested aliases can expand
    into billions of values ("billion laughs") that checking would then walk one by one."""
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise DataError(
                [
                    Problem(
                        str(path),
                        "YAML anchors and aliases (&name, *name) are not supported in data files; write the values out",
                        node.start_mark.line + 1,
                    )
                ]
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    tag = re.search(r"for the tag '([^']+)'", problem)
    if tag:
        short = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"unsupported YAML tag {short!r}: only plain data (no tags) is allowed"
    if exc.context:
        return f"invalid YAML: {exc.context}, {problem}"
    return f"invalid YAML: {problem}"
