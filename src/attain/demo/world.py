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
        self.by_la = [np.flatnonzero(self.la == i) for i in range(len(self.la_codes))]

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
        -1 where the LA has none. `entry` limits to schools whose first year is `nc`."""
        out = np.full(len(la), -1, dtype=np.int32)
        draws = rng.random(len(la))
        usable = self.open_mask(year) & (self.special if special else ~self.special)
        for (la_i, nc_i), rows in _groups(la, nc):
            idx = self.by_la[la_i]
            ok = usable[idx] & (self.nc_low[idx] <= nc_i) & (nc_i <= self.nc_high[idx])
            if entry:
                ok &= self.nc_low[idx] == nc_i
            idx = idx[ok]
            if idx.size == 0:
                continue
            cum = np.cumsum(self.weight[idx])
            pick = np.searchsorted(cum, draws[rows] * cum[-1], side="right")
            out[rows] = idx[np.minimum(pick, idx.size - 1)]
        return out


def _groups(la: np.ndarray, nc: np.ndarray) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Row indices grouped by (LA, NC year), in a fixed order."""
    if len(la) == 0:
        return []
    key = la.astype(np.int64) * 100 + nc.astype(np.int64)
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    bounds = list(starts) + [len(order)]
    return [((int(k // 100), int(k % 100)), order[bounds[i]:bounds[i + 1]])
            for i, k in enumerate(keys)]
