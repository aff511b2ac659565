"""README's `$ fmscompare ...` examples: run them as the tests do, and rewrite their output on request.

    .venv/bin/python -m tests.readme_examples --update   # after changing output on purpose (make readme)

Examples marked `# abridged` show a subset of a JSON object and are left as written.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from fmscompare.cli.app import app

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"```console\n\$ fmscompare (?P<args>[^\n]*)\n(?P<output>.*?)```", re.DOTALL)
# What a reader's terminal is assumed to be: 80 columns, no colour. TERM=dumb keeps ANSI out on CI.
ENV = {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "80", "FMSCOMPARE_DATA_DIR": ""}


def examples(text: str | None = None) -> list[tuple[str, str]]:
    """(arguments after `fmscompare`, the output shown) for every console block."""
    text = README.read_text("utf-8") if text is None else text
    return [(m.group("args"), m.group("output")) for m in BLOCK.finditer(text)]


@contextmanager
def _in_repo() -> Iterator[None]:
    """Examples name files relative to the repository (examples/no-g2g.yaml)."""
    before = Path.cwd()
    os.chdir(REPO)
    try:
        yield
    finally:
        os.chdir(before)


def run_example(args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `fmscompare ARGS` (a trailing `# comment` is not passed)."""
    command, _, _ = args.partition("#")
    with _in_repo():
        result = CliRunner().invoke(app, shlex.split(command), env=ENV, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def update() -> int:
    text = README.read_text("utf-8")

    def replace(match: re.Match[str]) -> str:
        args = match.group("args")
        if "abridged" in args:
            return match.group(0)
        code, out, err = run_example(args)
        if code != 0:
            raise SystemExit(f"fmscompare {args} failed ({code}): {err}")
        return f"```console\n$ fmscompare {args}\n{out}```"

    new = BLOCK.sub(replace, text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"updated {README}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        raise SystemExit(__doc__)
    raise SystemExit(update())
