"""Citations for reference managers: BibTeX (for biblatex and biber) and CSL-JSON (Zotero, pandoc, citeproc).

Each is a pure function from the sources, as (id, record) pairs, to text. Both keep every field as the data
gives it: no name is split into family and given parts, because the data's authors are free text that no rule
splits safely ("Nițu Maria" and "Im Eun-byel" are family name first, "Michela Della Maggesa" has a two-word
family name, "Reuters (Bertrand Boucey, Nicolas Delame)" is an agency with its reporters). Each author is
therefore one name, cited as written: `{{...}}` in BibTeX, `{"literal": ...}` in CSL-JSON.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fmscompare.dataset.schema import Source

Cited = Sequence[tuple[str, "Source"]]

SECONDARY_NOTE = "secondary source"

# LaTeX's special characters as text. Braces become \textbrace...: BibTeX counts every brace, escaped or not,
# so `\{` alone would unbalance the field.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BREAK = re.compile(r"[\r\n\t\f\v\u2028\u2029]")
# TeX's ligatures of plain characters: `--` (a dash), two quotes, `<<` (a guillemet), `!``; `{}` between
# the two keeps them apart.
_LIGATURE = re.compile(r"([-`'<>])(?=\1)|[!?](?=`)")
_SPECIAL = re.compile("[" + re.escape("".join(_LATEX)) + "]")
# A URL is read verbatim by biblatex; only what BibTeX itself cannot hold in a braced value is percent-encoded
# (the same URL to a browser).
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}
# What a key may hold in every BibTeX: letters, digits and a few marks; anything else becomes `-`.
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:./+-]+")
# biblatex's `langid` takes a babel or polyglossia language name, not an ISO 639-1 code.
_BABEL = {
    "ar": "arabic",
    "bg": "bulgarian",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "ngerman",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "he": "hebrew",
    "hr": "croatian",
    "hu": "magyar",
    "id": "indonesian",
    "it": "italian",
    "ja": "japanese",
    "ko": "korean",
    "lt": "lithuanian",
    "lv": "latvian",
    "nb": "norsk",
    "nl": "dutch",
    "nn": "nynorsk",
    "no": "norsk",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sk": "slovak",
    "sl": "slovenian",
    "sr": "serbian",
    "sv": "swedish",
    "tr": "turkish",
    "uk": "ukrainian",
    "zh": "chinese",
}


def latex_text(text: str) -> str:
    """`text` with LaTeX's specials escaped; other characters (accents, Hangul) stay UTF-8, which biber reads.
    A line break becomes a space (an empty line in a field would be a new paragraph to LaTeX), and `--`,
    two quotes or `<<` keep their characters rather than become a dash, a curly quote or a guillemet."""
    escaped = _SPECIAL.sub(lambda m: _LATEX[m.group()], _BREAK.sub(" ", text))
    return _LIGATURE.sub(r"\g<0>{}", escaped)


def bibtex_url(url: str) -> str:
    return "".join(_URL_UNSAFE.get(c, c) for c in url)


def bibtex_keys(idents: Iterable[str]) -> dict[str, str]:
    """Each source id as a BibTeX key: itself where it is safe (every id in the bundled data is), else with
    accents dropped and other characters as `-`; `-2`, `-3` appended where two ids would meet."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for ident in idents:
        ascii_id = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode("ascii")
        base = _KEY_UNSAFE.sub("-", ascii_id).strip("-") or "source"
        key, n = base, 1
        while key.lower() in used:  # biber matches keys case-sensitively, BibTeX not: keep them apart in both
            n += 1
            key = f"{base}-{n}"
        used.add(key.lower())
        keys[ident] = key
    return keys


def render_bibtex(sources: Cited) -> str:
    """One biblatex `@online` entry per source (a page read online: the URL and the date it was read are part
    of the citation), in the order given."""
    keys = bibtex_keys(ident for ident, _ in sources)
    entries = []
    for ident, source in sources:
        fields: list[tuple[str, str]] = []
        if source.author:
            fields.append(("author", "{" + latex_text(source.author) + "}"))  # one name, as written
        fields.append(("title", latex_text(source.title)))
        if source.publisher:
            # A list field in biblatex: braced again, so that an `and` in the name does not split it.
            fields.append(("organization", "{" + latex_text(source.publisher) + "}"))
        if source.date is not None:
            fields.append(("date", str(source.date)))
        if source.url:
            fields.append(("url", bibtex_url(source.url)))
        if source.accessed is not None:
            fields.append(("urldate", str(source.accessed)))
        if source.language:
            babel = _BABEL.get(source.language)
            if babel:
                fields.append(("langid", babel))
        if source.secondary:
            fields.append(("note", SECONDARY_NOTE))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@online{{{keys[ident]},\n{body}\n}}\n")
    return "\n".join(entries)


def date_parts(value: int | str) -> dict[str, list[list[int]]]:
    """`2016-09` as CSL's {"date-parts": [[2016, 9]]}: only the parts given."""
    return {"date-parts": [[int(part) for part in str(value).split("-")]]}


def csl_items(sources: Cited) -> list[dict[str, Any]]:
    """One CSL-JSON item of type `webpage` per source: every source is a page read online, and the data does
    not say which are news articles, reports or statements (`report` would have styles ask for a number)."""
    items = []
    for ident, source in sources:
        item: dict[str, Any] = {"id": ident, "type": "webpage", "title": source.title}
        if source.author:
            item["author"] = [{"literal": source.author}]
        if source.publisher:
            item["publisher"] = source.publisher
        if source.date is not None:
            item["issued"] = date_parts(source.date)
        if source.accessed is not None:
            item["accessed"] = date_parts(source.accessed)
        if source.url:
            item["URL"] = source.url
        if source.language:
            item["language"] = source.language
        if source.secondary:
            item["note"] = SECONDARY_NOTE
        items.append(item)
    return items


def render_csl_json(sources: Cited) -> str:
    """A CSL-JSON array (UTF-8, not \\u-escaped), one item per source, in the order given."""
    return json.dumps(csl_items(sources), ensure_ascii=False, indent=2) + "\n"
