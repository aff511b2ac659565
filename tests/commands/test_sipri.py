"""`fmscompare sipri import`: SIPRI's two export formats, its method, bad files, and the merge with `--write`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from bench.synthetic import state_names, synthetic_register

from fmscompare.dataset.loading import load_dataset
from fmscompare.periods import Period
from fmscompare.sipri.export import read_export
from fmscompare.sipri.names import load_name_map
from fmscompare.sipri.shares import period_figures
from tests.conftest import REPO, SHARED, TIV_EXPORTERS, TRADE_REGISTER, needs_shared
from tests.helpers import WIDE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sipri"
TIV_SMALL = FIXTURES / "tiv-exporters-small.csv"
REGISTER_SMALL = FIXTURES / "trade-register-small.csv"
REGISTER_EXCERPT = SHARED / "sipri" / "trade-register-excerpt-400-rows-generated-2026-02-12.csv"
NAMES = load_name_map(REPO / "data" / "sipri_names.csv")


def imported(cli, *args: str) -> list[dict]:
    result = cli("sipri", "import", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# The fixtures, by hand (2015-2019 against 2010-2014; world 1000 and 750 TIV):
#   United States 600 (60 %), was 500: +20 %     Turkiye 150 (15 %), was 50: +200 %
#   South Korea  150 (15 %), was 200: -25 %      Freedonia 20 (2 %), no base; not an ISO country
#   UAE 10 (1 %), no base                        Hezbollah (Lebanon)* 2, unknown supplier(s) 68: not ranked
EXPECTED_2015_2019 = {
    "United States": (1, "USA", 600, 60.0, 20.0),
    "Turkiye": (2, "TUR", 150, 15.0, 200.0),
    "South Korea": (2, "KOR", 150, 15.0, -25.0),  # tied with Turkiye: both rank 2
    "Freedonia": (4, None, 20, 2.0, None),
    "UAE": (5, "ARE", 10, 1.0, None),
    "unknown supplier(s)": (None, None, 68, 6.8, None),
    "Hezbollah (Lebanon)*": (None, None, 2, 0.2, None),
}


@pytest.mark.parametrize("fixture", [TIV_SMALL, REGISTER_SMALL], ids=["tiv-table", "trade-register"])
def test_both_formats_give_the_hand_computed_figures(cli, fixture):
    rows = imported(cli, str(fixture), "--period", "2015-2019")
    got = {
        r["country"]: (r["sipri_rank"], r["iso3"], r["sipri_tiv"], r["sipri_share_pct"], r["sipri_change_pct"])
        for r in rows
    }
    assert got == EXPECTED_2015_2019
    assert [r["country"] for r in rows][:3] == ["United States", "South Korea", "Turkiye"]
    assert {r["sipri_previous_period"] for r in rows} == {"2010-2014"}


def test_format_and_generation_date_are_reported(cli):
    table = cli("sipri", "import", str(TIV_SMALL), env=WIDE).stdout
    assert table.startswith("SIPRI arms exports 2015-2019, from tiv-exporters-small.csv (data generated 3 Mar 2025)")
    assert "(TIV table, data generated 3 Mar 2025; deliveries 2010-2019)" in table
    assert "the file's 'Total world export' row" in table
    register = cli("sipri", "import", str(REGISTER_SMALL), env=WIDE).stdout
    assert "(trade register, data generated 3 Mar 2025; deliveries 2010-2019)" in register
    assert "the sum over all suppliers" in register


def test_unmapped_names_are_listed(cli):
    out = cli("sipri", "import", str(TIV_SMALL), env=WIDE).stdout
    assert "No ISO3 code for: Freedonia (add them to sipri_names.csv)." in out


def test_sipri_names_map_as_sipri_writes_them():
    for name, code in {
        "Turkiye": "TUR",
        "UAE": "ARE",
        "United States": "USA",
        "South Korea": "KOR",
        "North Korea": "PRK",
        "Russia": "RUS",
        "Viet Nam": "VNM",
        "Cote d'Ivoire": "CIV",
        "DR Congo": "COD",
        "Bosnia-Herzegovina": "BIH",
        "Soviet Union": "SUN",  # ISO 3166-3 former code
        "East Germany (GDR)": "DDR",
    }.items():
        assert NAMES.lookup(name)[0] == code, name
    assert NAMES.lookup("NATO**") == (None, "organisation")
    assert NAMES.lookup("Some rebels (Elbonia)*") == (None, "non_state")
    assert NAMES.lookup("Freedonia") == (None, None)


def test_any_window_length_compares_with_the_window_before(cli):
    rows = imported(cli, str(TIV_SMALL), "--period", "2017-19")
    usa = next(r for r in rows if r["iso3"] == "USA")
    assert (usa["sipri_period"], usa["sipri_previous_period"], usa["sipri_tiv"], usa["sipri_previous_tiv"]) == (
        "2017-2019",
        "2014-2016",
        360,
        340,
    )
    assert usa["sipri_change_pct"] == pytest.approx(100 * (360 / 340 - 1), abs=1e-4)


def test_all_periods_and_the_first_window_has_no_change(cli):
    rows = imported(cli, str(TIV_SMALL), "--all-periods")
    periods = list(dict.fromkeys(r["sipri_period"] for r in rows))
    assert periods == ["2010-2014", "2011-2015", "2012-2016", "2013-2017", "2014-2018", "2015-2019"]
    assert all(r["sipri_change_pct"] is None for r in rows if r["sipri_period"] == "2010-2014")
    out = cli("sipri", "import", str(TIV_SMALL), "--all-periods", env=WIDE).stdout
    assert "No change for 2010-2014, 2011-2015, 2012-2016, 2013-2017, 2014-2018" in out


def test_sipri_rounding_and_top_with_ties(cli):
    rows = imported(cli, str(TIV_SMALL), "--top", "2", "--round", "sipri")
    assert [(r["country"], r["sipri_rank"]) for r in rows] == [("United States", 1), ("South Korea", 2), ("Turkiye", 2)]
    assert [r["sipri_share_pct"] for r in rows] == [60, 15, 15]
    raw = imported(cli, str(REGISTER_SMALL), "--period", "2016-2019")
    usa = next(r for r in raw if r["iso3"] == "USA")
    assert usa["sipri_share_pct"] == round(100 * 480 / 752, 4)  # four decimals without --round


def test_csv_output_is_tidy(cli):
    text = cli("sipri", "import", str(TIV_SMALL), "-f", "csv").stdout
    assert text.splitlines()[0] == (
        "sipri_period,sipri_rank,country,iso3,kind,sipri_tiv,sipri_share_pct,sipri_previous_period,sipri_previous_tiv,sipri_change_pct"
    )
    assert "2015-2019,1,United States,USA,state,600,60,2010-2014,500,20" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--period", "2016-2020"],
            "covers 2010-2019 (TIV table, data generated 3 Mar 2025); the period 2016-2020 is outside it",
        ),
        (["--period", "last year"], "expected a period such as 2015-2019 (or one year, 2023); got 'last year'"),
        (["--period", "2019-2015"], "ends before it starts"),
        (["--period", "2015-2019", "--all-periods"], "give --period or --all-periods, not both"),
        (["--replace"], "--replace and --replace-published only apply with --write"),
    ],
)
def test_usage_errors(cli, args, message):
    result = cli("sipri", "import", str(TIV_SMALL), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


# Bad files: each breaks a copy of a fixture and names the line the user should look at.


def _replace(source: Path, old: str, new: str) -> bytes:
    text = source.read_bytes()
    assert old.encode() in text, old
    return text.replace(old.encode(), new.encode(), 1)


def _tiv_line(text: str) -> int:
    lines = TIV_SMALL.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(text))


def _register_line(text: str) -> int:
    lines = REGISTER_SMALL.read_bytes().decode().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(text))


BAD_FILES = {
    "empty": (lambda: b"", "{f}: file is empty"),
    "binary": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "{f}:3: expected a UTF-8 text file; found binary data"),
    "latin-1": (
        lambda: _replace(TIV_SMALL, "Freedonia", "Fr\xe9edonia".encode("latin-1").decode("latin-1")).replace(
            "Fréedonia".encode(), b"Fr\xe9edonia"
        ),
        "{f}:" + str(_tiv_line("Freedonia")) + ": expected UTF-8 text; found byte 0xe9 that is not UTF-8",
    ),
    "neither": (lambda: b"name,value\na,1\n", "not a SIPRI Arms Transfers Database export"),
    "importer-table": (
        lambda: _replace(TIV_SMALL, "Exports by,", "Recipient,"),
        "{f}:" + str(_tiv_line("Exports by")) + ": this is SIPRI's importer table",
    ),
    "semicolons": (
        lambda: TIV_SMALL.read_bytes().replace(b",", b";"),
        "{f}:" + str(_tiv_line("Exports by")) + ": expected comma-separated values; found ';' after 'Exports by'",
    ),
    "truncated-table": (
        lambda: TIV_SMALL.read_bytes().split(b"Total world export")[0],
        "no 'Total world export' row: SIPRI's table ends with it, so the file looks truncated",
    ),
    "short-row": (
        lambda: _replace(TIV_SMALL, "Turkiye,10,10,10,10,10,30,", "Turkiye,10,10,"),
        "{f}:" + str(_tiv_line("Turkiye")) + ": expected 15 fields, as in the header; found",
    ),
    "text-tiv": (
        lambda: _replace(TIV_SMALL, "South Korea,40,", "South Korea,forty,"),
        "{f}:" + str(_tiv_line("South Korea")) + ": 2010: expected a TIV number; got 'forty'",
    ),
    "question-mark": (
        lambda: _replace(TIV_SMALL, "Freedonia,,,,,,,,,,20,", "Freedonia,,,,,,,,,,20?,"),
        "{f}:" + str(_tiv_line("Freedonia")) + ": 2019: expected a TIV number; got '20?' (SIPRI marks uncertain data",
    ),
    "duplicate-supplier": (
        lambda: _replace(TIV_SMALL, "Freedonia,", "Turkiye,"),
        "{f}:" + str(_tiv_line("Freedonia")) + ": supplier 'Turkiye' appears twice",
    ),
    "register-truncated": (
        lambda: REGISTER_SMALL.read_bytes()[:-40],
        "{f}:" + str(_register_line("1063,")) + ": expected 17 fields, as in the header; found 6 (a truncated line?)",
    ),
    "register-extra-field": (
        lambda: _replace(REGISTER_SMALL, "1005,United States,Ruritania,", "1005,United States,Ruritania,extra,"),
        "{f}:" + str(_register_line("1005,")) + ": expected 17 fields, as in the header; found 18",
    ),
    "register-bad-year": (
        lambda: _replace(REGISTER_SMALL, "No,2,No,2012,No,New", "No,2,No,2O12,No,New"),
        ": Delivery year: expected a year; got '2O12'",
    ),
    "infinite-tiv": (
        lambda: _replace(TIV_SMALL, "South Korea,40,", "South Korea,inf,"),
        "{f}:" + str(_tiv_line("South Korea")) + ": 2010: expected a TIV number; got 'inf'",
    ),
    "year-typo-in-header": (
        lambda: _replace(TIV_SMALL, ",2013,", ",2O13,"),
        "{f}:" + str(_tiv_line("Exports by")) + ": the year columns jump from 2012 to 2014",
    ),
    "year-label-in-header": (
        lambda: _replace(TIV_SMALL, "Exports by,2010,", "Exports by,year2010,"),
        "{f}:"
        + str(_tiv_line("Exports by"))
        + ": expected a year (1950) or a range (1950-2024) in the header; got 'year2010'",
    ),
    "total-does-not-add-up": (
        lambda: _replace(TIV_SMALL, "Total world export,150,", "Total world export,1000,"),
        "{f}:"
        + str(_tiv_line("Total world export"))
        + ": the 'Total world export' for 2010 is 1000, but the suppliers add up to 150",
    ),
    "empty-supplier": (
        lambda: _replace(TIV_SMALL, "Freedonia,,", ",,"),
        "{f}:" + str(_tiv_line("Freedonia")) + ": expected a supplier's name in the first field; it is empty",
    ),
    "register-future-year": (
        lambda: _replace(REGISTER_SMALL, "No,2,No,2012,No,New", "No,2,No,2099,No,New"),
        ": Delivery year: 2099 is after the file was generated",
    ),
    "register-empty-supplier": (
        lambda: _replace(REGISTER_SMALL, "1005,United States,", "1005,,"),
        "{f}:" + str(_register_line("1005,")) + ": Supplier: expected a name; the field is empty",
    ),
    "register-line-twice": (
        lambda: REGISTER_SMALL.read_bytes() + REGISTER_SMALL.read_bytes().splitlines(keepends=True)[20],
        "the same deal and delivery year as an earlier line: a line given twice?",
    ),
    "register-question-mark": (
        lambda: _replace(REGISTER_SMALL, ",10,No;\r\n1005,", ",10?,No;\r\n1005,"),
        "{f}:" + str(_register_line("1004,")) + ": TIV delivery values: expected a TIV number; got '10?'",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_export_files(cli, tmp_path, case):
    make, expected = BAD_FILES[case]
    file = tmp_path / f"{case}.csv"
    file.write_bytes(make())
    result = cli("sipri", "import", str(file))
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert expected.format(f=file) in result.stderr
    assert "Traceback" not in result.stderr


def test_bom_is_harmless(cli, tmp_path):
    file = tmp_path / "bom.csv"
    file.write_bytes(b"\xef\xbb\xbf" + TIV_SMALL.read_bytes())
    assert imported(cli, str(file)) == imported(cli, str(TIV_SMALL))


def test_missing_file_and_directory(cli, tmp_path):
    missing = cli("sipri", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and f"{tmp_path / 'nope.csv'}: file not found" in missing.stderr
    folder = cli("sipri", "import", str(tmp_path))
    assert folder.exit_code == 1 and "expected a file; found a directory" in folder.stderr


# Real SIPRI exports in ../shared -----------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("supplier", "share", "change"),
    [
        ("United States", 42, 17),
        ("France", 11, 47),
        ("Russia", 11, -53),
        ("China", 5.8, None),
        ("Germany", 5.6, None),
        ("Italy", 4.3, 86),
    ],
)
def test_real_tiv_table_reproduces_sipris_2019_2023_headlines(cli, supplier, share, change):
    """SIPRI Fact Sheet, March 2024: United States 42 % (+17 %), France 11 % (+47 %), Russia 11 % (-53 %), ..."""
    rows = imported(cli, str(TIV_EXPORTERS), "--period", "2019-2023", "--round", "sipri")
    row = next(r for r in rows if r["country"] == supplier)
    assert row["sipri_share_pct"] == share
    if change is not None:
        assert row["sipri_change_pct"] == change


@needs_shared
def test_real_tiv_table_matches_the_datasets_2019_2023_rows(cli):
    """The bundled 2019-2023 figures came from this export; the importer computes them all again."""
    rows = {r["iso3"]: r for r in imported(cli, str(TIV_EXPORTERS), "--period", "2019-2023", "--round", "sipri")}
    bundled = load_dataset().shares.frame().query("period == '2019-2023'")
    for row in bundled.itertuples():
        got = rows[row.iso3]
        assert (got["sipri_share_pct"], got["sipri_rank"], got["sipri_change_pct"]) == (
            row.share_pct,
            row.rank,
            row.change_pct,
        ), row.iso3


@needs_shared
def test_the_full_trade_register_matches_every_computed_2020_2024_row(cli):
    """Every 2020-2024 row the dataset says it computed from the February 2026 register is what the register
    gives: share, rank among states and change (Norway's change is +187 %, Japan ranks 50th, +496 %)."""
    rows = {r["iso3"]: r for r in imported(cli, str(TRADE_REGISTER), "--period", "2020-2024", "--round", "sipri")}
    bundled = load_dataset().shares.frame().query("period == '2020-2024' and basis == 'computed'")
    assert len(bundled) >= 25
    for row in bundled.itertuples():
        got = rows[row.iso3]
        mine = (got["sipri_share_pct"], got["sipri_rank"], got["sipri_change_pct"])
        change = None if row.change_pct != row.change_pct else row.change_pct
        assert mine == (row.share_pct, row.rank, change), row.iso3


@needs_shared
def test_real_trade_register_excerpt_is_read_whole(cli):
    export = read_export(REGISTER_EXCERPT)
    assert export.kind == "trade register" and str(export.generated) == "2026-02-12"
    assert export.years == (1995, 2024)
    with REGISTER_EXCERPT.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle.read().splitlines()[12:]))
    assert len(records) == 400
    total = sum(float(r[15]) for r in records)
    assert export.tiv.to_numpy().sum() == pytest.approx(total)
    belarus = sum(float(r[15]) for r in records if r[1] == "Belarus" and 2020 <= int(r[10]) <= 2024)
    assert period_figures(export, NAMES, Period(2020, 2024)).table.set_index("supplier").loc[
        "Belarus", "tiv"
    ] == pytest.approx(belarus)


@needs_shared
def test_importer_table_in_shared_is_refused_clearly(cli):
    result = cli("sipri", "import", str(SHARED / "sipri" / "tiv-importers-1950-2024-generated-2024-10-13.csv"))
    assert result.exit_code == 1
    assert "this is SIPRI's importer table (its rows start 'Recipient')" in result.stderr


# --write ------------------------------------------------------------------------------------------------


# The largest exporters first, then others, so that a synthetic register looks like a full one.
BIG_FIVE = ["United States", "France", "Russia", "China", "Germany"]


@pytest.fixture
def register_30(tmp_path) -> Path:
    """A full-looking register: 30 states including the big five, 2000-2024, generated 3 Mar 2025."""
    others = [name for name in state_names(40) if name not in BIG_FIVE][:25]
    return synthetic_register(tmp_path / "register.csv", 3000, names=BIG_FIVE + others)


def shares_rows(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    text = (folder / "sipri_shares.csv").read_text("utf-8")
    return {(r["iso3"], r["period"]): r for r in csv.DictReader(io.StringIO(text))}


def test_write_adds_a_new_period_and_cites_the_export(cli, data_copy, register_30):
    before = shares_rows(data_copy)
    result = cli(
        "sipri",
        "import",
        str(register_30),
        "--period",
        "2020-2024",
        "--top",
        "5",
        "--write",
        "--data-dir",
        str(data_copy),
    )
    assert result.exit_code == 0, result.stderr
    assert f"{data_copy / 'sipri_shares.csv'}:" in result.stderr
    assert "source 'sipri-db-2025-03-03' added to countries.yaml" in result.stderr
    after = shares_rows(data_copy)
    # 2020-2024 rows already exist from another export (Feb 2026 vintage): kept, not overwritten.
    assert "kept periods whose figures come from another export (--replace replaces them whole): 2020-2024" in (
        result.stderr
    )
    assert all(after[key] == before[key] for key in before)
    dataset = load_dataset(data_copy)
    assert "sipri-db-2025-03-03" in dataset.sources
    assert dataset.sources["sipri-db-2025-03-03"].url == "https://www.sipri.org/databases/armstransfers"


def test_write_new_period_rows_are_sipri_rounded_and_computed(cli, data_copy, register_30):
    cli(
        "sipri",
        "import",
        str(register_30),
        "--period",
        "2015-2019",
        "--top",
        "5",
        "--write",
        "--data-dir",
        str(data_copy),
    )
    rows = [r for (iso3, period), r in shares_rows(data_copy).items() if period == "2015-2019"]
    assert 5 <= len(rows) <= 7  # the top five (ties kept), plus none of the profiled countries in this register
    shown = {r["iso3"]: r for r in imported(cli, str(register_30), "--period", "2015-2019", "--round", "sipri")}
    for row in rows:
        assert row["basis"] == "computed" and row["source"] == "sipri-db-2025-03-03"
        assert float(row["share_pct"]) == shown[row["iso3"]]["sipri_share_pct"]
        assert int(row["rank"]) == shown[row["iso3"]]["sipri_rank"]
    # The dataset still loads, and rank can use the new period.
    assert cli("--data-dir", str(data_copy), "rank", "--period", "2015-2019").exit_code == 0


def test_write_never_mixes_two_exports_in_one_period(cli, data_copy, register_30):
    """2017-2021 comes from the July 2022 export: a later export neither adds to it nor patches it."""
    before = shares_rows(data_copy)
    common = ["sipri", "import", str(register_30), "--period", "2017-2021", "--top", "30", "--write"]
    kept = cli(*common, "--data-dir", str(data_copy))
    assert kept.exit_code == 0
    assert "0 rows added, 0 updated" in kept.stderr
    assert shares_rows(data_copy) == before
    replaced = cli(*common, "--replace", "--data-dir", str(data_copy))
    assert "kept SIPRI's published figures (--replace-published replaces them): USA 2017-2021" in replaced.stderr
    period = {iso3: row for (iso3, p), row in shares_rows(data_copy).items() if p == "2017-2021"}
    assert period["USA"]["basis"] == "published"
    assert {row["source"] for iso3, row in period.items() if iso3 != "USA"} == {"sipri-db-2025-03-03"}
    assert "RUS" in period and "IND" not in period  # India is not in this register: its old row went too
    cli(*common, "--replace-published", "--replace", "--data-dir", str(data_copy))
    assert shares_rows(data_copy)[("USA", "2017-2021")]["basis"] == "computed"


def test_write_refuses_states_without_an_iso3_code(cli, data_copy, tmp_path):
    names = [*BIG_FIVE, *[n for n in state_names(40) if n not in BIG_FIVE][:25], "Freedonia"]
    register = synthetic_register(tmp_path / "r.csv", 3000, names=names)
    before = (data_copy / "sipri_shares.csv").read_bytes()
    result = cli("sipri", "import", str(register), "--period", "2010-2014", "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "no ISO3 code for 'Freedonia': add each to sipri_names.csv" in result.stderr
    assert (data_copy / "sipri_shares.csv").read_bytes() == before


def test_write_needs_five_year_periods(cli, data_copy, register_30):
    result = cli("sipri", "import", str(register_30), "--period", "2022-2024", "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 2
    assert "sipri_shares.csv holds five-year periods, as SIPRI publishes them; --write needs one (got 2022-2024)" in (
        result.stderr
    )


def test_write_all_periods_of_a_full_export(cli, data_copy, register_30):
    result = cli(
        "sipri", "import", str(register_30), "--all-periods", "--top", "5", "--write", "--data-dir", str(data_copy)
    )
    assert result.exit_code == 0, result.stderr
    periods = {p for (_, p) in shares_rows(data_copy)}
    assert {"2000-2004", "2010-2014", "2015-2019"} <= periods
    assert load_dataset(data_copy).periods()[0] == "2000-2004"


def test_world_volume_and_its_change_are_given(cli):
    out = cli("sipri", "import", str(TIV_SMALL), env=WIDE).stdout
    assert "World: 2015-2019 1,000 TIV, +33 % against 2010-2014." in out


@needs_shared
def test_real_world_volume_change_2019_2023(cli):
    """SIPRI: the volume of international arms transfers fell by 3.3 % between 2014-18 and 2019-23."""
    out = cli("sipri", "import", str(TIV_EXPORTERS), "--period", "2019-2023", "--top", "1", env=WIDE).stdout
    assert "World: 2019-2023 139,977 TIV, -3.3 % against 2014-2018." in out


def test_output_cannot_overwrite_the_export(cli, tmp_path):
    copy = tmp_path / "export.csv"
    copy.write_bytes(TIV_SMALL.read_bytes())
    result = cli("sipri", "import", str(copy), "-f", "csv", "-o", str(copy))
    assert result.exit_code == 2
    assert "is the SIPRI export being read" in result.stderr
    assert copy.read_bytes() == TIV_SMALL.read_bytes()


def test_one_year_period(cli):
    rows = imported(cli, str(TIV_SMALL), "--period", "2019")
    usa = next(r for r in rows if r["iso3"] == "USA")
    assert (usa["sipri_period"], usa["sipri_previous_period"], usa["sipri_tiv"], usa["sipri_change_pct"]) == (
        "2019-2019",
        "2018-2018",
        120,
        0,
    )


def test_write_refuses_an_excerpt(cli, data_copy):
    before = (data_copy / "sipri_shares.csv").read_bytes()
    result = cli("sipri", "import", str(TIV_SMALL), "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "only 5 states export in the whole file" in result.stderr
    assert (data_copy / "sipri_shares.csv").read_bytes() == before


def test_write_needs_a_generation_date(cli, data_copy, register_30):
    undated = register_30.with_name("undated.csv")
    undated.write_bytes(register_30.read_bytes().replace(b"Data generated: 3 Mar 2025 09:15:00 AM;", b";"))
    result = cli("sipri", "import", str(undated), "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert "no 'Data generated' line, so its figures cannot be cited" in result.stderr


def test_write_into_a_broken_dataset_changes_nothing(cli, data_copy, register_30):
    (data_copy / "countries.yaml").write_text("sources: [\n", encoding="utf-8")
    before = (data_copy / "sipri_shares.csv").read_bytes()
    result = cli("sipri", "import", str(register_30), "--write", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    assert (data_copy / "sipri_shares.csv").read_bytes() == before


def test_write_keeps_profiled_countries_outside_the_top(cli, data_copy, tmp_path):
    """Japan is profiled, so --write keeps its row even when it is far outside --top."""
    others = [name for name in state_names(40) if name not in BIG_FIVE][:24]
    register = synthetic_register(tmp_path / "r.csv", 3000, names=[*BIG_FIVE, *others, "Japan"])
    cli(
        "sipri", "import", str(register), "--period", "2013-2017", "--top", "3", "--write", "--data-dir", str(data_copy)
    )
    periods = {iso3 for (iso3, period) in shares_rows(data_copy) if period == "2013-2017"}
    assert "JPN" in periods and len(periods) >= 4


def test_fixtures_are_committed_byte_for_byte():
    """The register fixture keeps SIPRI's CRLF line endings (see .gitattributes)."""
    assert b"\r\n" in REGISTER_SMALL.read_bytes()
    assert shutil.which("git") is None or b"-text" in (REPO / ".gitattributes").read_bytes()


def test_a_trade_register_with_a_header_and_no_rows_is_a_clear_error(cli, tmp_path):
    text = (Path(__file__).parents[1] / "fixtures" / "sipri" / "trade-register-small.csv").read_bytes()
    header_end = text.index(b"\n", text.index(b"SIPRI AT Database ID")) + 1
    register = tmp_path / "register.csv"
    register.write_bytes(text[:header_end])
    result = cli("sipri", "import", str(register))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {register}: expected deliveries in the trade register; it has no rows")
    assert "Traceback" not in result.stderr
