"""Priority actions of the standards report, filled from the LA's linked action plans.

The rule (docs/reports.md "Priority actions"):

1. A plan is linked to the report for LA L and year Y when at least one of its measures of
   success is linked to the results cube at LA level for area L, it is not archived, and
   its dates touch academic years Y or Y+1 (1 September Y-1 to 31 August Y+1: the year
   reported on and the year the priority actions are for). Its dates are its period; else
   the span of its actions' start and target dates; a plan with no dates at all is taken
   to be current.
2. An objective belongs to a section when one of its own measures, or one of its
   priority's measures, is linked to a measure of that section's key stage (the measure
   catalogue's `key_stage`: eyfs, phonics, ks1, ks2, ks4, ks5; attendance -> absence;
   exclusions). A measure of a pupil group (a link's group other than "all", or a catalogue
   measure whose cohort is a pupil group, e.g. looked-after children) belongs to the
   vulnerable-groups section instead.
3. The section lists each such objective and its open actions (not complete or cancelled),
   with owners and target date, naming the plan. Sections no plan speaks to stay empty for
   the officer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from attain.domain import plans as m
from attain.domain.results import Level

SECTION_OF_KEY_STAGE = {"eyfs": "eyfs", "phonics": "phonics", "ks1": "ks1", "ks2": "ks2",
                        "ks4": "ks4", "ks5": "ks5", "attendance": "absence",
                        "exclusions": "exclusions"}
GROUPS_SECTION = "groups"
OPEN_STATUSES = frozenset(s for s in m.ActionStatus
                          if s not in (m.ActionStatus.COMPLETE, m.ActionStatus.CANCELLED))


@dataclass(frozen=True)
class MeasureTopic:
    """What the catalogue says a measure is about."""

    key_stage: str
    about_group: bool = False


def linked_to(plan: m.Plan, la_code: str, year: int) -> bool:
    """Rule 1: the plan follows the LA's results and is current for the year."""
    if plan.status is m.PlanStatus.ARCHIVED:
        return False
    if not any(x.link is not None and x.link.level is Level.LA and x.link.area_code == la_code
               for x in plan.measures()):
        return False
    first, last = _span(plan)
    start, end = date(year - 1, 9, 1), date(year + 1, 8, 31)
    return (first is None or first <= end) and (last is None or last >= start)


def _span(plan: m.Plan) -> tuple[date | None, date | None]:
    if plan.period is not None and (plan.period.earliest or plan.period.latest):
        return plan.period.earliest, plan.period.latest
    dates = [d for _, _, a in plan.actions() for d in (a.start, a.target) if d is not None]
    firsts = [d.earliest for d in dates if d.earliest is not None]
    lasts = [d.latest for d in dates if d.latest is not None]
    return min(firsts, default=None), max(lasts, default=None)


def sections_of(measures: Iterable[m.MeasureOfSuccess],
                topics: Mapping[str, MeasureTopic]) -> set[str]:
    """Rule 2: the report sections the linked measures speak to."""
    found = set()
    for measure in measures:
        link = measure.link
        topic = topics.get(link.measure_id) if link is not None else None
        if link is None or topic is None:
            continue
        if link.group_id != "all" or topic.about_group:
            found.add(GROUPS_SECTION)
        elif topic.key_stage in SECTION_OF_KEY_STAGE:
            found.add(SECTION_OF_KEY_STAGE[topic.key_stage])
    return found


def priority_actions(plans: Sequence[m.Plan], la_code: str, year: int,
                     topics: Mapping[str, MeasureTopic]) -> dict[str, tuple[str, ...]]:
    """Section key -> the lines of its priority actions (rule 3)."""
    lines: dict[str, list[str]] = {}
    for plan in plans:
        if not linked_to(plan, la_code, year):
            continue
        for priority in plan.priorities:
            for objective in priority.objectives:
                found = sections_of((*priority.measures, *objective.measures), topics)
                for section in sorted(found):
                    lines.setdefault(section, []).extend(
                        _objective_lines(plan, priority, objective))
    return {key: tuple(value) for key, value in lines.items()}


def _objective_lines(plan: m.Plan, priority: m.Priority, objective: m.Objective) -> list[str]:
    where = f"{plan.title}, priority {priority.ref}, objective {objective.ref}"
    lines = [f"{objective.text} ({where})"]
    for action in objective.actions:
        if action.status not in OPEN_STATUSES:
            continue
        owners = "; ".join(x for x in (action.responsible, *action.lead_partners) if x)
        details = "; ".join(x for x in (f"lead: {owners}" if owners else "",
                                        f"by {action.target}" if action.target else "",
                                        action.status.value.replace("_", " ")) if x)
        lines.append(f"Action: {action.text} ({details})")
    return lines
