"""Import a published file: choose its reader, validate, and write it all or nothing.

Published figures go to Warehouse(folder / "published") (datasets `published` by year and
the `imports` ledger); the schools registry, statistical-neighbour areas and LA list go to
the main warehouse. A file with any problem writes nothing, unless the user passes
--skip-bad-rows, which drops the rows with problems and records how many. A file whose
sha256 is in the ledger is not imported again. A later release of the same figure
(same measure, year, level, area and group) replaces the earlier one, unless the earlier
one is a more final release (final > revised > provisional). A pupil-level template goes
to its pupil dataset in the main warehouse, replacing the rows of the same schools and years.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.datasets import PUPIL_RESULT_DATASETS
from attain.domain.published import KEY_COLUMNS, Release
from attain.errors import UserError
from attain.ingest.problems import ROW, ImportResult, Problem, ReadOptions
from attain.ingest.registry import choose
from attain.services.published_store import published_store
from attain.services.status import warehouse_for
from attain.store.warehouse import Warehouse, conform

# Registry tables (and published estimates) and the columns that identify a row: a new row
# replaces the old one.
_REGISTRY_KEYS = {"schools": ("urn",), "areas": ("area_code",), "las": ("la_code",),
                  "progress_estimates": ("year", "country", "measure_id", "prior_group")}
# Pupil datasets filled from pupil-level templates (attain.ingest.pupil_spec).
PUPIL_TABLES = ("pupils", *PUPIL_RESULT_DATASETS)


@dataclass(frozen=True)
class ImportOutcome:
    file: str
    kind: str
    status: str  # imported, unchanged or rejected
    rows: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    skipped_rows: int = 0
    notes: tuple[str, ...] = ()
    pupil_las: tuple[str, ...] = ()  # the LAs of the pupil rows imported


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(folder: Path, path: Path, *, kind: str | None = None,
                skip_bad_rows: bool = False, options: ReadOptions | None = None,
                now: datetime | None = None) -> ImportOutcome:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"no file {path}", fix="check the path.")
    options = options or ReadOptions()
    if options.release and options.release not in set(Release):
        raise UserError(f"unknown release {options.release!r}",
                        fix=f"use one of: {', '.join(Release)}.")
    store = published_store(folder)
    sha = sha256_of(path)
    ledger = store.read("imports")
    if sha in ledger.column("sha256").to_pylist():
        return ImportOutcome(path.name, kind or "", "unchanged",
                             notes=("this file was imported before; nothing to do.",))
    reader = choose(path, kind)
    if isinstance(reader, Problem):
        return ImportOutcome(path.name, kind or "", "rejected", problems=(reader,))
    result = reader.read(path, options)
    if options.la_code and "schools" in result.tables:
        schools = result.tables["schools"]
        result.tables["schools"] = schools.filter(
            pc.equal(schools.column("la_code"), options.la_code))
    skipped = 0
    if result.problems:
        if not skip_bad_rows or any(p.blocks_file for p in result.problems):
            return ImportOutcome(path.name, result.kind, "rejected",
                                 problems=tuple(result.problems), notes=tuple(result.notes))
        skipped = _drop_bad_rows(result)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    rows = _write(folder, store, path, sha, result, skipped, stamp)
    _sync_app_database(folder, result)
    return ImportOutcome(path.name, result.kind, "imported", rows,
                         tuple(result.problems), skipped, tuple(result.notes),
                         _pupil_las(result))


def _pupil_las(result: ImportResult) -> tuple[str, ...]:
    found: set[str] = set()
    for name in PUPIL_TABLES:
        table = result.tables.get(name)
        if table is not None and len(table) and "la_code" in table.column_names:
            found.update(str(c) for c in pc.unique(table.column("la_code")).to_pylist() if c)
    return tuple(sorted(found))


def recompute_command(folder: Path, las: Sequence[str]) -> str:
    """The compute that brings the results up to date after pupil rows of `las` were
    imported: `attain compute --la ...` (those LAs' rows only) when there is a results cube
    to recompute them in and the warehouse holds the nation's pupils, else `attain compute`."""
    from attain.services.compute import pupils_setting, results_warehouse

    whole = "attain compute"
    if not las or pupils_setting() == "own":
        return whole
    if not results_warehouse(folder).files("results"):
        return whole
    return f"{whole} --la {','.join(las)}"


def _drop_bad_rows(result: ImportResult) -> int:
    bad = sorted({p.row for p in result.problems if p.row is not None})
    for name, table in list(result.tables.items()):
        if name in ("published", *PUPIL_TABLES) and ROW in table.column_names:
            keep = pc.invert(pc.is_in(table.column(ROW), value_set=pa.array(bad, pa.int64())))
            result.tables[name] = table.filter(keep)
    return len(bad)


def _write(folder: Path, store: Warehouse, path: Path, sha: str, result: ImportResult,
           skipped: int, stamp: str) -> dict[str, int]:
    warehouse = warehouse_for(folder)
    counts: dict[str, int] = {}
    with store.transaction() as published_tx, warehouse.transaction() as warehouse_tx:
        figures = result.tables.get("published")
        if figures is not None and len(figures):
            figures = _most_final_per_key(_with_provenance(figures, path.name, sha, result,
                                                           stamp))
            for year in sorted(pc.unique(figures.column("year")).to_pylist()):
                part = figures.filter(pc.equal(figures.column("year"), year))
                published_tx.write("published", _merge_figures(store, year, part))
            counts["published"] = len(figures)
        for name in PUPIL_TABLES:
            table = result.tables.get(name)
            if table is not None and len(table):
                warehouse_tx.write(name, _merge_pupils(warehouse, name, table))
                counts[name] = len(table)
        for name, keys in _REGISTRY_KEYS.items():
            table = result.tables.get(name)
            if table is not None and len(table):
                warehouse_tx.write(name, _merge_registry(warehouse, name, table, keys))
                counts[name] = len(table)
        ledger_row = pa.table({
            "sha256": [sha], "source_file": [path.name], "kind": [result.kind],
            "publisher": [result.publisher], "release": [result.release],
            "imported_at": [stamp], "rows": [sum(counts.values())], "skipped_rows": [skipped],
        })
        published_tx.write("imports", pa.concat_tables(
            [store.read("imports"), ledger_row.cast(store.read("imports").schema)]))
    return counts


def _with_provenance(table: pa.Table, file: str, sha: str, result: ImportResult,
                     stamp: str) -> pa.Table:
    n = len(table)
    if ROW in table.column_names:
        table = table.drop_columns([ROW])
    if "release" not in table.column_names:
        table = table.append_column("release", pa.array([result.release] * n, pa.string()))
    extra = {"source": file, "source_file": file, "sha256": sha,
             "publisher": result.publisher, "imported_at": stamp}
    for name, value in extra.items():
        table = table.append_column(name, pa.array([value] * n, pa.string()))
    return table


def _key(table: pa.Table, columns: tuple[str, ...]) -> pa.Array:
    parts = [table.column(c).cast(pa.string()) for c in columns]
    return pc.binary_join_element_wise(*parts, "\x1f") if len(parts) > 1 else parts[0]


def _rank(table: pa.Table) -> pa.Array:
    ranks = {r.value: r.rank for r in Release}
    releases = table.column("release").to_pylist()
    return pa.array([ranks.get(r, 0) for r in releases], pa.int8())


def _most_final_per_key(table: pa.Table) -> pa.Table:
    """One figure per key within a file: LAIT can give a year twice ("2018" and
    "2018 (Rev)"); the more final release wins, then the later row."""
    keys = _key(table, KEY_COLUMNS)
    if pc.count_distinct(keys).as_py() == len(table):
        return table
    ranks = _rank(table).to_pylist()
    best: dict[str, int] = {}
    for i, key in enumerate(keys.to_pylist()):
        if key not in best or ranks[i] >= ranks[best[key]]:
            best[key] = i
    return table.take(pa.array(sorted(best.values()), pa.int64()))


def _merge_figures(store: Warehouse, year: int, new: pa.Table) -> pa.Table:
    """The year's figures after `new` lands: a new figure replaces an old one with the
    same key unless the old one is from a more final release."""
    old = store.read("published", [year])
    if not len(old):
        return new
    new = conform(store.dataset("published"), new)
    old_keys, new_keys = _key(old, KEY_COLUMNS), _key(new, KEY_COLUMNS)
    at = pc.index_in(new_keys, value_set=old_keys)
    old_rank = pc.take(_rank(old), at)
    keep_new = pc.fill_null(pc.greater_equal(_rank(new), old_rank), True)
    new = new.filter(keep_new)
    replaced = pc.is_in(old_keys, value_set=_key(new, KEY_COLUMNS))
    return pa.concat_tables([old.filter(pc.invert(replaced)), new])


def _merge_registry(warehouse: Warehouse, name: str, new: pa.Table,
                    keys: tuple[str, ...]) -> pa.Table:
    new = conform(warehouse.dataset(name), new)
    old = warehouse.read(name)
    if not len(old):
        return new
    replaced = pc.is_in(_key(old, keys), value_set=_key(new, keys))
    return pa.concat_tables([old.filter(pc.invert(replaced)), new])


def _merge_pupils(warehouse: Warehouse, name: str, new: pa.Table) -> pa.Table:
    """The years in `new` after it lands: a school's rows for a year are replaced by the
    file's rows for that school and year; other schools' rows are kept."""
    if ROW in new.column_names:
        new = new.drop_columns([ROW])
    new = conform(warehouse.dataset(name), new)
    years = pc.unique(new.column("year")).to_pylist()
    old = warehouse.read(name, years)
    if not len(old):
        return new
    blocks = _key(new, ("year", "urn"))
    kept = old.filter(pc.invert(pc.is_in(_key(old, ("year", "urn")), value_set=blocks)))
    return pa.concat_tables([kept, new])


def _sync_app_database(folder: Path, result: ImportResult) -> None:
    """Update the app database's schools when attain.services.appdb provides it."""
    if "schools" not in result.tables:
        return
    try:
        appdb = importlib.import_module("attain.services.appdb")
    except ModuleNotFoundError as err:
        if err.name != "attain.services.appdb":
            raise
        result.notes.append("the app database was not updated (no attain.services.appdb).")
        return
    sync = getattr(appdb, "sync_schools", None)
    if sync is None:
        return
    try:
        sync(folder)
    except UserError as err:
        # The warehouse is already written; the app database can be synced later.
        result.notes.append(f"schools written to the warehouse, but the app database was "
                            f"not updated: {err.message}")
