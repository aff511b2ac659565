"""Properties over many inputs: every command runs on any valid dataset, and no argument line breaks the CLI.

- For random valid datasets (Hypothesis: any number of countries, any names a person could give them, any
  statuses, SIPRI figures or none), `validate` passes and so does every command.
- For random command lines (commands, options and values, sensible and not), the exit code is 0, 1 or 2,
  nothing prints a traceback, the output carries no control character but newline and tab, and every run
  ends within a bound.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmscompare.dataset.files import bundled_data_dir
from tests.helpers import read_yaml

BUNDLED = bundled_data_dir()
MECHANISM_KEYS = [m["key"] for m in read_yaml(BUNDLED / "mechanisms.yaml")["mechanisms"]]
SOURCES = read_yaml(BUNDLED / "countries.yaml")["sources"]
SHARES_SOURCE = next(csv.DictReader(io.StringIO((BUNDLED / "sipri_shares.csv").read_text("utf-8"))))["source"]
PERIODS = ["2015-2019", "2017-2021", "2019-2023", "2020-2024"]
# C0 and C1 controls and DEL, but newline and tab: what no text output may carry raw.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Names as people write them: letters of any script, digits, spaces, a little punctuation.
name_text = (
    st.text(
        alphabet=st.characters(categories=["Lu", "Ll", "Lo", "Nd"], include_characters=" .-'’()"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
status = st.sampled_from(["yes", "partial", "no", "unknown"])
country = st.fixed_dictionaries(
    {
        "name": name_text,
        "statuses": st.fixed_dictionaries(dict.fromkeys(MECHANISM_KEYS, status)),
        "figures": st.dictionaries(
            st.sampled_from(PERIODS),
            st.tuples(
                st.floats(0, 100, allow_nan=False),
                st.one_of(st.none(), st.integers(1, 1000)),
                st.one_of(st.none(), st.floats(-100, 10_000, allow_nan=False)),
            ),
            max_size=4,
        ),
    }
)


def write_dataset(folder: Path, countries: list[dict]) -> Path:
    """A valid dataset of these invented countries (codes AAA, AAB, ...), beside the bundled mechanisms."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mechanisms.yaml").write_text((BUNDLED / "mechanisms.yaml").read_text("utf-8"), "utf-8")
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    entries, rows = [], []
    for i, spec in enumerate(countries):
        iso3 = "A" + letters[i // 26] + letters[i % 26]
        name = f"{spec['name']} {iso3}"  # unique however the names fold
        mechanisms = {
            key: {"status": s}
            if s == "unknown"
            else {
                "status": s,
                "evidence": "Invented.",
                "source": "hattori2023",
                "locator": "nowhere",
                "as_of": "2023-04",
            }
            for key, s in spec["statuses"].items()
        }
        entries.append({"name": name, "iso2": "X" + letters[i % 26], "iso3": iso3, "mechanisms": mechanisms})
        for period, (share, rank, change) in spec["figures"].items():
            rows.append(
                [
                    iso3,
                    name,
                    period,
                    repr(share),
                    "" if rank is None else str(rank),
                    "" if change is None else repr(change),
                    "computed",
                    SHARES_SOURCE,
                ]
            )
    if not rows:  # every command needs one period of figures
        rows.append(["AAA", entries[0]["name"], PERIODS[-1], "1.5", "1", "", "computed", SHARES_SOURCE])
    text = yaml.safe_dump({"sources": SOURCES, "countries": entries}, allow_unicode=True, sort_keys=False)
    (folder / "countries.yaml").write_text(text, "utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["iso3", "country", "period", "share_pct", "rank", "change_pct", "basis", "source"])
    writer.writerows(rows)
    (folder / "sipri_shares.csv").write_text(out.getvalue(), "utf-8")
    return folder


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(country, min_size=1, max_size=8))
def test_every_command_runs_on_any_valid_dataset(cli, tmp_path_factory, countries):
    data = write_dataset(tmp_path_factory.mktemp("data"), countries)
    first, last = "AAA", "A" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[0] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(countries) - 1]
    commands = [
        ["validate"],
        ["rank"],
        ["rank", "-f", "json"],
        ["rank", "--by", "growth", "-f", "csv"],
        ["show", first],
        ["show", first, "-f", "markdown"],
        ["gap", first],
        ["gap", first, "--adopt", "all"],
        ["spectrum"],
        ["sensitivity", "--draws", "50"],
        ["sensitivity", "--leave-one-out"],
        ["correlate", "--permutations", "100", "--all-periods"],
        ["trend"],
        ["trend", first],
        ["mechanisms"],
        ["sources", "-f", "json"],
    ]
    if len(countries) > 1:
        commands += [["compare", first, last], ["gap", first, "--vs", last]]
    for command in commands:
        result = cli("--data-dir", str(data), *command)
        allowed = {0, 2} if command[0] == "gap" else {0}  # `gap` may say there is nothing to adopt
        assert result.exit_code in allowed, (command, result.stderr, countries)
        assert "Traceback" not in result.stderr
        assert not CONTROL.search(result.stdout + result.stderr), command


# Random command lines: a command, then options drawn from every command's, with values of every kind.
VALUES = st.one_of(
    st.sampled_from(
        [
            "japan",
            "FR",
            "south korea",
            "中国",
            "2017-2021",
            "2017-21",
            "all",
            "g2g",
            "fms",
            "score",
            "share",
            "json",
            "csv",
            "markdown",
            "table",
            "default",
            "equal",
            "0",
            "-1",
            "1",
            "99999999999",
            "1e400",
            "nan",
            "",
            " ",
            "--",
            "japan:g2g_contracting",
            "japan:all",
            "x:y,z",
            "2023-04",
            "2024",
        ]
    ),
    st.text(min_size=0, max_size=12),
)
COMMANDS = [
    "rank",
    "show",
    "compare",
    "gap",
    "validate",
    "sources",
    "mechanisms",
    "spectrum",
    "sensitivity",
    "correlate",
    "trend",
    "sipri import",
]
OPTIONS = [
    "--by",
    "--period",
    "--top",
    "--preset",
    "--as-of",
    "--paper",
    "--adopt",
    "-f",
    "--vs",
    "--model",
    "--differences",
    "--draws",
    "--noise",
    "--seed",
    "--leave-one-out",
    "--involvement",
    "--against",
    "--all-periods",
    "--permutations",
    "--round",
    "--help",
]
argv = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(st.one_of(st.sampled_from(OPTIONS), VALUES), max_size=6),
).map(lambda t: [*t[0].split(), *t[1]])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv)
def test_no_command_line_breaks_the_cli(cli, args):
    if "sipri" in args:
        args = [a for a in args if a != "--write"]  # never write into the bundled data
    start = time.monotonic()
    result = cli(*args)
    assert time.monotonic() - start < 30, args
    assert result.exit_code in {0, 1, 2}, (args, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert not CONTROL.search(result.stdout), (args, result.stdout[:300])
    assert not CONTROL.search(result.stderr), (args, result.stderr[:300])
