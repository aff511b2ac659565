"""README's examples are real: every `$ fmscompare ...` block is rerun and must match, so docs cannot drift."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.conftest import REPO

BLOCK = re.compile(r"```console\n\$ fmscompare (?P<args>[^\n]*)\n(?P<output>.*?)```", re.DOTALL)
EXAMPLES = [(m.group("args"), m.group("output")) for m in BLOCK.finditer((REPO / "README.md").read_text("utf-8"))]


def test_readme_has_examples():
    commands = [args for args, _ in EXAMPLES]
    assert "rank" in commands
    assert "show france" in commands


@pytest.mark.parametrize(("args", "output"), EXAMPLES, ids=[a for a, _ in EXAMPLES])
def test_readme_example_matches_real_output(cli, args, output):
    command, _, comment = args.partition("#")
    result = cli(*shlex.split(command))
    assert result.exit_code == 0, result.stderr
    if "abridged" in comment:
        full = json.loads(result.stdout)
        shown = json.loads(output)
        assert {k: full[k] for k in shown} == shown
    else:
        assert result.stdout == output


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")
