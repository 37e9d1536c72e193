"""The schools and LAs as arrays, for vectorised allocation of pupils to schools."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attain.demo.schools import School

MAINSTREAM = ("infant", "junior", "primary", "secondary", "all-through")


@dataclass
class World:
    """Everything fixed for a run: schools (arrays indexed by school) and LAs."""

    schools: list[School]
    la_codes: list[str]
    la_size: np.ndarray        # pupils per year group per LA
    la_dep: np.ndarray         # LA deprivation offset
    home_la: int
    country: str

    def __post_init__(self) -> None:
        s = self.schools
        index = {la: i for i, la in enumerate(self.la_codes)}
        urn_index = {x.urn: i for i, x in enumerate(s)}
        self.urn = np.array([x.urn for x in s], dtype=np.int32)
        self.la = np.array([index[x.la_code] for x in s], dtype=np.int32)
        self.nc_low = np.array([x.nc_range[0] for x in s], dtype=np.int8)
        self.nc_high = np.array([x.nc_range[1] for x in s], dtype=np.int8)
        self.open_year = np.array([x.open_year or 0 for x in s], dtype=np.int16)
        self.close_year = np.array([x.close_year or 9999 for x in s], dtype=np.int16)
        self.weight = np.array([x.weight for x in s])
        self.special = np.array([x.phase == "special" for x in s])
        self.phase = [x.phase for x in s]
        self.successor = np.array([urn_index.get(x.successor_urn or -1, -1) for x in s])
        self.junior = np.array([urn_index.get(x.junior_urn or -1, -1) for x in s])
        self.no_ks4_year = np.array([x.no_ks4_year or 0 for x in s], dtype=np.int16)
        # Schools by LA (then index): LA i's are la_order[la_start[i]:la_start[i] + la_count[i]]
        self.la_order = np.argsort(self.la, kind="stable")
        self.la_count = np.bincount(self.la, minlength=len(self.la_codes))
        self.la_start = np.r_[0, np.cumsum(self.la_count)[:-1]]

    def attach_effects(self, rng: np.random.Generator) -> None:
        n = len(self.schools)
        self.effect = rng.normal(0.0, 0.12, n).astype(np.float32)
        self.dep_offset = (self.la_dep[self.la] + rng.normal(0.0, 0.45, n)).astype(np.float32)

    def open_mask(self, year: int) -> np.ndarray:
        return (self.open_year <= year) & (year <= self.close_year)

    def candidates(self, year: int, nc: int, special: bool) -> np.ndarray:
        ok = self.open_mask(year) & (self.nc_low <= nc) & (nc <= self.nc_high)
        result: np.ndarray = ok & (self.special if special else ~self.special)
        return result

    def allocate(self, la: np.ndarray, nc: np.ndarray, year: int, rng: np.random.Generator,
                 special: bool = False, entry: bool = False) -> np.ndarray:
        """Pick a school for each pupil in its LA covering its NC year (weighted by size);
        -1 where the LA has none. `entry` limits to schools whose first year is `nc`.

        Every (LA, NC year) group at once: each group's candidates in one padded row, so a
        row's cumulative weights are the same sums, bit for bit, as one group's own
        cumsum, and one sort places every pupil's draw among its group's sums (a loop per
        group cost a fifth of the demo's generation)."""
        out = np.full(len(la), -1, dtype=np.int32)
        draws = rng.random(len(la))
        if len(la) == 0:
            return out
        usable = self.open_mask(year) & (self.special if special else ~self.special)
        group_key, pupil_group = _group_of(la, nc)
        group_la, group_nc = group_key // 100, group_key % 100
        row, school = self._candidates(group_la)
        ok = (usable[school] & (self.nc_low[school] <= group_nc[row])
              & (group_nc[row] <= self.nc_high[school]))
        if entry:
            ok &= self.nc_low[school] == group_nc[row]
        row, school = row[ok], school[ok]
        sizes = np.bincount(row, minlength=len(group_key))
        first = np.r_[0, np.cumsum(sizes)[:-1]]
        column = np.arange(len(row)) - first[row]
        padded = np.zeros((len(group_key), int(sizes.max(initial=0)) or 1))
        padded[row, column] = self.weight[school]
        cum = np.cumsum(padded, axis=1)
        placed = sizes[pupil_group] > 0
        pupils = np.flatnonzero(placed)
        groups = pupil_group[pupils]
        total = cum[groups, sizes[groups] - 1]
        pick = _count_at_most(row, cum[row, column], groups, draws[pupils] * total)
        out[pupils] = school[first[groups] + np.minimum(pick, sizes[groups] - 1)]
        return out

    def _candidates(self, group_la: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(group, school) for every school of each group's LA, by group then school."""
        sizes = self.la_count[group_la]
        row = np.repeat(np.arange(len(group_la)), sizes)
        offset = np.arange(len(row)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return row, self.la_order[self.la_start[group_la[row]] + offset]


def _group_of(la: np.ndarray, nc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (LA, NC year) keys (LA x 100 + NC), ascending, and each pupil's index
    among them."""
    key = la.astype(np.int64) * 100 + nc.astype(np.int64)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    index = np.empty(len(key), dtype=np.int64)
    index[order] = np.cumsum(starts) - 1
    return ordered[starts], index


def _count_at_most(row: np.ndarray, sums: np.ndarray, query_row: np.ndarray,
                   value: np.ndarray) -> np.ndarray:
    """For each query, how many of its row's `sums` are <= its value: what
    np.searchsorted(row's sums, value, side="right") gives, for every row in one sort."""
    kind = np.r_[np.zeros(len(row), dtype=np.int8), np.ones(len(query_row), dtype=np.int8)]
    rows = np.r_[row, query_row]
    order = np.lexsort((kind, np.r_[sums, value], rows))  # a sum before an equal value
    is_sum = kind[order] == 0
    sums_before = np.cumsum(is_sum) - is_sum
    row_first = np.searchsorted(row, np.arange(int(rows.max(initial=0)) + 1))
    at_query = order[~is_sum] - len(row)
    counts = np.empty(len(query_row), dtype=np.int64)
    counts[at_query] = sums_before[~is_sum] - row_first[query_row[at_query]]
    return counts
