"""What several test files share: a command's JSON rows, charts drawn and read back, and common constants."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from fmscompare.dataset.loading import load_dataset

DATASET = load_dataset()


def read_yaml(path: Path) -> Any:
    """A YAML file parsed as `yaml.safe_load` does, with libyaml's parser where it is installed (ten times
    faster on the bundled profiles)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def sha256_of_data(folder: object) -> str:
    """The version files record, computed here from the files as README.md describes it: the first 12 hex
    digits of SHA-256 over each data file's name, a NUL, its length (8 bytes, big-endian) and its bytes (the
    deals file, where absent, as empty)."""
    from pathlib import Path

    digest = hashlib.sha256()
    for name in ("countries.yaml", "mechanisms.yaml", "sipri_shares.csv", "deals.yaml"):
        path = Path(str(folder)) / name
        data = path.read_bytes() if path.exists() or name != "deals.yaml" else b""
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:12]


DATASET_VERSION = sha256_of_data(DATASET.directory)
ANSI = re.compile(r"\x1b\[")


RANK_HEADER = (
    "rank,country,iso3,contracting_model,level,support_score,coverage_pct,low_coverage,sipri_period,sipri_share_pct,"
    "sipri_rank,sipri_change_pct,sipri_basis,agency,model_known,what_if,weights,as_of,dataset_version"
)
WIDE = {"COLUMNS": "1000"}  # one line per paragraph, so phrases can be searched whole
PAPER = ("--paper",)  # the paper's own claims: known answers computed by hand from its statuses
PROFILED = {
    "USA",
    "FRA",
    "AUS",
    "ISR",
    "KOR",
    "DEU",
    "JPN",
    "GBR",
    "RUS",
    "CHN",
    "ITA",
    "ESP",
    "TUR",
    "SWE",
    "CAN",
    "BRA",
    # SIPRI's top 25 of 2020-2024 that had no profile before (issue 18)
    "NLD",
    "POL",
    "NOR",
    "IRN",
    "CHE",
    "UKR",
    "ARE",
    "CZE",
    "JOR",
    "ZAF",
}


def records(cli, *args: str) -> list[dict]:
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ranked(cli, *args: str) -> dict[str, dict]:
    return {row["iso3"]: row for row in records(cli, "rank", *args)}


def draw(cli, tmp_path, name, *args):
    pytest.importorskip("matplotlib")  # charts are an optional extra: without it, the chart tests skip
    path = tmp_path / name
    result = cli(*args, "--chart", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {path}\n"
    return path


def svg_text(path):
    root = ET.parse(path).getroot()  # valid XML, or this raises
    assert root.tag.endswith("svg")
    return " ".join(t for t in root.itertext())


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def calc_saves_as_xlsx(source: Path, tmp_path: Path, infilter: str | None = None) -> Path:
    """`source` opened in LibreOffice Calc (headless) and saved as xlsx, as a user would; the saved file."""
    return calc_saves_all_as_xlsx([source], tmp_path, infilter)[0]


def calc_saves_all_as_xlsx(sources: list[Path], tmp_path: Path, infilter: str | None = None) -> list[Path]:
    """Each of `sources` opened in LibreOffice Calc (headless) and saved as xlsx, in one start of Calc (about
    a second each); the saved files, in order.

    The profile is this test process's own, made on first use (a fresh one adds a fifth of a second to every
    start): parallel test processes each have theirs, and one process starts Calc once at a time."""
    out = tmp_path / "calc"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={_calc_profile().as_uri()}",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = [out / f"{source.stem}.xlsx" for source in sources]
    assert len({path.name for path in saved}) == len(saved), "two sources would be saved under one name"
    return saved


@functools.cache
def _calc_profile() -> Path:
    import atexit
    import tempfile

    profile = Path(tempfile.mkdtemp(prefix="fmscompare-calc-profile-"))
    atexit.register(shutil.rmtree, profile, ignore_errors=True)
    return profile
