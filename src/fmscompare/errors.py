"""The errors fmscompare reports to users, and the exit codes they map to.

Core modules raise these; only the CLI turns them into messages and exit codes, so the core can be used
from Python without ever calling `sys.exit`.

A message about one of the user's choices names it with `Option("as_of")`, never with a command-line
spelling: the core does not know that the CLI calls it `--as-of`. The CLI spells each `Option` as its
flag when it prints the message (`--` and the name with dashes); from Python it reads as the name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Option:
    """A user's choice named in a message (`as_of`, `adopt`, `write`): as a Python name, which the CLI turns
    into its flag. `tests/test_architecture.py` checks that every name used has a flag."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Option({self.name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Option) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


Part = str | Option
Spelling = Callable[[str], str]


def _plain(name: str) -> str:
    return name


def spelled(parts: tuple[Part, ...], spell: Spelling = _plain) -> str:
    """The message with each `Option` spelled by `spell` (the parameter's own name by default)."""
    return "".join(spell(part.name) if isinstance(part, Option) else part for part in parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: the file (or the option) it is in, where, and what was expected."""

    file: str | Option
    message: str | tuple[Part, ...]
    line: int | None = None
    field: str | None = None

    def text(self, spell: Spelling = _plain) -> str:
        """The problem in one line: where (file:line, or the option), the field, what is wrong."""
        file = spell(self.file.name) if isinstance(self.file, Option) else self.file
        where = file if self.line is None else f"{file}:{self.line}"
        message = self.message if isinstance(self.message, str) else spelled(self.message, spell)
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"

    def __str__(self) -> str:
        return self.text()


class FmsError(Exception):
    """Base class: an error with a message for the user and an exit code."""

    exit_code = 1

    def __init__(self, *parts: Part) -> None:
        self.parts = parts
        super().__init__(spelled(parts))

    def messages(self, spell: Spelling = _plain) -> list[str]:
        """The lines to show the user, with each option named by `spell`."""
        return [spelled(self.parts, spell)]


class DataError(FmsError):
    """Bad data or an unreadable input file (exit 1). Carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        # How many problems were found: more than are listed when a long list was cut (SIPRI exports).
        self.total = max(total or 0, len(problems))
        super().__init__("\n".join(str(p) for p in problems))

    def messages(self, spell: Spelling = _plain) -> list[str]:
        """One line per problem."""
        return [p.text(spell) for p in self.problems]


class UsageError(FmsError):
    """A bad option or argument, such as an unknown country (exit 2)."""

    exit_code = 2


def exclusive(why: str = "", **given: object) -> None:
    """Refuse two parameters that exclude each other, both given (None and False count as not given)."""
    chosen = [name for name, value in given.items() if value is not None and value is not False]
    if len(chosen) > 1:
        raise UsageError("give ", Option(chosen[0]), " or ", Option(chosen[1]), ", not both" + why)
