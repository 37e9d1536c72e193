"""Reads for the web pages of one school's risk and review records: its concerns,
self-evaluations and visits, and the year's School Review Group meetings. The writes stay
in attain.risk.store (each with its audit entry)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from attain.risk import moderation
from attain.risk.moderation import Moderation
from attain.risk.review import VisitState
from attain.risk.store import TERMS, session, visit_state
from attain.store.risk_models import (
    CategorisationRow,
    ConcernRow,
    ReviewMeetingRow,
    SchoolVisitRow,
    SelfEvaluationRow,
)


def concerns_of(url: str, urn: int) -> list[ConcernRow]:
    """The school's concerns, newest first."""
    with session(url) as s:
        rows = list(s.scalars(select(ConcernRow).where(ConcernRow.urn == urn)
                              .order_by(ConcernRow.raised_on.desc(), ConcernRow.id.desc())))
        s.expunge_all()
    return rows


def self_evaluations_of(url: str, urn: int) -> list[SelfEvaluationRow]:
    """The school's self-evaluation profiles, newest year and term first."""
    with session(url) as s:
        rows = list(s.scalars(select(SelfEvaluationRow).where(SelfEvaluationRow.urn == urn)))
        s.expunge_all()
    return sorted(rows, key=lambda r: (r.year, TERMS.index(r.term)), reverse=True)


def meetings_of(url: str, year: int) -> dict[int, ReviewMeetingRow]:
    """The year's recorded School Review Group meetings by number (1-4)."""
    with session(url) as s:
        rows = list(s.scalars(select(ReviewMeetingRow).where(ReviewMeetingRow.year == year)))
        s.expunge_all()
    return {r.number: r for r in rows}


def visits_of(url: str, urn: int, today: date) -> list[tuple[SchoolVisitRow, VisitState]]:
    """The school's scheduled visits of every year, with their state on `today`."""
    with session(url) as s:
        rows = list(s.scalars(select(SchoolVisitRow).where(SchoolVisitRow.urn == urn)
                              .order_by(SchoolVisitRow.year.desc(), SchoolVisitRow.due_from)))
        s.expunge_all()
    return [(r, visit_state(r, today)) for r in rows]


def visit_of(url: str, urn: int, year: int, visit: str) -> SchoolVisitRow | None:
    with session(url) as s:
        row = s.scalar(select(SchoolVisitRow).where(
            SchoolVisitRow.urn == urn, SchoolVisitRow.year == year,
            SchoolVisitRow.visit == visit))
        s.expunge_all()
    return row


def decisions_of_year(url: str, year: int) -> dict[int, list[CategorisationRow]]:
    """Every school's categorisation decisions of the year, by URN."""
    found: dict[int, list[CategorisationRow]] = {}
    with session(url) as s:
        for row in s.scalars(select(CategorisationRow).where(CategorisationRow.year == year)
                             .order_by(CategorisationRow.id)):
            found.setdefault(row.urn, []).append(row)
        s.expunge_all()
    return found


def decision_history(url: str, urn: int) -> list[tuple[CategorisationRow, Moderation | None]]:
    """The school's categorisation decisions, oldest first, each agreed one with the
    moderation meeting it was agreed at (its id, date and who signed off), when recorded."""
    with session(url) as s:
        rows = list(s.scalars(select(CategorisationRow).where(CategorisationRow.urn == urn)
                              .order_by(CategorisationRow.year, CategorisationRow.id)))
        agreed_at = moderation.of_decisions(s, rows)
        s.expunge_all()
    return [(r, agreed_at.get(r.id)) for r in rows]


def held_meetings(url: str) -> list[ReviewMeetingRow]:
    """Every School Review Group meeting that took place, newest first (the moderation
    meetings a category can be agreed at)."""
    with session(url) as s:
        rows = list(s.scalars(select(ReviewMeetingRow).where(ReviewMeetingRow.held_on.is_not(
            None)).order_by(ReviewMeetingRow.held_on.desc())))
        s.expunge_all()
    return rows
