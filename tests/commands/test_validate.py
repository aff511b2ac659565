"""`fmscompare validate`: the bundled dataset is valid, every problem is listed with exit 1, unused sources noted."""

from __future__ import annotations

from tests.conftest import edit
from tests.helpers import PROFILED


def test_an_unused_source_is_noted_by_validate(cli, data_copy):
    f = data_copy / "countries.yaml"
    orphan = (
        "  orphan:\n    title: Nothing cites me\n    publisher: Nobody\n    date: 2020\n"
        "    url: https://example.org\n    accessed: 2026-12\n"
    )
    edit(f, "sources:\n", "sources:\n" + orphan)
    result = cli("validate", str(data_copy))
    assert result.exit_code == 0
    assert "note: sources nothing cites: orphan" in result.stdout


def test_validate_reports_the_bundled_dataset_clean(cli):
    result = cli("validate")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": valid")
    assert f"{len(PROFILED)} countries, 17 mechanisms with a rubric, 4 weight presets" in lines[1]
    assert f"  profiles reviewed: 2026-12 ({len(PROFILED)})" in lines
    assert max(len(line) for line in lines) <= 80  # wrapped at the terminal's width, continued lines indented
    assert all(line.startswith("  ") for line in lines[1:])
    assert "note:" not in result.stdout


def test_validate_lists_every_problem_and_exits_1(cli, data_copy):
    f = data_copy / "countries.yaml"
    edit(f, 'iso3: "SWE"', 'iso3: "SWEDEN"')
    edit(f, "source: hattori2023", "source: hatori2023")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "iso3: expected a three-letter upper-case code; got 'SWEDEN'" in result.stderr


def test_validate_uses_data_dir_and_defaults(cli, data_copy):
    assert " ".join(cli("--data-dir", str(data_copy), "validate").stdout.split()).startswith(f"{data_copy}: valid")
