"""Reads for the LA dashboard, scoped to a set of schools, on the caller's session (one
short query each: the dashboard is served on every visit, and the url-based services open
an engine and check the schema revision on each call, about 30-45 ms here).

- (each school's latest categories: attain.services.school_categories);
- the visits of the review cycle that need attention (due, overdue, or missed this year);
- overdue plan actions: of the plans of the scoped schools (attain.services.plan_scope),
  and of every LA plan (a plan no school visit reviews).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.risk.review import VisitState
from attain.risk.store import visit_state
from attain.services.plan_scope import plan_schools
from attain.services.plans import DueAction, due_in
from attain.store.plan_models import PlanRow
from attain.store.risk_models import SchoolVisitRow

ATTENTION = (VisitState.DUE, VisitState.OVERDUE, VisitState.MISSED)


VisitWithState = tuple[SchoolVisitRow, VisitState]


def visits_needing_attention(session: Session, urns: Collection[int], today: date,
                             this_year: int) -> list[VisitWithState]:
    """The schools' visits not yet made whose window is open or has passed: due or
    overdue (of any year), and missed ones of academic year `this_year` only (older missed
    visits are history, on each school's visits page); soonest window end first."""
    query = (sa.select(SchoolVisitRow)
             .where(SchoolVisitRow.urn.in_(sorted(urns)), SchoolVisitRow.visited_on.is_(None))
             .order_by(SchoolVisitRow.due_to, SchoolVisitRow.urn))
    found = []
    for row in session.scalars(query):
        now = visit_state(row, today)
        if now in ATTENTION and (now is not VisitState.MISSED or row.year == this_year):
            found.append((row, now))
    return found


def overdue_actions(session: Session, urns: Collection[int] | None,
                    today: date) -> list[DueAction]:
    """Open plan actions past their target date: every plan's when `urns` is None (all
    schools), else the LA plans' and those of plans that belong to one of `urns`."""
    late = [action for action in due_in(session, weeks=0, today=today) if action.overdue]
    if urns is None:
        return late
    wanted = frozenset(urns)
    owners = plan_schools(session)
    return [action for action in late
            if action.plan_id not in owners or owners[action.plan_id] & wanted]


def plan_titles(session: Session, plan_ids: Collection[str]) -> dict[str, str]:
    query = sa.select(PlanRow.id, PlanRow.title).where(PlanRow.id.in_(sorted(plan_ids)))
    return {str(plan_id): str(title) for plan_id, title in session.execute(query)}
