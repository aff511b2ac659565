"""Errors name a parameter as the core calls it; the CLI prints the flag that sets it."""

from __future__ import annotations

from fmscompare.cli.options import flag
from fmscompare.errors import DataError, Option, Problem, UsageError, exclusive


def test_a_message_names_the_parameter_from_python_and_the_flag_on_the_command_line() -> None:
    error = UsageError(Option("as_of"), " 2022: expected a year (2024) or a month (2023-12)")
    assert str(error) == "as_of 2022: expected a year (2024) or a month (2023-12)"
    assert error.messages(flag) == ["--as-of 2022: expected a year (2024) or a month (2023-12)"]


def test_an_option_name_becomes_its_flag() -> None:
    assert [flag(name) for name in ("all_periods", "data_dir", "vs")] == ["--all-periods", "--data-dir", "--vs"]


def test_a_problem_can_be_in_an_option_and_name_one() -> None:
    error = DataError(
        [
            Problem(Option("chart"), "charts need matplotlib"),
            Problem("export.csv", ("no 'Data generated' line; ", Option("write"), " needs it"), 3),
        ]
    )
    assert error.messages(flag) == [
        "--chart: charts need matplotlib",
        "export.csv:3: no 'Data generated' line; --write needs it",
    ]
    assert str(error).splitlines()[1] == "export.csv:3: no 'Data generated' line; write needs it"


def test_two_parameters_that_exclude_each_other() -> None:
    exclusive(vs="australia", model=None)  # one of them: fine
    exclusive(period=None, all_periods=False)
    try:
        exclusive(" (why)", period="2017-2021", all_periods=True)
    except UsageError as error:
        assert error.messages(flag) == ["give --period or --all-periods, not both (why)"]
    else:
        raise AssertionError("both given, and no error")
