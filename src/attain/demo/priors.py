"""Prior attainment of pupils already in school when generation starts.

Pupils in Year 3 and above at the first generated year took KS1 (and from Year 7, KS2)
before it; their results are not in the warehouse but later datasets carry them as priors,
so they are drawn here from ability, on the scale of the year they would have been taken.
"""

from __future__ import annotations

import numpy as np

from attain.demo.roll import Roll

NO_ASSESSMENT_YEARS = (2020, 2021)


def _ks1(roll: Roll, start: int, rng: np.random.Generator) -> None:
    ks1_year = start - (roll.nc.astype(np.int32) - 2)
    has = (roll.nc >= 3) & ~np.isin(ks1_year, NO_ASSESSMENT_YEARS) & (ks1_year <= 2023)
    z = roll.ability + rng.normal(0, 0.5, len(roll))
    aps = np.clip(np.round(15.5 + 3.6 * z), 3, 27)
    roll.set("ks1_aps", np.where(has, aps, np.nan))
    level = np.select([aps < 8, aps < 12, aps < 20, aps < 25], [0, 1, 2, 3], 4)
    levels_era = has & (ks1_year <= 2015)
    roll.set("ks1_eng", np.where(levels_era, level, -1))
    roll.set("ks1_mat", np.where(levels_era, np.clip(level + (rng.random(len(roll)) < 0.2), 0, 4),
                                 -1))


def _ks2(roll: Roll, start: int, wales: bool, rng: np.random.Generator) -> None:
    ks2_year = start - (roll.nc.astype(np.int32) - 6)
    has = (roll.nc >= 7) & ~np.isin(ks2_year, NO_ASSESSMENT_YEARS)
    z = roll.ability + rng.normal(0, 0.4, len(roll))
    levels_era = has & ((ks2_year <= 2015) | wales)
    fine_e = np.clip(4.5 + 0.95 * (z + rng.normal(0, 0.3, len(roll))), 2.0, 6.99)
    fine_m = np.clip(4.5 + 0.95 * (z + rng.normal(0, 0.3, len(roll))), 2.0, 6.99)
    roll.set("ks2_eng", np.where(levels_era, np.floor(fine_e), -1))
    roll.set("ks2_mat", np.where(levels_era, np.floor(fine_m), -1))
    roll.set("ks2_fine", np.where(levels_era, (fine_e + fine_m) / 2, np.nan))
    scaled_era = has & ~levels_era
    emss = np.clip(np.round((104 + 7 * z) * 2) / 2, 80, 120)
    roll.set("ks2_emss", np.where(scaled_era, emss, np.nan))
    roll.set("ks2_year", np.where(has, ks2_year, 0))


def bootstrap_priors(roll: Roll, start: int, wales: bool, rng: np.random.Generator) -> None:
    _ks1(roll, start, rng)
    _ks2(roll, start, wales, rng)
