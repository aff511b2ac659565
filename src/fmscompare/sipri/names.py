"""SIPRI's supplier names, mapped to ISO 3166 alpha-3 codes and kinds by `sipri_names.csv`."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from fmscompare.dataset.files import NAMES_FILE, bundled_data_dir
from fmscompare.errors import DataError, Problem
from fmscompare.fileio import read_text
from fmscompare.textutil import fold


@dataclass(frozen=True)
class NameMap:
    """SIPRI's supplier names to ISO 3166 alpha-3 codes, with what kind of supplier each is."""

    iso3: dict[str, str]  # folded name -> code
    kind: dict[str, str]  # folded name -> state, former_state, no_iso_code, non_state, organisation, unknown

    def lookup(self, name: str) -> tuple[str | None, str | None]:
        """(ISO3 or None, kind or None when the name is not in the table)."""
        key = fold(name)
        kind = self.kind.get(key)
        if kind is None:
            if name.endswith("*"):
                return None, "organisation" if name.endswith("**") else "non_state"
            if key.startswith("unknown"):
                return None, "unknown"
        return self.iso3.get(key) or None, kind


def load_name_map(path: Path) -> NameMap:
    """Read `sipri_names.csv` (sipri_name,iso3,kind)."""
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    expected = ["sipri_name", "iso3", "kind"]
    if reader.fieldnames != expected:
        raise _problem(path, f"expected the header {','.join(expected)}; got {','.join(reader.fieldnames or [])}", 1)
    iso3: dict[str, str] = {}
    kind: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        code = (row["iso3"] or "").strip()
        if code and not re.fullmatch(r"[A-Z]{3}", code):
            raise _problem(path, f"iso3: expected a three-letter upper-case code; got {code!r}", line)
        key = fold(row["sipri_name"] or "")
        iso3[key] = code
        kind[key] = (row["kind"] or "").strip()
    return NameMap(iso3, kind)


def names_file(data_dir: Path) -> Path:
    """The name table of a dataset folder; the bundled dataset's when the folder has none of its own."""
    own = data_dir / NAMES_FILE
    return own if own.exists() else bundled_data_dir() / NAMES_FILE


def _problem(path: Path, message: str, line: int | None = None) -> DataError:
    return DataError([Problem(str(path), message, line)])
