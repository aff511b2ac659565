"""The data dictionary: docs/fields.md is what the commands write, and one concept has one name everywhere."""

from __future__ import annotations

import json

import pytest

from fmscompare.reports.fields import FIELDS, field_name
from tests.fields_doc import COMMANDS, DOC, columns, render
from tests.readme_examples import run_example


def test_docs_fields_md_is_up_to_date():
    """Fails when a command gains, loses or renames a column without `make fields` (or the dictionary lacks it)."""
    assert DOC.read_text("utf-8") == render(), "docs/fields.md is out of date: run make fields"


# Names the same concepts used to have in some commands before they were made one.
RETIRED = {
    "key",
    "period",
    "share_pct",
    "change_pct",
    "compared_with",
    "previous_period",
    "supplier",
    "adopted",
    "performance",
    "tiv",
    "id",
    "base_period",
}


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_every_column_is_in_the_dictionary_under_one_name(command):
    keys = columns(command)
    assert len(keys) == len(set(keys)), keys
    assert not RETIRED & set(keys), RETIRED & set(keys)
    assert all(field_name(key) in FIELDS for key in keys), [k for k in keys if field_name(k) not in FIELDS]


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_json_lists_are_arrays(command):
    """A field the dictionary calls a list is a JSON array (or null) in every command, never a joined string."""
    code, stdout, stderr = run_example(f"{command} --format json")
    assert code == 0, stderr
    records = json.loads(stdout)
    for record in records if isinstance(records, list) else [records]:
        for key, value in record.items():
            if FIELDS[field_name(key)].type.startswith("list"):
                assert value is None or isinstance(value, list), (key, value)


def test_csv_joins_a_list_with_one_separator(cli):
    as_json = json.loads(cli("gap", "japan", "-f", "json").stdout)
    practised = as_json[0]["practised_by"]
    assert len(practised) > 3 and all(len(code) == 3 and code.isupper() for code in practised)
    rows = cli("gap", "japan", "-f", "csv").stdout.splitlines()
    assert f",{'; '.join(practised)}," in rows[1]
    # A person reads them spaced in the table, as before.
    assert " ".join(practised) in " ".join(cli("gap", "japan", env={"COLUMNS": "1000"}).stdout.split())
