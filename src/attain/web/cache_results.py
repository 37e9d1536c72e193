"""A per-worker index of the home LA's cube rows: every school page and the LA dashboard
answered from memory instead of a DuckDB query over Parquet.

`warm(folder, la, urns)` reads the LA's rows and its schools' rows in one query (at worker
start, or at the first dashboard / school page). `lookup` answers a filter the index covers,
or None (the caller then queries). The index remembers the results version it was read
from (`results_version`: every cube file's path, size, inode and mtime, and the compute
manifest's); when `attain compute` rewrites the cube the version changes and the next
lookup reads the index again, for the same LA and schools.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from attain.services.compute import RESULTS_FOLDER
from attain.services.results import ResultFilter

Version = tuple[tuple[str, int, int, int], ...]
CUBE_DATASETS = ("results", "comparisons")
MANIFEST = "manifest.json"


def results_version(folder: Path) -> Version:
    """What changes whenever the cube is rewritten (files are replaced by rename, so the
    inode changes even within one clock tick); empty if nothing is computed. os.scandir:
    pathlib's rglob costs about 2 ms a request here, this a tenth of that."""
    root = folder / RESULTS_FOLDER
    found: list[tuple[str, int, int, int]] = []
    for name in CUBE_DATASETS:
        found.extend(_parquet_files(str(root / name)))
    if not found:
        return ()
    manifest = _stat(str(root / MANIFEST))
    return tuple(sorted(found)) + ((manifest,) if manifest else ())


def _parquet_files(directory: str) -> Iterable[tuple[str, int, int, int]]:
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _parquet_files(entry.path)
        elif entry.name.endswith(".parquet") and not entry.name.startswith("."):
            info = entry.stat()
            yield entry.path, info.st_size, info.st_ino, info.st_mtime_ns


def _stat(path: str) -> tuple[str, int, int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return path, info.st_size, info.st_ino, info.st_mtime_ns


@dataclass(frozen=True)
class Coverage:
    """Whose rows the index holds: one LA's own rows and its schools' rows."""

    la: str
    urns: frozenset[int]


@dataclass(frozen=True)
class SchoolsAndLaFilter(ResultFilter):
    """The rows of many schools and of one LA in one query (ResultFilter's SQL and join)."""

    urns: tuple[int, ...] = ()
    la_code: str = ""

    def where(self) -> tuple[str, list[Any]]:
        marks = ", ".join("?" for _ in self.urns) or "NULL"
        return (f"(r.level = 'school' AND r.area_code IN ({marks})) "
                "OR (r.level = 'la' AND r.area_code = ?)",
                [*(str(u) for u in self.urns), self.la_code])


@dataclass(frozen=True)
class Snapshot:
    """The covered rows as Arrow slices (about 200 bytes a row, against 1.3 kB as Python
    dicts), by (level, area code), in the cube's order."""

    version: Version
    coverage: Coverage
    areas: dict[tuple[str, str], pa.Table]

    @property
    def row_count(self) -> int:
        return sum(table.num_rows for table in self.areas.values())

    def answer(self, where: ResultFilter) -> pa.Table | None:
        """The rows `where` asks for, in the cube's order, or None if not covered."""
        if type(where) is not ResultFilter:
            return None
        if where.school is not None and where.la is None:
            if where.school not in self.coverage.urns:
                return None
            area = ("school", str(where.school))
        elif where.la is not None and where.school is None and where.la == self.coverage.la:
            area = ("la", where.la)
        else:
            return None
        found = self.areas.get(area)
        return _narrowed(found, where) if found is not None else None


def _narrowed(table: pa.Table, where: ResultFilter) -> pa.Table:
    for name, value in (("measure_id", where.measure), ("group_id", where.group),
                        ("year", where.year)):
        if value is not None:
            table = table.filter(pc.equal(table.column(name), value))
    return table


Reader = Callable[[Path, ResultFilter], pa.Table]


@dataclass
class _Holder:
    coverage: Coverage
    snapshot: Snapshot | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_holders: dict[Path, _Holder] = {}
_holders_lock = threading.Lock()


def warm(folder: Path, coverage: Coverage, reader: Reader) -> Snapshot | None:
    """Read (or re-read) the index of `folder` for `coverage`; None if nothing is computed."""
    holder = _holder(folder, coverage)
    return _fresh(folder, holder, results_version(folder), reader)


def needs_warm(folder: Path, version: Version) -> bool:
    """True unless the index of `folder` holds the cube of `version` (or none is computed)."""
    holder = _holders.get(folder.resolve())
    if not version:
        return False
    return holder is None or holder.snapshot is None or holder.snapshot.version != version


def lookup(folder: Path, where: ResultFilter, version: Version,
           reader: Reader) -> pa.Table | None:
    """Rows from the index if it covers `where` (re-read first if the cube changed)."""
    holder = _holders.get(folder.resolve())
    if holder is None or not version:
        return None
    snapshot = _fresh(folder, holder, version, reader)
    return snapshot.answer(where) if snapshot is not None else None


def forget(folder: Path) -> None:
    with _holders_lock:
        _holders.pop(folder.resolve(), None)


def _holder(folder: Path, coverage: Coverage) -> _Holder:
    key = folder.resolve()
    with _holders_lock:
        found = _holders.get(key)
        if found is None or found.coverage != coverage:
            found = _holders[key] = _Holder(coverage)
        return found


def _fresh(folder: Path, holder: _Holder, version: Version,
           reader: Reader) -> Snapshot | None:
    current = holder.snapshot
    if current is not None and current.version == version:
        return current
    if not version:
        return None
    with holder.lock:  # one thread reads; the others wait for its snapshot
        current = holder.snapshot
        if current is None or current.version != version:
            current = holder.snapshot = _load(folder, holder.coverage, version, reader)
        return current


def _load(folder: Path, coverage: Coverage, version: Version, reader: Reader) -> Snapshot:
    asked = SchoolsAndLaFilter(urns=tuple(sorted(coverage.urns)), la_code=coverage.la)
    table = reader(folder, asked)
    # By area, then in the cube's order (measure, year, level, area, group), so each
    # area's rows are one contiguous, zero-copy slice in the order a query returns them.
    table = table.sort_by([(name, "ascending") for name in
                           ("level", "area_code", "measure_id", "year", "group_id")])
    levels, areas = table.column("level").to_pylist(), table.column("area_code").to_pylist()
    slices: dict[tuple[str, str], pa.Table] = {}
    start = 0
    for index in range(1, len(levels) + 1):
        if index == len(levels) or (levels[index], areas[index]) != (levels[start], areas[start]):
            slices[(levels[start], areas[start])] = table.slice(start, index - start)
            start = index
    return Snapshot(version, coverage, slices)
