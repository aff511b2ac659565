"""The data dictionary: every field a command writes to CSV or JSON, with its type and meaning.

One concept has one name in every command and format (`mechanism` is always a mechanism's key, `sipri_period`
always a SIPRI five-year window). `docs/fields.md` is generated from this and from the commands' own output
(`python -m tests.fields_doc --update`), and a test fails when a command writes a field this does not define.
Names with a placeholder stand for a family: `{iso3}_status` is `fra_status`, `jpn_status`, ...; `{period}` is a
SIPRI period written with an underscore (`2020_2024`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    type: str  # integer, number, text, boolean, list of text, month (YYYY-MM), period (YYYY-YYYY), ...
    meaning: str


FIELDS: dict[str, Field] = {
    # Who
    "country": Field("text", "The country's name (SIPRI's supplier name in `sipri import`); a what-if keeps it."),
    "iso3": Field("text", "The country's ISO 3166-1 alpha-3 code; empty in `sipri import` for a non-state supplier."),
    "iso2": Field("text", "The country's ISO 3166-1 alpha-2 code."),
    "aliases": Field("list of text", "Other names the country is found by (`fmscompare show ALIAS`)."),
    "agency": Field(
        "text",
        "The government body that leads export support, with its abbreviation (in `show`'s JSON: an object with "
        "its name, parent, founding year, source, locator and find).",
    ),
    # How it was made
    "weights": Field(
        "text", "The weights used: a preset's name (`default`, ...), or a weights file's name over its preset."
    ),
    "as_of": Field(
        "text",
        "The date of the assessments used: `latest`, a month (`2023-12`; `--as-of 2023` means its December), or "
        "`paper 2023-04` for the paper's own claims (`--paper`); in `timeline`, the December of the row's "
        "year, and with `correlate --lag`, the December of the row's support year.",
    ),
    "dataset_version": Field(
        "text",
        "The data's version: the first 12 hex digits of a SHA-256 over countries.yaml, mechanisms.yaml, "
        "sipri_shares.csv and deals.yaml (each file's name, a NUL byte, its length as 8 bytes big-endian, then its "
        "bytes; an absent deals.yaml as empty), so outputs made from the same data match.",
    ),
    "what_if": Field(
        "list of text",
        "What-ifs: the mechanisms the country is assumed to have adopted (`--adopt`); empty for a country as it "
        "is. A status below yes is written after the key: `g2g_contracting (partial)`.",
    ),
    "paper_view": Field("boolean", "True when the profile shows the paper's own claims (`--paper`)."),
    # Scores
    "rank": Field("integer", "Rank by the chosen order (support score unless `--by`); ties share a rank (1, 2, 2, 4)."),
    "support_score": Field(
        "number", "Support score, 0-100: the weighted share of mechanisms in place (yes 1, partial 0.5)."
    ),
    "coverage_pct": Field("number", "Known, %: the share of the total weight whose status is known (not unknown)."),
    "contracting_model": Field(
        "text",
        "Who contracts the buyer, derived from the mechanisms: `dcs` (industry), `g2g` (the government signs), "
        "`fms` (the government buys from industry for the buyer).",
    ),
    "low_coverage": Field(
        "boolean", "True when under 65 % of the weight is known: the score reflects missing evidence as much."
    ),
    "model_known": Field("boolean", "False when G2G contracting is unknown, so `dcs` is a default, not a finding."),
    "level": Field("text", "Involvement level: L0 licensing only, L1 promoted DCS, L2 G2G, L3 FMS-style."),
    "level_label": Field("text", "The level in words."),
    "band_position": Field("integer", "The band's place along the spectrum: 1 DCS, 2 G2G, 3 FMS-style."),
    # Mechanisms
    "mechanism": Field("text", "A support mechanism's key, as in `fmscompare mechanisms` (`g2g_contracting`)."),
    "label": Field("text", "The mechanism's name in words (in `gap --adopt`: the measure's)."),
    "stage": Field("text", "The mechanism's stage along the spectrum (`dcs`, `g2g`, `fms`, ...)."),
    "weight": Field("number", "The mechanism's weight under the weights used (in `gap`: the weights summed)."),
    "weight_share_pct": Field("number", "The weight as a % of the total weight: the most it adds to a score."),
    "default_weight": Field("number", "The mechanism's weight in `mechanisms.yaml`, before any preset or file."),
    "definition": Field("text", "What the mechanism is."),
    "rubric_yes": Field("text", "When a country is rated yes on the mechanism."),
    "rubric_partial": Field("text", "When a country is rated partial."),
    "rubric_no": Field("text", "When a country is rated no."),
    "recommendation": Field("integer", "The paper's recommendation for Japan (1-8, its order) the mechanism maps to."),
    "recommendation_text": Field("text", "That recommendation in words."),
    "mechanisms_lacking": Field(
        "list of text", "The keys of the mechanisms the country lacks that the recommendation covers."
    ),
    "mechanisms": Field("list of objects", "The score breakdown: the rows of `show --format csv`, one per mechanism."),
    "sipri": Field("list of objects", "The country's SIPRI figures: the rows of `trend COUNTRY`, one per period."),
    # Assessments and evidence
    "status": Field("text", "The assessment: `yes`, `partial`, `no` or `unknown` (no page we could open says)."),
    "points": Field("number", "The mechanism's part of the 0-100 score: weight × value / total weight × 100."),
    "status_since": Field(
        "month (YYYY-MM) or year",
        "The month the status took effect (the assessment's own date; a year where the source gives no month).",
    ),
    "evidence": Field("text", "What the source says, in our words (who did what, when)."),
    "source": Field("text", "The id of a source in `fmscompare sources` (in `sources`: the source's own id)."),
    "locator": Field("text", "Where in the source the fact stands (section, paragraph)."),
    "find": Field("text", "A phrase of at most ten words to search for on the page."),
    "note": Field("text", "Why the rubric gives this status, where that needs saying."),
    "status_at_paper_date": Field("text", "The sourced status at the paper's date (2023-04)."),
    "paper_status": Field("text", "The paper's own claim, where it makes one."),
    "paper_differs": Field("boolean", "True when the paper's claim differs from the sources at its date."),
    "paper_evidence": Field("text", "Where the paper differs: its claim, in our words."),
    "paper_locator": Field("text", "Where in the paper the claim stands."),
    "paper_find": Field("text", "A phrase to search for in the paper."),
    "reviewed": Field("month (YYYY-MM)", "The month the profile was last checked against its sources."),
    "changes_since_paper": Field("list of objects", "Statuses changed since the paper: mechanism, before, after."),
    "assessment": Field("object", "The paper's overall assessment of the country, in our words, with its locator."),
    "paper_figures": Field("object", "The SIPRI figures as the paper quotes them, with where it does."),
    "paper_vs_sipri": Field("list of text", "Where the paper's SIPRI figures differ from SIPRI's own."),
    "sources": Field("object", "The sources the profile cites, by id."),
    # Gaps and what-ifs
    "gain": Field("number", "Points the score would rise by with the mechanism in full (or at the peer's level)."),
    "peer_status": Field("text", "The peer's status on the mechanism."),
    "peer_evidence": Field("text", "What the peer's source says, in our words."),
    "peer_source": Field("text", "The id of the peer's source."),
    "peer_locator": Field("text", "Where in the peer's source."),
    "peer_status_since": Field("month (YYYY-MM)", "The month the peer's status took effect."),
    "exporters": Field("integer", "How many other countries practise one of the mechanisms in full."),
    "practised_by": Field("list of text", "ISO3 codes of the other countries with the mechanism in full."),
    "measure": Field(
        "text", "A summary measure: `support_score`, `coverage_pct`, `contracting_model`, `level` or `rank`."
    ),
    "before": Field("number or text", "The measure as the country is."),
    "after": Field("number or text", "The measure under the what-if."),
    # SIPRI
    "sipri_period": Field("period (YYYY-YYYY)", "The SIPRI five-year window (or the window asked for)."),
    "sipri_share_pct": Field("number", "The country's share of world arms exports in the period, %."),
    "sipri_rank": Field("integer", "The country's world rank by volume in the period (states only)."),
    "sipri_change_pct": Field("number", "Change in export volume, %, against the previous window."),
    "sipri_previous_period": Field("period (YYYY-YYYY)", "The window the change compares with."),
    "sipri_basis": Field(
        "text", "Where the figure comes from: `published` (SIPRI's text), `computed`, `press` (a report citing it)."
    ),
    "sipri_source": Field("text", "The id of the source of the SIPRI figure."),
    "sipri_tiv": Field("number", "Volume in the period, in SIPRI trend-indicator values (millions)."),
    "sipri_previous_tiv": Field("number", "Volume in the previous window, TIV (millions)."),
    "kind": Field("text", "SIPRI's kind of supplier: `state`, or a non-state actor or organisation."),
    "sipri_share_{period}_pct": Field("number", "The share of world arms exports in that period, %."),
    "sipri_rank_{period}": Field("integer", "The world rank in that period."),
    "sipri_change_{period}_pct": Field("number", "The change in volume in that period against the window before, %."),
    # Per country in `compare`
    "{iso3}_status": Field("text", "The country's status on the mechanism (on a summary row: the model or level)."),
    "{iso3}_points": Field("number", "The country's points on the mechanism (on a summary row: score or known %)."),
    "{iso3}_status_at_paper_date": Field("text", "The country's sourced status at the paper's date."),
    "{iso3}_paper_status": Field("text", "The paper's claim for the country, where it makes one."),
    "{iso3}_paper_differs": Field("boolean", "True when the paper's claim differs from the sources."),
    # Robustness and correlation
    "unknowns": Field(
        "integer",
        "With --unknowns: how many of the country's statuses are unknown (marked so, or not given), and so drawn "
        "as yes, partial or no in each draw.",
    ),
    "rank_median": Field("number", "The median rank over the random weightings."),
    "rank_p05": Field("integer", "The 5th percentile of the rank over the random weightings."),
    "rank_p95": Field("integer", "The 95th percentile of the rank over the random weightings."),
    "prob_rank_1": Field("number", "The share of random weightings that rank the country first."),
    "total_shift": Field("integer", "Places moved, summed over countries, with the mechanism left out."),
    "mean_shift": Field("number", "Places moved per country."),
    "max_shift": Field("integer", "The largest single move."),
    "countries_moved": Field("integer", "How many countries change rank."),
    "new_leader": Field("list of text", "ISO3 codes of countries first without the mechanism but not with it."),
    "moves": Field("list of text", "Each rank change as `ISO3 nominal->new`."),
    "involvement": Field("text", "The involvement measure: `score` (support score) or `level` (L0-L3)."),
    "against": Field("text", "The SIPRI measure (`--against`): `share` of world exports or `change` in volume."),
    "n": Field("integer", "How many countries the correlation is over."),
    "rho": Field("number", "Spearman's rank correlation, -1 to +1."),
    "p_value": Field("number", "Two-sided p-value from the permutation distribution of rho."),
    "test": Field("text", "How the p-value was found: `exact`, or the random pairings and seed."),
    "countries": Field("list of text", "ISO3 codes of the countries in the correlation."),
    "excluded": Field("list of text", "ISO3 codes left out for want of a SIPRI figure."),
    "support_year": Field(
        "integer",
        "With --lag: the year whose December the involvement is taken at (the period's first year less the lag).",
    ),
    "mean_known_pct": Field(
        "number",
        "With --lag: the mean share (%) of the weight whose status is known at the support date, over the "
        "countries paired.",
    ),
    # Deals
    "deal": Field(
        "text", "A deal's id in data/deals.yaml: seller, buyer, order month and a word (fra-ind-2016-09-rafale)."
    ),
    "buyer": Field("text", "The buyer's ISO3 code."),
    "systems": Field("text", "What was sold."),
    "ordered": Field("month (YYYY-MM)", "When the contract was signed (a year where only the year is reported)."),
    "channel": Field(
        "list of text",
        "How the deal was contracted: `dcs` (the buyer contracts the company), `g2g` (the seller government signs "
        "as a contracting party), `fms` (it buys from its industry for the buyer); a deal may combine two; "
        "`unknown` (alone) where the pages read do not show who signed for the seller.",
    ),
    "seller_roles": Field(
        "list of text",
        "What the seller government did: contracting_party, intermediary_buyer, guarantor, financier, "
        "surplus_seller, or none; empty where the channel is unknown and the pages show no role.",
    ),
    "value_amount": Field("number", "The deal's value as a source reports it, in `value_unit` of `value_currency`."),
    "value_unit": Field("text", "`million` or `billion`."),
    "value_currency": Field("text", "The value's currency (ISO 4217)."),
    "sipri_ids": Field("list of text", "The deal's ids in SIPRI's Arms Transfers Database (trade register)."),
    "deals": Field("list of objects", "The country's export deals: the rows of `fmscompare deals COUNTRY`."),
    "deal_ids": Field("list of text", "Ids of the deals in data/deals.yaml that bear the status out."),
    "deals_catalogued": Field("integer", "How many of the exporter's deals the catalogue holds."),
    "deals_delivering": Field("integer", "How many of them have deliveries in the period, by SIPRI deal id."),
    "tiv_catalogued": Field("number", "TIV (millions) delivered in the period under the catalogued deals."),
    "explained_pct": Field("number", "That TIV as a % of all the exporter's deliveries in the period."),
    "tiv_dcs": Field("number", "TIV delivered under catalogued deals through DCS (a two-channel deal counts in both)."),
    "tiv_g2g": Field("number", "TIV delivered under catalogued deals through G2G."),
    "tiv_fms": Field("number", "TIV delivered under catalogued deals through an FMS-style intermediary."),
    "tiv_unknown": Field(
        "number", "TIV delivered under catalogued deals whose channel is unknown (no page shows who signed)."
    ),
    # Timeline
    "year": Field("integer", "The year whose end (December) the row pictures."),
    "status_before": Field(
        "text", "The status before the change: yes, partial, no, unknown, or `unassessed` for a first assessment."
    ),
    "status_after": Field("text", "The status the change brought: yes, partial, no or unknown."),
    "adoption": Field(
        "boolean",
        "Whether the change is an adoption: G2G contracting or intermediary procurement rising from a recorded "
        "status (no to partial or yes, partial to yes).",
    ),
    "window_before": Field("period (YYYY-YYYY)", "The five years before the adoption's year."),
    "tiv_before": Field("number", "The exporter's SIPRI TIV (millions) in the window before; empty if not covered."),
    "share_before_pct": Field("number", "The exporter's share (%) of world TIV in the window before."),
    "window_after": Field("period (YYYY-YYYY)", "The five years after the adoption's year."),
    "tiv_after": Field("number", "The exporter's SIPRI TIV (millions) in the window after; empty if not covered."),
    "share_after_pct": Field("number", "The exporter's share (%) of world TIV in the window after."),
    "tiv_change_pct": Field("number", "The change (%) in TIV from the window before to the window after."),
    "sipri_file": Field("text", "The name of the SIPRI export the figures come from."),
    "sipri_generated": Field("date (YYYY-MM-DD)", "When SIPRI generated that export (its `Data generated` line)."),
    # Sources
    "date": Field("text", "The source's date of publication (year, month or day)."),
    "cited": Field("integer", "How many assessments, agencies, statements of the paper and SIPRI rows cite it."),
    "publisher": Field("text", "Who published the source."),
    "author": Field("text", "The source's author(s)."),
    "title": Field("text", "The page's own title."),
    "url": Field("text", "The source's canonical URL."),
    "accessed": Field("month (YYYY-MM)", "The month the page was last read."),
    "language": Field("text", "The page's language (ISO 639-1), where not English."),
    "secondary": Field("boolean", "True for an outlet kept because no primary source was found."),
}

_FAMILIES = (
    (re.compile(r"^[a-z]{3}_(status|points|status_at_paper_date|paper_status|paper_differs)$"), "{{iso3}}_{0}"),
    (re.compile(r"^sipri_share_\d{4}_\d{4}_pct$"), "sipri_share_{{period}}_pct"),
    (re.compile(r"^sipri_rank_\d{4}_\d{4}$"), "sipri_rank_{{period}}"),
    (re.compile(r"^sipri_change_\d{4}_\d{4}_pct$"), "sipri_change_{{period}}_pct"),
)


def field_name(key: str) -> str:
    """The dictionary's name for a column: the key itself, or its family (`fra_status` -> `{iso3}_status`)."""
    if key in FIELDS:
        return key
    for pattern, family in _FAMILIES:
        match = pattern.match(key)
        if match:
            return family.format(*match.groups())
    return key
