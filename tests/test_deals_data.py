"""The bundled deals catalogue: its size and spread, the deals the profiles name, and its SIPRI ids checked
against SIPRI's full trade register where ../shared is at hand."""

from __future__ import annotations

from collections import Counter

import pytest

from fmscompare.sipri.export import read_export
from fmscompare.sipri.names import load_name_map, names_file
from tests.conftest import TRADE_REGISTER, needs_shared
from tests.helpers import DATASET, PROFILED

# Deals the profiles' evidence names: each must be in the catalogue.
NAMED = [
    "kor-per-2012-11-kt1",  # Peru's KT-1
    "kor-est-2025-12-chunmoo",  # Estonia's Chunmoo
    "fra-ind-2016-09-rafale",  # Rafales for India
    "fra-hrv-2021-11-rafale",  # ... Croatia
    "fra-srb-2024-08-rafale",  # ... and Serbia
    "isr-deu-2023-09-arrow3",  # Arrow 3 for Germany
    "gbr-nor-2025-08-type26",  # Norway's Type 26
    "swe-tha-2010-11-gripen",  # Thailand's Gripen
]


def test_the_catalogue_is_large_spread_and_covers_every_channel():
    deals = DATASET.deals
    assert len(deals) >= 80
    assert {d.seller for d in deals} == PROFILED
    channels = Counter(channel for d in deals for channel in d.channel)
    assert all(channels[c] >= 5 for c in ("dcs", "g2g", "fms")), channels


def test_every_deal_the_profiles_name_is_catalogued():
    ids = {d.id for d in DATASET.deals}
    assert [deal for deal in NAMED if deal not in ids] == []
    systems = " ".join(f"{d.id} {d.systems.lower()}" for d in DATASET.deals)  # CaMo is in its id
    for named in ("camo", "griffon", "k2", "k9", "boxer", "mogami"):
        assert named in systems, named


@needs_shared
def test_every_sipri_id_is_in_the_full_register_with_the_same_supplier_and_recipient():
    export = read_export(TRADE_REGISTER)
    assert export.deliveries is not None
    names = load_name_map(names_file(DATASET.directory))
    first = export.deliveries.drop_duplicates("deal").set_index("deal")
    problems = []
    for deal in DATASET.deals:
        for sipri_id in deal.sipri_ids:
            if sipri_id not in first.index:
                problems.append((deal.id, sipri_id, "not in the register"))
                continue
            row = first.loc[sipri_id]
            supplier, recipient = names.lookup(row["supplier"])[0], names.lookup(row["recipient"])[0]
            if supplier != deal.seller or (recipient is not None and recipient != deal.buyer):
                problems.append((deal.id, sipri_id, row["supplier"], row["recipient"]))
    assert problems == []


@pytest.mark.parametrize("deal", DATASET.deals, ids=lambda d: d.id)
def test_each_deal_rests_on_a_source_with_a_place(deal):
    assert deal.evidence and deal.locator and deal.source in DATASET.sources


def test_the_profiles_cite_deals_from_the_assessment_in_effect_when_they_were_signed():
    """Every bundled citation names a deal ordered before the next assessment of the same mechanism took
    effect (a later deal belongs to that later assessment), and most exporters cite at least one."""
    from fmscompare.months import data_month

    ordered = {d.id: data_month(d.ordered) for d in DATASET.deals}
    citing: set[str] = set()
    late: list[str] = []
    for record in DATASET.records:
        for key in record.mechanisms:
            history = list(record.history(key))
            for entry, following in zip(history, history[1:] + [None], strict=True):
                citing |= {record.iso3} if entry.deals else set()
                if following is None or following.as_of is None:
                    continue
                late += [
                    f"{record.iso3} {key} {entry.as_of}: {ident}"
                    for ident in entry.deals
                    if ordered[ident] >= data_month(following.as_of)
                ]
    assert late == []
    assert len(citing) >= 20, sorted(PROFILED - citing)
