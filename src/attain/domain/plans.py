"""Strategic action plans: Plan -> Priority -> Objective -> measures of success and actions.

The shape holds the plans LAs keep in Word tables (Redditch's issues, Oxfordshire's five
areas, Caerphilly's priorities, Durham's ECM outcome) without losing a field: every
element keeps its reference and wording as written, and the structured parts (measure
links, baselines, targets, costs, fuzzy dates) sit beside the words, never instead of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from attain.domain.periods import FuzzyDate
from attain.domain.results import Level


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETE = "complete"
    ARCHIVED = "archived"


class ActionStatus(StrEnum):
    """What an owner records. `overdue` is never recorded: see `action_state`."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"


class ActionState(StrEnum):
    """An action's status as shown: the recorded status, or overdue when its date has passed."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"


CLOSED_STATUSES = frozenset({ActionStatus.COMPLETE, ActionStatus.CANCELLED, ActionStatus.ON_HOLD})


class ActorType(StrEnum):
    """Who carries an action out (Caerphilly's columns: schools, LA, EAS)."""

    SCHOOLS = "schools"
    LA = "la"
    CONSORTIUM = "consortium"
    PARTNER = "partner"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Cadence(StrEnum):
    """How often a plan is reviewed; `weeks` is the gap used to propose the next review."""

    FOUR_WEEKLY = "four_weekly"
    HALF_TERMLY = "half_termly"
    TERMLY = "termly"
    ANNUAL = "annual"

    @property
    def weeks(self) -> int:
        return {"four_weekly": 4, "half_termly": 6, "termly": 13, "annual": 52}[self.value]


class ComparatorRule(StrEnum):
    """A target stated against another area rather than as a number."""

    AT_LEAST_IN_LINE = "at_least_in_line"  # "at least in line with Worcestershire average"
    IN_LINE = "in_line"  # "in line with similar authorities"
    ABOVE = "above"  # "above national"
    GAP_HALVED = "gap_halved"  # "gap halved by 2015": the gap to the comparator halves


class PlanError(ValueError):
    """A plan that breaks one of the model's rules; importers turn it into a UserError."""


@dataclass(frozen=True)
class Role:
    """A named role on a plan or priority: accountable person, delivery champion, manager."""

    role: str
    name: str


@dataclass(frozen=True)
class MeasureLink:
    """Which row of the results cube a measure of success follows."""

    measure_id: str
    level: Level = Level.LA
    area_code: str = ""
    group_id: str = "all"

    def __post_init__(self) -> None:
        if not self.measure_id.strip():
            raise PlanError("a measure link needs a measure id")


@dataclass(frozen=True)
class Point:
    """A value in a year (the year it ends); year unknown when the plan does not say."""

    value: float
    year: int | None = None


FAMILY_LABEL = "similar schools"


@dataclass(frozen=True)
class Comparator:
    """The area a target is stated against: another results-cube row (`level`, `area_code`)
    or, with `family`, the average of the linked school's family of similar schools in the
    same year (the comparisons table's family_value for the school's own row)."""

    rule: ComparatorRule
    label: str  # as written: "Worcestershire average", "similar authorities"
    level: Level | None = None
    area_code: str = ""
    by_year: int | None = None
    family: bool = False

    def __post_init__(self) -> None:
        if self.family and (self.level is not None or self.area_code):
            raise PlanError("a family comparator compares a school with its own family of "
                            "similar schools: leave the comparator's level and area empty")

    @property
    def shown(self) -> str:
        """The label as written, or "similar schools" for a family comparator without one."""
        return self.label or (FAMILY_LABEL if self.family else self.area_code)

    def check_link(self, link: MeasureLink | None) -> None:
        """A family comparator needs a measure linked to a school's row."""
        if self.family and (link is None or link.level is not Level.SCHOOL):
            where = "not linked to a measure" if link is None else \
                f"linked at {link.level.value} level"
            raise PlanError(f"a family comparator ({self.shown}) needs a measure linked at "
                            f"school level, but this measure of success is {where}; link it "
                            "with level: school and the school's URN as its area")


@dataclass(frozen=True)
class MeasureOfSuccess:
    """Always words; optionally linked to the results cube with baseline, target, comparator."""

    text: str
    link: MeasureLink | None = None
    baseline: Point | None = None
    target: Point | None = None
    comparator: Comparator | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise PlanError("a measure of success needs its words")
        first = self.baseline.year if self.baseline else None
        last = self.target.year if self.target else None
        if first is not None and last is not None and last < first:
            raise PlanError(f"target year {last} is before baseline year {first}")
        if self.comparator is not None:
            self.comparator.check_link(self.link)


@dataclass(frozen=True)
class Cost:
    """Money in GBP (None when only the funding source is named) and where it comes from."""

    amount: Decimal | None = None
    funding_source: str = ""
    per_year: bool = False

    def __post_init__(self) -> None:
        if self.amount is not None and self.amount < 0:
            raise PlanError(f"cost £{self.amount} is negative")
        if self.amount is None and not self.funding_source.strip():
            raise PlanError("a cost needs an amount or a funding source")

    def __str__(self) -> str:
        money = f"£{self.amount:,}" if self.amount is not None else ""
        money += " p.a." if self.per_year else ""
        return " ".join(part for part in (money, self.funding_source) if part)


@dataclass(frozen=True)
class Milestone:
    text: str
    due: FuzzyDate | None = None


@dataclass(frozen=True)
class ProgressEntry:
    on: FuzzyDate
    text: str
    author: str = ""
    rag: Rag | None = None


@dataclass(frozen=True)
class Action:
    """One action or task. `resources` is the wording; `costs` the money in it.

    `ref` is as written and need not be unique: source plans number tasks by hand and
    sometimes twice (Oxfordshire's area 3 has two task 5s).
    """

    ref: str
    text: str
    actor_type: ActorType | None = None
    lead_partners: tuple[str, ...] = ()
    responsible: str = ""
    resources: str = ""
    costs: tuple[Cost, ...] = ()
    source_plan: str = ""
    milestones: tuple[Milestone, ...] = ()
    start: FuzzyDate | None = None
    target: FuzzyDate | None = None
    date_note: str = ""
    status: ActionStatus = ActionStatus.NOT_STARTED
    hold_reason: str = ""
    progress: tuple[ProgressEntry, ...] = ()

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise PlanError(f"action {self.ref!r} has no text")
        if self.status is ActionStatus.ON_HOLD and not self.hold_reason.strip():
            raise PlanError(f"action {self.ref!r} is on hold without a reason")
        if self.start and self.target and self.target.sort_key()[1] < self.start.sort_key()[0]:
            raise PlanError(f"action {self.ref!r} ends before it starts")

    @property
    def total_cost(self) -> Decimal:
        return sum((c.amount for c in self.costs if c.amount is not None), Decimal(0))


@dataclass(frozen=True)
class Objective:
    ref: str
    text: str
    measures: tuple[MeasureOfSuccess, ...] = ()
    actions: tuple[Action, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()


@dataclass(frozen=True)
class Priority:
    """A priority, issue or area; `aim`, `key_issues` and `success_criteria` as written."""

    ref: str
    title: str
    aim: str = ""
    description: str = ""
    key_issues: tuple[str, ...] = ()
    success_criteria: str = ""
    roles: tuple[Role, ...] = ()
    measures: tuple[MeasureOfSuccess, ...] = ()
    objectives: tuple[Objective, ...] = ()

    def __post_init__(self) -> None:
        _unique_refs(f"priority {self.ref!r}", (o.ref for o in self.objectives))


@dataclass(frozen=True)
class ObjectiveReview:
    priority_ref: str
    objective_ref: str
    progress: str
    next_steps: str = ""
    rag: Rag | None = None


@dataclass(frozen=True)
class Review:
    """A review meeting: per objective, how it is going and what next; the next date."""

    held_on: date
    reviewer: str = ""
    notes: str = ""
    objectives: tuple[ObjectiveReview, ...] = ()
    next_review: FuzzyDate | None = None


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    organisation: str = ""
    period: FuzzyDate | None = None
    owner: str = ""
    status: PlanStatus = PlanStatus.ACTIVE
    version: str = ""
    version_date: FuzzyDate | None = None
    cadence: Cadence | None = None
    description: str = ""
    monitoring: str = ""
    source: str = ""
    notes: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    priorities: tuple[Priority, ...] = ()
    reviews: tuple[Review, ...] = ()

    def __post_init__(self) -> None:
        if not self.id.strip() or not self.title.strip():
            raise PlanError("a plan needs an id and a title")
        _unique_refs(f"plan {self.id!r}", (p.ref for p in self.priorities))
        known = {(p.ref, o.ref) for p in self.priorities for o in p.objectives}
        for review in self.reviews:
            for item in review.objectives:
                if (item.priority_ref, item.objective_ref) not in known:
                    raise PlanError(f"review of {review.held_on} names unknown objective "
                                    f"{item.priority_ref}/{item.objective_ref}")

    def actions(self) -> Iterator[tuple[Priority, Objective, Action]]:
        for priority in self.priorities:
            for objective in priority.objectives:
                for action in objective.actions:
                    yield priority, objective, action

    def measures(self) -> Iterator[MeasureOfSuccess]:
        for priority in self.priorities:
            yield from priority.measures
            for objective in priority.objectives:
                yield from objective.measures


def action_state(action: Action, today: date) -> ActionState:
    """The shown status: overdue when open and today is after the latest day allowed."""
    if action.status not in CLOSED_STATUSES and action.target and action.target.is_past(today):
        return ActionState.OVERDUE
    return ActionState(action.status.value)


def _unique_refs(owner: str, refs: Iterable[str]) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise PlanError(f"{owner} has two children with reference {ref!r}")
        seen.add(ref)
