"""Key stage 2 (end of Year 6): levels (England to 2015, Wales throughout) and scaled scores
with writing teacher assessment (England from 2016). Carries KS1 prior attainment."""

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
    score,
    solve,
)
from attain.demo.world import World

STATUSES = ("S", "B", "A", "D", "Q", "X")
WRIT_TA = ("BLW", "PKF", "WTS", "EXS", "GDS", "A", "D")
WRIT_POINTS = np.array([59, 73, 91, 103, 113], dtype=np.float64)  # approximate (UNCONFIRMED)
_WRIT_SHARES = (0.99, 0.96, 0.20)  # above PKF, WTS and GDS (approximate, UNCONFIRMED)
BANDS = ("low", "middle", "high")
_SUBJECT_OVER_RWM = {"read": 0.08, "maths": 0.14, "writ": 0.13, "gps": 0.13}


def prior_band_ks1(aps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    band = np.select([aps < 12, aps < 18], [0, 1], 2)
    return band, ~np.isnan(aps)


def _prior_columns(sub: Roll) -> dict[str, pa.Array]:
    band, has = prior_band_ks1(sub.ks1_aps)
    return {
        "ks1_aps": floats(sub.ks1_aps),
        "ks1_eng_level_num": ints(sub.ks1_eng, sub.ks1_eng >= 0),
        "ks1_mat_level_num": ints(sub.ks1_mat, sub.ks1_mat >= 0),
        "prior_band": coded(band, BANDS, has),
    }


def ks2(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    idx = np.flatnonzero(roll.nc == 6)
    sub = roll.take(idx)
    cols = key_columns(sub, world, year)
    cols.update(_prior_columns(sub))
    if world.country == "E" and year >= 2016:
        cols.update(_scaled(roll, idx, sub, world, year, rng))
    else:
        cols.update(_levels(roll, idx, sub, world, year, rng))
    return pa.table(cols)


def level_from(z: np.ndarray, cut4: float, top: int) -> np.ndarray:
    """KS2 level 2 (below 3) to `top`, with level 4 starting at `cut4`."""
    level: np.ndarray = np.clip(4 + np.floor((z - cut4) / 1.35), 2, top)
    return level


def fine_level(z: np.ndarray, cut4: float) -> np.ndarray:
    return np.clip(4 + (z - cut4) / 1.35, 2.0, 6.99)


def _levels(roll: Roll, idx: np.ndarray, sub: Roll, world: World, year: int,
            rng: np.random.Generator) -> dict[str, pa.Array]:
    wales = world.country == "W"
    key = "ks2_csi" if wales else "ks2_levels_combined"
    target = rates.level(key, year, world.country) / 100
    code = exceptions(len(sub), rng, sub.ability, absent=0.008, disapplied=0.006)
    valid = code == 0
    z = {s: score(sub, world, subj, rng) for s, subj in
         (("read", LITERACY), ("writ", WRITING), ("mat", MATHS), ("sci", SCIENCE))}
    z["eng"] = (z["read"] + z["writ"]) / 2
    z["welsh"] = z["eng"]
    cut = {s: cut_for_rate(np.where(valid, v, -np.inf), target + 0.08) for s, v in z.items()}
    combined = ("eng", "mat", "sci") if wales else (
        ("eng", "mat") if year <= 2011 else ("read", "writ", "mat"))

    def rate(shift: float) -> float:
        ok = valid.copy()
        for s in combined:
            ok &= z[s] >= cut[s] - shift
        return float(ok.mean()) if len(ok) else 0.0

    shift = solve(rate, target)
    top = 6 if year >= 2012 else 5
    welsh_medium = wales & (rng.random(len(sub)) < 0.22)
    shown = {"eng": valid, "read": valid & ~wales, "writ": valid & ~wales, "mat": valid,
             "sci": valid, "welsh": valid & welsh_medium}
    out = {f"{s}_level_num": ints(level_from(z[s], cut[s] - shift, top), shown[s])
           for s in shown}
    fine_e = fine_level(z["eng"], cut["eng"] - shift)
    fine_m = fine_level(z["mat"], cut["mat"] - shift)
    _remember(roll, idx, year, valid,
              level_from(z["eng"], cut["eng"] - shift, top),
              level_from(z["mat"], cut["mat"] - shift, top), (fine_e + fine_m) / 2, None)
    return out


def _scaled(roll: Roll, idx: np.ndarray, sub: Roll, world: World, year: int,
            rng: np.random.Generator) -> dict[str, pa.Array]:
    target = rates.level("ks2_rwm_expected", year, world.country) / 100
    n = len(sub)
    common = rng.normal(0, 0.2, n)
    z = {s: score(sub, world, subj, rng, common) for s, subj in
         (("read", LITERACY), ("writ", WRITING), ("maths", MATHS), ("gps", GENERAL))}
    code = {s: exceptions(n, rng, sub.ability, absent=0.012, disapplied=0.004) for s in z}
    below = {s: (code[s] == 0) & (z[s] <= np.quantile(z[s], 0.025)) for s in z} if n else {}
    sat = {s: (code[s] == 0) & ~below[s] for s in z} if n else {s: code[s] == 0 for s in z}
    cut = {s: cut_for_rate(np.where(sat[s], v, -np.inf), target + _SUBJECT_OVER_RWM[s])
           for s, v in z.items()}

    def rate(shift: float) -> float:
        ok = np.ones(n, dtype=bool)
        for s in ("read", "writ", "maths"):
            ok &= sat[s] & (z[s] >= cut[s] - shift)
        return float(ok.mean()) if n else 0.0

    shift = solve(rate, target)
    out: dict[str, pa.Array] = {}
    scaled = {}
    for s in ("read", "maths", "gps"):
        scaled[s] = np.clip(100 + np.floor(7 * (z[s] - cut[s] + shift)), 80, 120)
        out[f"{s}_scaled"] = ints(scaled[s], sat[s])
        status = np.where(sat[s], 0, np.where(below[s], 1, code[s] + 1))
        if s != "gps":
            out[f"{s}_status"] = coded(status, STATUSES)
    writers = z["writ"][code["writ"] == 0] if n else np.zeros(1)
    pkf, wts, gds = (float(np.quantile(writers, 1 - share)) for share in _WRIT_SHARES)
    edges = np.maximum.accumulate(np.array([pkf, wts, cut["writ"] - shift, gds]))
    band = np.searchsorted(edges, z["writ"], side="right")
    writ_valid = code["writ"] == 0
    out["writ_ta"] = coded(np.where(writ_valid, band, 4 + np.minimum(code["writ"], 2)),
                           WRIT_TA)
    out["writ_points"] = floats(np.where(writ_valid, WRIT_POINTS[band], np.nan))
    emss = np.where(sat["read"] & sat["maths"], (scaled["read"] + scaled["maths"]) / 2, np.nan)
    _remember(roll, idx, year, np.zeros(n, dtype=bool), None, None, None, emss)
    return out


def _remember(roll: Roll, idx: np.ndarray, year: int, valid: np.ndarray,
              eng: np.ndarray | None, mat: np.ndarray | None, fine: np.ndarray | None,
              emss: np.ndarray | None) -> None:
    for name, values in (("ks2_eng", eng), ("ks2_mat", mat)):
        column = getattr(roll, name).copy()
        column[idx] = np.where(valid, values, -1) if values is not None else -1
        roll.set(name, column)
    for name, values in (("ks2_fine", fine), ("ks2_emss", emss)):
        column = getattr(roll, name).copy()
        if values is None:
            column[idx] = np.nan
        elif name == "ks2_fine":
            column[idx] = np.where(valid, values, np.nan)
        else:
            column[idx] = values
        roll.set(name, column)
    year_col = roll.ks2_year.copy()
    year_col[idx] = year
    roll.set("ks2_year", year_col)
