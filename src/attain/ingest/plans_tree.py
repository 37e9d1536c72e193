"""A plan as a tree of plain values (dicts, lists, strings, numbers) and back.

The YAML and XLSX formats both read into this tree, so the rules (required cells, known
statuses, dates, costs, measure ids) and their messages are written once. Every problem is
collected with its location (file and line, or sheet, row and column) and the whole import
fails if there is any: nothing is half-imported.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from attain.domain import plans as m
from attain.domain.periods import FuzzyDate, ParseError, parse
from attain.domain.results import Level
from attain.errors import Location, UserError

TreePath = tuple[str | int, ...]
Locate = Callable[[TreePath], Location]
E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    where: Location
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if str(self.where) else self.what


class PlanImportError(UserError):
    """Every problem found in a plan file; nothing was imported."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"{source} has {len(problems)} problem(s); nothing was imported:\n{lines}",
            fix="Correct each cell named above and import the file again.",
        )


@dataclass
class Reader:
    locate: Locate
    known_measures: Collection[str] | None = None
    problems: list[Problem] = field(default_factory=list)

    def fail(self, path: TreePath, what: str) -> None:
        self.problems.append(Problem(self.locate(path), what))

    def check_keys(self, node: Mapping[str, Any], path: TreePath, allowed: set[str]) -> None:
        for key in node:
            if key not in allowed:
                self.fail((*path, key), f"unknown field '{key}' (expected one of "
                          f"{', '.join(sorted(allowed))})")

    def text(self, node: Mapping[str, Any], key: str, path: TreePath, required: bool = False
             ) -> str:
        value = node.get(key)
        if value is None or value == "":
            if required:
                self.fail((*path, key), f"'{key}' is required")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail((*path, key), f"'{key}' must be text")
            return ""
        return str(value)

    def texts(self, node: Mapping[str, Any], key: str, path: TreePath) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail((*path, key), f"'{key}' must be a list of text")
            return ()
        return tuple(value)

    def date(self, node: Mapping[str, Any], key: str, path: TreePath) -> FuzzyDate | None:
        words = self.text(node, key, path)
        if not words:
            return None
        try:
            return parse(words)
        except ParseError as err:
            self.fail((*path, key), f"{err.what}; write {_short_forms()}")
            return None

    def choice(self, node: Mapping[str, Any], key: str, path: TreePath, kind: type[E]
               ) -> E | None:
        words = self.text(node, key, path)
        if not words:
            return None
        wanted = words.strip().lower().replace(" ", "_").replace("-", "_")
        for member in kind:
            if member.value == wanted:
                return member
        self.fail((*path, key), f"unknown {key} '{words}' (expected one of "
                  f"{', '.join(v.value for v in kind)})")
        return None

    def number(self, node: Mapping[str, Any], key: str, path: TreePath) -> Decimal | None:
        value = node.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).replace(",", "").replace("£", "").strip())
        except InvalidOperation:
            self.fail((*path, key), f"'{value}' is not a number")
            return None
        if not number.is_finite():
            self.fail((*path, key), f"'{value}' is not a number")
            return None
        return number

    def year(self, node: Mapping[str, Any], key: str, path: TreePath) -> int | None:
        number = self.number(node, key, path)
        if number is None:
            return None
        if number != number.to_integral_value() or not 1900 <= number <= 2200:
            self.fail((*path, key), f"'{node.get(key)}' is not a year such as 2013 "
                      "(academic years are written as the year they end)")
            return None
        return int(number)

    def items(self, node: Mapping[str, Any], key: str, path: TreePath
              ) -> list[tuple[TreePath, Mapping[str, Any]]]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail((*path, key), f"'{key}' must be a list")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                found.append(((*path, key, index), item))
            else:
                self.fail((*path, key, index), f"each entry of '{key}' must be a mapping")
        return found

    def mapping(self, node: Mapping[str, Any], key: str, path: TreePath
                ) -> Mapping[str, Any] | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail((*path, key), f"'{key}' must be a mapping")
            return None
        return value

    def build(self, path: TreePath, make: Callable[[], T]) -> T | None:
        """Run a model constructor; a broken model rule becomes a problem at `path`."""
        try:
            return make()
        except m.PlanError as err:
            where = self.locate(path)
            # A missing or unreadable cell already reported on this row explains it.
            if not any(p.where.file == where.file and p.where.row == where.row
                       for p in self.problems):
                self.fail(path, str(err))
            return None


def _short_forms() -> str:
    return ("a date, month (Jan 2013), term (Spring term 2013), academic year (2012/13), "
            "'by July 2013', 'On-going', 'To be confirmed' or 'To be reviewed'")


def enum_value(value: StrEnum | None) -> str | None:
    return value.value if value is not None else None


def level_of(reader: Reader, node: Mapping[str, Any], key: str, path: TreePath
             ) -> Level | None:
    return reader.choice(node, key, path, Level)


# ---- writing: a plan as a tree, leaving out empty fields ------------------------------

def _clean(pairs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in pairs.items() if v not in (None, "", (), [], {})}


def _words(value: FuzzyDate | None) -> str | None:
    return str(value) if value is not None else None


def _amount(amount: Decimal | None) -> int | str | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else str(amount)


def plan_tree(plan: m.Plan) -> dict[str, Any]:
    return _clean({
        "id": plan.id, "title": plan.title, "organisation": plan.organisation,
        "period": _words(plan.period), "owner": plan.owner,
        "status": plan.status.value, "version": plan.version,
        "version_date": _words(plan.version_date), "cadence": enum_value(plan.cadence),
        "description": plan.description, "monitoring": plan.monitoring,
        "source": plan.source, "notes": list(plan.notes), "roles": _roles_tree(plan.roles),
        "priorities": [_priority_tree(p) for p in plan.priorities],
        "reviews": [_review_tree(v) for v in plan.reviews],
    })


def _roles_tree(roles: tuple[m.Role, ...]) -> list[dict[str, Any]]:
    return [_clean({"role": r.role, "name": r.name}) for r in roles]


def _priority_tree(priority: m.Priority) -> dict[str, Any]:
    return _clean({
        "ref": priority.ref, "title": priority.title, "aim": priority.aim,
        "description": priority.description, "key_issues": list(priority.key_issues),
        "success_criteria": priority.success_criteria, "roles": _roles_tree(priority.roles),
        "measures": [measure_tree(x) for x in priority.measures],
        "objectives": [_objective_tree(o) for o in priority.objectives],
    })


def _objective_tree(objective: m.Objective) -> dict[str, Any]:
    return _clean({
        "ref": objective.ref, "text": objective.text,
        "measures": [measure_tree(x) for x in objective.measures],
        "actions": [action_tree(a) for a in objective.actions],
        "progress": [progress_tree(e) for e in objective.progress],
    })


def action_tree(action: m.Action) -> dict[str, Any]:
    return _clean({
        "ref": action.ref, "text": action.text, "actor": enum_value(action.actor_type),
        "lead_partners": list(action.lead_partners), "responsible": action.responsible,
        "resources": action.resources,
        "costs": [_clean({"amount": _amount(c.amount), "funding_source": c.funding_source,
                          "per_year": c.per_year or None}) for c in action.costs],
        "source_plan": action.source_plan,
        "milestones": [_clean({"text": s.text, "due": _words(s.due)})
                       for s in action.milestones],
        "start": _words(action.start), "target": _words(action.target),
        "date_note": action.date_note,
        "status": action.status.value if action.status is not m.ActionStatus.NOT_STARTED
        else None,
        "hold_reason": action.hold_reason,
        "progress": [progress_tree(e) for e in action.progress],
    })


def progress_tree(entry: m.ProgressEntry) -> dict[str, Any]:
    return _clean({"on": str(entry.on), "text": entry.text, "author": entry.author,
                   "rag": enum_value(entry.rag)})


def measure_tree(measure: m.MeasureOfSuccess) -> dict[str, Any]:
    link, comparator = measure.link, measure.comparator
    return _clean({
        "text": measure.text,
        "measure": link.measure_id if link else None,
        "level": link.level.value if link else None,
        "area": link.area_code if link else None,
        "group": link.group_id if link and link.group_id != "all" else None,
        "baseline": _point_tree(measure.baseline), "target": _point_tree(measure.target),
        "comparator": _clean({
            "rule": comparator.rule.value, "label": comparator.label,
            "level": enum_value(comparator.level), "area": comparator.area_code,
            "by": comparator.by_year, "family": comparator.family or None})
        if comparator else None,
    })


def _point_tree(point: m.Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    value: float | int = int(point.value) if point.value.is_integer() else point.value
    return _clean({"year": point.year, "value": value})


def _review_tree(review: m.Review) -> dict[str, Any]:
    return _clean({
        "held_on": review.held_on.isoformat(), "reviewer": review.reviewer,
        "notes": review.notes, "next_review": _words(review.next_review),
        "objectives": [_clean({"priority": o.priority_ref, "objective": o.objective_ref,
                               "progress": o.progress, "next_steps": o.next_steps,
                               "rag": enum_value(o.rag)}) for o in review.objectives],
    })
