"""Names in any script (issue 16): folding a name for lookup keeps its letters, whatever the script.

Folding once dropped every character outside ASCII, so `日本` and `中国` both folded to nothing: `show 中国`
printed Japan's profile and `validate` called the two names duplicates. Accents, case, width and the
punctuation between words still fold away.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from fmscompare.textutil import fold
from tests.conftest import edit


def test_names_in_other_scripts_keep_their_letters():
    assert fold("日本") != fold("中国")
    assert fold("日本") == "日本"
    assert fold("Россия") == "россия"  # Cyrillic, case-folded
    assert fold("Ελλάδα") == fold("ΕΛΛΑΔΑ") == "ελλαδα"  # Greek, case- and accent-folded
    assert fold("ガーナ") != fold("カーナ")  # the voicing mark is part of the kana, not an accent
    assert fold("") == ""


def test_accents_case_width_and_punctuation_still_fold():
    composed = "T\u00fcrkiye"  # ü as one character
    decomposed = "Tu\u0308rkiye"  # u and a combining diaeresis
    full_width = "\uff34\uff55\uff52\uff4b\uff49\uff59\uff45"  # Ｔｕｒｋｉｙｅ
    assert unicodedata.normalize("NFC", decomposed) == composed != decomposed
    assert fold(composed) == fold(decomposed) == fold(full_width) == fold("TURKIYE") == "turkiye"
    assert fold("U.S.") == "u s"
    assert fold("Côte d’Ivoire") == fold("Cote d'Ivoire") == "cote d ivoire"
    assert fold("Guinea\u2010Bissau") == fold("guinea-bissau") == "guinea bissau"
    assert fold("  South   Korea ") == "south korea"


@pytest.fixture
def cjk_data(data_copy: Path) -> Path:
    """The bundled data with Japan named 日本 and China named 中国."""
    countries = data_copy / "countries.yaml"
    edit(countries, "  - name: Japan\n", "  - name: 日本\n")
    edit(countries, "  - name: China\n", "  - name: 中国\n")
    return data_copy


def test_names_in_one_script_are_not_duplicates(cli, cjk_data):
    result = cli("validate", str(cjk_data))
    assert result.exit_code == 0, result.stderr
    assert "already identifies" not in result.stderr


@pytest.mark.parametrize(("query", "codes"), [("中国", ("CN", "CHN")), ("日本", ("JP", "JPN"))])
def test_show_finds_each_country_by_its_name(cli, cjk_data, query, codes):
    iso2, iso3 = codes
    result = cli("--data-dir", str(cjk_data), "show", query, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert f'"iso3": "{iso3}"' in result.stdout
    table = cli("--data-dir", str(cjk_data), "show", query)
    assert table.stdout.startswith(f"{query}: ")
    assert f"{query} ({iso2} / {iso3})" in table.stdout


def test_an_unknown_name_in_another_script_is_unknown(cli, cjk_data):
    result = cli("--data-dir", str(cjk_data), "show", "韓国")
    assert result.exit_code == 2
    assert "unknown country '韓国'" in result.stderr


@pytest.mark.parametrize(
    "query",
    [
        "T\u00fcrkiye",
        "Tu\u0308rkiye",
        "\uff34\uff55\uff52\uff4b\uff49\uff59\uff45",
        "\uff34\uff55\u0308\uff52\uff4b\uff49\uff59\uff45",
        "turkiye",
    ],
    ids=["composed", "decomposed", "full-width", "full-width-decomposed", "ascii"],
)
def test_turkiye_is_found_however_it_is_written(cli, query):
    result = cli("show", query, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert '"iso3": "TUR"' in result.stdout
    assert cli("trend", query).exit_code == 0
