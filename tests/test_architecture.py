"""The architecture, enforced: rooms by role, imports only downward, no cycles, the CLI's words in the CLI.

The layers, from the ground up (README, "How the code is laid out"): the foundations (errors, choices,
periods, months, textutil, fileio, formatting), then dataset, scoring, analysis and sipri (side by side),
reports, render and api (side by side: the Python API knows no terminal), and cli on top; the package root
may import api alone, the front door of the Python API.

A module may import its own layer's package and anything below; never above, and never the other package of
its layer (analysis and sipri know nothing of each other). Every import counts, including those inside
functions and under TYPE_CHECKING: a dependency is a dependency whenever it is resolved.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "fmscompare"
README = Path(__file__).resolve().parents[1] / "README.md"
COMMANDS_TESTS = Path(__file__).resolve().parent / "commands"

LAYERS = {"dataset": 1, "scoring": 2, "analysis": 3, "sipri": 3, "reports": 4, "render": 5, "api": 5, "cli": 6}
TOP = 7  # __main__
CORE = {"dataset", "scoring", "analysis", "sipri"}  # with the foundations: the core, which knows no CLI
TERMINAL_LIBRARIES = {"typer", "click", "rich"}  # for the terminal: cli/ and render/ only
# A command-line flag in a string: `--as-of`, `--write` (not `---`, not a dash inside a word).
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Import:
    module: str  # the module that imports
    target: str  # what it imports: a module of the package, or another library's top-level name
    line: int


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def imports(root: Path = PACKAGE) -> list[Import]:
    """Every import statement of every module, wherever it stands, resolved to the package's modules."""
    known = modules(root)
    found: list[Import] = []
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [Import(name, _known(alias.name, known), node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package of this module
                    anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    target = submodule if submodule in known else _known(base, known)
                    found.append(Import(name, target, node.lineno))
    return found


def _known(name: str, known: dict[str, Path]) -> str:
    """The deepest module of the package that `name` names, or the top-level name of another library."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return parts[0]


def layer(module: str) -> int:
    parts = module.split(".")
    if parts[1:2] == ["__main__"]:
        return TOP
    return LAYERS.get(parts[1], 0) if len(parts) > 1 else 0


def room(module: str) -> str:
    """The subpackage a module belongs to, or `foundations`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else "foundations"


def internal(found: list[Import], root: Path = PACKAGE) -> list[Import]:
    known = modules(root)
    return [i for i in found if i.target in known and i.target != i.module]


def cycles(found: list[Import]) -> list[list[str]]:
    """The package's import cycles (strongly connected components of more than one module, or a self-loop)."""
    graph: dict[str, set[str]] = {}
    for edge in found:
        graph.setdefault(edge.module, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def upward(found: list[Import]) -> list[str]:
    """Imports that go up a layer, or across to the other package of the same layer."""
    wrong = []
    for edge in found:
        if edge.module == "fmscompare" and edge.target == "fmscompare.api":
            continue  # the package's front door offers the Python API (imported on first use)
        up = layer(edge.target) > layer(edge.module)
        across = (
            layer(edge.target) == layer(edge.module) > 0
            and room(edge.target) != room(edge.module)
            and layer(edge.module) != TOP
        )
        if up or across:
            wrong.append(
                f"{edge.module} (line {edge.line}, {room(edge.module)}) imports {edge.target} ({room(edge.target)})"
            )
    return wrong


def flags_in_strings(path: Path, only_raised: bool) -> list[str]:
    """Command-line flags written in a module's strings (docstrings aside); with `only_raised`, in the strings
    of `raise` statements only."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    scopes = [n for n in ast.walk(tree) if isinstance(n, ast.Raise)] if only_raised else [tree]
    found = []
    for scope in scopes:
        for node in ast.walk(scope):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                where = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
                found += [f"{where}:{node.lineno}: {flag}" for flag in FLAG.findall(node.value)]
    return found


def test_the_package_has_no_import_cycle() -> None:
    found = cycles(internal(imports()))
    assert not found, "modules that import each other in a loop:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_imports_go_only_downward() -> None:
    found = upward(internal(imports()))
    assert not found, "imports up a layer or across to the other package of a layer:\n" + "\n".join(found)


def test_typer_click_and_rich_are_imported_only_by_cli_and_render() -> None:
    outside = [
        f"{i.module} (line {i.line}) imports {i.target}"
        for i in imports()
        if i.target in TERMINAL_LIBRARIES and room(i.module) not in {"cli", "render"}
    ]
    assert not outside, "terminal libraries outside cli/ and render/:\n" + "\n".join(outside)


def test_the_core_names_no_command_line_flag() -> None:
    """Foundations, dataset, scoring, analysis and sipri name a parameter with errors.Option, never by its flag;
    reports and render may name flags in what a command shows, but not in an error they raise."""
    found = []
    for name, path in modules().items():
        where = room(name)
        if where == "cli" or layer(name) == TOP:
            continue
        found += flags_in_strings(path, only_raised=where not in CORE | {"foundations"})
    assert not found, "flags in core messages (name the parameter with errors.Option):\n" + "\n".join(found)


def option_names(root: Path = PACKAGE) -> dict[str, str]:
    """Each name the code gives `errors.Option(...)`, with the first place it is used."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Option"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.setdefault(str(node.args[0].value), f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_every_option_a_message_names_is_a_flag_of_the_cli() -> None:
    """The core names options as `Option("as_of")` and the CLI prints `--as-of`: that flag must exist."""
    import typer.main

    from fmscompare.cli.app import app
    from fmscompare.cli.options import flag

    flags: set[str] = set()
    stack: list[Any] = [typer.main.get_command(app)]  # the command tree Typer builds (its own Click)
    while stack:
        command = stack.pop()
        flags.update(opt for param in command.params for opt in param.opts)
        stack.extend(getattr(command, "commands", {}).values())
    names = option_names()
    assert {"as_of", "adopt", "write", "chart"} <= set(names)  # the search finds them
    missing = [f"{where}: Option({name!r}) -> {flag(name)}" for name, where in names.items() if flag(name) not in flags]
    assert not missing, "options named in messages that no command has:\n" + "\n".join(missing)


def test_no_subpackage_is_called_data() -> None:
    """The wheel puts the bundled dataset at fmscompare/data; a subpackage of that name would collide."""
    assert not (PACKAGE / "data").exists()


def registered_commands() -> list[str]:
    """The command names the app registers (`sipri` for `sipri import`)."""
    from fmscompare.cli.app import app

    commands = [command.callback.__name__ for command in app.registered_commands if command.callback]
    groups = [group.name or group.typer_instance.info.name for group in app.registered_groups if group.typer_instance]
    return commands + [str(name) for name in groups]


@pytest.mark.parametrize("command", registered_commands())
def test_each_command_is_found_by_its_name(command: str) -> None:
    """Its option parsing in cli/COMMAND.py, what it shows in reports/COMMAND.py, its tests in
    tests/commands/test_COMMAND.py, and its section in the README."""
    assert (PACKAGE / "cli" / f"{command}.py").is_file()
    assert (PACKAGE / "reports" / f"{command}.py").is_file()
    assert (COMMANDS_TESTS / f"test_{command}.py").is_file()
    assert re.search(rf"^#+ .*`fmscompare {command}\b", README.read_text(encoding="utf-8"), re.M)


# The checks above, tried on a small package written for the purpose, so that each can be seen to fail.


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "fmscompare"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in {p.parent for p in package.rglob("*.py")}:
        (folder / "__init__.py").touch()
    return package


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {
            "dataset/model.py": "def load():\n    from fmscompare.dataset.loading import read\n",
            "dataset/loading.py": "from fmscompare.dataset.model import Dataset\n",
        },
    )
    found = cycles(internal(imports(package), package))
    assert found == [["fmscompare.dataset.loading", "fmscompare.dataset.model"]]


def test_an_upward_or_sideways_import_is_found(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {
            "scoring/score.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from fmscompare.reports import x\n"
            ),
            "sipri/merge.py": "from fmscompare.analysis.sensitivity import monte_carlo\n",
            "reports/x.py": "from fmscompare.scoring.score import score\n",
            "analysis/sensitivity.py": "",
        },
    )
    assert upward(internal(imports(package), package)) == [
        "fmscompare.scoring.score (line 3, scoring) imports fmscompare.reports.x (reports)",
        "fmscompare.sipri.merge (line 1, sipri) imports fmscompare.analysis.sensitivity (analysis)",
    ]


def test_a_flag_in_a_core_message_is_found(tmp_path: Path) -> None:
    path = tmp_path / "core.py"
    path.write_text(
        '"""Docs may say --as-of."""\n'
        "def f(x):\n"
        '    """So may a function\'s: --write."""\n'
        '    note = "a caption naming --paper"\n'
        '    raise ValueError(f"--noise must be below 1; got {x}")\n',
        encoding="utf-8",
    )
    assert flags_in_strings(path, only_raised=False) == ["core.py:4: --paper", "core.py:5: --noise"]
    assert flags_in_strings(path, only_raised=True) == ["core.py:5: --noise"]
