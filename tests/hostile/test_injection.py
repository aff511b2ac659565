"""Terminal injection (issue 16): control characters in the data never reach the terminal raw.

A country or agency name, a SIPRI supplier, a weights key or a file name may hold an escape sequence (ESC [31m
colours the terminal, ESC [2J clears it, ESC ] 0; ... BEL retitles the window), a C1 control (U+009B is an 8-bit
CSI), DEL, a bidi override (U+202E shows text reversed) or a newline (which would forge a second `error:`
line). The table, Markdown and JSON outputs, the error messages and the lines about what was written show
each as an escape (`\\x1b`, `\\u202e`, `\\n`) instead. CSV is left as data: it is for spreadsheets, and keeps
its own formula escaping.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import edit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sipri"
TIV_SMALL = FIXTURES / "tiv-exporters-small.csv"

# What a terminal acts on: C0 controls but newline and tab, DEL, C1 controls, line and paragraph separators,
# bidi embeddings, overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# As written in YAML (double-quoted escapes) and as the output must show them.
COUNTRY_YAML = r'"Ja\e[31mpan\x1b]0;pwned\x07\u202e"'
COUNTRY_SHOWN = r"Ja\x1b[31mpan\x1b]0;pwned\x07\u202e"
COUNTRY_JSON = r"Ja\u001b[31mpan\u001b]0;pwned\u0007\u202e"
AGENCY_YAML = r'"ATLA\e[2J\x9b\x7f end"'
AGENCY_SHOWN = r"ATLA\x1b[2J\x9b\x7f end"


def assert_no_raw_controls(*texts: str) -> None:
    for text in texts:
        found = RAW.search(text)
        assert found is None, f"raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 60) :][:120]!r}"


@pytest.fixture
def hostile_data(data_copy: Path) -> Path:
    """The bundled data with escape sequences, a C1 control, DEL and a bidi override in Japan's name and in
    its agency's name."""
    countries = data_copy / "countries.yaml"
    edit(countries, "  - name: Japan\n", f"  - name: {COUNTRY_YAML}\n")
    edit(
        countries,
        "      name: Acquisition, Technology, and Logistics Agency (ATLA)\n",
        f"      name: {AGENCY_YAML}\n",
    )
    return data_copy


COMMANDS = [
    ("rank",),
    ("rank", "-f", "markdown"),
    ("rank", "-f", "json"),
    ("show", "jpn"),
    ("show", "jpn", "-f", "markdown"),
    ("show", "jpn", "-f", "json"),
    ("compare", "jpn", "fra"),
    ("compare", "jpn", "fra", "-f", "markdown"),
    ("spectrum",),
    ("spectrum", "-f", "markdown"),
    ("gap", "jpn"),
    ("trend", "jpn"),
    ("validate",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_control_characters_in_names_are_shown_not_obeyed(cli, hostile_data, args):
    result = cli("--data-dir", str(hostile_data), *args, env={"COLUMNS": "1000"})
    assert "Traceback" not in result.stderr
    assert_no_raw_controls(result.stdout, result.stderr)
    if result.exit_code == 0:
        if "json" in args:
            assert COUNTRY_JSON in result.stdout
        elif args[0] != "validate":
            assert COUNTRY_SHOWN in result.stdout
    else:  # a dataset check that refuses such names must say so in one line per problem
        assert result.exit_code == 1
        assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_the_agency_name_is_shown_escaped_in_rank_and_show(cli, hostile_data):
    rank = cli("--data-dir", str(hostile_data), "rank", env={"COLUMNS": "1000"})
    if rank.exit_code != 0:
        pytest.skip("the dataset check refuses control characters in names")
    assert AGENCY_SHOWN in rank.stdout
    assert COUNTRY_SHOWN in rank.stdout
    show = cli("--data-dir", str(hostile_data), "show", "nippon", env={"COLUMNS": "1000"})  # its alias
    assert show.stdout.startswith(f"{COUNTRY_SHOWN}: ")
    assert AGENCY_SHOWN in show.stdout
    markdown = cli("--data-dir", str(hostile_data), "show", "jpn", "-f", "markdown").stdout
    assert markdown.startswith(f"## {COUNTRY_SHOWN}: ")
    assert f"- **Agency:** {AGENCY_SHOWN}" in markdown


def test_json_escapes_every_control_and_reads_back_the_same(cli, hostile_data):
    import json

    result = cli("--data-dir", str(hostile_data), "show", "jpn", "-f", "json")
    if result.exit_code != 0:
        pytest.skip("the dataset check refuses control characters in names")
    assert_no_raw_controls(result.stdout)
    assert json.loads(result.stdout)["country"] == "Ja\x1b[31mpan\x1b]0;pwned\x07\u202e"


def test_an_error_naming_the_countries_is_one_line(cli, hostile_data):
    """`unknown country` lists the known names, Japan's among them."""
    result = cli("--data-dir", str(hostile_data), "show", "nowhere")
    assert result.exit_code in (1, 2)
    assert_no_raw_controls(result.stderr)
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1
        assert COUNTRY_SHOWN in result.stderr


def test_a_newline_in_a_weights_key_cannot_forge_an_error_line(cli, tmp_path):
    weights = tmp_path / "weights.yaml"
    weights.write_text(
        '"export_agency\\nerror: forged": 2\n"g2g\\e[31m": 1\n"\\u202eabc\\x9b": 3\n',
        encoding="utf-8",
    )
    result = cli("rank", "--weights", str(weights))
    assert result.exit_code == 1
    assert_no_raw_controls(result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    assert not any(line.startswith("error: forged") for line in lines)
    assert lines[-1] == "error: 3 problems found; nothing was written"
    assert len(lines) == 4  # one per problem, and the count
    assert r"export_agency\nerror: forged" in lines[0]
    assert r"g2g\x1b[31m" in result.stderr
    assert r"\u202eabc\x9b" in result.stderr


@pytest.fixture
def hostile_export(tmp_path: Path) -> Path:
    """A small SIPRI export with a supplier whose name clears the screen and retitles the window."""
    export = tmp_path / "export.csv"
    text = TIV_SMALL.read_text(encoding="utf-8")
    assert "\nFreedonia," in text
    export.write_text(text.replace("\nFreedonia,", "\nFree\x1b[2Jdonia\x1b]0;pwned\x07\u202e\x9b,"), encoding="utf-8")
    return export


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_a_sipri_supplier_name_is_shown_not_obeyed(cli, hostile_export, fmt):
    result = cli("sipri", "import", str(hostile_export), "-f", fmt, env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stdout, result.stderr)
    if fmt == "json":
        assert "Free\\u001b[2Jdonia" in result.stdout
    else:
        assert r"Free\x1b[2Jdonia\x1b]0;pwned\x07\u202e\x9b" in result.stdout


def test_a_sipri_supplier_name_stays_data_in_csv(cli, hostile_export):
    """CSV is for spreadsheets: the name is written as it is, and formula escaping still applies."""
    result = cli("sipri", "import", str(hostile_export), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "Free\x1b[2Jdonia" in result.stdout


def test_a_sipri_supplier_name_in_a_write_error_is_one_line(cli, hostile_export, data_copy):
    result = cli("sipri", "import", str(hostile_export), "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert_no_raw_controls(result.stdout, result.stderr)
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert r"Free\x1b[2Jdonia" in result.stderr


def test_the_write_summary_shows_a_hostile_folder_name(cli, tmp_path, data_copy):
    """The `--write` summary names the file it wrote; a newline or ESC in the folder's name is shown."""
    from bench.synthetic import state_names, synthetic_register

    folder = tmp_path / "data\x1b[31m\nadded: forged"
    shutil.move(data_copy, folder)
    big_five = ["United States", "France", "Russia", "China", "Germany"]
    names = big_five + [name for name in state_names(40) if name not in big_five][:25]
    register = synthetic_register(tmp_path / "register.csv", 3000, names=names)
    result = cli("sipri", "import", str(register), "--period", "2015-2019", "--write", "--data-dir", str(folder))
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stderr)
    lines = result.stderr.splitlines()
    assert r"data\x1b[31m\nadded: forged/sipri_shares.csv: " in lines[0]
    assert not any(line.startswith("added: forged") for line in lines)


@pytest.mark.parametrize("args", [("rank", "-o"), ("spectrum", "--chart")])
def test_a_hostile_output_name_is_shown_escaped(cli, tmp_path, args):
    """The file name is the user's own, but a script may build it from data: `wrote` and errors show it."""
    if args[1] == "--chart":
        pytest.importorskip("matplotlib")
    name = tmp_path / "out\x1b]0;pwned\x07\nwrote: forged.svg"
    result = cli(*args, str(name))
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stderr)
    assert name.exists()
    if args[1] == "--chart":
        assert result.stderr.splitlines() == [f"wrote {tmp_path}/out\\x1b]0;pwned\\x07\\nwrote: forged.svg"]
    missing = tmp_path / "no\x1b[2Jsuch" / "out.csv"
    failed = cli(*args, str(missing).replace(".csv", ".svg"))
    assert failed.exit_code != 0
    assert_no_raw_controls(failed.stderr)
    assert all(line.startswith("error: ") for line in failed.stderr.splitlines())
