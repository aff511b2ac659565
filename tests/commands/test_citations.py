"""Citations: `sources --format bibtex|csl-json` and `show COUNTRY --cite`, read back as a reference manager would.

The BibTeX is parsed by bibtexparser (a dev dependency) and its titles decoded as LaTeX by pylatexenc (which
bibtexparser brings), so a title round-trips only if the file says to LaTeX what the data says.
"""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from fmscompare.render.citations import bibtex_keys
from tests.conftest import edit

# LaTeX's text macros that pylatexenc does not know (it reads \textasciicircum as a modifier letter).
_LATEX_CONTEXT = get_default_latex_context_db()
_LATEX_CONTEXT.add_context_category(
    "text-symbols",
    prepend=True,
    macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
    ],
)
LATEX = LatexNodes2Text(latex_context=_LATEX_CONTEXT)

# From the CSL-JSON schema (citation-style-language/schema, schemas/input/csl-data.json): the item types,
# and the variables this output may use. jsonschema is not a dependency, so its rules are checked by hand.
CSL_TYPES = {
    *("article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast"),
    *("chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary"),
    *("entry-encyclopedia", "figure", "graphic", "hearing", "interview", "legal_case", "legislation"),
    *("manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent"),
    *("performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report"),
    *("review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage"),
}
CSL_STRINGS = {"id", "type", "title", "publisher", "URL", "language", "note"}
CSL_NAME_KEYS = {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}

# Titles a reference manager must get back exactly: every BibTeX special, TeX's ligatures, non-ASCII.
AWKWARD_TITLE = r"Arms & {Co}: 50% off_the $1 #2 ~ ^ \ Türkiye -- ``x'' <<y>> ! Rafale : la Grèce 한국"
AWKWARD_URL = "https://example.org/a_b/c%20d?x=1&y=2#top~"


def parse_bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def fields(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def unbrace(value: str) -> str:
    """An author or organization as written: its protecting braces removed, its LaTeX read."""
    assert value.startswith("{") and value.endswith("}")
    return LATEX.latex_to_text(value[1:-1])


def rows_by_id(cli, env: dict[str, str] | None = None) -> dict[str, dict]:
    return {row["source"]: row for row in json.loads(cli("sources", "-f", "json", env=env).stdout)}


def test_sources_as_bibtex_has_one_entry_per_source_that_round_trips(cli):
    rows = rows_by_id(cli)
    result = cli("sources", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    entries = parse_bibtex(result.stdout).entries
    assert len(entries) == len(rows)
    keys = [e.key for e in entries]
    assert len(set(keys)) == len(keys)
    assert set(keys) == set(rows)  # every id in the bundled data is a safe key already: kept as it is
    for entry in entries:
        row, got = rows[entry.key], fields(entry)
        assert entry.entry_type == "online"
        assert LATEX.latex_to_text(got["title"]) == row["title"]
        assert got["url"] == row["url"]
        assert got["date"] == row["date"]
        assert got["urldate"] == row["accessed"]
        if row["author"]:
            assert unbrace(got["author"]) == row["author"]
        if row["publisher"]:
            assert unbrace(got["organization"]) == row["publisher"]
        assert ("note" in got) == row["secondary"]
        assert ("langid" in got) == bool(row["language"])  # every language of the data has its babel name
    by_key = {e.key: fields(e) for e in entries}
    assert by_key["fra-deal-2021-01-latribune-greece-rafale"]["title"] == (
        "Rafale : la Grèce achète un avion de combat made in Europe"
    )  # UTF-8 as it is, for biber
    assert by_key["fra-an-2007-03-qe116000"]["langid"] == "french"  # biblatex's name for `fr`
    assert by_key["hattori2023"]["author"] == "{Kenjiro Hattori}"


def test_awkward_titles_and_urls_round_trip_through_bibtex_and_csl_json(cli, data_copy: Path):
    countries = data_copy / "countries.yaml"
    edit(
        countries,
        "    title: Trends in International Arms Transfers, 2021\n",
        f"    title: {json.dumps(AWKWARD_TITLE, ensure_ascii=False)}\n",
    )
    edit(
        countries,
        "url: https://www.sipri.org/publications/2022/sipri-fact-sheets/trends-international-arms-transfers-2021",
        f"url: {json.dumps(AWKWARD_URL)}",
    )
    edit(countries, "author: Kenjiro Hattori", 'author: "Smith & Sons {Ltd} and Partners"')
    env = {"FMSCOMPARE_DATA_DIR": str(data_copy)}
    assert rows_by_id(cli, env=env)["sipri-factsheet-2022"]["title"] == AWKWARD_TITLE

    text = cli("sources", "-f", "bibtex", env=env).stdout
    entry = fields(next(e for e in parse_bibtex(text).entries if e.key == "sipri-factsheet-2022"))
    assert LATEX.latex_to_text(entry["title"]) == AWKWARD_TITLE
    assert entry["url"] == AWKWARD_URL
    hattori = fields(next(e for e in parse_bibtex(text).entries if e.key == "hattori2023"))
    assert unbrace(hattori["author"]) == "Smith & Sons {Ltd} and Partners"  # one name, not split at `and`

    items = {item["id"]: item for item in json.loads(cli("sources", "-f", "csl-json", env=env).stdout)}
    assert items["sipri-factsheet-2022"]["title"] == AWKWARD_TITLE
    assert items["sipri-factsheet-2022"]["URL"] == AWKWARD_URL
    assert items["hattori2023"]["author"] == [{"literal": "Smith & Sons {Ltd} and Partners"}]


def check_csl_item(item: dict) -> None:
    """The schema's rules for what this output writes, and the fields every item must have."""
    assert {"id", "type", "title"} <= set(item)
    assert set(item) <= CSL_STRINGS | {"author", "issued", "accessed"}
    assert item["type"] in CSL_TYPES
    for key in CSL_STRINGS & set(item):
        assert isinstance(item[key], str) and item[key], key
    for name in item.get("author", []):
        assert isinstance(name, dict) and name and set(name) <= CSL_NAME_KEYS
        assert all(isinstance(v, str) and v for v in name.values())
    for key in ("issued", "accessed"):
        if key in item:
            assert set(item[key]) == {"date-parts"}
            (parts,) = item[key]["date-parts"]  # one date, not a range
            assert 1 <= len(parts) <= 3
            assert all(type(p) is int for p in parts)


def iso(date: dict) -> str:
    """CSL's {"date-parts": [[2016, 9]]} as the data writes it: 2016-09."""
    year, *rest = date["date-parts"][0]
    return "-".join([str(year), *(f"{part:02d}" for part in rest)])


def test_sources_as_csl_json(cli):
    rows = rows_by_id(cli)
    result = cli("sources", "-f", "csl-json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert isinstance(items, list)
    assert len(items) == len(rows)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        check_csl_item(item)
        row = rows[item["id"]]
        assert item["type"] == "webpage"
        assert item["title"] == row["title"]
        assert item.get("URL") == row["url"]
        assert item.get("publisher") == row["publisher"]
        assert item.get("language") == row["language"]
        assert item.get("note") == ("secondary source" if row["secondary"] else None)
        assert iso(item["issued"]) == row["date"]
        assert iso(item["accessed"]) == row["accessed"]
    hattori = next(item for item in items if item["id"] == "hattori2023")
    assert hattori["issued"] == {"date-parts": [[2023, 4, 13]]}
    assert hattori["author"] == [{"literal": "Kenjiro Hattori"}]


def profile_cites(cli, country: str, *args: str) -> set[str]:
    """What `show COUNTRY -f json` cites: its `sources`, and the sources of the deals it lists."""
    profile = json.loads(cli("show", country, "-f", "json", *args).stdout)
    return set(profile["sources"]) | {deal["source"] for deal in profile["deals"]}


@pytest.mark.parametrize("country", ["france", "south korea", "japan"])
def test_show_cite_lists_exactly_the_sources_the_profile_cites(cli, country):
    expected = profile_cites(cli, country)
    result = cli("show", country, "--cite")  # BibTeX unless told otherwise
    assert result.exit_code == 0, result.stderr
    assert {e.key for e in parse_bibtex(result.stdout).entries} == expected
    items = json.loads(cli("show", country, "--cite", "--format", "csl-json").stdout)
    assert [item["id"] for item in items] == sorted(expected)
    for item in items:
        check_csl_item(item)


def test_show_cite_includes_the_deals_sources(cli):
    profile = json.loads(cli("show", "france", "-f", "json").stdout)
    deal_sources = {deal["source"] for deal in profile["deals"]} - set(profile["sources"])
    assert deal_sources  # the test means something: the deals cite sources the Sources paragraph does not
    keys = {e.key for e in parse_bibtex(cli("show", "france", "--cite").stdout).entries}
    assert deal_sources <= keys
    assert "hattori2023" in keys


def test_show_cite_follows_as_of(cli):
    """At the paper's date, deals ordered later are not listed, so their sources are not cited."""
    now = {e.key for e in parse_bibtex(cli("show", "france", "--cite").stdout).entries}
    then = {e.key for e in parse_bibtex(cli("show", "france", "--cite", "--as-of", "2023-04").stdout).entries}
    assert then == profile_cites(cli, "france", "--as-of", "2023-04")
    assert "fra-deal-2024-08-dassault-serbia-rafale" in now - then


@pytest.mark.parametrize(
    "args",
    [
        ("sources", "-f", "bibtex"),
        ("sources", "-f", "csl-json"),
        ("show", "france", "--cite"),
        ("show", "france", "--cite", "-f", "csl-json"),
    ],
)
def test_citations_write_a_file_atomically_or_standard_output(cli, tmp_path: Path, args):
    printed = cli(*args).stdout
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file left
    assert cli(*args, "-o", "-").stdout == printed
    missing = cli(*args, "-o", str(tmp_path / "no" / "such.bib"))
    assert missing.exit_code != 0
    assert "does not exist" in missing.stderr


def test_bom_does_not_apply_to_citations(cli):
    """As with JSON and Markdown, `--bom` (a CSV option) is ignored: a BOM would be a stray character."""
    for args in (("sources", "-f", "bibtex", "--bom"), ("--bom", "sources", "-f", "csl-json")):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert not result.stdout.startswith("\ufeff")
    assert cli("sources", "-f", "csv", "--bom").stdout.startswith("\ufeff")  # CSV keeps it


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "france", "--cite", "-f", "json"), "--cite writes citations: give --format bibtex or csl-json"),
        (("show", "france", "--cite", "-f", "table"), "not table"),
        (("show", "france", "--cite", "-f", "csv"), "not csv"),
        (("show", "france", "--cite", "-f", "markdown"), "not markdown"),
        (("show", "france", "-f", "bibtex"), "--format bibtex writes citations: add --cite"),
        (("show", "france", "-f", "csl-json"), "--format csl-json writes citations: add --cite"),
        (("show", "france", "--cite", "-f", "ris"), "'ris' is not one of"),
        (("sources", "-f", "ris"), "'ris' is not one of"),
        (("rank", "-f", "bibtex"), "'bibtex' is not one of 'table', 'csv', 'json', 'markdown'"),
        (("deals", "-f", "csl-json"), "'csl-json' is not one of 'table', 'csv', 'json', 'markdown'"),
        (("show", "germny", "--cite"), "unknown country 'germny'"),
    ],
)
def test_usage_errors(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_show_without_cite_is_unchanged(cli):
    table = cli("show", "france")
    assert table.exit_code == 0
    assert table.stdout.startswith("France: government support for defence exports")
    assert "@online" not in table.stdout
    assert json.loads(cli("show", "france", "-f", "json").stdout)["iso3"] == "FRA"


def test_bibtex_keys_are_safe_recognisable_and_unique():
    keys = bibtex_keys(["fra-deal-2016-09-bbc-rafale-india", "Türkiye {1}", "turkiye-1", "a,b", "a b", "A-B", "%"])
    assert keys["fra-deal-2016-09-bbc-rafale-india"] == "fra-deal-2016-09-bbc-rafale-india"
    assert keys["Türkiye {1}"] == "Turkiye-1"
    assert keys["turkiye-1"] == "turkiye-1-2"  # BibTeX compares keys without case
    assert [keys["a,b"], keys["a b"], keys["A-B"]] == ["a-b", "a-b-2", "A-B-3"]
    assert keys["%"] == "source"
    assert len({k.lower() for k in keys.values()}) == len(keys)
