"""Key stage 3 teacher assessment levels (end of Year 9; England to 2013, Wales)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from attain.demo import rates
from attain.demo.columns import coded, ints, key_columns
from attain.demo.key_stage_2 import BANDS
from attain.demo.roll import Roll
from attain.demo.scoring import LITERACY, MATHS, SCIENCE, cut_for_rate, exceptions, score, solve
from attain.demo.world import World


def prior_band_ks2_levels(eng: np.ndarray, mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = (eng + mat) / 2
    has = (eng >= 0) & (mat >= 0)
    return np.select([mean < 4, mean < 5], [0, 1], 2), has


def ks3(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    sub = roll.take(roll.nc == 9)
    n = len(sub)
    wales = world.country == "W"
    target = rates.level("ks3_csi" if wales else "ks3_l5", year, world.country) / 100
    code = exceptions(n, rng, sub.ability, absent=0.01, disapplied=0.006)
    valid = code == 0
    z = {s: score(sub, world, subj, rng) for s, subj in
         (("eng", LITERACY), ("mat", MATHS), ("sci", SCIENCE))}
    cut = {s: cut_for_rate(np.where(valid, v, -np.inf), target + 0.05) for s, v in z.items()}

    def csi(shift: float) -> float:
        ok = valid.copy()
        for s in z:
            ok &= z[s] >= cut[s] - shift
        return float(ok.mean()) if n else 0.0

    shift = solve(csi, target) if wales else 0.0
    welsh_medium = wales & (rng.random(n) < 0.22)
    cols = key_columns(sub, world, year)
    for s in ("eng", "mat", "sci"):
        cols[f"{s}_level_num"] = ints(_level(z[s], cut[s] - shift), valid)
    cols["welsh_level_num"] = ints(_level(z["eng"], cut["eng"] - shift), valid & welsh_medium)
    band, has = prior_band_ks2_levels(sub.ks2_eng.astype(np.float64),
                                      sub.ks2_mat.astype(np.float64))
    cols["ks2_eng_level_num"] = ints(sub.ks2_eng, sub.ks2_eng >= 0)
    cols["ks2_mat_level_num"] = ints(sub.ks2_mat, sub.ks2_mat >= 0)
    cols["prior_band"] = coded(band, BANDS, has)
    return pa.table(cols)


def _level(z: np.ndarray, cut5: float) -> np.ndarray:
    level: np.ndarray = np.clip(5 + np.floor((z - cut5) / 0.95), 3, 8)
    return level
