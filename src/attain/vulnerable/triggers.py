"""Attendance intervention triggers (seed 002): schools whose attendance is more than
`points` percentage points below the previous year are listed for an intervention plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_POINTS = 1.0


@dataclass(frozen=True)
class Trigger:
    urn: int
    year: int
    attendance: float
    attendance_last_year: float

    @property
    def fall(self) -> float:
        return self.attendance_last_year - self.attendance


def attendance_triggers(this_year: Mapping[int, float], last_year: Mapping[int, float],
                        year: int, points: float = DEFAULT_POINTS) -> list[Trigger]:
    """Schools (URN -> attendance %) with a fall of more than `points`, largest first."""
    found = [Trigger(urn, year, rate, last_year[urn]) for urn, rate in this_year.items()
             if urn in last_year and last_year[urn] - rate > points]
    return sorted(found, key=lambda t: (-t.fall, t.urn))


SCHOOL_ATTENDANCE_SQL = """
SELECT urn, year, 100 * (1 - sum(sessions_authorised + sessions_unauthorised)
                         / sum(sessions_possible)) AS attendance
FROM attendance WHERE year IN ($year, $year - 1) AND sessions_possible > 0 AND {where}
GROUP BY urn, year
"""
