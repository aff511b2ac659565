"""`fmscompare gap`: what a country lacks against a peer or a model, and what-ifs with `--adopt`."""

from __future__ import annotations

import re

import pytest

from tests.helpers import DATASET_VERSION, PAPER, WIDE, records


def test_gap_japan_vs_australia_puts_g2g_first_with_australias_evidence(cli):
    rows = records(cli, "gap", "japan", "--vs", "australia", *PAPER)
    first = rows[0]
    assert first["mechanism"] == "g2g_contracting"
    assert first["recommendation"] == 1
    assert first["recommendation_text"].startswith("Utilize G2G transactions")
    assert first["status"] == "no" and first["peer_status"] == "yes"
    assert "the AMS office plans and carries out government-to-government sales" in first["peer_evidence"]
    assert first["gain"] == pytest.approx(100 * 3 / 20.5, abs=0.01)
    assert [r["weight"] for r in rows] == sorted((r["weight"] for r in rows), reverse=True)
    table = cli("gap", "japan", "--vs", "australia", *PAPER, env=WIDE).stdout
    assert table.splitlines()[0] == "What Japan lacks against Australia; weights: default; the paper's own claims"
    assert re.search(r"g2g_contracting\s+3\s+\+14\.6\s+no\s+1\s+yes", table)


def test_gap_lists_only_what_the_peer_has_more_of(cli):
    rows = records(cli, "gap", "japan", "--vs", "korea", *PAPER)
    values = {"yes": 1, "partial": 0.5, "no": 0, "unknown": 0}
    assert all(values[r["peer_status"]] > values[r["status"]] for r in rows)
    assert "surplus_transfers" in {r["mechanism"] for r in rows}  # Japan partial, Korea yes


def test_gap_against_the_fms_model(cli):
    rows = records(cli, "gap", "japan", "--model", "fms")
    keys = [r["mechanism"] for r in rows]
    assert keys[0] == "g2g_contracting"
    assert {"intermediary_procurement", "government_guarantee"} <= set(keys)
    assert "security_rnd" not in keys  # the industrial base is not part of a contracting model
    guarantee = next(r for r in rows if r["mechanism"] == "government_guarantee")
    assert guarantee["practised_by"] == ["USA"]
    g2g_only = {r["mechanism"] for r in records(cli, "gap", "japan", "--model", "g2g")}
    assert "intermediary_procurement" not in g2g_only and "g2g_contracting" in g2g_only


def test_gap_without_a_peer_ranks_the_papers_recommendations(cli, cli7):
    rows = records(cli7, "gap", "japan", *PAPER)
    assert rows[0]["recommendation"] == 1  # G2G: every other exporter of the paper has some of it
    assert rows[0]["exporters"] == 6
    # Today Japan has an agency with an export role (ATLA) and has sold PAC-3s from its stock (partial G2G):
    # what most of the 26 exporters have in full and Japan lacks is top-level selling, then G2G, then state
    # export finance.
    everyone = records(cli, "gap", "japan")
    assert [r["recommendation"] for r in everyone[:3]] == [6, 1, 5]
    assert everyone[0]["exporters"] >= 10
    assert [r["exporters"] for r in rows] == sorted((r["exporters"] for r in rows), reverse=True)
    assert {r["recommendation"] for r in rows} <= set(range(1, 9))


def test_adopting_g2g_moves_japans_model_level_and_rank_as_the_scores_imply(cli):
    rows = {r["measure"]: r for r in records(cli, "gap", "japan", "--adopt", "g2g_contracting", *PAPER)}
    before, after = rows["support_score"]["before"], rows["support_score"]["after"]
    assert after == pytest.approx(before + 100 * 3 / 20.5, abs=0.1)
    assert (rows["contracting_model"]["before"], rows["contracting_model"]["after"]) == ("dcs", "g2g")
    assert (rows["level"]["before"], rows["level"]["after"]) == ("L0", "L2")
    # The rank is the one `rank` gives with the what-if in place.
    ranked = records(cli, "rank", "--adopt", "japan:g2g_contracting", *PAPER)
    japan = next(r for r in ranked if r["iso3"] == "JPN")
    # The country keeps its name, so files still join on it; the what-if has a column of its own.
    assert (japan["country"], japan["what_if"]) == ("Japan", ["g2g_contracting"])
    assert all(r["what_if"] is None for r in ranked if r["iso3"] != "JPN")
    assert japan["support_score"] == after and japan["level"] == "L2"
    assert rows["rank"]["after"] == japan["rank"]
    assert rows["rank"]["before"] == next(r for r in records(cli, "rank", *PAPER) if r["iso3"] == "JPN")["rank"]


def test_adopt_all_against_a_peer_copies_the_peers_level(cli):
    rows = {r["measure"]: r for r in records(cli, "gap", "japan", "--vs", "australia", "--adopt", "all")}
    # Australia's one FMS-like deal is partial, so copying it makes Japan G2G, not FMS-style.
    assert rows["contracting_model"]["after"] == "g2g"
    assert rows["rank"]["after"] < rows["rank"]["before"]
    assert "intermediary_procurement (partial)" in rows["level"]["what_if"]
    # Copying South Korea cannot put Japan above South Korea.
    korea = {r["measure"]: r for r in records(cli, "gap", "japan", "--vs", "korea", "--adopt", "all")}
    kor_score = next(r for r in records(cli, "rank") if r["iso3"] == "KOR")["support_score"]
    assert korea["support_score"]["after"] <= kor_score


def test_adopt_all_leaves_unknowns_out_and_says_so(cli):
    rows = records(cli, "gap", "germany", "--model", "fms", "--adopt", "all", *PAPER)
    assert "export_agency" not in rows[0]["what_if"]  # unknown in the paper: not known to be missing
    out = cli("gap", "germany", "--model", "fms", "--adopt", "all", *PAPER, env=WIDE).stdout
    assert "Left out because the data does not say whether Germany has them" in out


def test_what_if_csv_keeps_its_context(cli):
    text = cli("gap", "japan", "--adopt", "g2g_contracting", "-f", "csv").stdout
    assert text.splitlines()[0] == "country,iso3,what_if,measure,before,after,weights,as_of,dataset_version"
    first = text.splitlines()[1]
    assert first.startswith("Japan,JPN,g2g_contracting,support_score,") and first.endswith(
        f",default,latest,{DATASET_VERSION}"
    )


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
    out = cli("rank", "--adopt", "japan:g2g_contracting,export_agency", *PAPER, env=WIDE).stdout
    assert "What-if: Japan (what-if) as if it had adopted g2g_contracting, export_agency: score 7.3 -> 31.7" in out
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
