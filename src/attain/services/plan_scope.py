"""Which plans belong to which schools: a plan (a raising-attainment plan) belongs to the
schools whose visits review it; a plan no visit reviews is an LA plan. LA staff see every
plan, a school user the plans of their schools, viewers none."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.store.risk_models import SchoolVisitRow


def plan_schools(session: Session) -> dict[str, frozenset[int]]:
    """plan id -> the URNs of the schools whose visits review it (absent: an LA plan)."""
    found: dict[str, set[int]] = defaultdict(set)
    query = sa.select(SchoolVisitRow.plan_id, SchoolVisitRow.urn).where(
        SchoolVisitRow.plan_id.is_not(None))
    for plan_id, urn in session.execute(query):
        found[str(plan_id)].add(int(urn))
    return {plan_id: frozenset(urns) for plan_id, urns in found.items()}


def plans_of_schools(session: Session, urns: Iterable[int]) -> frozenset[str]:
    """The plans that belong to one of `urns`."""
    wanted = frozenset(urns)
    return frozenset(plan_id for plan_id, schools in plan_schools(session).items()
                     if schools & wanted)
