"""Synthetic datasets of any size, for benchmarks and scale tests: valid data, random statuses, no facts.

`synthetic_dataset(folder, n)` writes a dataset folder with the bundled mechanisms and SIPRI figures and
`n` invented countries (codes AAA, AAB, ...), each mechanism's status drawn at random with a fixed seed.
"""

from __future__ import annotations

import itertools
import random
import shutil
import string
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import yaml

from fmscompare.dataset.files import bundled_data_dir

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset

STATUSES = ("yes", "partial", "no", "unknown")


def synthetic_dataset(folder: Path, countries: int, seed: int = 0) -> Path:
    """Write a valid dataset of `countries` invented countries into `folder`; returns the folder."""
    bundled = bundled_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled / "mechanisms.yaml", folder / "mechanisms.yaml")
    shutil.copy(bundled / "sipri_shares.csv", folder / "sipri_shares.csv")
    keys = [m["key"] for m in yaml.safe_load((bundled / "mechanisms.yaml").read_text("utf-8"))["mechanisms"]]
    original = yaml.safe_load((bundled / "countries.yaml").read_text("utf-8"))
    rng = random.Random(seed)
    letters = string.ascii_uppercase
    codes = ("".join(c) for c in itertools.product(letters, repeat=3))
    entries = []
    for i, iso3 in zip(range(countries), codes, strict=False):
        mechanisms = {}
        for key in keys:
            status = rng.choice(STATUSES)
            mechanisms[key] = (
                {"status": status}
                if status == "unknown"
                else {
                    "status": status,
                    "evidence": "Synthetic.",
                    "source": "hattori2023",
                    "locator": "synthetic",
                    "as_of": "2023-04",
                }
            )
        entries.append(
            {
                "name": f"Synthetic {iso3}",
                "iso2": letters[i // 26 % 26] + letters[i % 26],
                "iso3": iso3,
                "mechanisms": mechanisms,
            }
        )
    text = yaml.safe_dump({"sources": original["sources"], "countries": entries}, allow_unicode=True, sort_keys=False)
    (folder / "countries.yaml").write_text(text, encoding="utf-8")
    return folder


def synthetic_countries(countries: int, seed: int = 0) -> Dataset:
    """The bundled dataset with `countries` invented countries in place of its own, built in memory.

    A dataset file cannot hold more than 676 countries (every one needs its own two-letter ISO code), so the
    scale benchmark builds larger ones here: each country copies the statuses of a bundled one (chosen at
    random with a fixed seed) under a new name and three-letter code, with a SIPRI row for the latest period.
    """
    from fmscompare.dataset.loading import load_dataset
    from fmscompare.dataset.model import ShareRow, Shares

    bundled = load_dataset(None)
    period = bundled.periods()[-1]
    source = next(row.source for row in bundled.shares if row.period == period)
    rng = random.Random(seed)
    codes = ("".join(c) for c in itertools.product(string.ascii_uppercase, repeat=3))
    made, rows = [], []
    for i, iso3 in zip(range(countries), codes, strict=False):
        model = rng.choice(bundled.countries)
        made.append(msgspec.structs.replace(model, name=f"Synthetic {iso3}", iso3=iso3, aliases=[]))
        share = rng.randint(0, 4000) / 100
        change = rng.randint(-900, 900) / 10
        rows.append(ShareRow(iso3, f"Synthetic {iso3}", period, share, i + 1, change, "computed", source))
    return replace(bundled, countries=made, records=[], deals=[], shares=Shares(tuple(rows)))


REGISTER_PREAMBLE = (
    "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made "
    "for the year range '{first}' to '{last}';",
    "SIPRI trend-indicator values (TIVs) are in millions.;",
    ";",
    "Source: SIPRI Arms Transfers Database (c) SIPRI. Synthetic data for fmscompare's benchmarks and tests.;",
    "Data generated: 3 Mar 2025 09:15:00 AM;",
)
REGISTER_HEADER = (
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,"
    "Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,"
    "Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production;"
)


def state_names(count: int) -> list[str]:
    """The first `count` state names in the bundled SIPRI name table, so every one maps to an ISO3 code."""
    rows = (bundled_data_dir() / "sipri_names.csv").read_text("utf-8").splitlines()[1:]
    states = [line.rsplit(",", 2)[0].strip('"') for line in rows if line.endswith(",state")]
    return states[:count]


def synthetic_register(
    path: Path,
    rows: int,
    suppliers: int = 40,
    first: int = 2000,
    last: int = 2024,
    names: list[str] | None = None,
) -> Path:
    """A trade register in SIPRI's format (CRLF, every line ending in `;`) with `rows` deliveries.

    Suppliers are `names`, else the first `suppliers` states; the first ones deliver the most.
    """
    rng = random.Random(rows)
    names = names or state_names(suppliers)
    weights = [1 / (i + 1) for i in range(len(names))]  # a few large exporters, a long tail, as in reality
    chosen = rng.choices(names, weights=weights, k=rows)
    lines = [line.format(first=first, last=last) for line in REGISTER_PREAMBLE]
    lines.append(REGISTER_HEADER)
    for i, supplier in enumerate(chosen):
        year = rng.randint(first, last)
        tiv = rng.randint(1, 400) / 4
        lines.append(
            f"{10000 + i},{supplier},Ruritania,Widget {i % 97},armoured vehicle,Armoured vehicles,{year - 1},No,"
            f"2,No,{year},No,New,{tiv / 2:g},{tiv / 2:g},{tiv:g},No;"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path
