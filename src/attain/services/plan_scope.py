"""Which plans a school user may see: the plans (raising-attainment plans) linked to a
visit of one of their schools. LA staff see every plan; viewers none."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.store.risk_models import SchoolVisitRow


def plans_of_schools(session: Session, urns: Iterable[int]) -> frozenset[str]:
    wanted = set(urns)
    if not wanted:
        return frozenset()
    found = session.scalars(sa.select(SchoolVisitRow.plan_id).where(
        SchoolVisitRow.urn.in_(wanted), SchoolVisitRow.plan_id.is_not(None)))
    return frozenset(p for p in found if p is not None)
