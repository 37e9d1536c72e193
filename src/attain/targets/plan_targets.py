"""Submitted targets as plan targets: a measure of success linked to the results cube takes
the school's (or LA's) submitted target for that measure and year when the plan states
none, and shows both when it does (docs/estimates.md, "Targets feed plans").

Only links to the whole cohort (group `all`) of a school or an LA can have a submitted
target: schools submit one per measure and year, and the LA's is the cohort-weighted sum of
its schools' targets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from attain.domain import plans as m
from attain.domain.results import Level


@dataclass(frozen=True)
class SubmittedTarget:
    level: Level
    area_code: str
    measure_id: str
    year: int
    value: float
    schools: int  # schools whose targets make it up (1 for a school's own)


# (link, year or None for the latest submitted) -> the submitted target, if any
TargetLookup = Callable[[m.MeasureLink, int | None], SubmittedTarget | None]


class Source(StrEnum):
    PLAN = "plan"
    SUBMITTED = "submitted"
    BOTH = "plan and submitted"


@dataclass(frozen=True)
class PlanTarget:
    """One linked measure of success with the plan's own target and the submitted one."""

    where: str  # "priority" or "priority/objective"
    text: str
    link: m.MeasureLink
    plan_target: m.Point | None
    submitted: SubmittedTarget | None

    @property
    def target(self) -> m.Point | None:
        """The target used to track the measure: the plan's own, else the submitted one."""
        if self.plan_target is not None:
            return self.plan_target
        if self.submitted is not None:
            return m.Point(self.submitted.value, self.submitted.year)
        return None

    @property
    def source(self) -> Source | None:
        if self.plan_target is not None and self.submitted is not None:
            return Source.BOTH
        if self.plan_target is not None:
            return Source.PLAN
        return Source.SUBMITTED if self.submitted is not None else None


def linked_measures(plan: m.Plan) -> Iterator[tuple[str, m.MeasureOfSuccess]]:
    for priority in plan.priorities:
        for measure in priority.measures:
            yield priority.ref, measure
        for objective in priority.objectives:
            for measure in objective.measures:
                yield f"{priority.ref}/{objective.ref}", measure


def plan_targets(plan: m.Plan, lookup: TargetLookup, year: int | None = None
                 ) -> list[PlanTarget]:
    """Every linked measure of success with both targets. The submitted target is looked up
    for the plan target's year; without one, for `year`, else the latest submitted."""
    rows = []
    for where, measure in linked_measures(plan):
        if measure.link is None:
            continue
        wanted = measure.target.year if measure.target and measure.target.year else year
        submitted = lookup(measure.link, wanted) if measure.link.group_id == "all" else None
        rows.append(PlanTarget(where, measure.text, measure.link, measure.target, submitted))
    return rows


def with_submitted_targets(plan: m.Plan, lookup: TargetLookup, year: int | None = None
                           ) -> m.Plan:
    """The plan with each linked measure that states no target given the submitted one
    (measures with their own target are unchanged). A submitted target for a year before
    the measure's baseline is not used."""
    def fill(measure: m.MeasureOfSuccess) -> m.MeasureOfSuccess:
        if measure.target is not None or measure.link is None or measure.link.group_id != "all":
            return measure
        found = lookup(measure.link, year)
        if found is None:
            return measure
        baseline_year = measure.baseline.year if measure.baseline else None
        if baseline_year is not None and found.year < baseline_year:
            return measure
        return dataclasses.replace(measure, target=m.Point(found.value, found.year))

    priorities = tuple(dataclasses.replace(
        p, measures=tuple(fill(x) for x in p.measures),
        objectives=tuple(dataclasses.replace(o, measures=tuple(fill(x) for x in o.measures))
                         for o in p.objectives)) for p in plan.priorities)
    return dataclasses.replace(plan, priorities=priorities)
