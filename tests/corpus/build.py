"""Write the bad-input corpus: broken datasets, weights files and SIPRI exports, one file each.

    .venv/bin/python -m tests.corpus.build     # rewrites tests/corpus/{countries,mechanisms,shares,weights,sipri}/

Dataset cases break one file of a small valid dataset (the bundled one cut to its first country), so each
corpus file is a few kilobytes. `expected.csv` (kind,name,line,message) is reviewed by hand after a rebuild:
it says what a user must be told. Cases that cannot be committed (a 50 MB file, a symlink loop, a directory,
an unreadable file) are made by the test itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parents[1]
DATA = REPO / "data"
FIXTURES = REPO / "tests" / "fixtures" / "sipri"


def small_countries() -> str:
    """countries.yaml with every source and only the first country (the United States)."""
    text = (DATA / "countries.yaml").read_text("utf-8")
    return text[: text.index("\n  - name: France\n") + 1]


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n" for i in range(8))


def cases() -> dict[str, dict[str, bytes | str]]:
    c = small_countries()
    m = (DATA / "mechanisms.yaml").read_text("utf-8")
    s = (DATA / "sipri_shares.csv").read_text("utf-8")
    tiv = (FIXTURES / "tiv-exporters-small.csv").read_text("utf-8")
    reg = (FIXTURES / "trade-register-small.csv").read_bytes()
    return {
        "countries": {
            "yaml-syntax.yaml": replaced(c, "  - name: United States\n", "  - name: United States\n   iso2: [\n"),
            "wrong-type.yaml": replaced(c, 'iso2: "US"', "iso2: 49"),
            "missing-field.yaml": replaced(c, '    iso3: "USA"\n', ""),
            "unknown-field.yaml": replaced(c, '    iso3: "USA"\n', '    iso3: "USA"\n    capital: Washington\n'),
            "bad-status.yaml": replaced(c, 'status: "yes"', "status: maybe"),
            "duplicate-country.yaml": c + c[c.index("  - name: United States") :],
            "duplicate-key.yaml": replaced(c, '    iso3: "USA"\n', '    iso3: "USA"\n    iso3: "USB"\n'),
            "unsafe-tag.yaml": replaced(
                c, "  - name: United States\n", "  - name: !!python/object/apply:os.system [ls]\n"
            ),
            "alias-bomb.yaml": LAUGHS + c,
            "no-evidence.yaml": replaced(
                c,
                "        evidence: ",
                "        evidenc_: ",
            ),
            "undefined-source.yaml": replaced(c, "        source: hattori2023\n", "        source: hattori2032\n"),
            "unknown-mechanism.yaml": replaced(c, "      export_agency:", "      export_agencies:"),
            "empty.yaml": "\n\n",
            "top-level-list.yaml": "- sources\n- countries\n",
            "latin-1.yaml": replaced(c, "Kenjiro Hattori", "Kenjiro Hattöri").encode("latin-1", errors="replace"),
            "binary.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "year-out-of-range.yaml": replaced(c, '        as_of: "2023-04"\n', "        as_of: 1800\n"),
            "iso3-lowercase.yaml": replaced(c, 'iso3: "USA"', 'iso3: "usa"'),
        },
        "mechanisms": {
            "negative-weight.yaml": replaced(m, "    weight: 3\n", "    weight: -3\n"),
            "unknown-stage.yaml": replaced(m, "    stage: fms\n", "    stage: fmss\n"),
            "recommendation-9.yaml": replaced(m, "    recommendation: 7\n", "    recommendation: 9\n"),
            "duplicate-mechanism.yaml": replaced(m, "  - key: export_strategy\n", "  - key: export_agency\n"),
            "preset-unknown-key.yaml": replaced(m, "      export_agency: 1\n", "      export_agenzy: 1\n"),
            "weight-as-text.yaml": replaced(m, "    weight: 0.5\n", "    weight: half\n"),
        },
        "shares": {
            "share-over-100.csv": replaced(s, "USA,United States,2017-2021,39,", "USA,United States,2017-2021,139,"),
            "share-as-text.csv": replaced(s, ",2017-2021,19,", ",2017-2021,nineteen,"),
            "short-row.csv": replaced(
                s, "FRA,France,2017-2021,11,3,59,computed,sipri-db-2022-07-28", "FRA,France,2017-2021"
            ),
            "missing-column.csv": s.replace(",basis,source", ",source", 1).replace(",computed,", ",", 200),
            "bad-period.csv": replaced(s, "CHN,China,2017-2021,", "CHN,China,2017-21x,"),
            "duplicate-row.csv": s + s.splitlines(keepends=True)[2],
            "undefined-source.csv": replaced(s, "computed,sipri-db-2022-07-28\n", "computed,sipri-db-1999-01-01\n"),
            "bad-basis.csv": replaced(s, ",computed,sipri-db-2022-07-28\n", ",guessed,sipri-db-2022-07-28\n"),
        },
        "weights": {
            "unknown-key.yaml": "g2g_contract: 2\n",
            "negative.yaml": "export_agency: 1\nsecurity_rnd: -1\n",
            "infinite.yaml": "export_agency: .inf\n",
            "a-list.yaml": "- export_agency\n",
            "text.yaml": "export_agency: lots\n",
            "comments-only.yaml": "# nothing here\n",
            "alias-bomb.yaml": LAUGHS,
            "all-zero.yaml": "".join(f"{k}: 0\n" for k in _keys(m)),
        },
        "sipri": {
            "empty.csv": "",
            "neither.csv": "name,value\na,1\n",
            "importer-table.csv": replaced(tiv, "Exports by,", "Recipient,"),
            "semicolons.csv": tiv.replace(",", ";"),
            "truncated-table.csv": tiv.split("Total world export")[0],
            "short-row.csv": replaced(tiv, "Turkiye,10,10,10,10,10,30,", "Turkiye,10,10,"),
            "question-mark.csv": replaced(tiv, "Freedonia,,,,,,,,,,20,", "Freedonia,,,,,,,,,,20?,"),
            "text-tiv.csv": replaced(tiv, "South Korea,40,", "South Korea,forty,"),
            "total-mismatch.csv": replaced(tiv, "Total world export,150,", "Total world export,1000,"),
            "register-truncated.csv": reg[:-40],
            "register-extra-field.csv": reg.replace(
                b"1005,United States,Ruritania,", b"1005,United States,Ruritania,x,", 1
            ),
            "register-merged-header.csv": reg.replace(b"estimate,Status,SIPRI", b"estimateStatus,SIPRI", 1),
            "register-future-year.csv": reg.replace(b"No,2,No,2012,No,New", b"No,2,No,2099,No,New", 1),
            "latin-1.csv": replaced(tiv, "Freedonia", "Fr\u00e9edonia").encode("latin-1"),
        },
    }


def _keys(mechanisms_yaml: str) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in mechanisms_yaml.splitlines() if line.startswith("  - key:")]


def main() -> None:
    for kind, files in cases().items():
        folder = HERE / kind
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for name, content in files.items():
            (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (HERE / "base-countries.yaml").write_text(small_countries(), encoding="utf-8")


if __name__ == "__main__":
    main()
