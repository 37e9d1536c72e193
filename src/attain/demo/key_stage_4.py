"""Key stage 4 (end of Year 11) in both eras, Welsh indicators, and 16-18 (Year 13).

Each pupil takes up to ten GCSEs: English, maths, two sciences, a humanity, a language and
four others. Grades come from the latent score; one shift per year is solved so that the
national headline (5+ A*-C incl. English and maths, Attainment 8, Level 2 inclusive or
Capped 9) lands on its published value.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from attain.demo import rates
from attain.demo.columns import coded, floats, ints, key_columns
from attain.demo.key_stage_2 import BANDS
from attain.demo.roll import Roll
from attain.demo.scoring import GENERAL, score, solve
from attain.demo.world import World

ENG, MAT, SCI1, SCI2, HUM, LANG = range(6)
N_SUBJECTS = 10
_ENTRY_LOGIT = np.array([9, 9, 2.8, 2.8, 0.9, -0.15, 2.5, 2.0, 1.2, 0.0])
_ENTRY_SLOPE = np.array([0, 0, 1.5, 1.5, 1.2, 1.7, 0.5, 0.5, 0.5, 0.5])


def _legacy(z: np.ndarray, shift: float) -> np.ndarray:
    """Legacy grade number: U=0, G=1 ... C=5 ... A*=8."""
    return np.clip(np.floor(5 + 1.3 * (z + shift)), 0, 8)


def _nine_to_one(z: np.ndarray, shift: float) -> np.ndarray:
    return np.clip(np.floor(4 + 1.45 * (z + shift)), 0, 9)


def _qca(grade: np.ndarray) -> np.ndarray:
    return np.where(grade >= 1, 16 + 6 * (grade - 1), 0)


def _top(points: np.ndarray, k: int) -> np.ndarray:
    best: np.ndarray = -np.sort(-points, axis=1)[:, :k].sum(axis=1)
    return best


def attainment8(pts: np.ndarray) -> dict[str, np.ndarray]:
    ebacc_sorted = -np.sort(-pts[:, SCI1:LANG + 1], axis=1)
    ebac = ebacc_sorted[:, :3].sum(axis=1)
    rest = np.concatenate([ebacc_sorted[:, 3:], pts[:, LANG + 1:]], axis=1)
    open_ = _top(rest, 3)
    eng, mat = 2 * pts[:, ENG], 2 * pts[:, MAT]
    return {"att8": eng + mat + ebac + open_, "att8_eng": eng, "att8_mat": mat,
            "att8_ebac": ebac, "att8_open": open_}


def capped9(grade: np.ndarray, welsh: np.ndarray) -> np.ndarray:
    qca = _qca(grade)
    lit = np.maximum(qca[:, ENG], _qca(welsh))
    sci = np.maximum(qca[:, SCI1], qca[:, SCI2])
    other_sci = np.minimum(qca[:, SCI1], qca[:, SCI2])
    rest = np.concatenate([other_sci[:, None], qca[:, HUM:]], axis=1)
    total: np.ndarray = lit + qca[:, MAT] + sci + _top(rest, 6)
    return total


class _Cohort:
    def __init__(self, sub: Roll, world: World, rng: np.random.Generator) -> None:
        n = len(sub)
        common = score(sub, world, GENERAL, rng)
        z = common[:, None] + rng.normal(0, 0.55, (n, N_SUBJECTS))
        girls = (~sub.male).astype(np.float64)
        z[:, ENG] = common - 0.2 + 0.1 * girls + rng.normal(0, 0.45, n)
        z[:, MAT] = common - 0.2 - 0.15 * girls + rng.normal(0, 0.45, n)
        logit = _ENTRY_LOGIT + _ENTRY_SLOPE * common[:, None]
        entered = rng.random((n, N_SUBJECTS)) < 1 / (1 + np.exp(-logit))
        no_entries = common <= np.quantile(common, 0.012) if n else np.zeros(0, bool)
        entered &= ~no_entries[:, None]
        self.z = np.where(entered, z, -np.inf)
        self.entered = entered
        self.welsh_medium = (rng.random(n) < 0.2) & (world.country == "W")
        self.z_welsh = np.where(self.welsh_medium & ~no_entries, z[:, ENG] + 0.1, -np.inf)


def ks4(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    sub = roll.take(roll.nc == 11)
    sub = sub.take(world.no_ks4_year[sub.school] != year)
    c = _Cohort(sub, world, rng)
    cols = key_columns(sub, world, year)
    if world.country == "W":
        cols.update(_wales(c, year))
    elif year <= 2016:
        cols.update(_england_legacy(c, year))
    else:
        cols.update(_england_9_1(c, year))
    cols.update(_priors(sub, world, year))
    return pa.table(cols)


def _counts(grade: np.ndarray, c_or_4: int, a_or_7: int) -> dict[str, pa.Array]:
    return {"n_a_c": floats((grade >= c_or_4).sum(axis=1).astype(float)),
            "n_a_g": floats((grade >= 1).sum(axis=1).astype(float)),
            "n_a_a": floats((grade >= a_or_7).sum(axis=1).astype(float))}


def _ebacc_flags(grade: np.ndarray, entered: np.ndarray, pass_mark: int) -> dict[str, pa.Array]:
    pillars = entered[:, ENG] & entered[:, MAT] & entered[:, SCI1] & entered[:, SCI2] \
        & entered[:, HUM] & entered[:, LANG]
    achieved = (grade[:, [ENG, MAT, SCI1, SCI2, HUM, LANG]] >= pass_mark).all(axis=1)
    return {"ebacc_entered": pa.array(pillars), "ebacc_achieved": pa.array(achieved)}


def _legacy_columns(grade: np.ndarray, entered: np.ndarray) -> dict[str, pa.Array]:
    has = entered
    out = _counts(grade, 5, 7)
    out["eng_grade_num"] = ints(grade[:, ENG], has[:, ENG])
    out["mat_grade_num"] = ints(grade[:, MAT], has[:, MAT])
    best_sci = np.maximum(grade[:, SCI1], grade[:, SCI2])
    out["sci_grade_num"] = ints(best_sci, has[:, SCI1] | has[:, SCI2])
    out["total_points"] = floats(_qca(grade).sum(axis=1).astype(float))
    return out


def _england_legacy(c: _Cohort, year: int) -> dict[str, pa.Array]:
    if year <= 2015:
        target = rates.level("ks4_5ac_em", year, "E") / 100

        def rate(shift: float) -> float:
            g = _legacy(c.z, shift)
            ok = (g[:, ENG] >= 5) & (g[:, MAT] >= 5) & ((g >= 5).sum(axis=1) >= 5)
            return float(ok.mean()) if len(ok) else 0.0
    else:
        target = rates.level("ks4_att8", year, "E")

        def rate(shift: float) -> float:
            a8 = attainment8(_legacy(c.z, shift))["att8"]
            return float(a8.mean()) if len(a8) else 0.0

    grade = _legacy(c.z, solve(rate, target))
    out = _legacy_columns(grade, c.entered)
    out.update(_ebacc_flags(grade, c.entered, 5))
    if year == 2016:
        out.update({k: floats(v.astype(float)) for k, v in attainment8(grade).items()})
        out["eng_best"] = floats(grade[:, ENG].astype(float))
        out["mat_best"] = floats(grade[:, MAT].astype(float))
    return out


def _england_9_1(c: _Cohort, year: int) -> dict[str, pa.Array]:
    target = rates.level("ks4_att8", year, "E")

    def mean_a8(shift: float) -> float:
        a8 = attainment8(_nine_to_one(c.z, shift))["att8"]
        return float(a8.mean()) if len(a8) else 0.0

    pts = _nine_to_one(c.z, solve(mean_a8, target))
    out = _counts(pts, 4, 7)
    out.update({k: floats(v.astype(float)) for k, v in attainment8(pts).items()})
    out["eng_best"] = floats(pts[:, ENG].astype(float))
    out["mat_best"] = floats(pts[:, MAT].astype(float))
    out.update(_ebacc_flags(pts, c.entered, 4))
    if year >= 2018:
        aps = pts[:, [ENG, MAT, SCI1, SCI2, HUM, LANG]].sum(axis=1) / 6
        out["ebacc_aps"] = floats(aps.astype(float))
    return out


def _wales(c: _Cohort, year: int) -> dict[str, pa.Array]:
    if year <= 2018:
        target = rates.level("ks4_l2_incl", year, "W") / 100

        def rate(shift: float) -> float:
            g = _legacy(c.z, shift)
            lit = np.maximum(g[:, ENG], _legacy(c.z_welsh, shift))
            ok = (lit >= 5) & (g[:, MAT] >= 5) & ((g >= 5).sum(axis=1) >= 5)
            return float(ok.mean()) if len(ok) else 0.0
    else:
        target = rates.level("ks4_capped9", year, "W")

        def rate(shift: float) -> float:
            c9 = capped9(_legacy(c.z, shift), _legacy(c.z_welsh, shift))
            return float(c9.mean()) if len(c9) else 0.0

    shift = solve(rate, target)
    grade = _legacy(c.z, shift)
    welsh = _legacy(c.z_welsh, shift)
    out = _legacy_columns(grade, c.entered)
    out["welsh_grade_num"] = ints(welsh, c.welsh_medium & np.isfinite(c.z_welsh))
    out["capped9"] = floats(capped9(grade, welsh).astype(float))
    return out


def _priors(sub: Roll, world: World, year: int) -> dict[str, pa.Array]:
    fine = sub.ks2_fine.astype(np.float64) if year <= 2019 else np.full(len(sub), np.nan)
    emss = sub.ks2_emss.astype(np.float64) if year >= 2022 else np.full(len(sub), np.nan)
    band = np.where(np.isnan(emss), np.select([fine < 4, fine < 5], [0, 1], 2),
                    np.select([emss < 100, emss < 110], [0, 1], 2))
    has = ~np.isnan(fine) | ~np.isnan(emss)
    out = {
        "ks2_eng_level_num": ints(sub.ks2_eng, sub.ks2_eng >= 0),
        "ks2_mat_level_num": ints(sub.ks2_mat, sub.ks2_mat >= 0),
        "ks2_aps_fine": floats(fine),
        "ks2_emss": floats(emss),
        "prior_band": coded(band, BANDS, has),
    }
    if world.country == "E" and year >= 2016:
        out["in_p8"] = pa.array(has & ~world.special[sub.school])
    return out


def ks5(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    sub = roll.take(roll.nc == 13)
    n = len(sub)
    z = score(sub, world, GENERAL, rng)
    volume = np.clip(np.round(2.7 + 0.8 * z + rng.normal(0, 0.6, n)), 0, 4)
    aps = np.clip(32 + 9 * z + rng.normal(0, 5, n), 0, 60)
    cols = key_columns(sub, world, year)
    cols["l3_volume"] = floats(volume.astype(float))
    cols["a_level_aps"] = floats(np.where(volume > 0, np.round(aps, 2), np.nan))
    return pa.table(cols)
