"""Japan's question: `gap`, what-if `--adopt`, dated assessments and `--as-of`, changes since the paper."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from fmscompare.dataset import load_dataset
from tests.conftest import SHARED, edit, line_of, needs_shared

WIDE = {"COLUMNS": "1000"}
DATASET = load_dataset()


def records(cli, *args: str) -> list[dict]:
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_gap_japan_vs_australia_puts_g2g_first_with_australias_evidence(cli):
    rows = records(cli, "gap", "japan", "--vs", "australia")
    first = rows[0]
    assert first["key"] == "g2g_contracting"
    assert first["recommendation"] == 1
    assert first["recommendation_text"].startswith("Utilize G2G transactions")
    assert first["status"] == "no" and first["peer_status"] == "yes"
    assert "the AMS office plans and executes G2G sales" in first["peer_evidence"]
    assert first["gain"] == pytest.approx(100 * 3 / 20.5, abs=0.01)
    assert [r["weight"] for r in rows] == sorted((r["weight"] for r in rows), reverse=True)
    table = cli("gap", "japan", "--vs", "australia", env=WIDE).stdout
    assert table.splitlines()[0] == "What Japan lacks against Australia; weights: default"
    assert re.search(r"g2g_contracting\s+3\s+\+14\.6\s+no\s+1\s+yes", table)


def test_gap_lists_only_what_the_peer_has_more_of(cli):
    rows = records(cli, "gap", "japan", "--vs", "korea")
    values = {"yes": 1, "partial": 0.5, "no": 0, "unknown": 0}
    assert all(values[r["peer_status"]] > values[r["status"]] for r in rows)
    assert "surplus_transfers" in {r["key"] for r in rows}  # Japan partial, Korea yes


def test_gap_against_the_fms_model(cli):
    rows = records(cli, "gap", "japan", "--model", "fms")
    keys = [r["key"] for r in rows]
    assert keys[0] == "g2g_contracting"
    assert {"intermediary_procurement", "government_guarantee"} <= set(keys)
    assert "security_rnd" not in keys  # the industrial base is not part of a contracting model
    guarantee = next(r for r in rows if r["key"] == "government_guarantee")
    assert guarantee["practised_by"] == "USA"
    g2g_only = {r["key"] for r in records(cli, "gap", "japan", "--model", "g2g")}
    assert "intermediary_procurement" not in g2g_only and "g2g_contracting" in g2g_only


def test_gap_without_a_peer_ranks_the_papers_recommendations(cli, cli7):
    rows = records(cli7, "gap", "japan")
    assert rows[0]["recommendation"] == 1  # G2G: every other exporter of the paper has some of it
    assert rows[0]["exporters"] == 6
    everyone = records(cli, "gap", "japan")
    assert everyone[0]["recommendation"] == 1 and everyone[0]["exporters"] >= 10
    assert [r["exporters"] for r in rows] == sorted((r["exporters"] for r in rows), reverse=True)
    assert {r["recommendation"] for r in rows} <= set(range(1, 9))


def test_adopting_g2g_moves_japans_model_level_and_rank_as_the_scores_imply(cli):
    rows = {r["measure"]: r for r in records(cli, "gap", "japan", "--adopt", "g2g_contracting")}
    before, after = rows["support_score"]["before"], rows["support_score"]["after"]
    assert after == pytest.approx(before + 100 * 3 / 20.5, abs=0.1)
    assert (rows["contracting_model"]["before"], rows["contracting_model"]["after"]) == ("dcs", "g2g")
    assert (rows["level"]["before"], rows["level"]["after"]) == ("L0", "L2")
    # The rank is the one `rank` gives with the what-if in place.
    ranked = records(cli, "rank", "--adopt", "japan:g2g_contracting")
    japan = next(r for r in ranked if r["iso3"] == "JPN")
    assert japan["country"] == "Japan (what-if)"
    assert japan["support_score"] == after and japan["level"] == "L2"
    assert rows["rank"]["after"] == japan["rank"]
    assert rows["rank"]["before"] == next(r for r in records(cli, "rank") if r["iso3"] == "JPN")["rank"]


def test_adopt_all_against_a_peer_copies_the_peers_level(cli):
    rows = {r["measure"]: r for r in records(cli, "gap", "japan", "--vs", "australia", "--adopt", "all")}
    # Australia's one FMS-like deal is partial, so copying it makes Japan G2G, not FMS-style.
    assert rows["contracting_model"]["after"] == "g2g"
    assert rows["rank"]["after"] < rows["rank"]["before"]
    assert "intermediary_procurement=partial" in rows["level"]["adopted"]
    # Copying South Korea cannot put Japan above South Korea.
    korea = {r["measure"]: r for r in records(cli, "gap", "japan", "--vs", "korea", "--adopt", "all")}
    kor_score = next(r for r in records(cli, "rank") if r["iso3"] == "KOR")["support_score"]
    assert korea["support_score"]["after"] <= kor_score


def test_adopt_all_leaves_unknowns_out_and_says_so(cli):
    rows = records(cli, "gap", "germany", "--model", "fms", "--adopt", "all")
    assert "export_agency" not in rows[0]["adopted"]  # unknown for Germany: not known to be missing
    out = cli("gap", "germany", "--model", "fms", "--adopt", "all", env=WIDE).stdout
    assert "Left out because the data does not say whether Germany has them" in out


def test_what_if_csv_keeps_its_context(cli):
    text = cli("gap", "japan", "--adopt", "g2g_contracting", "-f", "csv").stdout
    assert text.splitlines()[0] == "country,iso3,adopted,weights,as_of,measure,before,after"
    assert text.splitlines()[1].startswith("Japan,JPN,g2g_contracting=yes,default,,support_score,")


def test_repeated_adopt_applies_every_what_if(cli):
    result = cli("rank", "--adopt", "japan:g2g_contracting", "--adopt", "germany:export_agency", env=WIDE)
    assert result.exit_code == 0
    assert "Japan (what-if)" in result.stdout and "Germany (what-if)" in result.stdout
    assert result.stdout.splitlines()[0].endswith("; WHAT-IF")


def test_adopt_accepts_any_case_and_reports_what_was_already_there(cli):
    out = cli("gap", "korea", "--adopt", "EXPORT_AGENCY,g2g_contracting", env=WIDE)
    assert out.exit_code == 0
    assert "Already in place, so nothing changes for: export_agency, g2g_contracting." in out.stdout


def test_rank_and_spectrum_say_what_the_what_if_is(cli):
    out = cli("rank", "--adopt", "japan:g2g_contracting,export_agency", env=WIDE).stdout
    assert "What-if: Japan (what-if) as if it had adopted g2g_contracting, export_agency: score 8.5 -> 32.9" in out
    assert "Japan (what-if)" in out
    spectrum = records(cli, "spectrum", "--adopt", "japan:g2g_contracting")
    assert next(r for r in spectrum if r["iso3"] == "JPN")["contracting_model"] == "g2g"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gap", "japan", "--vs", "japan"], "--vs names Japan itself"),
        (["gap", "japan", "--vs", "usa", "--model", "fms"], "give --vs or --model, not both"),
        (
            ["gap", "japan", "--adopt", "g2g_contract"],
            "unknown mechanism 'g2g_contract' (did you mean 'g2g_contracting'?)",
        ),
        (["rank", "--adopt", "g2g_contracting"], "--adopt takes COUNTRY:KEY,KEY here"),
        (["rank", "--adopt", "narnia:g2g_contracting"], "unknown country 'narnia'"),
        (["gap", "japan", "--model", "dcs"], "Invalid value for '--model'"),
        (["rank", "--as-of", "1999"], "--as-of 1999: the data describes 2023 (the paper's picture) and later"),
        (["show", "jp", "--as-of", "2099"], "--as-of 2099 is in the future"),
        (["gap", "japan", "--vs", "jpn", "--adopt", "all"], "--vs names Japan itself"),
        (["rank", "--adopt", "japan:all"], "--adopt all works with gap COUNTRY"),
        (["gap", "korea", "--vs", "japan", "--adopt", "all"], "South Korea lacks nothing there that the data records"),
    ],
)
def test_usage_errors(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


# Dated assessments and --as-of -----------------------------------------------------------------------------


def test_as_of_picks_the_latest_assessment_not_after_the_year(cli):
    korea = DATASET.record_by_iso3("KOR")
    assert [e.status for e in korea.history("g2g_contracting")] == ["no", "yes"]
    assert korea.as_of(2024).mechanisms["g2g_contracting"].status == "no"
    assert korea.as_of(2025).mechanisms["g2g_contracting"].status == "yes"
    assert korea.as_of(None).mechanisms["g2g_contracting"].status == "yes"


def test_as_of_before_a_mechanism_was_assessed_is_unknown():
    germany = DATASET.record_by_iso3("DEU").as_of(2010)
    assert germany.mechanisms["export_finance"].status == "yes"  # Hermes, documented 2006
    assert germany.mechanisms["g2g_contracting"].status == "unknown"  # first assessed in 2023


def test_show_marks_what_changed_since_the_paper(cli):
    out = cli("show", "korea", env=WIDE).stdout
    assert re.search(r"G2G contracting\s+g2g\s+yes\s+was no\s+3\s+14\.6\s+yonhap2025-kotra-g2g", out)
    assert "Changed since the paper (2023)" in out
    assert "G2G contracting: no (2023) -> yes (2025): KOTRA is Korea's designated agency" in out
    assert "the latest (--as-of 2023 gives the paper's picture)" in out
    record = json.loads(cli("show", "korea", "-f", "json").stdout)
    changes = {c["mechanism"]: c for c in record["changes_since_paper"]}
    assert changes["g2g_contracting"] == {
        "mechanism": "g2g_contracting",
        "status_in_paper": "no",
        "status": "yes",
        "as_of": 2025,
        "evidence": DATASET.country_by_iso3("KOR").mechanisms["g2g_contracting"].evidence,
        "source": "yonhap2025-kotra-g2g",
    }
    # The paper's "no" to intermediary procurement rested on "DCS only"; with G2G it is unknown again.
    assert (changes["intermediary_procurement"]["status_in_paper"], changes["intermediary_procurement"]["status"]) == (
        "no",
        "unknown",
    )
    paper = cli("show", "korea", "--as-of", "2023", env=WIDE).stdout
    assert "Changed since the paper" not in paper and "was no" not in paper
    assert "as of 2023 (the paper's picture)" in paper


def test_compare_stars_changed_cells(cli):
    out = cli("compare", "korea", "australia", env=WIDE).stdout
    assert re.search(r"G2G contracting\s+g2g\s+3\s+yes 14\.6\*\s+yes 14\.6\s", out)
    assert re.search(r"Intermediary procurement\s+fms\s+2\s+unknown\*\s+partial 4\.9\*", out)
    assert "*: changed since the paper's picture (2023)" in out
    rows = {r["key"]: r for r in records(cli, "compare", "korea", "australia")}
    assert (rows["g2g_contracting"]["kor_status"], rows["g2g_contracting"]["kor_status_2023"]) == ("yes", "no")
    assert "*" not in cli("compare", "korea", "australia", "--as-of", "2023").stdout


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
        result = cli(*command, "--as-of", "2023", env=WIDE)
        assert result.exit_code == 0, (command, result.stderr)
        assert "as of 2023" in result.stdout, command


def test_every_source_has_a_url_and_every_dated_claim_cites_one():
    for ident, source in DATASET.sources.items():
        assert source.url and source.url.startswith("http"), ident
    for record in DATASET.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.status != "unknown":
                    assert entry.source in DATASET.sources, (record.iso3, key)


@needs_shared
def test_post_2023_evidence_is_quoted_from_the_research_notes():
    """Assessments from sources other than the paper and SIPRI quote ../shared/research/export-models.md."""

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).replace("*", "")
        return " ".join(re.sub(r"[\"“”'‘’]", "", text).split())

    notes = plain((SHARED / "research" / "export-models.md").read_text("utf-8"))
    quoted = 0
    for record in DATASET.records:
        for key in record.mechanisms:
            for entry in record.history(key):
                if entry.source and not entry.source.startswith(("hattori", "sipri")) and entry.evidence:
                    quoted += 1
                    for fragment in entry.evidence.split("…"):
                        assert plain(fragment) in notes, (record.iso3, key, fragment)
    assert quoted >= 7


# Broken dated assessments ----------------------------------------------------------------------------------


def test_dated_list_needs_a_year_on_every_entry(cli, data_copy):
    f = data_copy / "countries.yaml"
    edit(
        f, "          source: yonhap2025-kotra-g2g\n          as_of: 2025\n", "          source: yonhap2025-kotra-g2g\n"
    )
    result = cli("--data-dir", str(data_copy), "rank")
    assert result.exit_code == 1
    line = line_of(f, 'evidence: "KOTRA is')
    assert f"{f}:{line - 1}: countries[4].mechanisms.g2g_contracting[1].as_of: required when status is 'yes'" in (
        result.stderr
    )


def test_dated_list_years_must_differ(cli, data_copy):
    f = data_copy / "countries.yaml"
    edit(
        f,
        "          source: yonhap2025-kotra-g2g\n          as_of: 2025\n",
        "          source: yonhap2025-kotra-g2g\n          as_of: 2023\n",
    )
    result = cli("--data-dir", str(data_copy), "rank")
    assert result.exit_code == 1
    assert (
        "countries[4].mechanisms.g2g_contracting[1].as_of: 2023 is already the year of assessment [0]" in result.stderr
    )


def test_dated_list_entries_are_checked_like_single_ones(cli, data_copy):
    f = data_copy / "countries.yaml"
    edit(
        f,
        '        - status: "yes"\n          evidence: "KOTRA',
        '        - status: "maybe"\n          evidence: "KOTRA',
    )
    result = cli("--data-dir", str(data_copy), "rank")
    assert result.exit_code == 1
    line = line_of(f, 'status: "maybe"')
    assert (
        f"{f}:{line}: countries[4].mechanisms.g2g_contracting[1].status: "
        "expected one of yes, partial, no, unknown; got 'maybe'"
    ) in result.stderr
