"""Key stage 1 teacher assessment (England) and the Welsh Foundation Phase (end of Year 2)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from attain.demo import rates
from attain.demo.columns import coded, floats, ints, key_columns
from attain.demo.roll import Roll
from attain.demo.scoring import (
    GENERAL,
    LITERACY,
    MATHS,
    SCIENCE,
    WRITING,
    cut_for_rate,
    exceptions,
    solve,
)
from attain.demo.scoring import score as latent
from attain.demo.world import World

LEVELS = ("W", "1", "2C", "2B", "2A", "3", "4")
LEVEL_POINTS = np.array([3, 9, 13, 15, 17, 21, 27], dtype=np.float64)
LEVEL_NUM = np.array([0, 1, 2, 2, 2, 3, 4])
# Share of pupils above each level's lower edge (1, 2C, 2B, 2A, 3, 4); None is the
# expected standard, set each year from the national rate. Approximate (UNCONFIRMED).
_LEVEL_SHARES = (0.98, None, 0.71, 0.49, 0.26, 0.01)
TA = ("BLW", "PKF", "WTS", "EXS", "GDS")
# Approximate points for the 2016+ outcomes on the KS1 APS scale (UNCONFIRMED).
TA_POINTS = np.array([3, 9, 13, 17, 21], dtype=np.float64)
_TA_SHARES = (0.99, 0.93, None, 0.22)
CODES = ("A", "D")


def bands(z: np.ndarray, valid: np.ndarray, shares: tuple[float | None, ...],
          expected: float) -> np.ndarray:
    """Band index of each pupil, with `shares` of valid pupils above each band's lower edge
    (None: the `expected` share)."""
    masked = np.where(valid, z, -np.inf)
    inside = z[valid] if valid.any() else np.zeros(1)
    edges = np.array([cut_for_rate(masked, expected) if s is None
                      else float(np.quantile(inside, 1 - s)) for s in shares])
    return np.searchsorted(np.maximum.accumulate(edges), z, side="right")


def ks1(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    idx = np.flatnonzero(roll.nc == 2)
    sub = roll.take(idx)
    base = rates.level("ks1_read", year, world.country) / 100
    code = exceptions(len(sub), rng, sub.ability, absent=0.008, disapplied=0.004)
    valid = code == 0
    cols = key_columns(sub, world, year)
    points = {}
    labels, shares = (LEVELS, _LEVEL_SHARES) if year <= 2015 else (TA, _TA_SHARES)
    pts_table = LEVEL_POINTS if year <= 2015 else TA_POINTS
    subjects = [("read", LITERACY, 0.0), ("writ", WRITING, -0.04), ("maths", MATHS, 0.01)]
    if year <= 2015:
        subjects.append(("sci", SCIENCE, 0.02))
    for name, subject, delta in subjects:
        z = latent(sub, world, subject, rng)
        band = bands(z, valid, shares, base + delta)
        idx_label = np.where(valid, band, len(labels) + np.minimum(code, 2) - 1)
        cols[name] = coded(idx_label, labels + CODES)
        points[name] = np.where(valid, pts_table[np.minimum(band, len(pts_table) - 1)], np.nan)
        if year <= 2015 and name in ("read", "writ", "maths"):
            points[name + "_num"] = np.where(valid, LEVEL_NUM[band], -1)
    aps = ((points["read"] + points["writ"]) / 2 + points["maths"]) / 2
    cols["aps"] = floats(aps)
    _remember(roll, idx, aps, points, year)
    return pa.table(cols)


def _remember(roll: Roll, idx: np.ndarray, aps: np.ndarray, points: dict[str, np.ndarray],
              year: int) -> None:
    ks1_aps = roll.ks1_aps.copy()
    ks1_aps[idx] = aps
    roll.set("ks1_aps", ks1_aps)
    eng, mat = roll.ks1_eng.copy(), roll.ks1_mat.copy()
    if year <= 2015:
        eng[idx] = np.where(points["read_num"] >= 0,
                            (points["read_num"] + points["writ_num"]) // 2, -1)
        mat[idx] = points["maths_num"]
    roll.set("ks1_eng", eng)
    roll.set("ks1_mat", mat)


FP_AREAS = ("psd", "lce", "lcw", "mdt")


def fp(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    """Foundation Phase outcomes 1-6; Welsh-medium pupils are assessed in LCW, not LCE."""
    sub = roll.take(roll.nc == 2)
    n = len(sub)
    welsh_medium = rng.random(n) < 0.22
    code = exceptions(n, rng, sub.ability, absent=0.005, disapplied=0.004)
    z = {a: latent(sub, world, s, rng) for a, s in
         (("psd", GENERAL), ("lang", LITERACY), ("mdt", MATHS))}
    target = rates.level("fp_fpi", year, world.country) / 100
    valid = code == 0

    def fpi(shift: float) -> float:
        ok = valid & (np.minimum(np.minimum(z["psd"], z["lang"]), z["mdt"]) + shift >= 0)
        return float(ok.mean()) if n else 0.0

    shift = solve(fpi, target)
    outcome = {a: np.clip(5 + np.floor((v + shift) / 0.9), 1, 6) for a, v in z.items()}
    cols = key_columns(sub, world, year)
    cols["psd_outcome"] = ints(outcome["psd"], valid)
    cols["lce_outcome"] = ints(outcome["lang"], valid & ~welsh_medium)
    cols["lcw_outcome"] = ints(outcome["lang"], valid & welsh_medium)
    cols["mdt_outcome"] = ints(outcome["mdt"], valid)
    return pa.table(cols)
