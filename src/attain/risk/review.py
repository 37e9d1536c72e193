"""The termly review cycle (seed 004, "Improving Learning Together"): School Review Group
meetings in September, January, April and July; school visits SV1 (October-November, focus
the achievement of pupils), SV2 (February-March) and SV3 (May-June) (focus review of
self-evaluation priorities); RAP progress meetings every four weeks. Which visits a school
receives is set by its category in the framework (`visits:`)."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

RAP_MEETING_EVERY = timedelta(weeks=4)


@dataclass(frozen=True)
class Window:
    name: str
    focus: str
    first_month: int
    last_month: int

    def dates(self, year: int) -> tuple[date, date]:
        """The window in academic year `year` (Sept-Dec fall in year - 1)."""
        def at(month: int) -> int:
            return year - 1 if month >= 9 else year
        start = date(at(self.first_month), self.first_month, 1)
        end_year = at(self.last_month)
        end = date(end_year, self.last_month, monthrange(end_year, self.last_month)[1])
        return start, end


MEETINGS = tuple(Window(f"SRG{i}", "School Review Group", m, m)
                 for i, m in enumerate((9, 1, 4, 7), start=1))
VISITS = (Window("SV1", "The achievement of pupils", 10, 11),
          Window("SV2", "Review of self-evaluation priorities", 2, 3),
          Window("SV3", "Review of self-evaluation priorities", 5, 6))


class VisitState(StrEnum):
    DONE = "done"
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"   # window passed, next visit's window not yet open
    MISSED = "missed"     # next visit's window has opened (or the year is over)


@dataclass(frozen=True)
class ScheduledVisit:
    urn: int
    year: int
    visit: str
    focus: str
    due_from: date
    due_to: date


def schedule(year: int, schools: Iterable[tuple[int, date | None, date | None]],
             visits_by_school: Mapping[int, tuple[str, ...]]) -> list[ScheduledVisit]:
    """Visits for each (urn, open_date, close_date): only windows the school is open for
    (a school opening mid-year gets only the visits whose window ends after it opens)."""
    planned: list[ScheduledVisit] = []
    for urn, opened, closed in schools:
        wanted = visits_by_school.get(urn, ())
        for window in VISITS:
            start, end = window.dates(year)
            if window.name not in wanted or (opened and opened > end) or \
                    (closed and closed < start):
                continue
            planned.append(ScheduledVisit(urn, year, window.name, window.focus,
                                          max(start, opened or start), end))
    return planned


def meetings(year: int) -> list[tuple[str, date, date]]:
    return [(w.name, *w.dates(year)) for w in MEETINGS]


def state(visit: ScheduledVisit, visited_on: date | None, today: date) -> VisitState:
    if visited_on is not None:
        return VisitState.DONE
    if today < visit.due_from:
        return VisitState.UPCOMING
    if today <= visit.due_to:
        return VisitState.DUE
    later = [w for w in VISITS if w.dates(visit.year)[0] > visit.due_to]
    next_opens = later[0].dates(visit.year)[0] if later else date(visit.year, 8, 31)
    return VisitState.OVERDUE if today < next_opens else VisitState.MISSED


def rap_meetings(start: date, until: date) -> list[date]:
    """Four-weekly School/LA progress meetings reviewing a RAP, from its start."""
    dates, at = [], start
    while at <= until:
        dates.append(at)
        at += RAP_MEETING_EVERY
    return dates
