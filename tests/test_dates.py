"""Month-dated assessments, `--as-of YEAR|YEAR-MM`, the paper's own claims (`paper:`, `--paper`) and the
rules `validate` enforces on evidence and sources, on a small dataset of two invented exporters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import edit, line_of


def statuses(cli, data: Path, *args: str) -> dict[str, dict[str, str]]:
    """country -> mechanism -> status, as `show -f json` gives them."""
    out = {}
    for name in ("alphaland", "betaland"):
        result = cli("--data-dir", str(data), "show", name, "-f", "json", *args)
        if result.exit_code == 2 and "does not assess" in result.stderr:
            continue
        assert result.exit_code == 0, result.stderr
        out[name] = {m["mechanism"]: m["status"] for m in json.loads(result.stdout)["mechanisms"]}
    return out


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2023-04", "no"),  # the paper's date
        ("2024-02", "no"),
        ("2024-03", "partial"),  # the month it took effect
        ("2024-11", "partial"),
        ("2024", "yes"),  # a year means its end: December's change is in
        ("2024-12", "yes"),
    ],
)
def test_as_of_picks_the_last_assessment_not_after_the_month(cli, dated_data, as_of, status):
    assert statuses(cli, dated_data, "--as-of", as_of)["alphaland"]["flexible_controls"] == status


def test_the_latest_is_the_default(cli, dated_data):
    assert statuses(cli, dated_data)["alphaland"]["flexible_controls"] == "yes"


def test_a_year_alone_in_the_data_counts_from_its_january(cli, dated_data):
    """Betaland's export finance is dated 2018 only: by April 2023 it is in force."""
    assert statuses(cli, dated_data, "--as-of", "2023-04")["betaland"]["export_finance"] == "yes"


def test_the_sourced_status_stands_at_the_papers_date_with_the_papers_claim_beside_it(cli, dated_data):
    result = cli("--data-dir", str(dated_data), "show", "alphaland", "--as-of", "2023-04", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    out = result.stdout
    assert re.search(r"G2G contracting\s+g2g\s+yes\s+paper: no\s+3\s+14\.6\s+ministry-2012", out)
    assert "Where the paper differs from the sources" in out
    assert (
        "G2G contracting: the paper says no; the sources show yes at its date. The paper states that Alphaland "
        'sells only through its industry. [hattori2023, section "Alphaland", paragraph 1; find “sells only '
        "through industry”]"
    ) in " ".join(out.split())
    assert "as of 2023-04 (the paper's date; --paper gives its own claims)" in out
    record = json.loads(cli("--data-dir", str(dated_data), "show", "alphaland", "-f", "json").stdout)
    g2g = next(m for m in record["mechanisms"] if m["mechanism"] == "g2g_contracting")
    assert {k: g2g[k] for k in ("status", "status_since", "source", "locator", "find")} == {
        "status": "yes",
        "status_since": "2012-11",
        "source": "ministry-2012",
        "locator": "first paragraph",
        "find": "first government-to-government contract",
    }
    assert (g2g["paper_status"], g2g["paper_differs"], g2g["paper_locator"]) == (
        "no",
        True,
        'section "Alphaland", paragraph 1',
    )


def test_paper_shows_the_papers_own_claims_for_the_countries_it_covers(cli, dated_data):
    claims = statuses(cli, dated_data, "--paper")
    assert set(claims) == {"alphaland"}  # Betaland is not in the paper
    alpha = claims["alphaland"]
    assert (alpha["g2g_contracting"], alpha["flexible_controls"], alpha["export_agency"]) == ("no", "no", "yes")
    assert {k for k, v in alpha.items() if v != "unknown"} == {"g2g_contracting", "flexible_controls", "export_agency"}
    result = cli("--data-dir", str(dated_data), "show", "alphaland", "--paper", env={"COLUMNS": "200"})
    assert re.search(r"G2G contracting\s+g2g\s+no\s+sources: yes\s+3\s+0\.0\s+hattori2023", result.stdout)
    assert "the paper's own claims (Apr 2023)" in result.stdout
    outside = cli("--data-dir", str(dated_data), "show", "betaland", "--paper")
    assert outside.exit_code == 2
    assert outside.stderr == "error: the paper does not assess Betaland; its own claims cover Alphaland\n"


def test_compare_marks_changes_and_the_papers_errors(cli, dated_data):
    result = cli("--data-dir", str(dated_data), "compare", "alphaland", "betaland", env={"COLUMNS": "200"})
    out = result.stdout
    assert "yes 14.6†" in out  # G2G: the paper claims otherwise
    assert "yes 4.9*" in out  # flexible controls: changed since the paper's date
    assert "*: changed since the paper's date (Apr 2023); --as-of 2023-04 shows that picture." in out
    assert "†: the paper claims otherwise" in out
    rows = {
        r["mechanism"]: r
        for r in json.loads(cli("--data-dir", str(dated_data), "compare", "alp", "bet", "-f", "json").stdout)
    }
    assert rows["g2g_contracting"]["alp_paper_status"] == "no"
    assert rows["g2g_contracting"]["alp_paper_differs"] is True
    assert rows["flexible_controls"]["alp_status_at_paper_date"] == "no"


def test_show_says_what_the_source_says_and_where(cli, dated_data):
    out = cli("--data-dir", str(dated_data), "show", "alphaland", env={"COLUMNS": "120"}).stdout
    assert "The source says (from 2024-12): The government removed the remaining category limits" in out
    assert (
        "Where: [ministry-2012] first paragraph; search the page for “first government-to-government contract”" in out
    )
    assert "Changed since the paper (Apr 2023)" in out
    assert "Flexible export controls: no (2023-04) -> yes (2024-12)" in out
    assert (
        "[wire-2024] Alphaland eases its export rules, Example Wire Service, 2024-03 (in de; accessed 2026-12)" in out
    )


# What validate refuses --------------------------------------------------------------------------------------


def refused(cli, data: Path) -> str:
    result = cli("validate", str(data))
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    return result.stderr


def test_two_assessments_in_one_month(cli, dated_data):
    f = dated_data / "countries.yaml"
    edit(f, 'as_of: "2024-12"', 'as_of: "2024-03"')
    line = line_of(f, 'as_of: "2024-03"', 2)
    assert (
        f"{f}:{line}: countries[0].mechanisms.flexible_controls[2].as_of: 2024-03 falls in the month of "
        "assessment [1]; give each assessment its own month"
    ) in refused(cli, dated_data)


def test_a_year_and_a_month_of_it_can_clash(cli, dated_data):
    """`2024` counts from January, so it clashes with an assessment dated 2024-01."""
    f = dated_data / "countries.yaml"
    edit(f, 'as_of: "2024-03"', "as_of: 2024")
    edit(f, 'as_of: "2024-12"', 'as_of: "2024-01"')
    assert "give each assessment its own month" in refused(cli, dated_data)


def test_a_date_in_the_future(cli, dated_data):
    edit(dated_data / "countries.yaml", 'as_of: "2024-12"', 'as_of: "2099-01"')
    assert "countries[0].mechanisms.flexible_controls[2].as_of: 2099-01 is in the future" in refused(cli, dated_data)


def test_a_bad_month(cli, dated_data):
    edit(dated_data / "countries.yaml", 'as_of: "2024-12"', 'as_of: "2024-13"')
    assert "as_of: expected a month like '2023-12' or a year from 1900 to 2100; got '2024-13'" in refused(
        cli, dated_data
    )


def test_a_known_status_without_a_locator(cli, dated_data):
    edit(dated_data / "countries.yaml", "          locator: paragraph 5\n", "")
    assert (
        "countries[0].mechanisms.flexible_controls[2].locator: required: where in the source the fact stands "
        "(a section, page, paragraph or table), so that a reader can find it"
    ) in refused(cli, dated_data)


def test_a_find_phrase_longer_than_ten_words(cli, dated_data):
    long = "find: case by case and then some more words than ten here"
    edit(dated_data / "countries.yaml", "find: case by case", long)
    assert "flexible_controls[1].find: expected at most 10 words to search for; got 11" in refused(cli, dated_data)


def test_an_unknown_with_a_locator(cli, dated_data):
    edit(
        dated_data / "countries.yaml",
        "      offset_negotiation: {status: unknown}",
        "      offset_negotiation: {status: unknown, locator: p. 3}",
    )
    assert "offset_negotiation.locator: an unknown status carries no evidence or source" in refused(cli, dated_data)


def test_a_paper_claim_that_agrees(cli, dated_data):
    edit(
        dated_data / "countries.yaml",
        '          paper:\n            status: "no"',
        '          paper:\n            status: "yes"',
    )
    assert (
        "countries[0].mechanisms.g2g_contracting[0].paper.status: the paper agrees with the sources here; cite the "
        "paper as the source instead"
    ) in refused(cli, dated_data)


def test_a_paper_claim_on_a_later_assessment(cli, dated_data):
    f = dated_data / "countries.yaml"
    edit(f, '          as_of: "2012-11"\n', '          as_of: "2024-05"\n')
    assert (
        "countries[0].mechanisms.g2g_contracting[0].paper: the paper's claim belongs on the assessment in force at "
        "the paper's date (2023-04); this one is dated 2024-05"
    ) in refused(cli, dated_data)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    url: https://www.example.org/wire/2024/03/export-rules\n",
            "    url: https://www.example.org/wire/2024/03/export-rules?amp=1\n",
            "sources.wire-2024.url: tracking or AMP parameter amp in the URL; cite the page without it",
        ),
        (
            '    title: "Alphaland eases its export rules"\n',
            '    title: "[Wire report on the export rules]"\n',
            "sources.wire-2024.title: expected the page's own title; a [bracketed] title is a description",
        ),
        ('    date: "2024-03"\n', "", "sources.wire-2024.date: required: when it was published"),
        (
            '    date: "2024-03"\n',
            '    date: "March 2024"\n',
            "date: expected a date like '2023-04-13' or '2023-04' or a year from 1900 to 2100; got 'March 2024'",
        ),
        ("    language: de\n", "    language: German\n", "expected a two-letter language code like 'ko'"),
        ('    date: "2024-03"\n', '    date: "2099-03"\n', "sources.wire-2024.date: 2099-03 is in the future"),
    ],
)
def test_source_rules(cli, dated_data, old, new, message):
    edit(dated_data / "countries.yaml", old, new)
    assert message in refused(cli, dated_data)


def test_dates_are_text_even_unquoted(cli, dated_data):
    """`date: 2012-11-07` without quotes is a date to YAML 1.1; fmscompare reads it as text."""
    edit(dated_data / "countries.yaml", 'date: "2012-11-07"', "date: 2012-11-07")
    result = cli("validate", str(dated_data))
    assert result.exit_code == 0, result.stderr
