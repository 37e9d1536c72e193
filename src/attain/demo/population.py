"""How the pupil population moves from one academic year to the next.

Each year: Year 13 and most Year 11 pupils leave, a few pupils leave or join, everyone moves
up a year, a Reception cohort starts, pupils transfer at Year 3 (infant -> junior), Year 7
and Year 12, pupils of closed schools move on, some pupils move between years and some in
the autumn term (two enrolments that year), and latent ability drifts.
"""

from __future__ import annotations

import numpy as np

from attain.demo import characteristics as ch
from attain.demo.roll import Roll
from attain.demo.world import World

BETWEEN_YEAR_MOVES = 0.03
MID_YEAR_MOVES = 0.015
LEAVE_RATE = 0.01
STAY_ON_BASE = -0.2        # logit of staying on after Year 11 at average ability
SPECIAL_AT_ENTRY = 0.006
SPECIAL_AT_Y7 = 0.006


class Population:
    def __init__(self, world: World, rng: np.random.Generator) -> None:
        self.world = world
        self.rng = rng
        self.next_pid = 1
        self.roll = Roll.empty(0)

    # --- new pupils -------------------------------------------------------------------
    def _new(self, la: np.ndarray, nc: np.ndarray) -> Roll:
        n = len(la)
        roll = Roll.empty(n)
        roll.set("pid", np.arange(self.next_pid, self.next_pid + n))
        self.next_pid += n
        roll.set("la", la)
        roll.set("nc", nc)
        ch.draw_new_pupils(roll, self.world, self.rng)
        return roll

    def _cohort_las(self, fraction: float = 1.0) -> np.ndarray:
        sizes = self.rng.poisson(self.world.la_size * fraction)
        return np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)

    def bootstrap(self, year: int) -> None:
        """The roll at the first generated year: Reception to Year 13 already in school."""
        parts = []
        for nc in range(14):
            fraction = 0.45 if nc >= 12 else 1.0
            la = self._cohort_las(fraction)
            roll = self._new(la, np.full(len(la), nc))
            roll.set("school", self._place(roll, year, entry=False))
            ch.settle(roll, self.world, self.rng)
            parts.append(roll.take(roll.school >= 0))
        roll = parts[0]
        for part in parts[1:]:
            roll = roll.concat(part)
        ch.bootstrap_history(roll, self.world, year, self.rng)
        self.roll = roll

    def _place(self, roll: Roll, year: int, entry: bool) -> np.ndarray:
        special = self._needs_special(roll, SPECIAL_AT_ENTRY)
        school = self.world.allocate(roll.la, roll.nc, year, self.rng, entry=entry)
        spec = self.world.allocate(roll.la, roll.nc, year, self.rng, special=True)
        use_special = special & (spec >= 0)
        return np.where(use_special, spec, school)

    def _needs_special(self, roll: Roll, share: float) -> np.ndarray:
        need = -roll.ability + 0.8 * roll.sen_u + self.rng.normal(0, 0.3, len(roll))
        if len(roll) == 0:
            return np.zeros(0, dtype=bool)
        return need > np.quantile(need, 1 - share)

    # --- the yearly step --------------------------------------------------------------
    def advance(self, year: int) -> None:
        roll = self._leavers(self.roll)
        roll.set("nc", roll.nc + 1)
        roll.set("from_school", np.full(len(roll), -1))
        roll = self._transfers(roll, year)
        roll = roll.concat(self._reception(year)).concat(self._joiners(year))
        roll = roll.take(roll.school >= 0)
        self._mid_year_moves(roll, year)
        ch.evolve(roll, self.rng)
        self.roll = roll

    def _leavers(self, roll: Roll) -> Roll:
        n = len(roll)
        leave = self.rng.random(n) < LEAVE_RATE
        stay_on = self.rng.random(n) < 1 / (1 + np.exp(-(STAY_ON_BASE + 1.2 * roll.ability)))
        gone = leave | (roll.nc >= 13) | ((roll.nc == 11) & ~stay_on)
        return roll.take(~gone)

    def _reception(self, year: int) -> Roll:
        la = self._cohort_las()
        roll = self._new(la, np.zeros(len(la)))
        roll.set("school", self._place(roll, year, entry=True))
        ch.settle(roll, self.world, self.rng)
        return roll

    def _joiners(self, year: int) -> Roll:
        """Pupils arriving from elsewhere (no prior attainment on record)."""
        la = self._cohort_las(LEAVE_RATE * 11)
        nc = self.rng.integers(1, 12, len(la))
        roll = self._new(la, nc)
        roll.set("school", self.world.allocate(roll.la, roll.nc, year, self.rng))
        ch.settle(roll, self.world, self.rng)
        return roll

    def _transfers(self, roll: Roll, year: int) -> Roll:
        w = self.world
        school = roll.school.copy()
        nc = roll.nc
        # Schools that closed: successor if any, otherwise any school nearby.
        closed = ~w.open_mask(year)[school]
        succ = w.successor[school]
        school = np.where(closed & (succ >= 0), succ, school)
        closed = ~w.open_mask(year)[school]
        # Infant to junior.
        junior = w.junior[school]
        school = np.where((nc == 3) & (junior >= 0), junior, school)
        # Outgrown the school (Year 7, Year 12) or closed: choose a new one.
        outgrown = (nc > w.nc_high[school]) | closed
        move = outgrown | (self.rng.random(len(roll)) < BETWEEN_YEAR_MOVES)
        move &= ~w.special[school]
        idx = np.flatnonzero(move)
        entry_y7 = nc[idx] == 7
        new = w.allocate(roll.la[idx], nc[idx], year, self.rng)
        y7 = w.allocate(roll.la[idx], nc[idx], year, self.rng, entry=True)
        new = np.where(entry_y7 & (y7 >= 0), y7, new)
        keep = (new < 0) & ~outgrown[idx]
        school[idx] = np.where(keep, school[idx], new)
        roll.set("school", school)
        self._special_at_y7(roll, year)
        return roll

    def _special_at_y7(self, roll: Roll, year: int) -> None:
        y7 = np.flatnonzero((roll.nc == 7) & ~self.world.special[np.maximum(roll.school, 0)])
        sub = roll.take(y7)
        need = self._needs_special(sub, SPECIAL_AT_Y7)
        spec = self.world.allocate(sub.la, sub.nc, year, self.rng, special=True)
        school = roll.school.copy()
        school[y7] = np.where(need & (spec >= 0), spec, school[y7])
        roll.set("school", school)

    def _mid_year_moves(self, roll: Roll, year: int) -> None:
        w = self.world
        movers = np.flatnonzero((self.rng.random(len(roll)) < MID_YEAR_MOVES)
                                & ~w.special[roll.school] & (roll.nc >= 1) & (roll.nc <= 11))
        new = w.allocate(roll.la[movers], roll.nc[movers], year, self.rng)
        ok = (new >= 0) & (new != roll.school[movers])
        movers, new = movers[ok], new[ok]
        from_school = roll.from_school.copy()
        school = roll.school.copy()
        from_school[movers] = school[movers]
        school[movers] = new
        roll.set("from_school", from_school)
        roll.set("school", school)
