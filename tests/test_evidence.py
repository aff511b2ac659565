"""Evidence a reader can check: our own words, a locator and a find phrase, real sources, month dates, the
rubric, and the paper's own claims kept beside the sourced statuses."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator

import pytest

from fmscompare.dataset.files import bundled_data_dir
from fmscompare.dataset.loading import url_problem
from fmscompare.dataset.paper import PAPER_MONTH, PAPER_SOURCE
from fmscompare.months import Month, data_month, query_month
from tests.conftest import PAPER, SHARED, edit, needs_shared
from tests.helpers import DATASET as BUNDLED  # loaded once for every test module
from tests.helpers import WIDE

DATASET = BUNDLED
DATA_FILES = [bundled_data_dir() / name for name in ("countries.yaml", "mechanisms.yaml")]
RUN = 12  # a run of this many words in common with a source is copying, not a statement in our words


def _plain(text: str) -> str:
    """Text as a reader's browser search sees it: quotes, dashes and spacing made uniform."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‘’`]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = re.sub(r"[–—]", "-", text)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _plain(text).lower())


def _runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _statements() -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    """(where, text, source, locator, find) for every statement of what a source says."""
    for record in DATASET.records:
        for part_name in ("agency", "assessment", "paper_figures"):
            part = getattr(record, part_name)
            if part is not None:
                text = getattr(part, "text", None) or ""
                yield f"{record.iso3}.{part_name}", text, part.source, part.locator, part.find
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.status != "unknown":
                    yield (
                        f"{record.iso3}.{key}@{entry.as_of}",
                        entry.evidence or "",
                        entry.source,
                        entry.locator,
                        entry.find,
                    )
                if entry.paper is not None:
                    claim = entry.paper
                    yield f"{record.iso3}.{key}.paper", claim.evidence, PAPER_SOURCE, claim.locator, claim.find


# Our own words ----------------------------------------------------------------------------------------------


_URL = re.compile(r"https?://\S+")
# A title is the page's own words and a URL its address: both are meant to match the source.
_NOT_OURS = re.compile(r"^\s*(title|url|find):")


def _copied_runs(source_text: str) -> list[tuple[str, str]]:
    runs = _runs(_URL.sub(" ", source_text))
    found = []
    for path in DATA_FILES:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if _NOT_OURS.match(line):
                continue
            common = _runs(_URL.sub(" ", line)) & runs
            if common:
                found.append((f"{path.name}:{number}", " ".join(sorted(common)[0])))
    return found


@needs_shared
def test_nothing_in_the_data_copies_a_run_of_twelve_words_from_the_paper():
    assert _copied_runs(PAPER.read_text("utf-8")) == []


@needs_shared
@pytest.mark.parametrize("note", sorted(p.name for p in (SHARED / "research").glob("*.md")) if SHARED.is_dir() else [])
def test_nothing_in_the_data_copies_a_run_of_twelve_words_from_the_research_notes(note):
    """The notes' summaries and the audit's quotations are leads to check, not text to paste."""
    assert _copied_runs((SHARED / "research" / note).read_text("utf-8")) == []


def test_the_copy_check_catches_a_pasted_sentence():
    """The check itself can fail: a sentence of the paper pasted into a line is found."""
    sentence = "FMS is a form of government-to-government (G2G) transaction in which the government becomes"
    assert _runs(sentence) & _runs(f"evidence: {sentence} a party")


def test_no_evidence_is_presented_as_a_quotation():
    """Our statements never open with a quotation mark: they are not quotes."""
    quoted = [where for where, text, *_ in _statements() if text.lstrip().startswith(('"', "“", "'", "‘"))]
    assert quoted == []


# Findable on the page ---------------------------------------------------------------------------------------


def test_every_statement_has_a_source_and_a_locator():
    missing = [where for where, _text, source, locator, _find in _statements() if not (source and locator)]
    assert missing == []
    assert sum(1 for _ in _statements()) > 150


def test_find_phrases_are_short_enough_to_type():
    long = [(where, find) for where, *_rest, find in _statements() if find and len(find.split()) > 10]
    assert long == []


@needs_shared
def test_every_find_phrase_for_the_paper_occurs_in_it():
    paper = _plain(PAPER.read_text("utf-8"))
    phrases = [(where, find) for where, _t, source, _l, find in _statements() if source == PAPER_SOURCE and find]
    assert len(phrases) > 60
    assert [(where, find) for where, find in phrases if _plain(find) not in paper] == []


@needs_shared
def test_every_paper_locator_names_a_section_of_the_paper():
    """A locator in the paper quotes its headings (`section "France", "Background of Defense Exports"`): the
    first is a section heading, the others occur in the paper (sub-headings are in capitals there)."""
    paper = PAPER.read_text("utf-8")
    lines = [line.lstrip("> ") for line in paper.splitlines()]
    headings = {_plain(line.lstrip("#").strip()) for line in lines if line.startswith("#")}
    plain = _plain(paper).lower()
    bad = []
    for where, _t, source, locator, _f in _statements():
        if source != PAPER_SOURCE or locator is None:
            continue
        named = [_plain(name) for name in re.findall(r"[\"“]([^\"”]+)[\"”]", locator)]
        if not named or named[0] not in headings | {"Introduction"} or any(n.lower() not in plain for n in named[1:]):
            bad.append((where, locator))
    assert bad == []


# Sources ----------------------------------------------------------------------------------------------------


def test_every_source_has_a_title_publisher_date_canonical_url_and_access_date():
    for ident, source in DATASET.sources.items():
        assert not source.title.startswith("["), ident
        assert source.publisher and source.date and source.accessed and source.url, ident
        assert url_problem(source.url) is None, (ident, source.url)


def test_secondary_sources_are_the_exception():
    secondary = [ident for ident, source in DATASET.sources.items() if source.secondary]
    assert len(secondary) < len(DATASET.sources) / 3, secondary


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://m.example.com/NewsCenter/AMP/Read?articleId=1", "an AMP page"),
        ("https://example.com/news/2024/boxer/?amp=1", "tracking or AMP parameter amp"),
        ("https://example.com/a?utm_source=feedburner&utm_medium=feed", "tracking or AMP parameter utm_source"),
        ("https://www.example.com/doi/full/10.1080/1?src=exp-la", "tracking or AMP parameter src"),
        ("https://example.com/amp/1065547415053978", "an AMP page"),
        ("ftp://example.com/file", "expected a web address"),
    ],
)
def test_validate_names_amp_and_tracking_urls(url, problem):
    assert (url_problem(url) or "").startswith(problem)


@pytest.mark.parametrize(
    "url",
    ["https://www.gov.uk/government/news/x", "https://doi.org/10.1080/01402390.2024.2327842", "https://e.com/?id=3"],
)
def test_canonical_urls_pass(url):
    assert url_problem(url) is None


def test_validate_enforces_the_source_rules_on_the_bundled_data(cli, data_copy):
    f = data_copy / "countries.yaml"
    edit(f, "    url: https://www.csis.org/", "    url: https://www.csis.org/amp/")
    edit(f, '  hattori2023:\n    title: "', '  hattori2023:\n    title: "[The paper] ')
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert "sources.hattori2023.url: an AMP page; cite the page itself (its canonical URL)" in result.stderr
    assert "sources.hattori2023.title: expected the page's own title; a [bracketed] title is a description" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("date", "required: when it was published (2023, 2023-04 or 2023-04-13)"),
        ("accessed", "required: when it was read (2026-12)"),
        ("publisher", "required: who published it"),
    ],
)
def test_validate_requires_source_metadata(cli, data_copy, field, message):
    f = data_copy / "countries.yaml"
    text = f.read_text("utf-8")
    block = text[text.index("  hattori2023:\n") :]
    line = next(line for line in block.splitlines() if line.startswith(f"    {field}: "))
    edit(f, "  hattori2023:\n", "  hattori2023:\n")  # the block is there
    f.write_text(text.replace(line + "\n", "", 1), encoding="utf-8")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert f"sources.hattori2023.{field}: {message}" in result.stderr


def test_validate_requires_a_locator_and_limits_find_phrases(cli, data_copy):
    f = data_copy / "countries.yaml"
    text = f.read_text("utf-8")
    locator = re.search(r"\n( +)locator: [^\n]+\n", text[text.index("\ncountries:") :])
    assert locator is not None
    f.write_text(text.replace(locator.group(0), "\n", 1), encoding="utf-8")
    find = re.search(r"\n( +)find: [^\n]+\n", f.read_text("utf-8"))
    assert find is not None
    edit(f, find.group(0), f"\n{find.group(1)}find: one two three four five six seven eight nine ten eleven\n")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert "locator: required: where in the source the fact stands" in result.stderr
    assert "find: expected at most 10 words to search for; got 11" in result.stderr


# Dates by month ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "month"),
    [(2018, Month(2018, 1)), ("2023-12", Month(2023, 12)), ("2023-04", Month(2023, 4)), ("2011", Month(2011, 1))],
)
def test_an_assessment_takes_effect_in_its_month_and_a_year_alone_from_january(written, month):
    assert data_month(written) == month


@pytest.mark.parametrize(
    ("asked", "month"),
    [("2023", Month(2023, 12)), ("2023-04", Month(2023, 4)), (" 2024-02 ", Month(2024, 2)), ("2023-13", None)],
)
def test_as_of_takes_a_year_meaning_its_end_or_a_month(asked, month):
    assert query_month(asked) == month


def test_every_known_assessment_is_dated_by_month_and_none_in_the_future():
    today = Month.today()
    for record in DATASET.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.status != "unknown":
                    assert entry.month is not None and entry.month <= today, (record.iso3, key)


def test_the_papers_assessments_are_dated_by_the_paper(cli):
    """Everything the paper states is dated April 2023, the month it was published."""
    dates = {
        str(entry.as_of)
        for record in DATASET.records
        for key in record.mechanisms
        for entry in record.history(key)
        if entry.source == PAPER_SOURCE
    }
    assert dates == {str(PAPER_MONTH)}


def test_as_of_a_month_sees_what_took_effect_by_then(cli):
    """December 2023's events (the Patriot revision, the GCAP treaty) are in 2023, not hidden until 2024."""
    japan = DATASET.record_by_iso3("JPN")
    months = sorted({e.month for key in japan.mechanisms for e in japan.history(key) if e.month})
    december = [m for m in months if m.year == 2023 and m.month > 4]
    assert december, "Japan has developments between the paper and the end of 2023"
    first = december[0]
    before = json.loads(cli("show", "japan", "--as-of", str(Month(first.year, first.month - 1)), "-f", "json").stdout)
    after = json.loads(cli("show", "japan", "--as-of", str(first), "-f", "json").stdout)
    year = json.loads(cli("show", "japan", "--as-of", "2023", "-f", "json").stdout)
    assert before["mechanisms"] != after["mechanisms"]
    assert after["as_of"] == str(first) and year["as_of"] == "2023-12"  # a year means its December
    assert {m["mechanism"]: m["status"] for m in year["mechanisms"]} == {
        m["mechanism"]: m["status"] for m in after["mechanisms"]
    } or december[-1] != first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "--as-of", "2022"], "--as-of 2022: the data describes 2023-04 (the paper's picture) and later"),
        (["rank", "--as-of", "2023-03"], "--as-of 2023-03: the data describes 2023-04"),
        (["show", "jp", "--as-of", "2099"], "--as-of 2099 is in the future"),
        (["show", "jp", "--as-of", "2023-13"], "--as-of '2023-13': expected a year (2024) or a month (2023-12)"),
        (["rank", "--as-of", "2023", "--paper"], "give --as-of or --paper, not both"),
    ],
)
def test_bad_as_of_is_a_usage_error(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert f"error: {message}" in result.stderr


def test_every_scoring_command_takes_as_of(cli):
    for command in (
        ["rank"],
        ["show", "jp"],
        ["compare", "jp", "kr"],
        ["spectrum"],
        ["gap", "jp"],
        ["sensitivity", "--draws", "50"],
        ["correlate"],
    ):
        result = cli(*command, "--as-of", "2023-04", env=WIDE)
        assert result.exit_code == 0, (command, result.stderr)
        assert "as of 2023-04" in result.stdout, command
        paper = cli(*command, "--paper", env=WIDE)
        assert paper.exit_code == 0, (command, paper.stderr)
        assert "the paper's own claims" in paper.stdout, command


def test_every_profile_was_reviewed_in_2026():
    assert {
        record.iso3: record.reviewed for record in DATASET.records if not (record.reviewed or "").startswith("2026-")
    } == {}


# The rubric -------------------------------------------------------------------------------------------------


def test_every_mechanism_has_a_rubric_for_yes_partial_and_no():
    for mech in DATASET.mechanisms:
        assert mech.rubric.yes and mech.rubric.partial and mech.rubric.no, mech.key
        assert len({mech.rubric.yes, mech.rubric.partial, mech.rubric.no}) == 3, mech.key


def test_mechanisms_shows_the_rubric(cli):
    table = cli("mechanisms", env={"COLUMNS": "120"}).stdout
    g2g = next(m for m in DATASET.mechanisms if m.key == "g2g_contracting")
    assert "Partial when: A law or mechanism lets the government contract" in " ".join(table.split())
    rows = {r["mechanism"]: r for r in json.loads(cli("mechanisms", "-f", "json").stdout)}
    assert rows["g2g_contracting"]["rubric_partial"] == g2g.rubric.partial
    assert (
        cli("mechanisms", "-f", "csv")
        .stdout.splitlines()[0]
        .endswith(",rubric_yes,rubric_partial,rubric_no,weights,as_of,dataset_version")
    )


def test_a_mechanism_without_a_rubric_is_refused(cli, data_copy):
    f = data_copy / "mechanisms.yaml"
    text = f.read_text("utf-8")
    block = re.search(r"    rubric:\n(      [^\n]+\n){3}", text)
    assert block is not None
    f.write_text(text.replace(block.group(0), "", 1), encoding="utf-8")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 1
    assert "mechanisms[0].rubric: required field is missing" in result.stderr


# The paper's own claims -------------------------------------------------------------------------------------


def _errors() -> dict[tuple[str, str], str]:
    return {
        (record.iso3, key): entry.paper.status
        for record in DATASET.records
        for key in record.mechanisms
        for entry in record.history(key)
        if entry.paper is not None
    }


def test_the_papers_errors_are_recorded_beside_the_sourced_status():
    errors = _errors()
    assert errors[("KOR", "g2g_contracting")] == "no"  # "DCS only"; KOTRA has contracted G2G since 2011-12
    korea = DATASET.record_by_iso3("KOR").as_of(PAPER_MONTH)
    assert korea.mechanisms["g2g_contracting"].status == "yes"


def test_as_of_the_papers_date_shows_the_sourced_picture_with_the_papers_errors_flagged(cli):
    out = cli("show", "korea", "--as-of", "2023-04", env={"COLUMNS": "200"}).stdout
    assert re.search(r"G2G contracting\s+g2g\s+yes\s+paper: no", out)
    assert "Where the paper differs from the sources" in out
    assert "the paper says no; the sources show yes at its date" in out
    record = json.loads(cli("show", "korea", "--as-of", "2023-04", "-f", "json").stdout)
    g2g = next(m for m in record["mechanisms"] if m["mechanism"] == "g2g_contracting")
    assert (g2g["status"], g2g["paper_status"], g2g["paper_differs"]) == ("yes", "no", True)


def test_paper_shows_the_papers_own_claims(cli):
    record = json.loads(cli("show", "korea", "--paper", "-f", "json").stdout)
    g2g = next(m for m in record["mechanisms"] if m["mechanism"] == "g2g_contracting")
    assert (g2g["status"], g2g["source"], record["contracting_model"]) == ("no", PAPER_SOURCE, "dcs")
    assert record["paper_view"] is True
    rows = json.loads(cli("rank", "--paper", "-f", "json").stdout)
    assert {r["iso3"] for r in rows} == {"USA", "FRA", "AUS", "ISR", "KOR", "DEU", "JPN"}
    assert cli("rank", "--paper", env={"COLUMNS": "200"}).stdout.splitlines()[0].endswith("; the paper's own claims")


def test_compare_marks_where_the_paper_claims_otherwise(cli):
    out = cli("compare", "korea", "france", "--as-of", "2023-04", env={"COLUMNS": "200"}).stdout
    assert "†: the paper claims otherwise" in out
    assert re.search(r"G2G contracting\s+g2g\s+3\s+yes 14\.\d†", out)
    rows = json.loads(cli("compare", "korea", "france", "-f", "json").stdout)
    g2g = next(r for r in rows if r["mechanism"] == "g2g_contracting")
    assert (g2g["kor_paper_status"], g2g["kor_paper_differs"]) == ("no", True)
    assert g2g["fra_paper_differs"] is False


# Today's picture --------------------------------------------------------------------------------------------


def test_japan_today_is_not_the_paper_picture(cli):
    now = json.loads(cli("show", "japan", "-f", "json").stdout)
    then = json.loads(cli("show", "japan", "--as-of", "2023-04", "-f", "json").stdout)
    assert now["support_score"] > then["support_score"]
    assert any(str(c["status_since"]).startswith(("2025", "2026")) for c in now["changes_since_paper"])
    gap_now = cli("gap", "japan", "-f", "json").stdout
    gap_then = cli("gap", "japan", "--as-of", "2023-04", "-f", "json").stdout
    assert gap_now != gap_then


def test_show_tells_where_to_find_each_fact_and_never_quotes_our_words(cli):
    out = cli("show", "france", env={"COLUMNS": "120"}).stdout
    assert "The source says (from 2023-04): " in out
    assert re.search(r"Where: \[hattori2023\] section \"France\"", out)
    assert "search the page for “" in out
    assert "“" not in out.split("The source says", 1)[1].split("\n", 1)[0]


def test_show_json_carries_locator_and_find(cli):
    record = json.loads(cli("show", "france", "-f", "json").stdout)
    known = [m for m in record["mechanisms"] if m["status"] != "unknown"]
    assert known and all(m["locator"] for m in known)
    assert any(m["find"] for m in known)
    assert set(next(iter(record["sources"].values()))) >= {"title", "publisher", "date", "url", "accessed", "secondary"}
