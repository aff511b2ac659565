"""Where a dataset lives and what it is made of: the three files, the SIPRI table's columns, the folders."""

from __future__ import annotations

import os
from pathlib import Path

COUNTRIES_FILE = "countries.yaml"
MECHANISMS_FILE = "mechanisms.yaml"
SHARES_FILE = "sipri_shares.csv"
DEALS_FILE = "deals.yaml"  # export deals with their channel and evidence (optional: a folder may have none)
NAMES_FILE = "sipri_names.csv"  # SIPRI's supplier names to ISO codes, for `sipri import` (optional per folder)
DATA_DIR_ENV = "FMSCOMPARE_DATA_DIR"

SHARES_COLUMNS = ("iso3", "country", "period", "share_pct", "rank", "change_pct", "basis", "source")
BASES = ("published", "computed", "press")


def package_dir() -> Path:
    """The folder of the fmscompare package itself (`src/fmscompare` in a checkout, in site-packages once installed)."""
    return Path(__file__).parents[1]


def installed_data_dir() -> Path:
    """Where an installed package (a wheel) carries its dataset: the package's own `data` folder.

    It exists only in an installed wheel; a checkout keeps the dataset at the repository root instead.
    """
    return package_dir() / "data"


def bundled_data_dir() -> Path:
    """The dataset shipped with the package (the repository's data/ when running from a checkout)."""
    packaged = installed_data_dir()
    if packaged.is_dir():
        return packaged
    # NOTE: an editable install maps only src/ into site-packages; the data sits beside src/.
    return package_dir().resolve().parents[1] / "data"


def resolve_data_dir(data_dir: Path | None) -> Path:
    """The directory to load: the option, else $FMSCOMPARE_DATA_DIR, else the bundled dataset."""
    if data_dir is not None:
        return data_dir
    from_env = os.environ.get(DATA_DIR_ENV)
    return Path(from_env) if from_env else bundled_data_dir()


# What a dataset is made of, in a fixed order; the deals file may be absent (read as empty).
DATA_FILES = (COUNTRIES_FILE, MECHANISMS_FILE, SHARES_FILE, DEALS_FILE)
OPTIONAL_FILES = (DEALS_FILE,)
VERSION_DIGITS = 12


def data_version(contents: list[bytes]) -> str:
    """The dataset's version: the first 12 hex digits of a SHA-256 over the data files' bytes, in
    `DATA_FILES`' order, each with its name and length (an absent deals file counts as empty). Two outputs
    made from the same data carry the same version and an edit to any file changes it; where the data came
    from does not count, only what it says."""
    import hashlib

    digest = hashlib.sha256()
    for name, data in zip(DATA_FILES, contents, strict=True):
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:VERSION_DIGITS]
