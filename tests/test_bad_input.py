"""Broken datasets: each gives exit 1, one line per problem naming file, line and field; no traceback."""

from __future__ import annotations

import functools
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fmscompare.dataset.loading import load_dataset
from fmscompare.errors import DataError
from tests.conftest import edit, line_of

Breaker = Callable[[Path], str]  # breaks the copy, returns the message expected on stderr


def first_unknown(f: Path) -> tuple[str, int, int]:
    """The first `key: {status: unknown}` line of the file: (key, country index, line)."""
    lines = f.read_text(encoding="utf-8").splitlines()
    countries = 0
    for number, line in enumerate(lines, 1):
        if line.startswith("  - name: "):
            countries += 1
        stripped = line.strip()
        if stripped.endswith(": {status: unknown}") and line.startswith("      ") and not line.startswith("       "):
            return stripped.split(":", 1)[0], countries - 1, number
    raise AssertionError("no unknown mechanism in the data")


def status_maybe(d: Path) -> str:
    f = d / "countries.yaml"
    # The United States' export agency (the first mechanism of the first country) is one "yes".
    edit(f, '      export_agency:\n        status: "yes"\n', "      export_agency:\n        status: maybe\n")
    line = line_of(f, "status: maybe")
    return (
        f"{f}:{line}: countries[0].mechanisms.export_agency.status: "
        "expected one of yes, partial, no, unknown; got 'maybe'"
    )


def yaml_syntax(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, "  - name: France\n", "  - name: France\n   iso2: [\n")
    return f"{f}:{line_of(f, 'name: France') + 1}: invalid YAML"


def wrong_type(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, 'iso2: "DE"', "iso2: 49")
    return f"{f}:{line_of(f, 'iso2: 49')}: countries[5].iso2: expected a two-letter upper-case code; got 49"


def missing_field(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, '    iso3: "ISR"\n', "")
    return f"{f}:{line_of(f, 'name: Israel')}: countries[3].iso3: required field is missing"


def unknown_field(d: Path) -> str:
    f = d / "mechanisms.yaml"
    edit(f, "    weight: 3\n", "    wieght: 3\n")
    return f"{f}:{line_of(f, 'wieght: 3')}: mechanisms[8].wieght: unknown field (did you mean 'weight'?)"


def unknown_mechanism(d: Path) -> str:
    f = d / "countries.yaml"
    key, country, line = first_unknown(f)
    edit(f, f"      {key}: {{status: unknown}}\n", f"      {key}s: {{status: unknown}}\n")
    return f"{f}:{line}: countries[{country}].mechanisms.{key}s: unknown mechanism (did you mean '{key}'?)"


def missing_mechanism(d: Path) -> str:
    f = d / "countries.yaml"
    key, country, _ = first_unknown(f)
    edit(f, f"      {key}: {{status: unknown}}\n", "")
    line = line_of(f, "    mechanisms:", country + 1) + 1
    return f"{f}:{line}: countries[{country}].mechanisms: mechanism '{key}' is missing"


def duplicate_country(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, "  - name: Israel\n", "  - name: France\n")
    return (
        f"{f}:{line_of(f, 'name: France', 2)}: countries[3].name: 'France' already identifies countries[1] (its name)"
    )


def duplicate_iso3(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, 'iso3: "DEU"', 'iso3: "FRA"')
    line = line_of(f, 'iso3: "FRA"', 2)
    return f"{f}:{line}: countries[5].iso3: 'FRA' already identifies countries[1] (its iso3)"


def duplicate_key(d: Path) -> str:
    f = d / "countries.yaml"
    key, _, line = first_unknown(f)
    edit(f, f"      {key}: {{status: unknown}}\n", f"      {key}: {{status: unknown}}\n" * 2)
    return f"{f}:{line + 1}: duplicate key '{key}' (first given on line {line})"


def undefined_source_yaml(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, "        source: hattori2023\n", "        source: hattori2032\n")
    line = line_of(f, "source: hattori2032")
    return (
        f"{f}:{line}: countries[0].mechanisms.export_agency.source: "
        "source 'hattori2032' is not defined under sources (did you mean 'hattori2023'?)"
    )


def evidence_missing(d: Path) -> str:
    f = d / "countries.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index('      export_agency:\n        status: "yes"\n        evidence: ')
    end = text.index("\n", start + len('      export_agency:\n        status: "yes"\n')) + 1
    evidence = text[start + len('      export_agency:\n        status: "yes"\n') : end]
    f.write_text(text.replace(evidence, "", 1), encoding="utf-8")
    return "countries[0].mechanisms.export_agency.evidence: required when status is 'yes'"


def unsafe_tag(d: Path) -> str:
    f = d / "countries.yaml"
    edit(f, "sources:\n", "evil: !!python/object/apply:os.system ['echo pwned']\nsources:\n")
    return f"{f}:{line_of(f, 'evil:')}: unsupported YAML tag '!!python/object/apply:os.system'"


def collection_tag_on_a_word(d: Path) -> str:
    """A scalar tagged as a mapping or a list: PyYAML refuses it, and the loader says so (never a traceback or
    a silently empty value)."""
    f = d / "countries.yaml"
    edit(f, "    author: ", "    author: !!map ")
    return f"{f}:{line_of(f, 'author: !!map')}: invalid YAML: expected a mapping node, but found scalar"


def empty_yaml(d: Path) -> str:
    (d / "mechanisms.yaml").write_text("", encoding="utf-8")
    return f"{d / 'mechanisms.yaml'}: file is empty"


def binary_yaml(d: Path) -> str:
    (d / "countries.yaml").write_bytes(b"sources:\n\x00\x01\x02\xff")
    return f"{d / 'countries.yaml'}:2: expected a UTF-8 text file; found binary data"


def latin1_yaml(d: Path) -> str:
    f = d / "countries.yaml"
    text = f.read_text(encoding="utf-8")
    # The first character that Latin-1 writes as a byte UTF-8 cannot read (ü in "Rüstungsexporte", é, ...).
    first = next(i for i, ch in enumerate(text) if 0x80 <= ord(ch) <= 0xFF)
    line = text[:first].count("\n") + 1
    f.write_bytes(text.encode("latin-1", errors="replace"))
    return f"{f}:{line}: expected UTF-8 text; found byte 0x{ord(text[first]):02x}"


def top_level_list(d: Path) -> str:
    (d / "countries.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    return f"{d / 'countries.yaml'}:1: expected a mapping; got a list"


def share_out_of_range(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "KOR,South Korea,2017-2021,2.8,", "KOR,South Korea,2017-2021,102.8,")
    return f"{f}:{line_of(f, 'KOR,South Korea,2017-2021')}: share_pct: expected a number from 0 to 100; got 102.8"


def share_not_a_number(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "FRA,France,2017-2021,11,", "FRA,France,2017-2021,eleven,")
    return f"{f}:{line_of(f, 'FRA,France,2017-2021')}: share_pct: expected a number; got 'eleven'"


def rank_not_whole(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "ISR,Israel,2017-2021,2.4,10,", "ISR,Israel,2017-2021,2.4,10.5,")
    return f"{f}:{line_of(f, 'ISR,Israel,2017-2021')}: rank: expected a whole number of at least 1; got 10.5"


def missing_column(d: Path) -> str:
    f = d / "sipri_shares.csv"
    lines = [",".join(line.split(",")[:-1]) for line in f.read_text(encoding="utf-8").splitlines()]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"{f}:1: header: expected columns iso3,country,period,share_pct,rank,change_pct,basis,source; missing source"


def bad_basis(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "2017-2021,39,1,14,published,", "2017-2021,39,1,14,official,")
    return f"{f}:2: basis: expected one of published, computed, press; got 'official'"


def undefined_source_csv(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(
        f,
        "JPN,Japan,2017-2021,0.0037,49,,computed,sipri-db-2022-07-28",
        "JPN,Japan,2017-2021,0.0037,49,,computed,sipri",
    )
    return f"{f}:{line_of(f, 'JPN,Japan,2017-2021')}: source: source 'sipri' is not defined under sources"


def duplicate_row(d: Path) -> str:
    f = d / "sipri_shares.csv"
    f.write_text(f.read_text(encoding="utf-8") + "JPN,Japan,2020-2024,0.1,51,,computed,sipri-db-2026-02-12\n", "utf-8")
    return f"{f}:{line_of(f, 'JPN,Japan,2020-2024', 2)}: period: a second row for the same country and period"


def bad_period(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "USA,United States,2017-2021,", "USA,United States,2017-21,")
    return f"{f}:2: period: expected a period like '2017-2021'; got '2017-21'"


def reversed_period(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "USA,United States,2017-2021,", "USA,United States,2021-2017,")
    return f"{f}:2: period: expected a five-year window; got '2021-2017'"


def short_row(d: Path) -> str:
    f = d / "sipri_shares.csv"
    edit(f, "ISR,Israel,2017-2021,2.4,10,-5.6,computed,", "ISR,Israel,2017-2021,2.4,10,-5.6,")
    return f"{f}:{line_of(f, 'ISR,Israel,2017-2021')}: expected 8 fields like the header; found 7"


def empty_csv(d: Path) -> str:
    (d / "sipri_shares.csv").write_text("\n", encoding="utf-8")
    return f"{d / 'sipri_shares.csv'}: file is empty"


def preset_unknown_key(d: Path) -> str:
    f = d / "mechanisms.yaml"
    edit(f, "      security_rnd: 1\n", "      security_rd: 1\n")
    line = line_of(f, "security_rd: 1")
    return f"{f}:{line}: presets.equal.weights.security_rd: unknown mechanism (did you mean 'security_rnd'?)"


def file_missing(d: Path) -> str:
    (d / "countries.yaml").unlink()
    return f"{d / 'countries.yaml'}: file not found"


def directory_for_file(d: Path) -> str:
    (d / "sipri_shares.csv").unlink()
    (d / "sipri_shares.csv").mkdir()
    return f"{d / 'sipri_shares.csv'}: expected a file; found a directory"


CASES = [
    status_maybe,
    collection_tag_on_a_word,
    yaml_syntax,
    wrong_type,
    missing_field,
    unknown_field,
    unknown_mechanism,
    missing_mechanism,
    duplicate_country,
    duplicate_iso3,
    duplicate_key,
    undefined_source_yaml,
    evidence_missing,
    unsafe_tag,
    empty_yaml,
    binary_yaml,
    latin1_yaml,
    top_level_list,
    share_out_of_range,
    share_not_a_number,
    rank_not_whole,
    missing_column,
    bad_basis,
    undefined_source_csv,
    duplicate_row,
    bad_period,
    reversed_period,
    short_row,
    empty_csv,
    preset_unknown_key,
    file_missing,
    directory_for_file,
]


@pytest.mark.parametrize("breaker", CASES, ids=[c.__name__ for c in CASES])
def test_bad_dataset_is_reported_not_raised(cli, data_copy, breaker):
    expected = breaker(data_copy)
    _assert_reported(cli("rank", "--data-dir", str(data_copy)), expected)


# Every command reads the data through one loader: each breaker above is tried with `rank`, and one of
# each file's with every other command that reads the data.
@pytest.mark.parametrize(
    "args",
    [
        ("show", "france"),
        ("compare", "france", "japan"),
        ("gap", "japan"),
        ("spectrum",),
        ("trend",),
        ("deals",),
        ("timeline", "japan"),
        ("sensitivity", "--draws", "50"),
        ("correlate", "--permutations", "100"),
        ("mechanisms",),
        ("sources",),
        ("report", "-o", "brief.html"),
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("breaker", [share_not_a_number, status_maybe], ids=lambda b: b.__name__)
def test_every_command_reports_a_bad_dataset(cli, data_copy, tmp_path, monkeypatch, args, breaker):
    monkeypatch.chdir(tmp_path)
    expected = breaker(data_copy)
    _assert_reported(cli(*args, "--data-dir", str(data_copy)), expected)
    assert not (tmp_path / "brief.html").exists()


def _assert_reported(result, expected: str) -> None:
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_every_problem_is_listed_not_just_the_first(cli, data_copy):
    expected = [share_not_a_number(data_copy), status_maybe(data_copy), wrong_type(data_copy)]
    result = cli("rank", "--data-dir", str(data_copy))
    for message in expected:
        assert message in result.stderr
    assert "error: 3 problems found; nothing was written" in result.stderr


def test_unquoted_yes_and_no_are_statuses_not_booleans(data_copy):
    f = data_copy / "countries.yaml"
    text = f.read_text(encoding="utf-8").replace('status: "yes"', "status: yes").replace('status: "no"', "status: no")
    f.write_text(text, encoding="utf-8")
    dataset = load_dataset(data_copy)
    assert dataset.country_by_iso3("USA").mechanisms["g2g_contracting"].status == "yes"


@functools.cache
def _base_countries() -> dict:
    """The corpus's base file, parsed once (with libyaml where it is installed) for every example."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (Path(__file__).parent / "corpus" / "base-countries.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=loader)


def _dumper() -> type:
    import yaml

    return getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_DUMPER = _dumper()


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=5), st.floats(allow_nan=True))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["name", "iso2", "aliases", "agency", "mechanisms", "paper_figures", "assessment"]),
    value=yaml_values,
)
def test_any_value_in_any_field_gives_a_data_error_or_loads(data_copy, field, value):
    """Replace one field of the first country with an arbitrary value: only DataError may come out."""
    import yaml

    f = data_copy / "countries.yaml"
    (data_copy / "deals.yaml").unlink(missing_ok=True)  # its sellers are not in the corpus's base file
    # The first country alone (the corpus's base file), with the sources it cites written once: the rest
    # of the data plays no part here.
    sources, country = _first_country_and_its_sources()
    changed = {**country, field: value}
    f.write_text(sources + yaml.dump({"countries": [changed]}, Dumper=_DUMPER, allow_unicode=True), encoding="utf-8")
    try:
        load_dataset(data_copy)
    except DataError as exc:
        assert exc.problems
        assert all(p.file.endswith("countries.yaml") for p in exc.problems)


def test_the_first_country_with_its_sources_alone_loads(data_copy):
    """The property test above starts from a valid file, so that a DataError there is the value's doing."""
    import yaml

    (data_copy / "deals.yaml").unlink(missing_ok=True)
    sources, country = _first_country_and_its_sources()
    text = sources + yaml.dump({"countries": [country]}, Dumper=_DUMPER, allow_unicode=True)
    (data_copy / "countries.yaml").write_text(text, encoding="utf-8")
    assert [c.iso3 for c in load_dataset(data_copy).countries] == [country["iso3"]]


@functools.cache
def _first_country_and_its_sources() -> tuple[str, dict]:
    """The `sources:` block of the base file cut to the sources its first country and the SIPRI figures cite
    (as YAML text), and that country."""
    import csv

    import yaml

    from fmscompare.dataset.files import bundled_data_dir

    base = _base_countries()
    country = base["countries"][0]
    cited = set(re.findall(r"'source': '([^']+)'", repr(country)))
    with (bundled_data_dir() / "sipri_shares.csv").open(encoding="utf-8") as shares:
        cited |= {row["source"] for row in csv.DictReader(shares)}
    sources = {key: value for key, value in base["sources"].items() if key in cited}
    assert sources, "the first country cites no source: the cut would test nothing"
    return yaml.dump({"sources": sources}, Dumper=_DUMPER, allow_unicode=True), country


def test_a_single_problem_also_gets_the_summary_line(cli, data_copy):
    share_not_a_number(data_copy)
    result = cli("rank", "--data-dir", str(data_copy))
    assert result.stderr.splitlines()[-1] == "error: 1 problem found; nothing was written"


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "no",
        "NO",
        "true",
        "False",
        "~",
        "null",
        "",
        "1",
        "-3",
        "0x1F",
        "0o17",
        "1_000",
        "1e3",
        "2.5E-2",
        ".inf",
        "-.Inf",
        ".nan",
        "3.14",
        "2023-04",
        "2023-04-13",
        "1:30",
        "status",
        "hattori2023",
        "=",
        "<<",
    ],
)
def test_a_plain_scalar_gets_the_tag_pyyaml_gives_it_first_time_and_after(text):
    """The loader remembers each plain scalar's tag (dataset/yamldoc.py); PyYAML's own resolution, with our
    YAML 1.2 booleans and no timestamps, must give the same tag, the first time and from memory."""
    import yaml

    from fmscompare.dataset.yamldoc import _SafeLoader

    loader = _SafeLoader("")
    expected = yaml.resolver.BaseResolver.resolve(loader, yaml.ScalarNode, text, (True, False))
    _SafeLoader._plain_tags.pop(text, None)
    assert loader.resolve(yaml.ScalarNode, text, (True, False)) == expected
    assert loader.resolve(yaml.ScalarNode, text, (True, False)) == expected
    assert loader.resolve(yaml.ScalarNode, text, (False, True)) == "tag:yaml.org,2002:str"  # quoted


# Any YAML document, read by the loader's own builder for plain documents (dataset/yamldoc.py `_plain`) or by
# PyYAML's constructor: the same data, the same keys given twice in the same order, the same errors.

SCALARS = ["1", "-3", "0x1F", "1_000", "1e3", "2.5", ".nan", ".inf", "true", "no", "~", "null", "", "text", "'q'"]
SCALARS += ['"two words"', "2023-04", "1:30", "<<", "=", "!!str 5", "!!int 7", "!!float 1", "!!binary aGk="]
SCALARS += ["12345678901234567890123", "&a x", "*a", "!!python/name:os.system", "[1, x]", "{k: v}", "!!set {a}"]
SCALARS += ["!!seq x", "!!map x", "!!set x", "!!omap x", "!!pairs x", "!!timestamp 2023-04-13", "!!null ''"]
KEYS = ["a", "b", "a", "1", "<<", "true", "~", "!!str k", "? [x]", "!!seq k", "!!set k", "1.0"]


def _yaml_text(draw: st.DrawFn, depth: int = 0, indent: str = "") -> list[str]:
    """Block-style lines of a random document: mappings and lists whose keys repeat, with tags, merge keys,
    anchors and aliases, numbers of every form, and the odd value no constructor takes."""
    lines = []
    as_list = draw(st.booleans())
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        head = f"{indent}- " if as_list else f"{indent}{draw(st.sampled_from(KEYS))}: "
        if depth < 3 and draw(st.integers(min_value=0, max_value=2)) == 0:
            lines.append(head.rstrip())
            lines += _yaml_text(draw, depth + 1, indent + "  ")
        else:
            lines.append(head + draw(st.sampled_from(SCALARS)))
    return lines


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(st.sampled_from(SCALARS))  # a document that is one value
    return "\n".join(_yaml_text(draw)) + "\n"


def _as_pyyaml_reads_it(text: str) -> tuple[str, object, list[tuple[str, int]]]:
    """What PyYAML's constructor makes of the document (with the loader's resolver and key checks, and its
    refusal of aliases): the data, or the problems the loader reports."""
    import yaml

    from fmscompare.dataset.yamldoc import _describe_yaml_error, _refuse_aliases, _SafeLoader

    loader = _SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (_describe_yaml_error(exc), mark.line + 1 if mark else None)
        return "problems", [*loader.duplicates, problem], []
    finally:
        loader.dispose()
    try:
        _refuse_aliases(Path("doc.yaml"), root)
    except DataError as exc:
        return "problems", [(p.message, p.line) for p in exc.problems], []
    return "data", repr(data), list(loader.duplicates)


@settings(max_examples=300, deadline=None)
@given(text=yaml_documents())
# Keys given twice at three places: PyYAML notes them level by level (a, c, then b), not branch by branch.
@example(text="x:\n  a: 1\n  a: 2\n  y:\n    b: 1\n    b: 2\nz:\n  c: 1\n  c: 2\n")
# Deeper than the plain builder goes (it recurses), and too deep to keep pickled: read as PyYAML reads it.
@example(text="a: " + "[" * 600 + "]" * 600 + "\n")
@example(text="a: !!set {x}\nb: " + "[" * 600 + "]" * 600 + "\n")
def test_a_plain_document_is_built_as_pyyaml_builds_it(text):
    from fmscompare.dataset import yamldoc

    kind, expected, duplicates = _as_pyyaml_reads_it(text)
    path = Path(tempfile.mkdtemp()) / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    for _ in range(2):  # read, then from what the reader kept
        try:
            doc = yamldoc.load_yaml(path, keep_going=True)
        except DataError as exc:
            assert (kind, expected) == ("problems", [(p.message, p.line) for p in exc.problems]), text
            continue
        assert kind == "data", (text, expected)
        assert repr(doc.data) == expected
        assert [(p.message, p.line) for p in doc.problems] == duplicates


def test_the_bundled_files_are_built_as_pyyaml_builds_them():
    from fmscompare.dataset import yamldoc
    from fmscompare.dataset.files import bundled_data_dir

    for name in ("countries.yaml", "mechanisms.yaml", "deals.yaml"):
        text = (bundled_data_dir() / name).read_text(encoding="utf-8")
        root = yamldoc._SafeLoader(text).get_single_node()
        assert yamldoc._plain(root) is not None, f"{name} is no longer plain: it would be read the slow way"
        assert repr(yamldoc._parse(Path(name), text)[0]) == _as_pyyaml_reads_it(text)[1]
