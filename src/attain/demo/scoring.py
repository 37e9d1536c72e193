"""A pupil's latent score in an assessment, and calibration of cut-offs to national rates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from attain.demo.roll import Roll
from attain.demo.world import World


@dataclass(frozen=True)
class Subject:
    """How a subject's score departs from general ability."""

    girls: float = 0.1       # advantage of girls, in SD
    noise: float = 0.5       # subject-specific noise, in SD
    eal_young: float = 0.0   # EAL gap at Reception, fading by Year 6


LITERACY = Subject(girls=0.3, noise=0.45, eal_young=-0.35)
WRITING = Subject(girls=0.5, noise=0.45, eal_young=-0.35)
MATHS = Subject(girls=-0.04, noise=0.45, eal_young=-0.2)
SCIENCE = Subject(girls=0.02, noise=0.5, eal_young=-0.2)
GENERAL = Subject(girls=0.2, noise=0.35, eal_young=-0.3)


def _age_effect(nc: np.ndarray) -> np.ndarray:
    """Gap between the oldest (September) and youngest (August) born, in SD."""
    return np.select([nc <= 0, nc <= 2, nc <= 6, nc <= 9], [0.9, 0.55, 0.35, 0.2], 0.12)


def score(roll: Roll, world: World, subject: Subject, rng: np.random.Generator,
          common: np.ndarray | None = None) -> np.ndarray:
    """Latent score: ability, school effect, age in year, gender, EAL and noise. `common`
    is a shared per-pupil shock for subjects taken in the same sitting."""
    n = len(roll)
    age_rank = ((roll.mob.astype(np.int16) - 9) % 12) / 11.0 - 0.5
    eal_fade = np.clip(1 - roll.nc / 7.0, 0, 1)
    base = (roll.ability + world.effect[roll.school] - _age_effect(roll.nc) * age_rank
            + subject.girls * (~roll.male) + subject.eal_young * eal_fade * roll.eal)
    if common is not None:
        base = base + common
    result: np.ndarray = (base + rng.normal(0, subject.noise, n)).astype(np.float64)
    return result


def cut_for_rate(values: np.ndarray, rate: float) -> float:
    """The cut-off above which `rate` (a share 0-1) of `values` lies."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0
    share = min(max(rate * len(values) / finite.size, 0.0), 1.0)
    return float(np.quantile(finite, 1 - share))


def solve(rate_of_shift: Callable[[float], float], target: float,
          low: float = -6.0, high: float = 6.0, steps: int = 30) -> float:
    """Shift s with rate_of_shift(s) == target, for a rate that rises with s."""
    for _ in range(steps):
        mid = (low + high) / 2
        if rate_of_shift(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def exceptions(n: int, rng: np.random.Generator, low_ability: np.ndarray,
               absent: float = 0.012, disapplied: float = 0.006) -> np.ndarray:
    """Codes for pupils without a result: 0 none, 1 A absent, 2 D disapplied,
    3 Q maladministration, 4 X missing. Disapplication falls on the lowest attainers."""
    code = np.zeros(n, dtype=np.int8)
    u = rng.random(n)
    code[u < absent] = 1
    code[(u >= absent) & (u < absent + 0.0005)] = 3
    code[(u >= absent + 0.0005) & (u < absent + 0.0015)] = 4
    if n and disapplied > 0:
        cut = np.quantile(low_ability, disapplied)
        code[(low_ability <= cut) & (code == 0)] = 2
    return code
