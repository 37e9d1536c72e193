"""Pupil characteristics: drawn when a pupil appears, updated every January census.

The model behind the gaps: family deprivation `dep` (persistent, clustered by school and LA)
drives FSM eligibility and lowers starting ability; special needs follow low ability; girls
are ahead in literacy; summer-born pupils are behind, less so as they grow up.
"""

from __future__ import annotations

import numpy as np

from attain.demo import rates
from attain.demo.roll import Roll
from attain.demo.world import World

ETHNICITIES = ("WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL")
_ETHNICITY_P = {"E": (0.73, 0.06, 0.11, 0.055, 0.005, 0.02, 0.02),
                "W": (0.90, 0.03, 0.03, 0.01, 0.005, 0.01, 0.015)}
_EAL_BY_ETHNICITY = np.array([0.06, 0.15, 0.70, 0.40, 0.65, 0.75, 0.20])
DEP_ABILITY = 0.25        # correlation of deprivation with starting ability
LAC_RATE = 0.005


def draw_new_pupils(roll: Roll, world: World, rng: np.random.Generator) -> None:
    n = len(roll)
    roll.set("male", rng.random(n) < 0.51)
    roll.set("mob", rng.integers(1, 13, n))
    eth = rng.choice(len(ETHNICITIES), size=n, p=_ETHNICITY_P[world.country])
    roll.set("eth", eth)
    eal_scale = 1.0 if world.country == "E" else 0.5
    roll.set("eal", rng.random(n) < _EAL_BY_ETHNICITY[eth] * eal_scale)
    roll.set("sen_u", rng.normal(0, 1, n))
    roll.set("absence_u", rng.gamma(1.3, 1 / 1.3, n))
    roll.set("behaviour_u", rng.normal(0, 1, n))
    roll.set("dep", world.la_dep[roll.la] + rng.normal(0, 1, n))
    settle(roll, world, rng)


def settle(roll: Roll, world: World, rng: np.random.Generator) -> None:
    """Deprivation clusters by school, so set it (and ability) once the school is known."""
    n = len(roll)
    known = roll.school >= 0
    offset = np.where(known, world.dep_offset[np.maximum(roll.school, 0)], roll.dep * 0)
    dep = np.where(known, offset + rng.normal(0, 0.9, n), roll.dep)
    roll.set("dep", dep)
    lac = rng.random(n) < LAC_RATE * 2 / (1 + np.exp(-dep))
    roll.set("lac", lac)
    dep_z = (dep - 0.0) / 1.05
    ability = (-DEP_ABILITY * dep_z + np.sqrt(1 - DEP_ABILITY**2) * rng.normal(0, 1, n)
               - 0.7 * lac)
    roll.set("ability", ability)


def evolve(roll: Roll, rng: np.random.Generator) -> None:
    """A year older: ability drifts; deprivation keeps pulling a little."""
    drift = 0.985 * roll.ability - 0.03 * roll.dep + rng.normal(0, 0.16, len(roll))
    roll.set("ability", drift)


def _fsm_score(roll: Roll, rng: np.random.Generator) -> np.ndarray:
    return roll.dep + rng.normal(0, 0.5, len(roll))


def _threshold(score: np.ndarray, share: float) -> float:
    if score.size == 0:
        return np.inf
    return float(np.quantile(score, 1 - share))


def census(roll: Roll, world: World, year: int, rng: np.random.Generator) -> None:
    """FSM, disadvantaged (ever-6 FSM or looked after) and SEN at the January census."""
    share = rates.level("fsm", year, world.country) / 100
    score = _fsm_score(roll, rng)
    fsm = score > _threshold(score, share)
    roll.set("fsm", fsm)
    roll.set("last_fsm", np.where(fsm, year, roll.last_fsm))
    recent = (roll.last_fsm >= 0) & (roll.last_fsm >= year - 5)
    roll.set("disadvantaged", recent | roll.lac)
    _sen(roll, world, year, rng)


def _sen(roll: Roll, world: World, year: int, rng: np.random.Generator) -> None:
    need = (-0.85 * roll.ability + 0.55 * roll.sen_u + 0.25 * rng.normal(0, 1, len(roll))
            + 0.3 * roll.male)
    plan_share = 0.028 if year < 2015 else 0.028 + 0.0012 * (year - 2015)
    support_share = 0.175 if year < 2015 else 0.115 + 0.002 * (year - 2015)
    plan = need > _threshold(need, plan_share)
    support = ~plan & (need > _threshold(need, plan_share + support_share))
    plan |= world.special[roll.school]
    roll.set("sen", np.where(plan, 2, np.where(support, 1, 0)))
    # Before 2015 support is School Action (A) or, for the higher needs, Action Plus (P).
    roll.set("sen_action_plus", support & (need > _threshold(need, plan_share + 0.065)))


def bootstrap_history(roll: Roll, world: World, year: int, rng: np.random.Generator) -> None:
    """FSM in the five years before the first generated year (for ever-6)."""
    share = rates.level("fsm", year, world.country) / 100
    last = roll.last_fsm.copy()
    for back in range(5, 0, -1):
        score = _fsm_score(roll, rng)
        was = (score > _threshold(score, share)) & (roll.nc >= back)
        last = np.where(was, year - back, last)
    roll.set("last_fsm", last)
