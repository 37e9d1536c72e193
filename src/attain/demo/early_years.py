"""EYFS Profile (end of Reception) and the phonics screening check (Year 1, re-check Year 2)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from attain.demo import rates
from attain.demo.columns import coded, ints, key_columns
from attain.demo.roll import Roll
from attain.demo.scoring import GENERAL, LITERACY, cut_for_rate, exceptions, score, solve
from attain.demo.world import World
from attain.domain.datasets import EYFS

_SCORES = tuple(c.name for c in EYFS.columns[4:])
_EYFS_OLD_SCALES = tuple(n for n in _SCORES if not n.startswith("elg_"))
_ELGS_2013 = tuple(n for n in _SCORES if n.startswith("elg_") and n != "elg_lit3")
_ELGS_2022 = tuple(n for n in _SCORES if n.startswith("elg_") and n != "elg_cl3")
_GLD_AREAS = ("elg_cl", "elg_psed", "elg_pd", "elg_lit", "elg_mat")
PHONICS_OUTCOMES = ("WA", "WT", "A", "D", "Q", "X")
PHONICS_THRESHOLD = 32


def _scale_points(z: np.ndarray, shift: float) -> np.ndarray:
    return np.clip(np.floor(shift + 1.6 * z), 0, 9)


def eyfs(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    sub = roll.take(roll.nc == 0)
    common = score(sub, world, GENERAL, rng)
    cols = key_columns(sub, world, year)
    if year <= 2012:
        cols.update(_old_profile(common, year, world.country, rng))
    else:
        cols.update(_elgs(common, year, world.country, rng))
    return pa.table(cols)


def _old_profile(common: np.ndarray, year: int, country: str,
                 rng: np.random.Generator) -> dict[str, pa.Array]:
    z = common[:, None] + rng.normal(0, 0.45, (len(common), len(_EYFS_OLD_SCALES)))
    target = rates.level("eyfs_ni72_78pts_6psed_cll", year, country) / 100

    def ni72(shift: float) -> float:
        pts = _scale_points(z, shift)
        ok = (pts.sum(axis=1) >= 78) & (pts[:, :7] >= 6).all(axis=1)
        return float(ok.mean()) if len(ok) else 0.0

    pts = _scale_points(z, solve(ni72, target, 0.0, 12.0))
    return {name: ints(pts[:, i]) for i, name in enumerate(_EYFS_OLD_SCALES)}


def _elgs(common: np.ndarray, year: int, country: str,
          rng: np.random.Generator) -> dict[str, pa.Array]:
    names = _ELGS_2013 if year <= 2019 else _ELGS_2022
    gld_cols = np.array([n.rstrip("123").startswith(_GLD_AREAS) for n in names])
    z = common[:, None] + rng.normal(0, 0.5, (len(common), len(names)))
    target = rates.level("eyfs_gld", year, country) / 100

    def gld(shift: float) -> float:
        return float(((z[:, gld_cols] + shift) >= 0).all(axis=1).mean()) if len(z) else 0.0

    shift = solve(gld, target)
    levels = np.where(z + shift >= 0, 2, 1)
    if year <= 2019:
        levels = np.where(z + shift >= 1.5, 3, levels)
    out = {name: ints(levels[:, i]) for i, name in enumerate(names)}
    return out


def phonics(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    y1 = np.flatnonzero(roll.nc == 1)
    y2 = np.flatnonzero((roll.nc == 2) & (roll.phonics == 0))
    target = rates.level("phonics_y1_expected", year, world.country) / 100
    t1, met1 = _check(roll.take(y1), world, year, rng, target, 1)
    t2, met2 = _check(roll.take(y2), world, year, rng, 0.6, 2)
    # Year 2 rows carry each pupil's outcome by the end of Year 2: those who met the
    # standard in Year 1 appear as WA with no mark (docs/datasets.md, phonics).
    already = np.flatnonzero((roll.nc == 2) & (roll.phonics == 1))
    t_already = _met_in_year1(roll.take(already), world, year)
    memory = np.full(len(roll), -1, dtype=np.int8)
    memory[y1] = met1
    memory[y2] = met2
    memory[already] = 1
    roll.set("phonics", memory)
    return pa.concat_tables([t1, t2, t_already])


def _met_in_year1(sub: Roll, world: World, year: int) -> pa.Table:
    cols = key_columns(sub, world, year)
    n = len(sub)
    cols.update({
        "nc_year": ints(np.full(n, 2)),
        "mark": ints(np.zeros(n), np.zeros(n, dtype=bool)),
        "outcome": coded(np.zeros(n, dtype=np.int32), PHONICS_OUTCOMES),
    })
    return pa.table(cols)


def _check(sub: Roll, world: World, year: int, rng: np.random.Generator, target: float,
           nc: int) -> tuple[pa.Table, np.ndarray]:
    z = score(sub, world, LITERACY, rng) + (0.6 if nc == 2 else 0.0)
    code = exceptions(len(sub), rng, z, disapplied=0.01 if nc == 1 else 0.0)
    sat = code == 0
    cut = cut_for_rate(np.where(sat, z, -np.inf), target)
    mark = np.clip(PHONICS_THRESHOLD + np.floor(4.5 * (z - cut)), 0, 40)
    met = sat & (mark >= PHONICS_THRESHOLD)
    outcome = np.where(sat, np.where(met, 0, 1), code + 1)
    cols = key_columns(sub, world, year)
    cols.update({
        "nc_year": ints(np.full(len(sub), nc)),
        "mark": ints(mark, sat),
        "outcome": coded(outcome, PHONICS_OUTCOMES),
    })
    return pa.table(cols), met.astype(np.int8)
