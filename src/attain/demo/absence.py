"""Attendance (sessions per enrolment) and exclusions (per pupil, only those excluded)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from attain.demo import rates
from attain.demo.columns import floats, ints, key_columns
from attain.demo.roll import Roll
from attain.demo.world import World

FULL_YEAR = 380
# Spring 2020: schools closed from 23 March and absence was collected to then only.
_SHORT_YEARS = {2020: 0.6}


def _propensity(sub: Roll, base: np.ndarray, target_mean: float) -> np.ndarray:
    """Scale per-pupil propensities so that their mean is `target_mean`."""
    if base.size == 0:
        return base
    scaled: np.ndarray = np.clip(base * target_mean / base.mean(), 0, 0.95)
    return scaled


def attendance(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    sub = roll.take(roll.nc <= 11)
    n = len(sub)
    full = np.round(FULL_YEAR * _SHORT_YEARS.get(year, 1.0)) - rng.integers(0, 6, n)
    moved = sub.from_school >= 0
    before = np.where(moved, rng.integers(20, 150, n), 0)
    overall = rates.level("abs_overall", year, world.country) / 100
    unauth = rates.level("abs_unauthorised", year, world.country) / 100
    raw = sub.absence_u * np.exp(0.3 * sub.dep - 0.15 * sub.ability + 0.3 * (sub.sen > 0)
                                 + 0.3 * (sub.nc >= 7))
    rate = _propensity(sub, raw, overall)
    raw_u = np.exp(0.5 * sub.dep + 0.3 * (sub.nc >= 7))
    # Normalise by the absence-weighted mean: unauthorised absence is concentrated in
    # pupils who miss most sessions.
    weighted = float((raw_u * rate).sum() / rate.sum()) if n else 1.0
    share_u = np.clip(raw_u * (unauth / overall) / weighted, 0, 1)
    parts = []
    for school, possible in ((sub.school, full - before), (sub.from_school, before)):
        keep = possible > 0
        absent = rng.binomial(possible.astype(np.int64), rate)
        unauthorised = rng.binomial(absent, share_u)
        cols = key_columns(sub, world, year, np.maximum(school, 0))
        cols.update({
            "sessions_possible": ints(possible),
            "sessions_authorised": ints(absent - unauthorised),
            "sessions_unauthorised": ints(unauthorised),
        })
        parts.append(pa.table(cols).filter(pa.array(keep)))
    return pa.concat_tables(parts)


def exclusions(roll: Roll, world: World, year: int, rng: np.random.Generator) -> pa.Table:
    sub = roll.take(roll.nc <= 11)
    n = len(sub)
    one_plus = rates.level("excl_one_plus_fixed", year, world.country) / 100
    episodes = rates.level("excl_fixed_rate", year, world.country) / 100
    permanent = rates.level("excl_perm_rate", year, world.country) / 100
    raw = np.exp(0.9 * sub.behaviour_u + 0.4 * sub.dep + 0.5 * (sub.sen > 0) + 0.5 * sub.male
                 + 1.5 * (sub.nc >= 7) + 0.6 * world.special[sub.school])
    fixed = rng.random(n) < _propensity(sub, raw, one_plus)
    extra = max(episodes / one_plus - 1, 0.0) if one_plus else 0.0
    count = np.where(fixed, 1 + rng.poisson(extra, n), 0)
    days = np.where(fixed, np.round(rng.gamma(np.maximum(count, 1) * 1.6, 1.2) * 2) / 2, 0.0)
    days = np.where(fixed, np.maximum(days, 0.5), 0.0)
    perm = rng.random(n) < _propensity(sub, raw**1.5, permanent)
    keep = fixed | perm
    cols = key_columns(sub, world, year)
    cols.update({
        "fixed_count": ints(count),
        "fixed_days": floats(days.astype(float)),
        "permanent": pa.array(perm),
    })
    return pa.table(cols).filter(pa.array(keep))
