"""README's examples are real: every `$ fmscompare ...` block is rerun and must match, so docs cannot drift."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import REPO, SHARED
from tests.readme_examples import examples, run_example

EXAMPLES = examples()


def test_readme_has_examples():
    commands = {args.partition(" ")[0] for args, _ in EXAMPLES}
    assert {
        "rank",
        "show",
        "compare",
        "mechanisms",
        "spectrum",
        "sensitivity",
        "correlate",
        "trend",
        "sipri",
    } <= commands


@pytest.mark.parametrize(("args", "output"), EXAMPLES, ids=[a for a, _ in EXAMPLES])
def test_readme_example_matches_real_output(args, output):
    if "../shared/" in args and not SHARED.is_dir():
        pytest.skip("the example reads a real SIPRI export from ../shared, which a user's clone does not have")
    code, stdout, stderr = run_example(args)
    assert code == 0, stderr
    if "abridged" in args:
        full = json.loads(stdout)
        shown = json.loads(output)
        assert {k: full[k] for k in shown} == shown
    else:
        assert stdout == output, "README is out of date: run `make readme` and review the diff"


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text("utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")


def test_readme_images_exist():
    """`make charts` writes the figures README embeds; a renamed or missing one would show as broken."""
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", (REPO / "README.md").read_text("utf-8"))
    assert len(images) == 5
    for image in images:
        assert (REPO / image).read_bytes().startswith(b"\x89PNG"), image
