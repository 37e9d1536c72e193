"""The additive partitions that complementary suppression protects, built in numpy.

Cells are numbered in key order (measure, year, level, area, group: compute_cube.number_cells),
so each cell's packed integer key is ascending in cell id and finding a partition's total
(the same cell with group `all`, or the school's LA) is one binary search. This replaced a
DuckDB join on the five text keys that cost more than the cascade itself.

Two kinds of partition:
- the groups of one `partition` in groups.yaml sum to `all` (same measure, year, level, area);
- the schools of an LA sum to the LA (same measure, year, group).
Partition ids are the total's cell id x 32 + the partition's number (0 for schools in an LA,
1.. for the group partitions, numbered in the order of their names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from attain.stats.arrays import sort_order, unique_sorted

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
SCHOOLS_IN_LA = 0
MAX_PARTITIONS = 30


@dataclass(frozen=True)
class CellKeys:
    """Each cell's key as integer codes, indexed by cell id - 1 (so in key order).

    `codes[column][text]` is the code of a text value; `year` holds the year itself."""

    measure: IntArray
    year: IntArray
    level: IntArray
    area: IntArray
    group: IntArray
    codes: Mapping[str, Mapping[str, int]]

    def packed(self, measure: IntArray, year: IntArray, level: IntArray, area: IntArray,
               group: IntArray) -> IntArray:
        """Keys packed into one int64 that sorts as the tuple does (None if too wide)."""
        packed = np.zeros(len(measure), dtype=np.int64)
        for key, whole in ((measure, self.measure), (year, self.year), (level, self.level),
                           (area, self.area), (group, self.group)):
            width = int(max(int(whole.max(initial=0)), int(key.max(initial=0)), 1)).bit_length()
            packed = (packed << width) | key
        return packed

    def fits(self) -> bool:
        widths = sum(int(max(int(k.max(initial=0)), 1)).bit_length()
                     for k in (self.measure, self.year, self.level, self.area, self.group))
        return widths <= 62

    def cells(self, start: int, stop: int) -> CellKeys:
        """The keys of cells start..stop-1 (indices from 0 again)."""
        return CellKeys(self.measure[start:stop], self.year[start:stop],
                        self.level[start:stop], self.area[start:stop],
                        self.group[start:stop], self.codes)

    def measure_runs(self, pieces: int) -> list[tuple[int, int]]:
        """About equal runs of cells, split only where the measure changes: no partition
        spans two measures, so each run can be worked alone."""
        n = len(self.measure)
        changes = np.flatnonzero(np.diff(self.measure)) + 1
        cuts = sorted({int(changes[np.argmin(np.abs(changes - n * k // pieces))])
                       for k in range(1, pieces) if len(changes)})
        bounds = [0, *cuts, n]
        return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    @cached_property
    def packed_all(self) -> IntArray:
        """Every cell's packed key, ascending with the cell index (the partitions and the
        gaps both search it)."""
        if not self.fits():
            raise ValueError("the cube's keys do not fit in 62 bits")
        return self.packed(self.measure, self.year, self.level, self.area, self.group)


@dataclass(frozen=True)
class Partitions:
    """Memberships sorted by (partition, total first, cell id); cells are indices (id - 1)."""

    partition_id: IntArray
    cell: IntArray

    @property
    def offsets(self) -> IntArray:
        starts = np.flatnonzero(np.r_[True, self.partition_id[1:] != self.partition_id[:-1]])
        offsets: IntArray = np.r_[starts, len(self.partition_id)].astype(np.int64)
        return offsets


def build_partitions(keys: CellKeys, additive: BoolArray, group_partition: Mapping[str, str],
                     school_la: Mapping[str, str]) -> Partitions:
    """Every additive partition of the cube.

    `additive[i]`: cell i's measure adds up (numerators and denominators over parts sum to
    the total's); `group_partition`: group id -> its partition name (groups in none left
    out); `school_la`: URN (as text) -> LA code."""
    cells = np.flatnonzero(additive).astype(np.int64)
    packed_all = keys.packed_all
    pieces = [_group_parts(keys, cells, packed_all, additive, group_partition),
              _school_parts(keys, cells, packed_all, additive, school_la)]
    partition_id = np.concatenate([p for p, _ in pieces])
    part = np.concatenate([c for _, c in pieces])
    totals = unique_sorted(partition_id)
    partition_id = np.concatenate([partition_id, totals])
    cell = np.concatenate([part, totals // 32 - 1])
    is_part = np.r_[np.ones(len(part), dtype=np.int64), np.zeros(len(totals), dtype=np.int64)]
    order = sort_order(partition_id, is_part, cell)
    return Partitions(partition_id[order], cell[order])


def find_cells(packed_all: IntArray, wanted: IntArray) -> IntArray:
    """Cell index of each wanted packed key (`packed_all` ascending), or -1 where none."""
    at = np.searchsorted(packed_all, wanted)
    inside = at < len(packed_all)
    found = np.full(len(wanted), -1, dtype=np.int64)
    hit = inside.copy()
    hit[inside] = packed_all[at[inside]] == wanted[inside]
    found[hit] = at[hit]
    return found


def _find(packed_all: IntArray, wanted: IntArray, additive: BoolArray) -> IntArray:
    """Cell index of each wanted key, or -1 where no additive cell has it."""
    found = find_cells(packed_all, wanted)
    found[(found >= 0) & ~additive[np.maximum(found, 0)]] = -1
    return found


def _group_parts(keys: CellKeys, cells: IntArray, packed_all: IntArray, additive: BoolArray,
                 group_partition: Mapping[str, str]) -> tuple[IntArray, IntArray]:
    group_codes = keys.codes["group_id"]
    numbers = {name: n for n, name in enumerate(sorted(set(group_partition.values())), start=1)}
    if len(numbers) > MAX_PARTITIONS:
        raise ValueError(f"groups.yaml has more than {MAX_PARTITIONS} partitions")
    number_of = np.zeros(int(keys.group.max(initial=0)) + 1, dtype=np.int64)
    for group_id, name in group_partition.items():
        code = group_codes.get(group_id)
        if code is not None and code < len(number_of):
            number_of[code] = numbers[name]
    all_code = group_codes.get("all")
    if all_code is None:
        return _empty()
    parts = cells[number_of[keys.group[cells]] > 0]
    wanted = keys.packed(keys.measure[parts], keys.year[parts], keys.level[parts],
                         keys.area[parts], np.full(len(parts), all_code, dtype=np.int64))
    total = _find(packed_all, wanted, additive)
    kept = total >= 0
    return (total[kept] + 1) * 32 + number_of[keys.group[parts[kept]]], parts[kept]


def _school_parts(keys: CellKeys, cells: IntArray, packed_all: IntArray, additive: BoolArray,
                  school_la: Mapping[str, str]) -> tuple[IntArray, IntArray]:
    level_codes, area_codes = keys.codes["level"], keys.codes["area_code"]
    school, la = level_codes.get("school"), level_codes.get("la")
    if school is None or la is None:
        return _empty()
    la_of_area = np.full(int(keys.area.max(initial=0)) + 1, -1, dtype=np.int64)
    for urn, la_code in school_la.items():
        code, la_area = area_codes.get(urn), area_codes.get(la_code)
        if code is not None and la_area is not None and code < len(la_of_area):
            la_of_area[code] = la_area
    parts = cells[keys.level[cells] == school]
    parts = parts[la_of_area[keys.area[parts]] >= 0]
    wanted = keys.packed(keys.measure[parts], keys.year[parts],
                         np.full(len(parts), la, dtype=np.int64), la_of_area[keys.area[parts]],
                         keys.group[parts])
    total = _find(packed_all, wanted, additive)
    kept = total >= 0
    return (total[kept] + 1) * 32 + SCHOOLS_IN_LA, parts[kept]


def _empty() -> tuple[IntArray, IntArray]:
    return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
