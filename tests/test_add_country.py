"""Adding a country, as docs/add-a-country.md tells it: the template filled in validates clean and shows; a
new profile with many mistakes gets every one of them reported in one run; and the SIPRI excerpt in
examples/ gives SIPRI's own figures, the same as the full export."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from tests.conftest import REPO, TIV_EXPORTERS, needs_shared, without_deal_citations

TEMPLATE = REPO / "examples" / "new-country.yaml"
EXCERPT = REPO / "examples" / "sipri-tiv-exporters-excerpt.csv"
PLACEHOLDER = re.compile(r"<[^<>\n]+>")

# What a user writes for each placeholder of the template: a fictional country, never a real one's facts.
FILLED = {
    "<source-id>": "fdn-mod-2024-05-export-office",
    "<The page's own title, as the page gives it (not a description in brackets)>": "Defence Export Office opens",
    "<Who wrote it (optional: leave the line out when the page names no author)>": "Press Office",
    "<Who published it: the ministry, parliament, company, newspaper or wire service>": "Ministry of Defence",
    "<YYYY-MM-DD>": "2024-05-13",
    "<https://the page's own address>": "https://www.example.org/freedonia/2024/05/export-office",
    "<YYYY-MM>": "2024-05",
    "<xx>": "fr",
    "<Country name>": "Freedonia",
    "<XX>": "FD",
    "<XXX>": "FDN",
    "<another name>": "Republic of Freedonia",
    "<a short form>": "Fredonia",
    "<The agency's name (ABBREVIATION)>": "Defence Export Office (DEO)",
    "<The ministry or body it belongs to>": "Ministry of Defence",
    "<YYYY>": "2024",
    "<Where in the source the agency is named: a section, page or paragraph>": "paragraph 1",
    "<A phrase of at most ten words, exactly as on the page>": "the new Defence Export Office",
    "<Optional: anything a reader should know about the agency>": "A fictional country.",
    "<yes, partial or no>": "yes",
    "<In your own words, one or two sentences: who did what, when, as the source says it>": (
        "The ministry opened a Defence Export Office in May 2024 to promote national equipment abroad."
    ),
    "<Where in the source the fact stands: a section, page, paragraph or table>": "paragraphs 1-2",
    "<Optional: why the rubric gives this status, or what else was seen>": "Rubric yes: a stated role.",
    "<In your own words: who signed what, with whom, when>": "The ministry signed a G2G sale of patrol boats.",
    "<Where in the source>": "paragraph 4",
    "<Optional: what was searched for and not found>": "No page on buying for a foreign buyer was found.",
}


def paste(data: Path, template: str) -> None:
    """What the guide's step 2 does by hand: the template's source under `sources:`, its country at the end."""
    countries = data / "countries.yaml"
    start = template.index("\nsources:\n") + len("\nsources:\n")
    end = template.index("\ncountries:\n")
    source, country = template[start:end].rstrip("\n") + "\n", template[end + len("\ncountries:\n") :]
    text = countries.read_text("utf-8")
    assert text.endswith("\n") and text.count("\nsources:\n") == 1
    countries.write_text(text.replace("\nsources:\n", "\nsources:\n" + source, 1) + country, "utf-8")


def filled(template: str) -> str:
    """The template with every placeholder outside comments replaced as a user would."""
    lines = []
    for line in template.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            line = PLACEHOLDER.sub(lambda m: FILLED[m.group(0)], line)
        lines.append(line)
    return "".join(lines)


def test_every_placeholder_of_the_template_is_one_a_user_fills_in():
    text = TEMPLATE.read_text("utf-8")
    used = {m for line in text.splitlines() if not line.lstrip().startswith("#") for m in PLACEHOLDER.findall(line)}
    assert used == set(FILLED)
    assert not PLACEHOLDER.search("".join(line.partition("#")[0] for line in filled(text).splitlines(True)))


def test_the_template_as_copied_names_every_placeholder_left(cli, data_copy):
    paste(data_copy, TEMPLATE.read_text("utf-8"))
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == f"error: {len(lines) - 1} problems found; nothing was written"
    assert all("still the template's placeholder '<" in line or 'placeholder "<' in line for line in lines[:-1])
    assert f"{data_copy / 'countries.yaml'}:" in lines[0] and ": sources.<source-id>: " in lines[0]
    assert any(".mechanisms.export_agency.status: still the template's placeholder '<yes" in line for line in lines)


def test_the_template_filled_in_validates_clean_and_shows(cli, data_copy):
    """The guide's steps on a copy of the data: paste, fill in, validate, show, rank."""
    paste(data_copy, filled(TEMPLATE.read_text("utf-8")))
    result = cli("validate", str(data_copy))
    assert result.exit_code == 0, result.stderr
    assert " ".join(result.stdout.split()).startswith(f"{data_copy}: valid 27 countries")
    assert "note:" not in result.stdout  # the new source is cited
    shown = cli("--data-dir", str(data_copy), "show", "fredonia")  # by its alias
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("Freedonia: government support for defence exports\n")
    assert "Country            Freedonia (FD / FDN)" in shown.stdout
    assert "Contracting model  G2G" in shown.stdout
    assert "[fdn-mod-2024-05-export-office] paragraphs 1-2" in shown.stdout
    ranked = json.loads(cli("--data-dir", str(data_copy), "rank", "-f", "json").stdout)
    assert any(row["iso3"] == "FDN" for row in ranked)


# A new profile made by copying Brazil's block and editing it, with the mistakes users make: 28 of them,
# which are 30 problems (a typo'd field name is also a missing one, a misspelt mechanism also leaves one out).
BROKEN_SOURCE = """\
  fdn-mod-2019-strategy:
    title: "[Strategy document]"
    publisher: Ministry of Defence of Freedonia
    date: "13/04/2019"
    url: https://www.example.org/strategy?utm_source=newsletter
"""
BROKEN_COUNTRY = """\
  - name: Freedonia
    iso3: "BRA"
    aliases: [brasil, freedonian republic]
    reviewed: "Dec 2026"
    agency:
      name: Freedonian Defence Export Office (FDEO)
      founded: "1990s"
      source: fdn-mod-2019-strategy
    mechanisms:
      export_agency:
        status: "Yes"
        evidence: The strategy names the export office as the body that promotes defence exports.
        source: fdn-mod-2019-strategy
        locator: section 2
        as_of: "2019-04"
      export_strategy:
        status: "yes"
        evidence: The ministry published a defence export strategy with a target for 2030.
        source: fdn-mod-2019-stratgy
        locator: page 1
        as_of: "2019-04"
      top_level_sales:
        status: "partial"
        evidence: The defence minister signed a sale to a neighbour at a ceremony.
        source: fdn-mod-2019-strategy
        locator: section 4
        as_of: "2024-13"
      defense_diplomacy:
        status: "yes"
        evidence: Defence attaches are tasked with opening markets for national industry.
        source: fdn-mod-2019-strategy
        as_of: "2019-04"
      trade_promotion:
        status: unknown
        evidence: A national pavilion was seen at a fair, but no page says who paid for it.
      export_finance:
        status: "partial"
        evidance: A state bank lent to one buyer in 2022.
        source: fdn-mod-2019-strategy
        locator: section 5
        as_of: "2022-06"
      flexible_controls:
        status: "partial"
        evidence: Licences for allied buyers are decided within thirty days.
        source: fdn-mod-2019-strategy
        locator: section 6
        find: licences for allied buyers are decided within thirty days of the application being made
        as_of: "2019-04"
      customised_offers: {status: unknown}
      g2g_contracting:
        - status: "partial"
          evidence: A law lets the ministry sign export contracts with foreign governments.
          source: fdn-mod-2019-strategy
          locator: section 7
          as_of: "2019-04"
        - status: "yes"
          evidence: The ministry signed its first government-to-government sale.
          source: fdn-mod-2019-strategy
          locator: section 8
          as_of: "2019-04"
      offset_negotiation:
        status: "no"
        evidence: The ministry leaves offsets to industry.
        source: fdn-mod-2019-strategy
        locator: section 9
        as_of: "2099-01"
      military_support:
        status: "no"
        evidence: The armed forces do not train foreign crews.
        source: fdn-mod-2019-strategy
        locator: section 10
      surplus_transfers:
        status: partially
        evidence: Old patrol boats were sold once.
        source: fdn-mod-2019-strategy
        locator: section 11
        as_of: "2019-04"
      intermediary_procurement:
        status: "no"
        evidence: The ministry does not buy from industry on a buyer's behalf.
        source: fdn-mod-2019-strategy
        locator: section 12
        as_of: "2025-06"
        paper:
          status: "partial"
          evidence: The paper says otherwise.
          locator: section 1
      government_guarantee:
        status: unknown
        weight: 2
      security_rnd: unknown
      defense_focused_industry: {status: unknown}
      two_way_investment: {status: unknown}
      two_way_investment: {status: unknown}
"""
BROKEN_SHARES = "FDN,Freedonia,2020-2024,0.1,40,,calculated,sipri-db-2026-02-21\n"


def test_a_new_profile_gets_every_problem_reported_in_one_run(cli, data_copy):
    countries, shares = data_copy / "countries.yaml", data_copy / "sipri_shares.csv"
    text = countries.read_text("utf-8")
    new = text.count("\n  - name: ")  # the new profile's index
    brazil = text[: text.index('    iso3: "BRA"')].count("\n  - name: ") - 1
    countries.write_text(text.replace("\nsources:\n", "\nsources:\n" + BROKEN_SOURCE, 1) + BROKEN_COUNTRY, "utf-8")
    shares.write_text(shares.read_text("utf-8") + BROKEN_SHARES, "utf-8")
    written = countries.read_text("utf-8").splitlines()
    source_at = written.index("  fdn-mod-2019-strategy:") + 1
    profile_at = written.index("  - name: Freedonia") + 1

    def line(needle: str, after: int) -> int:
        return next(n for n, text in enumerate(written[after - 1 :], after) if needle in text)

    def src(needle: str, field: str, message: str) -> str:
        return f"{countries}:{line(needle, source_at)}: sources.fdn-mod-2019-strategy.{field}: {message}"

    def inside(needle: str) -> int:
        """The first line of the mapping under `needle`'s key, where a missing field of it is reported."""
        return line(needle, profile_at) + 1

    def at(needle: str | int, field: str, message: str) -> str:
        number = needle if isinstance(needle, int) else line(needle, profile_at)
        return f"{countries}:{number}: countries[{new}].{field}: {message}"

    locator = (
        "required: where in the source the fact stands (a section, page, paragraph or table), so that a reader "
        "can find it"
    )
    expected = [
        # The source: its wrong field first, then the rules it breaks.
        src(
            "date:",
            "date",
            "expected a date like '2023-04-13' or '2023-04' or a year from 1900 to 2100; got '13/04/2019'",
        ),
        src("title:", "title", "expected the page's own title; a [bracketed] title is a description"),
        src("title:", "accessed", "required: when it was read (2026-12)"),
        src("url:", "url", "tracking or AMP parameter utm_source in the URL; cite the page without it"),
        # The profile: every wrong field, then every rule it breaks, in the order of its fields; the
        # mechanisms it leaves out last.
        at("- name: Freedonia", "iso2", "required field is missing"),
        at("founded:", "agency.founded", "expected a whole number from 1900 to 2100; got '1990s'"),
        at("reviewed:", "reviewed", "expected a month like '2023-12'; got 'Dec 2026'"),
        at(
            'status: "Yes"',
            "mechanisms.export_agency.status",
            "expected one of yes, partial, no, unknown; got 'Yes'",
        ),
        at(
            '"2024-13"',
            "mechanisms.top_level_sales.as_of",
            "expected a month like '2023-12' or a year from 1900 to 2100; got '2024-13'",
        ),
        at("evidance:", "mechanisms.export_finance.evidance", "unknown field (did you mean 'evidence'?)"),
        at(
            "status: partially",
            "mechanisms.surplus_transfers.status",
            "expected one of yes, partial, no, unknown; got 'partially'",
        ),
        at("weight: 2", "mechanisms.government_guarantee.weight", "unknown field"),
        at("security_rnd:", "mechanisms.security_rnd", "expected a mapping or a list; got 'unknown'"),
        at('iso3: "BRA"', "iso3", f"'BRA' already identifies countries[{brazil}] (its iso3)"),
        at("aliases:", "aliases", f"'brasil' already identifies countries[{brazil}] (its aliases)"),
        at(inside("agency:"), "agency.locator", locator),
        at(
            "fdn-mod-2019-stratgy",
            "mechanisms.export_strategy.source",
            "source 'fdn-mod-2019-stratgy' is not defined under sources (did you mean 'fdn-mod-2019-strategy'?)",
        ),
        at(inside("defense_diplomacy:"), "mechanisms.defense_diplomacy.locator", locator),
        at(
            "evidence: A national pavilion",
            "mechanisms.trade_promotion.evidence",
            "an unknown status carries no evidence or source; set the status it supports",
        ),
        at(inside("export_finance:"), "mechanisms.export_finance.evidence", "required when status is 'partial'"),
        at("find: licences", "mechanisms.flexible_controls.find", "expected at most 10 words to search for; got 14"),
        at(
            "customised_offers:",
            "mechanisms.customised_offers",
            "unknown mechanism (did you mean 'customized_offers'?)",
        ),
        at(
            line("section 8", profile_at) + 1,  # the second dated item's as_of
            "mechanisms.g2g_contracting[1].as_of",
            "2019-04 falls in the month of assessment [0]; give each assessment its own month",
        ),
        at('"2099-01"', "mechanisms.offset_negotiation.as_of", "2099-01 is in the future"),
        at(inside("military_support:"), "mechanisms.military_support.as_of", "required when status is 'no'"),
        at(
            inside("paper:"),
            "mechanisms.intermediary_procurement.paper",
            "the paper's claim belongs on the assessment in force at the paper's date (2023-04); "
            "this one is dated 2025-06",
        ),
        at(
            inside("mechanisms:"),
            "mechanisms",
            "mechanism 'customized_offers' is missing; write `customized_offers: {status: unknown}` if it is not known",
        ),
        f"{countries}:{len(written)}: duplicate key 'two_way_investment' (first given on line {len(written) - 1})",
        f"{shares}:{len(shares.read_text('utf-8').splitlines())}: basis: "
        "expected one of published, computed, press; got 'calculated'",
        f"{shares}:{len(shares.read_text('utf-8').splitlines())}: source: source 'sipri-db-2026-02-21' is not "
        "defined under sources in countries.yaml (did you mean 'sipri-db-2026-02-12'?)",
    ]
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"error: {message}" for message in expected] + [
        f"error: {len(expected)} problems found; nothing was written"
    ]
    assert len(expected) == 30
    # Every command loads through the same checks, and says the same.
    assert cli("--data-dir", str(data_copy), "rank").stderr == result.stderr


def test_a_criteria_file_with_a_wrong_field_still_has_its_cross_checks_and_the_profiles_theirs(cli, data_copy):
    """A wrong weight in mechanisms.yaml and a wrong field in a profile do not hide the rest of either file."""
    mechanisms, countries = data_copy / "mechanisms.yaml", data_copy / "countries.yaml"
    (
        without_deal_citations(data_copy) / "deals.yaml"
    ).unlink()  # Israel's deals would lose their seller with its code below
    text = mechanisms.read_text("utf-8")
    mechanisms.write_text(text.replace("    weight: 3\n", "    weight: heavy\n", 1), "utf-8")
    text = countries.read_text("utf-8")
    text = text.replace('iso2: "FR"', "iso2: france", 1).replace('iso3: "ISR"', 'iso3: "FRA"', 1)
    countries.write_text(text.replace("        source: hattori2023\n", "        source: hattori2032\n", 1), "utf-8")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert ".weight: expected a number from 0 to 1000; got 'heavy'" in result.stderr
    assert "countries[1].iso2: expected a two-letter upper-case code; got 'france'" in result.stderr
    assert "countries[3].iso3: 'FRA' already identifies countries[1] (its iso3)" in result.stderr
    assert "source 'hattori2032' is not defined under sources (did you mean 'hattori2023'?)" in result.stderr
    assert result.stderr.splitlines()[-1] == "error: 4 problems found; nothing was written"


# The SIPRI excerpt: six suppliers and SIPRI's own world total, 2014-2023.

KEPT = ("United States", "Russia", "France", "Germany", "China", "Italy", "Total world export")
YEARS = [str(year) for year in range(2014, 2024)]


def _table(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """(preamble lines, {row name: {column: cell}}) of a SIPRI TIV table."""
    lines = path.read_text("utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Exports by,"))
    rows = list(csv.reader(lines[header:]))
    return lines[:header], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row}


def imported(cli, path: Path, *args: str) -> list[dict]:
    result = cli("sipri", "import", str(path), "--period", "2019-2023", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_excerpt_keeps_six_suppliers_and_the_world_for_ten_years():
    preamble, rows = _table(EXCERPT)
    assert tuple(rows) == KEPT
    assert all(list(row)[1:] == YEARS for row in rows.values())
    assert "Source: SIPRI Arms Transfers Database (c) SIPRI." in preamble
    assert "Data generated: 13 Oct 2024 12:33:53 PM" in preamble
    assert any(line.startswith("Excerpt:") for line in preamble)
    assert any(line.startswith("Cite as:") and "https://doi.org/10.55163/SAFC1241" in line for line in preamble)


@needs_shared
def test_the_excerpt_is_sipris_figures_as_they_are_and_under_a_tenth_of_them():
    full_preamble, full = _table(TIV_EXPORTERS)
    preamble, rows = _table(EXCERPT)
    sipris = [line for line in full_preamble if line]
    assert [line for line in preamble if line][: len(sipris)] == sipris  # SIPRI's own lines first, as they are
    for name, row in rows.items():
        assert row == {"Exports by": name, **{year: full[name][year] for year in YEARS}}, name
    figures = sum(1 for row in full.values() for column, cell in row.items() if column.isdigit() and cell.strip())
    kept = sum(1 for row in rows.values() for column, cell in row.items() if column.isdigit() and cell.strip())
    assert kept / figures < 0.05  # SIPRI's fair use: under 10 % of a data set


@needs_shared
def test_the_excerpt_gives_the_same_figures_as_the_full_export(cli):
    keys = ("iso3", "sipri_rank", "sipri_tiv", "sipri_share_pct", "sipri_previous_tiv", "sipri_change_pct")
    for rounding in ("none", "sipri"):
        full = imported(cli, TIV_EXPORTERS, "--top", "6", "--round", rounding)
        excerpt = imported(cli, EXCERPT, "--round", rounding)
        assert [{k: r[k] for k in keys} for r in excerpt] == [{k: r[k] for k in keys} for r in full]
    caption = "World: 2019-2023 139,977 TIV, -3.3 % against 2014-2018."
    result = cli("sipri", "import", str(EXCERPT), "--period", "2019-2023", env={"COLUMNS": "1000"})
    assert caption in result.stdout


def test_the_excerpt_reproduces_sipris_published_2019_2023_headlines(cli):
    """SIPRI Fact Sheet, March 2024, from the excerpt alone (no ../shared): as the README's example shows."""
    rows = {r["iso3"]: r for r in imported(cli, EXCERPT, "--round", "sipri")}
    assert {iso3: (r["sipri_rank"], r["sipri_share_pct"], r["sipri_change_pct"]) for iso3, r in rows.items()} == {
        "USA": (1, 42, 17),
        "FRA": (2, 11, 47),
        "RUS": (3, 11, -53),
        "CHN": (4, 5.8, -5.3),
        "DEU": (5, 5.6, -14),
        "ITA": (6, 4.3, 86),
    }


def test_the_excerpt_is_never_written_into_a_dataset(cli, data_copy):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    result = cli("sipri", "import", str(EXCERPT), "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert result.stderr.endswith("nothing was written\n")
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before


def test_only_a_marked_excerpt_may_have_fewer_suppliers_than_its_total_and_never_more(cli, tmp_path):
    """Without its `Excerpt:` line the same file is a table edited or cut; with it, a supplier row raised
    above the world total is still refused."""
    text = EXCERPT.read_text("utf-8")
    unmarked = tmp_path / "unmarked.csv"
    unmarked.write_text("\n".join(line for line in text.splitlines() if not line.startswith("Excerpt:")) + "\n")
    result = cli("sipri", "import", str(unmarked))
    assert result.exit_code == 1 and "the file has been edited or cut" in result.stderr
    inflated = tmp_path / "inflated.csv"
    lines = text.splitlines()
    usa = next(i for i, line in enumerate(lines) if line.startswith("United States,"))
    cells = lines[usa].split(",")
    cells[1] = "999999"
    lines[usa] = ",".join(cells)
    inflated.write_text("\n".join(lines) + "\n")
    result = cli("sipri", "import", str(inflated))
    assert result.exit_code == 1 and "the file has been edited or cut" in result.stderr
