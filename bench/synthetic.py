"""Synthetic datasets of any size, for benchmarks and scale tests: valid data, random statuses, no facts.

`synthetic_dataset(folder, n)` writes a dataset folder with the bundled mechanisms and SIPRI figures and
`n` invented countries (codes AAA, AAB, ...), each mechanism's status drawn at random with a fixed seed.
"""

from __future__ import annotations

import itertools
import random
import shutil
import string
from pathlib import Path

import yaml

from fmscompare.dataset import bundled_data_dir

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
                else {"status": status, "evidence": "Synthetic.", "source": "hattori2023", "as_of": 2023}
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
