"""The termly review cycle schedule (seed 004) across an academic year."""

from __future__ import annotations

from datetime import date

from attain.risk.review import VisitState, meetings, rap_meetings, schedule, state

ALL = ("SV1", "SV2", "SV3")


def test_meetings_in_september_january_april_july() -> None:
    # 2013 = academic year 2012/13 (seed 004's cycle)
    assert [(n, a.isoformat(), b.isoformat()) for n, a, b in meetings(2013)] == [
        ("SRG1", "2012-09-01", "2012-09-30"), ("SRG2", "2013-01-01", "2013-01-31"),
        ("SRG3", "2013-04-01", "2013-04-30"), ("SRG4", "2013-07-01", "2013-07-31")]


def test_visits_follow_the_category_and_a_mid_year_opening() -> None:
    schools = [(1, None, None), (2, date(2013, 1, 7), None), (3, None, date(2012, 12, 31))]
    visits = schedule(2013, schools, {1: ALL, 2: ALL, 3: ALL})
    got = [(v.urn, v.visit, v.due_from.isoformat(), v.due_to.isoformat()) for v in visits]
    assert got == [
        (1, "SV1", "2012-10-01", "2012-11-30"), (1, "SV2", "2013-02-01", "2013-03-31"),
        (1, "SV3", "2013-05-01", "2013-06-30"),
        # opened 7 January 2013: SV1 (Oct-Nov) had ended
        (2, "SV2", "2013-02-01", "2013-03-31"), (2, "SV3", "2013-05-01", "2013-06-30"),
        # closed at Christmas: only SV1
        (3, "SV1", "2012-10-01", "2012-11-30")]
    assert [v.visit for v in schedule(2013, [(4, None, None)], {4: ("SV1",)})] == ["SV1"]


def test_opening_inside_a_window_starts_it_on_the_opening_day() -> None:
    [sv2, _] = schedule(2013, [(5, date(2013, 2, 11), None)], {5: ALL})
    assert (sv2.visit, sv2.due_from) == ("SV2", date(2013, 2, 11))


def test_due_overdue_missed() -> None:
    sv1 = schedule(2013, [(1, None, None)], {1: ("SV1",)})[0]
    assert state(sv1, None, date(2012, 9, 30)) is VisitState.UPCOMING
    assert state(sv1, None, date(2012, 11, 30)) is VisitState.DUE
    assert state(sv1, None, date(2012, 12, 1)) is VisitState.OVERDUE
    assert state(sv1, None, date(2013, 2, 1)) is VisitState.MISSED   # SV2 window open
    assert state(sv1, date(2012, 10, 15), date(2013, 2, 1)) is VisitState.DONE


def test_rap_meetings_every_four_weeks() -> None:
    got = rap_meetings(date(2012, 10, 1), date(2012, 12, 31))
    assert got == [date(2012, 10, 1), date(2012, 10, 29), date(2012, 11, 26),
                   date(2012, 12, 24)]
