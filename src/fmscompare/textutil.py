"""Small text helpers shared by the dataset, scoring and SIPRI modules: name folding and did-you-mean
suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: `Türkiye` -> `turkiye`, `U.S.` -> `u s`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[.\-_'’]", " ", plain).casefold().split())


def suggest(word: str, choices: Sequence[str]) -> str:
    """` (did you mean 'x'?)` when a close match exists, else an empty string."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""
