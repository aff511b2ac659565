"""`fmscompare deals`: the catalogue read, checked, filtered and shown, on a small deals file of our own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import edit, without_deal_citations
from tests.helpers import WIDE

DEALS = """\
sources:
  kor-deal-test-source:
    title: A page about a test deal
    publisher: Test Publisher
    date: "2022-08"
    url: https://example.org/test-deal
    accessed: "2026-12"
deals:
  - id: kor-per-2012-11-kt1
    seller: KOR
    buyer: PER
    systems: 20 KT-1 trainer aircraft
    ordered: "2012-11"
    value: {amount: 208, currency: USD, unit: million}
    channel: [g2g]
    seller_roles: [contracting_party]
    status: delivered
    sipri_ids: [101]
    evidence: The Korean procurement agency signed the sale with Peru's government.
    source: kor-koreaherald-2012-11-kt1-peru
    locator: paragraph 1
  - id: kor-pol-2022-08-k2
    seller: KOR
    buyer: POL
    systems: 180 K2 tanks
    ordered: "2022-08"
    channel: [dcs]
    seller_roles: [none]
    status: delivering
    evidence: The maker signed the contract with Poland's armament agency.
    source: kor-deal-test-source
    locator: paragraph 2
    find: executive contract for K2 tanks
  - id: usa-pol-2023-01-abrams
    seller: USA
    buyer: POL
    systems: 116 M1A1 tanks
    ordered: "2023-01"
    channel: [fms]
    seller_roles: [intermediary_buyer, surplus_seller]
    status: delivered
    evidence: The United States sold surplus tanks to Poland through FMS.
    source: kor-deal-test-source
    locator: paragraph 3
"""


@pytest.fixture
def deals_data(data_copy: Path) -> Path:
    (without_deal_citations(data_copy) / "deals.yaml").write_text(DEALS, encoding="utf-8")
    return data_copy


def rows(cli, data: Path, *args: str) -> list[dict]:
    result = cli("--data-dir", str(data), "deals", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_deals_lists_every_deal_newest_first_with_lists_as_arrays(cli, deals_data):
    got = rows(cli, deals_data)
    assert [r["deal"] for r in got] == ["usa-pol-2023-01-abrams", "kor-pol-2022-08-k2", "kor-per-2012-11-kt1"]
    first = got[-1]
    assert (first["country"], first["iso3"], first["buyer"], first["channel"]) == ("South Korea", "KOR", "PER", ["g2g"])
    assert (first["value_amount"], first["value_unit"], first["value_currency"]) == (208, "million", "USD")
    assert first["sipri_ids"] == ["101"] and got[1]["sipri_ids"] == []
    table = cli("--data-dir", str(deals_data), "deals", env=WIDE).stdout
    assert "Export deals (3 of 3 in the catalogue)" in table
    assert (
        "The maker signed the contract with Poland's armament agency. [kor-deal-test-source, paragraph 2; search"
        in table
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["korea"], ["kor-pol-2022-08-k2", "kor-per-2012-11-kt1"]),
        (["--channel", "fms"], ["usa-pol-2023-01-abrams"]),
        (["--buyer", "poland"], ["usa-pol-2023-01-abrams", "kor-pol-2022-08-k2"]),
        (["--buyer", "per"], ["kor-per-2012-11-kt1"]),  # not profiled: its ISO3 code
        (["--since", "2020", "KOR"], ["kor-pol-2022-08-k2"]),
        (["france"], []),
    ],
)
def test_deals_filters(cli, deals_data, args, expected):
    assert [r["deal"] for r in rows(cli, deals_data, *args)] == expected


def test_deals_csv_joins_lists_and_show_lists_the_countrys_deals(cli, deals_data):
    text = cli("--data-dir", str(deals_data), "deals", "--channel", "fms", "-f", "csv").stdout
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["seller_roles"] == "intermediary_buyer; surplus_seller"
    profile = json.loads(cli("--data-dir", str(deals_data), "show", "korea", "-f", "json").stdout)
    assert [d["deal"] for d in profile["deals"]] == ["kor-pol-2022-08-k2", "kor-per-2012-11-kt1"]
    shown = cli("--data-dir", str(deals_data), "show", "korea", env=WIDE).stdout
    assert "Export deals (2; fmscompare deals KOR)" in shown
    assert "Export deals" not in cli("--data-dir", str(deals_data), "show", "japan", env=WIDE).stdout


def test_a_bad_buyer_is_a_usage_error(cli, deals_data):
    result = cli("--data-dir", str(deals_data), "deals", "--buyer", "Narnia")
    assert result.exit_code == 2 and "Narnia" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: kor-pol-2022-08-k2", "id: kor-per-2012-11-kt1", "deal 'kor-per-2012-11-kt1' is given twice"),
        ("seller: USA", "seller: NZL", "NZL has no profile in countries.yaml"),
        (
            "source: kor-deal-test-source\n    locator: paragraph 3",
            "source: nowhere\n    locator: paragraph 3",
            "source 'nowhere' is not defined under sources in deals.yaml or countries.yaml",
        ),
        ("channel: [g2g]", "channel: [g2g, fms]", "channel fms means the seller government is intermediary_buyer"),
        ("seller_roles: [none]", "seller_roles: [none, financier]", "none cannot stand beside another role"),
        ('ordered: "2022-08"', 'ordered: "2031-08"', "2031-08 is in the future"),
        ("status: delivering", "status: shipped", "status"),
        ("sipri_ids: [101]", "sipri_ids: [101, 101]", "SIPRI deal 101 is also given for kor-per-2012-11-kt1"),
        ("id: usa-pol-2023-01-abrams", "id: usa-deu-2023-01-abrams", "expected an id starting usa-pol-"),
        ("channel: [dcs]", "channel: [dcs, unknown]", "unknown stands alone: no other channel beside it"),
        (
            "channel: [g2g]\n    seller_roles: [contracting_party]",
            "channel: [unknown]\n    seller_roles: [contracting_party]",
            "contracting_party says who signed, so the channel is known: g2g or fms, not unknown",
        ),
        (
            "    seller_roles: [none]\n    status: delivering",
            "    status: delivering",
            "expected the seller government's roles (none when it took no part)",
        ),
    ],
)
def test_validate_reports_every_deal_problem_with_its_place(cli, deals_data, old, new, message):
    edit(deals_data / "deals.yaml", old, new)
    result = cli("validate", str(deals_data))
    assert result.exit_code == 1
    assert "deals.yaml:" in result.stderr and message in result.stderr, result.stderr


def test_a_source_defined_in_both_files_is_refused(cli, deals_data):
    edit(deals_data / "deals.yaml", "  kor-deal-test-source:", "  kor-koreaherald-2012-11-kt1-peru:")
    result = cli("validate", str(deals_data))
    assert result.exit_code == 1
    assert "source 'kor-koreaherald-2012-11-kt1-peru' is already defined in countries.yaml" in result.stderr


def test_a_folder_without_deals_has_an_empty_catalogue_and_the_file_counts_in_the_version(cli, data_copy):
    (without_deal_citations(data_copy) / "deals.yaml").unlink(missing_ok=True)
    before = json.loads(cli("--data-dir", str(data_copy), "rank", "-f", "json").stdout)[0]["dataset_version"]
    assert rows(cli, data_copy) == []
    (data_copy / "deals.yaml").write_text(DEALS, encoding="utf-8")
    after = json.loads(cli("--data-dir", str(data_copy), "rank", "-f", "json").stdout)[0]["dataset_version"]
    assert after != before


REGISTER_DEALS = """\
deals:
  - id: usa-rur-2014-widgets
    seller: USA
    buyer: RUR
    systems: widgets
    ordered: "2014"
    channel: [fms]
    seller_roles: [intermediary_buyer]
    status: delivered
    sipri_ids: [1011, 1013]
    evidence: A test deal.
    source: kor-koreaherald-2012-11-kt1-peru
    locator: paragraph 1
  - id: usa-rur-2015-gadgets
    seller: USA
    buyer: RUR
    systems: gadgets
    ordered: "2015"
    channel: [dcs]
    seller_roles: [none]
    status: delivered
    sipri_ids: [1012, 999999]
    evidence: A test deal.
    source: kor-koreaherald-2012-11-kt1-peru
    locator: paragraph 1
  - id: tur-rur-2015-things
    seller: TUR
    buyer: RUR
    systems: things
    ordered: "2015"
    channel: [g2g]
    seller_roles: [contracting_party]
    status: delivered
    sipri_ids: [1001]
    evidence: A test deal.
    source: kor-koreaherald-2012-11-kt1-peru
    locator: paragraph 1
"""
REGISTER = Path(__file__).parents[1] / "fixtures" / "sipri" / "trade-register-small.csv"


def test_register_explains_deliveries_by_channel_as_computed_by_hand(cli, data_copy):
    """USA delivers 600 TIV in 2015-19 (110 + 10 a year); deals 1011 and 1013 (fms) are 220 of it, 1012 (dcs)
    10. Turkiye's deal cites 1001, a US deal in the register: a warning, and no TIV."""
    (without_deal_citations(data_copy) / "deals.yaml").write_text(REGISTER_DEALS, encoding="utf-8")
    result = cli(
        "--data-dir", str(data_copy), "deals", "--register", str(REGISTER), "--period", "2015-2019", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["iso3"]: r for r in json.loads(result.stdout)}
    usa = rows["USA"]
    assert (usa["sipri_tiv"], usa["tiv_catalogued"], usa["tiv_fms"], usa["tiv_dcs"], usa["tiv_g2g"]) == (
        600,
        230,
        220,
        10,
        0,
    )
    assert (
        usa["explained_pct"] == round(100 * 230 / 600, 1)
        and usa["deals_catalogued"] == 2
        and usa["deals_delivering"] == 2
    )
    assert rows["TUR"]["tiv_catalogued"] == 0
    warnings = result.stderr.splitlines()
    assert "warning: deal usa-rur-2015-gadgets: SIPRI id 999999 is not in trade-register-small.csv" in warnings
    assert any(w.startswith("warning: deal tur-rur-2015-things: SIPRI id 1001 is a deal of USA") for w in warnings)


def test_register_refuses_a_tiv_table_and_period_needs_register(cli, data_copy):
    table = Path(__file__).parents[1] / "fixtures" / "sipri" / "tiv-exporters-small.csv"
    result = cli("--data-dir", str(data_copy), "deals", "--register", str(table))
    assert result.exit_code == 2 and "is a TIV table; deals are matched in a trade register" in result.stderr
    assert cli("deals", "--period", "2015-2019").exit_code == 2
    assert cli("deals", "--register", str(REGISTER), "--period", "2019-2015x").exit_code == 2


CITED = "          source: kor-koreaherald-2012-11-kt1-peru\n          locator: paragraphs 1-3\n"


def test_an_assessment_cites_deals_and_show_names_them(cli, deals_data):
    edit(deals_data / "countries.yaml", CITED, CITED + "          deals: [kor-per-2012-11-kt1]\n")
    assert cli("validate", str(deals_data)).exit_code == 0
    profile = json.loads(cli("--data-dir", str(deals_data), "show", "korea", "--as-of", "2023-04", "-f", "json").stdout)
    g2g = next(m for m in profile["mechanisms"] if m["mechanism"] == "g2g_contracting")
    assert g2g["deal_ids"] == ["kor-per-2012-11-kt1"]
    shown = " ".join(cli("--data-dir", str(deals_data), "show", "korea", "--as-of", "2023-04", env=WIDE).stdout.split())
    assert "Deals: kor-per-2012-11-kt1 (fmscompare deals)." in shown


@pytest.mark.parametrize(
    ("cited", "message"),
    [
        (
            "kor-per-2012-11-kt9",
            "deal 'kor-per-2012-11-kt9' is not in deals.yaml (did you mean 'kor-per-2012-11-kt1'?)",
        ),
        ("usa-pol-2023-01-abrams", "deal 'usa-pol-2023-01-abrams' is a sale of USA"),
        (
            "kor-pol-2022-08-k2",
            "deal 'kor-pol-2022-08-k2' went through dcs, not g2g: it cannot bear out g2g_contracting: yes",
        ),
    ],
)
def test_validate_checks_deal_citations_both_ways(cli, deals_data, cited, message):
    edit(deals_data / "countries.yaml", CITED, CITED + f"          deals: [{cited}]\n")
    result = cli("validate", str(deals_data))
    assert result.exit_code == 1
    assert "countries.yaml:" in result.stderr and message in result.stderr, result.stderr


def test_a_deal_whose_signatory_is_unknown_is_listed_counted_and_cannot_bear_out_g2g(cli, deals_data):
    """`unknown`: no page shows who signed for the seller. Such a deal needs no roles, is found by
    `--channel unknown`, counts in validate's summary, and cannot support a G2G status."""
    edit(deals_data / "deals.yaml", "    channel: [dcs]\n    seller_roles: [none]\n", "    channel: [unknown]\n")
    assert [r["deal"] for r in rows(cli, deals_data, "--channel", "unknown")] == ["kor-pol-2022-08-k2"]
    summary = cli("validate", str(deals_data))
    assert summary.exit_code == 0 and "channel dcs 0, g2g 1, fms 1, unknown 1" in summary.stdout.replace("\n    ", " ")
    edit(deals_data / "countries.yaml", CITED, CITED + "          deals: [kor-pol-2022-08-k2]\n", count=1)
    refused = cli("validate", str(deals_data))
    assert refused.exit_code == 1
    assert "deal 'kor-pol-2022-08-k2' went through unknown, not g2g" in refused.stderr, refused.stderr


def test_register_counts_deliveries_of_deals_of_unknown_channel_apart(cli, data_copy):
    (without_deal_citations(data_copy) / "deals.yaml").write_text(
        REGISTER_DEALS.replace("    channel: [dcs]\n    seller_roles: [none]\n", "    channel: [unknown]\n"),
        encoding="utf-8",
    )
    result = cli(
        "--data-dir", str(data_copy), "deals", "--register", str(REGISTER), "--period", "2015-2019", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    usa = next(r for r in json.loads(result.stdout) if r["iso3"] == "USA")
    assert (usa["tiv_catalogued"], usa["tiv_fms"], usa["tiv_dcs"], usa["tiv_unknown"]) == (230, 220, 0, 10)


def test_show_as_of_a_date_lists_only_the_deals_ordered_by_then(cli, deals_data):
    """A picture of an earlier date shows no deal that came later, in the deals section or in what an
    assessment cites."""
    edit(deals_data / "deals.yaml", 'ordered: "2012-11"', 'ordered: "2024-01"')
    edit(deals_data / "countries.yaml", CITED, CITED + "          deals: [kor-per-2012-11-kt1]\n")
    assert cli("validate", str(deals_data)).exit_code == 0

    def profile(*args: str) -> dict:
        result = cli("--data-dir", str(deals_data), "show", "korea", *args, "-f", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    def cited(record: dict) -> list[str]:
        return next(m for m in record["mechanisms"] if m["mechanism"] == "g2g_contracting")["deal_ids"]

    then, later = profile("--as-of", "2023-04"), profile("--as-of", "2024-06")
    assert [d["deal"] for d in then["deals"]] == ["kor-pol-2022-08-k2"] and cited(then) == []
    assert [d["deal"] for d in later["deals"]] == ["kor-per-2012-11-kt1", "kor-pol-2022-08-k2"]
    assert cited(later) == ["kor-per-2012-11-kt1"]
    shown = " ".join(cli("--data-dir", str(deals_data), "show", "korea", "--as-of", "2023-04", env=WIDE).stdout.split())
    assert "kor-per-2012-11-kt1" not in shown and "Export deals (1;" in shown


def test_a_deal_dated_by_its_year_alone_shows_only_once_the_year_is_over(cli, deals_data):
    """`ordered: "2023"` may be any month of 2023: a picture of 2023-04 does not show it; one of 2023 does."""
    edit(deals_data / "deals.yaml", 'ordered: "2022-08"', 'ordered: "2023"')

    def shown(when: str) -> list[str]:
        result = cli("--data-dir", str(deals_data), "show", "korea", "--as-of", when, "-f", "json")
        assert result.exit_code == 0, result.stderr
        return [d["deal"] for d in json.loads(result.stdout)["deals"]]

    assert "kor-pol-2022-08-k2" not in shown("2023-04")
    assert "kor-pol-2022-08-k2" in shown("2023")
