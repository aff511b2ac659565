"""The errors fmscompare reports to users, and the exit codes they map to.

Core modules raise these; only the CLI turns them into messages and exit codes, so the core can be used
from Python without ever calling `sys.exit`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file: where it is and what was expected."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class FmsError(Exception):
    """Base class: an error with a message for the user and an exit code."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


class DataError(FmsError):
    """Bad data or an unreadable input file (exit 1). Carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(FmsError):
    """A bad option or argument on the command line, such as an unknown country (exit 2)."""

    exit_code = 2
