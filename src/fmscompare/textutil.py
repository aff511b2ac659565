"""Small text helpers shared by the dataset, scoring and SIPRI modules and the output: name folding,
did-you-mean suggestions, and control characters made visible."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

# Punctuation that separates the words of a name: `U.S.` and `U S` are one name; so are `Guinea-Bissau`
# and `Guinea‐Bissau` (U+2010), `Cote d'Ivoire` and `Cote d’Ivoire`.
_SEPARATORS = re.compile(r"[.\-_'\u2010-\u2015\u2018\u2019\u02bc\u2212]")
# Accents: the combining marks that decompose from Latin, Greek and Cyrillic letters (`ü` is `u` and U+0308).
# Only these go: the marks of other scripts are parts of letters (Japanese `ガ` is `カ` and U+3099, and
# `ガーナ`, Ghana, is not `カーナ`).
_ACCENTS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case-, accent-, width- and punctuation-insensitive form: `Türkiye` -> `turkiye`, `U.S.` -> `u s`,
    full-width `Ｔｕｒｋｉｙｅ` -> `turkiye`; letters of every script are kept (`日本` stays `日本`)."""
    plain = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_SEPARATORS.sub(" ", plain).casefold().split())


def suggest(word: str, choices: Sequence[str]) -> str:
    """` (did you mean 'x'?)` when a close match exists, else an empty string."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


# What a terminal would act on rather than show: C0 controls (ESC starts ANSI and OSC sequences, CR rewrites
# the line), DEL, C1 controls (U+009B is an 8-bit CSI), the line and paragraph separators, and the bidi
# embeddings, overrides and isolates that reorder what is shown (U+202E). Tab is harmless whitespace.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\n{_CONTROLS}]")
_UNSAFE_KEEPING_NEWLINES = re.compile(f"[{_CONTROLS}]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe to print: each control character as a visible escape (ESC as `\\x1b`, U+202E as
    `\\u202e`, a newline as `\\n` unless `keep_newlines`), so data cannot colour, move or retitle the
    terminal, or forge a line of output."""
    pattern = _UNSAFE_KEEPING_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text
