"""A dataset is valid exactly when every command runs on it: what `validate` passes, no command misreads.

Each test breaks a copy of the bundled data in one way the loader once let through, and checks that
`validate` refuses it with the file, the place and what was expected, and that `rank` does too (exit 1,
never a traceback). The last ones check `--adopt` given twice for one country.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edit

COMMANDS = [("validate",), ("rank",), ("spectrum",), ("trend",), ("correlate",)]


def refused(cli, data: Path, *expected: str) -> None:
    """`validate` and every command exit 1 naming the problem; none passes or crashes."""
    for command in COMMANDS:
        result = cli("--data-dir", str(data), *command)
        assert result.exit_code == 1, (command, result.stdout[-300:], result.stderr)
        assert "Traceback" not in result.stderr
        for text in expected:
            assert text in result.stderr, (command, result.stderr)


def test_a_renamed_model_mechanism_is_refused_not_misread(cli, data_copy):
    """Renamed in both files, the key G2G contracting is read by was no longer found, and every country
    that signs government-to-government quietly became DCS."""
    for name in ("countries.yaml", "mechanisms.yaml"):
        path = data_copy / name
        path.write_text(path.read_text("utf-8").replace("g2g_contracting", "g2g_signing"), "utf-8")
    refused(cli, data_copy, "mechanisms.yaml", "expected a mechanism 'g2g_contracting' (stage g2g)")


def test_a_model_mechanism_in_another_stage_is_refused(cli, data_copy):
    mechanisms = data_copy / "mechanisms.yaml"
    text = mechanisms.read_text("utf-8")
    start = text.index("key: intermediary_procurement")
    stage = text.index("stage: fms", start)
    mechanisms.write_text(text[:stage] + "stage: g2g" + text[stage + len("stage: fms") :], "utf-8")
    refused(cli, data_copy, "intermediary_procurement decides the contracting model from stage fms; got 'g2g'")


def test_a_missing_stage_of_the_spectrum_is_refused(cli, data_copy):
    edit(data_copy / "mechanisms.yaml", "  promotion: Promotion of exports that industry contracts (DCS)\n", "")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert (
        "stages: expected the stages of the paper's spectrum, promotion, g2g, fms; missing promotion" in result.stderr
    )


def test_a_header_only_shares_table_is_refused(cli, data_copy):
    shares = data_copy / "sipri_shares.csv"
    shares.write_text(shares.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    refused(cli, data_copy, f"{shares}:1: expected at least one row of SIPRI figures; found only the header")


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "nan", "NaN"])
def test_a_figure_that_is_not_finite_is_refused(cli, data_copy, value):
    shares = data_copy / "sipri_shares.csv"
    edit(shares, "FRA,France,2017-2021,11,3,59,", f"FRA,France,2017-2021,11,3,{value},")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1, result.stdout
    assert ": change_pct: expected a " in result.stderr and repr(value) in result.stderr
    assert cli("--data-dir", str(data_copy), "rank", "-f", "json").exit_code == 1


def test_a_rank_beyond_any_world_rank_is_refused(cli, data_copy):
    edit(
        data_copy / "sipri_shares.csv", "FRA,France,2017-2021,11,3,", "FRA,France,2017-2021,11,3000000000000000000000,"
    )
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert "rank: expected a world rank of at most 1000" in result.stderr


def test_a_five_thousand_digit_integer_is_refused_not_a_traceback(cli, data_copy):
    """Python refuses to read an integer of over 4 300 digits; the YAML reader stops well before."""
    countries = data_copy / "countries.yaml"
    text = countries.read_text("utf-8")
    first = text.index("founded:")
    end = text.index("\n", first)
    countries.write_text(text[:first] + "founded: " + "9" * 5000 + text[end:], "utf-8")
    refused(cli, data_copy, "invalid YAML: expected a number of at most 20 digits; got one of 5000")


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_an_infinite_figure_in_the_papers_figures_is_refused(cli, data_copy, value):
    edit(data_copy / "countries.yaml", "      change_pct: 59\n", f"      change_pct: {value}\n")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert ".paper_figures.change_pct: expected a number (finite); got " in result.stderr


def test_a_name_too_long_for_any_table_is_refused(cli, data_copy):
    """A 100 000-character name once pushed every figure column out of `rank`."""
    edit(data_copy / "countries.yaml", "  - name: Japan\n", "  - name: " + "J" * 100_000 + "\n")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert ".name: expected text of at most 120 characters; got " in result.stderr
    assert len(result.stderr) < 2_000  # the message does not repeat the name in full


def test_adopt_twice_for_one_country_builds_on_the_first(cli):
    result = cli("rank", "--adopt", "japan:offset_negotiation", "--adopt", "japan:government_guarantee", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    japan = next(line for line in result.stdout.splitlines() if ",JPN," in line)
    assert ",Japan,JPN," in japan and ",offset_negotiation; government_guarantee," in japan
    once = cli("rank", "--adopt", "japan:offset_negotiation,government_guarantee", "-f", "csv").stdout
    assert japan == next(line for line in once.splitlines() if ",JPN," in line)  # the same as adopting both at once


def test_adopt_twice_says_what_each_what_if_did(cli):
    result = cli("spectrum", "--adopt", "JPN:offset_negotiation", "--adopt", "japan:government_guarantee")
    assert result.exit_code == 0, result.stderr
    assert "(what-if) (what-if)" not in result.stdout
    assert "adopted offset_negotiation" in " ".join(result.stdout.split())
    assert "adopted government_guarantee" in " ".join(result.stdout.split())
