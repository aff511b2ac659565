"""`sipri import --write`: figures computed from a SIPRI export, merged into a dataset on disk, all or nothing."""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fmscompare.dataset.files import COUNTRIES_FILE, DEALS_FILE, MECHANISMS_FILE, SHARES_COLUMNS, SHARES_FILE
from fmscompare.errors import DataError, Option, Problem, UsageError
from fmscompare.formatting import sipri_round
from fmscompare.months import Month
from fmscompare.periods import SIPRI_YEARS, Period
from fmscompare.sipri.shares import MIN_SUPPLIERS, PeriodFigures, top_rows

if TYPE_CHECKING:
    from fmscompare.dataset.model import Dataset
    from fmscompare.sipri.export import SipriExport


@dataclass(frozen=True)
class MergeSummary:
    """What a merge did to the dataset's SIPRI table: rows added, updated or left, and why any were left."""

    target: Path  # the sipri_shares.csv written
    added: list[str]
    updated: list[str]
    unchanged: int
    kept_published: list[str]
    kept_other: list[str]
    source_added: str | None


def source_id(export: SipriExport) -> str:
    """The id the export is cited by in countries.yaml (`sipri-db-2026-02-12`): its "Data generated" date."""
    if export.generated is None:
        raise DataError(
            [
                Problem(
                    str(export.path),
                    (
                        "no 'Data generated' line, so its figures cannot be cited; ",
                        Option("write"),
                        " needs the date SIPRI prints at the top of every export",
                    ),
                )
            ]
        )
    return f"sipri-db-{export.generated.isoformat()}"


def _source_block(export: SipriExport, ident: str) -> str:
    assert export.generated is not None
    what = "volume of transfers of major arms, exporters" if export.kind == "TIV table" else "trade register"
    title = (
        f"SIPRI Arms Transfers Database: {what} (data generated {export.generated_text}), "
        f"imported from {export.path.name}"
    )
    return (
        f"  {ident}:\n"
        f'    title: "{title}"\n'
        "    author: SIPRI\n"
        "    publisher: Stockholm International Peace Research Institute\n"
        f'    date: "{export.generated.isoformat()}"\n'
        "    url: https://www.sipri.org/databases/armstransfers\n"
        f'    accessed: "{Month.today()}"\n'
    )


def _with_source(countries_yaml: Path, text: str, block: str) -> str:
    """countries.yaml (whose text is `text`) with `block` inserted after the last entry under `sources:`
    (comments stay)."""
    from fmscompare.dataset.yamldoc import load_yaml

    doc = load_yaml(countries_yaml)
    root = doc.root
    import yaml

    sources = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "sources" and isinstance(value, yaml.MappingNode) and value.value:
                sources = value
    if sources is None:
        raise DataError([Problem(str(countries_yaml), "no 'sources:' mapping to add the SIPRI export to")])
    last_value = sources.value[-1][1]
    end_line = last_value.end_mark.line  # 0-based line after the last source's block
    lines = text.splitlines(keepends=True)
    # Step back over blank lines and comments that belong to what follows.
    while end_line > 0 and (not lines[end_line - 1].strip() or lines[end_line - 1].lstrip().startswith("#")):
        end_line -= 1
    return "".join(lines[:end_line]) + block + "".join(lines[end_line:])


def _check_writable(export: SipriExport, all_figures: list[PeriodFigures]) -> None:
    """Refuse what would put wrong or incomplete figures into the dataset, before anything is written."""
    problems = []
    for figures in all_figures:
        if figures.period.length != SIPRI_YEARS:
            raise UsageError(
                "sipri_shares.csv holds five-year periods, as SIPRI publishes them; ",
                Option("write"),
                f" needs one (got {figures.period})",
            )
    states = export.tiv[(export.tiv > 0).any(axis=1)].index
    full = sum(1 for name in states if not name.endswith("*") and not name.startswith("unknown"))
    if full < MIN_SUPPLIERS:
        problems.append(
            Problem(
                str(export.path),
                (
                    f"only {full} states export in the whole file; a full SIPRI export has over {MIN_SUPPLIERS}, "
                    "so this looks like an excerpt or a filtered export, whose shares are not shares of the world; ",
                    Option("write"),
                    " refuses it",
                ),
            )
        )
    unmapped = sorted({name for figures in all_figures for name in figures.unmapped})
    if unmapped:
        problems.append(
            Problem(
                str(export.path),
                f"no ISO3 code for {', '.join(map(repr, unmapped))}: add each to sipri_names.csv "
                "(sipri_name,iso3,kind) so that no state goes missing from the written ranks",
            )
        )
    if problems:
        raise DataError(problems)


def merge_into_dataset(
    dataset: Dataset,
    export: SipriExport,
    all_figures: list[PeriodFigures],
    top: int | None,
    replace: bool = False,
    replace_published: bool = False,
) -> MergeSummary:
    """Merge SIPRI-rounded figures into `sipri_shares.csv` (and cite the export in countries.yaml).

    Rows written: the shown rows with an ISO3 code, plus any profiled country of `dataset` outside them.
    A period holds one export's figures (SIPRI revises past years every March, and ranks from two vintages
    do not mix): a period with figures from another export is left as it is, unless `replace`, which
    replaces that period's computed figures as a whole. Published figures are kept unless
    `replace_published`. The result is validated as a whole dataset in a scratch copy before either file
    is replaced, and the files are replaced all or nothing, so a failure leaves the dataset as it was.

    The whole read-merge-validate-write holds the folder's write lock: a second merge into the same folder
    (another process) waits, then merges into what the first wrote, so neither one's rows are lost.
    """
    from fmscompare.fileio import locked

    ident = source_id(export)
    _check_writable(export, all_figures)
    data_dir = writable_data_dir(dataset.directory)
    with locked(data_dir):
        return _merge_locked(data_dir, export, ident, all_figures, top, replace, replace_published)


def _merge_locked(
    data_dir: Path,
    export: SipriExport,
    ident: str,
    all_figures: list[PeriodFigures],
    top: int | None,
    replace: bool,
    replace_published: bool,
) -> MergeSummary:
    from fmscompare.dataset.cache import load_dataset_cached
    from fmscompare.dataset.loading import load_dataset
    from fmscompare.fileio import read_text, write_all_atomic

    # The dataset as it is now that the lock is held: another merge may have written since the caller
    # loaded it (added rows, cited this very export). A cache hit when nothing has changed.
    dataset = load_dataset_cached(data_dir)
    keep_iso3 = {c.iso3 for c in dataset.countries}
    shares_path = data_dir / SHARES_FILE
    countries_path = data_dir / COUNTRIES_FILE
    mechanisms_path = data_dir / MECHANISMS_FILE
    countries_before = read_text(countries_path)
    existing = list(csv.DictReader(io.StringIO(read_text(shares_path))))
    by_key = {(row["iso3"], row["period"]): row for row in existing}
    names = {row["iso3"]: row["country"] for row in existing}
    names.update({c.iso3: c.name for c in dataset.countries})

    added: list[str] = []
    updated: list[str] = []
    kept_published: list[str] = []
    kept_other: list[str] = []
    unchanged = 0
    for figures in all_figures:
        others = sorted(
            {
                row["source"]
                for (_, period), row in by_key.items()
                if period == str(figures.period) and row["basis"] != "published" and row["source"] != ident
            }
        )
        if others and not replace:
            kept_other.append(f"{figures.period} (from {', '.join(others)})")
            continue
        if others:  # --replace: this export's figures replace the period's computed figures as a whole
            for key in [k for k, row in by_key.items() if k[1] == str(figures.period) and row["basis"] != "published"]:
                del by_key[key]
        shown = set(top_rows(figures, top).index)
        for index, record in figures.table.iterrows():
            code = record["iso3"]
            if not isinstance(code, str) or not code or record["kind"] not in {"state", "former_state"}:
                continue
            if index not in shown and code not in keep_iso3:
                continue
            new = {
                "iso3": code,
                "country": names.get(code, str(record["supplier"])),
                "period": str(figures.period),
                "share_pct": _csv_number(sipri_round(float(record["share_pct"]))),
                "rank": "" if record["rank"] is None or record["rank"] != record["rank"] else str(int(record["rank"])),
                "change_pct": ""
                if record["change_pct"] != record["change_pct"]
                else _csv_number(sipri_round(float(record["change_pct"]))),
                "basis": "computed",
                "source": ident,
            }
            label = f"{code} {figures.period}"
            old = by_key.get((code, str(figures.period)))
            if old is None:
                added.append(label)
            elif old["basis"] == "published" and not replace_published:
                kept_published.append(label)
                continue
            elif all(old.get(k, "") == new[k] for k in ("share_pct", "rank", "change_pct", "basis", "source")):
                unchanged += 1
                continue
            else:
                updated.append(_difference(label, old, new))
            by_key[(code, str(figures.period))] = new

    rows = sorted(by_key.values(), key=_order)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHARES_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    shares_text = out.getvalue()
    countries_text = None
    if ident not in dataset.sources:
        countries_text = _with_source(countries_path, countries_before, _source_block(export, ident))

    # Validate the result as a whole dataset before touching the real files.
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "data"
        trial.mkdir()
        (trial / SHARES_FILE).write_text(shares_text, encoding="utf-8")
        (trial / COUNTRIES_FILE).write_text(countries_text or countries_before, encoding="utf-8")
        (trial / MECHANISMS_FILE).write_text(read_text(mechanisms_path), encoding="utf-8")
        # The deals too: the profiles cite them, and a folder without them has none to cite.
        if (data_dir / DEALS_FILE).exists():
            (trial / DEALS_FILE).write_text(read_text(data_dir / DEALS_FILE), encoding="utf-8")
        try:
            load_dataset(trial)
        except DataError as exc:
            raise DataError(
                [Problem(str(shares_path), "the merged dataset would be invalid; nothing was written")]
                + [
                    Problem(p.file.replace(str(trial), str(data_dir)), p.message, p.line, p.field)
                    if isinstance(p.file, str)
                    else p
                    for p in exc.problems
                ]
            ) from None
    # Both files or neither: a failure to replace the second puts the first back as it was.
    new_files = {shares_path: shares_text.encode("utf-8")}
    if countries_text is not None:
        new_files = {countries_path: countries_text.encode("utf-8"), **new_files}
    write_all_atomic(new_files)
    return MergeSummary(
        shares_path,
        added,
        updated,
        unchanged,
        kept_published,
        kept_other,
        ident if countries_text is not None else None,
    )


def _csv_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _difference(label: str, old: dict[str, str], new: dict[str, str]) -> str:
    changes = [
        f"{k} {old.get(k) or '–'} -> {new[k] or '–'}"
        for k in ("share_pct", "rank", "change_pct")
        if old.get(k, "") != new[k]
    ]
    return f"{label} " + (", ".join(changes) if changes else f"source {old.get('source')} -> {new['source']}")


def _order(row: dict[str, str]) -> tuple[Period, int, str]:
    rank = int(row["rank"]) if row.get("rank") else 10_000
    return (Period.parse(row["period"]), rank, row["iso3"])


def writable_data_dir(data_dir: Path) -> Path:
    """Refuse to edit the dataset inside an installed package: the user copies it and points at the copy.

    An installed package is known by what it is, the dataset being the `data` folder inside the package
    itself (the wheel's layout), never by a folder's name: a clone in a folder named `fmscompare` (as
    `git clone` names it) keeps its data/ beside src/, and that dataset is the user's to edit.
    """
    from fmscompare.dataset import files

    if data_dir.resolve() == files.installed_data_dir().resolve():
        raise UsageError(
            Option("write"),
            f" would edit the dataset inside the installed package ({data_dir}); copy that folder "
            "somewhere of your own and pass ",
            Option("data_dir"),
            " to it",
        )
    return data_dir
