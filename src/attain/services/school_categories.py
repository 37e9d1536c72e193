"""Each school's latest risk category, from the stored categorisation decisions.

A school's latest categories are its decisions of the latest academic year it has any in,
one per framework: the latest of the strongest stage (agreed, then appeal, then proposed,
then computed), the rule the reports use (attain.reports.ofsted.chosen_decisions).

Below the floor: every floor-standard framework (definitions/frameworks/england_floor_*)
puts a school below the floor in its category `below_floor`, so a school is below the
floor when one of its latest categories is that one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from attain.reports.ofsted import Decision, chosen_decisions
from attain.store.risk_models import CategorisationRow

BELOW_FLOOR = "below_floor"


@dataclass(frozen=True)
class LatestCategory:
    urn: int
    year: int
    framework_id: str
    category: str
    stage: str


def latest_categories(session: Session,
                      urns: Collection[int]) -> dict[int, tuple[LatestCategory, ...]]:
    """The schools' latest categories by URN (a school without decisions is left out)."""
    by_school: dict[int, list[Decision]] = defaultdict(list)
    if not urns:
        return {}
    query = select(CategorisationRow.urn, CategorisationRow.year, CategorisationRow.framework_id,
                   CategorisationRow.stage, CategorisationRow.category,
                   CategorisationRow.decided_at, CategorisationRow.id).where(
        CategorisationRow.urn.in_(list(urns)))
    for urn, year, framework, stage, category, decided_at, order in session.execute(query):
        by_school[urn].append(Decision(urn, year, framework, stage, category, (),
                                       decided_at.date(), order))
    return {urn: _latest_year(found) for urn, found in by_school.items()}


def _latest_year(decisions: list[Decision]) -> tuple[LatestCategory, ...]:
    year = max(d.year for d in decisions)
    return tuple(LatestCategory(d.urn, d.year, d.framework, d.category, d.stage)
                 for d in chosen_decisions([d for d in decisions if d.year == year]))


def is_below_floor(categories: Collection[LatestCategory]) -> bool:
    return any(c.category == BELOW_FLOOR for c in categories)
