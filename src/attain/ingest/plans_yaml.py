"""The YAML plan format: read a plan with every problem located by line, and write it back.

The format is the plan tree of `attain.ingest.plans_tree` (see docs/plans.md); reading
then writing gives the same tree, so nothing is lost in a round trip.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from attain.domain import plans as m
from attain.domain.periods import parse
from attain.domain.results import Level
from attain.errors import Location
from attain.ingest.plans_tree import (
    PlanImportError,
    Problem,
    Reader,
    TreePath,
    level_of,
    plan_tree,
)

PLAN_KEYS = {"id", "title", "organisation", "period", "owner", "status", "version",
             "version_date", "cadence", "description", "monitoring", "source", "notes",
             "roles", "priorities", "reviews"}
PRIORITY_KEYS = {"ref", "title", "aim", "description", "key_issues", "success_criteria",
                 "roles", "measures", "objectives"}
OBJECTIVE_KEYS = {"ref", "text", "measures", "actions", "progress"}
ACTION_KEYS = {"ref", "text", "actor", "lead_partners", "responsible", "resources", "costs",
               "source_plan", "milestones", "start", "target", "date_note", "status",
               "hold_reason", "progress"}
MEASURE_KEYS = {"text", "measure", "level", "area", "group", "baseline", "target",
                "comparator"}


# ---- reading -------------------------------------------------------------------------

def read_tree(tree: Any, locate: Any, known_measures: Collection[str] | None,
              source: str) -> m.Plan:
    """A plan from its tree; raises PlanImportError listing every problem."""
    reader = Reader(locate, known_measures)
    if not isinstance(tree, Mapping):
        reader.fail((), "a plan file must hold one mapping (id, title, priorities...)")
        raise PlanImportError(source, reader.problems)
    plan = _plan(reader, tree)
    if reader.problems or plan is None:
        raise PlanImportError(source, reader.problems or [Problem(Location(source), "empty")])
    return plan


def _plan(r: Reader, node: Mapping[str, Any]) -> m.Plan | None:
    r.check_keys(node, (), PLAN_KEYS)
    priorities = tuple(_priority(r, p, n) for p, n in r.items(node, "priorities", ()))
    reviews = tuple(_review(r, p, n) for p, n in r.items(node, "reviews", ()))
    return r.build((), lambda: m.Plan(
        id=r.text(node, "id", (), required=True),
        title=r.text(node, "title", (), required=True),
        organisation=r.text(node, "organisation", ()),
        period=r.date(node, "period", ()),
        owner=r.text(node, "owner", ()),
        status=r.choice(node, "status", (), m.PlanStatus) or m.PlanStatus.ACTIVE,
        version=r.text(node, "version", ()),
        version_date=r.date(node, "version_date", ()),
        cadence=r.choice(node, "cadence", (), m.Cadence),
        description=r.text(node, "description", ()),
        monitoring=r.text(node, "monitoring", ()),
        source=r.text(node, "source", ()),
        notes=r.texts(node, "notes", ()),
        roles=_roles(r, node, ()),
        priorities=tuple(p for p in priorities if p is not None),
        reviews=tuple(v for v in reviews if v is not None),
    ))


def _roles(r: Reader, node: Mapping[str, Any], path: TreePath) -> tuple[m.Role, ...]:
    return tuple(m.Role(r.text(n, "role", p, required=True), r.text(n, "name", p))
                 for p, n in r.items(node, "roles", path))


def _priority(r: Reader, path: TreePath, node: Mapping[str, Any]) -> m.Priority | None:
    r.check_keys(node, path, PRIORITY_KEYS)
    objectives = tuple(_objective(r, p, n) for p, n in r.items(node, "objectives", path))
    return r.build(path, lambda: m.Priority(
        ref=r.text(node, "ref", path, required=True),
        title=r.text(node, "title", path, required=True),
        aim=r.text(node, "aim", path),
        description=r.text(node, "description", path),
        key_issues=r.texts(node, "key_issues", path),
        success_criteria=r.text(node, "success_criteria", path),
        roles=_roles(r, node, path),
        measures=_measures(r, node, path),
        objectives=tuple(o for o in objectives if o is not None),
    ))


def _objective(r: Reader, path: TreePath, node: Mapping[str, Any]) -> m.Objective | None:
    r.check_keys(node, path, OBJECTIVE_KEYS)
    actions = tuple(_action(r, p, n) for p, n in r.items(node, "actions", path))
    return r.build(path, lambda: m.Objective(
        ref=r.text(node, "ref", path),
        text=r.text(node, "text", path, required=True),
        measures=_measures(r, node, path),
        actions=tuple(a for a in actions if a is not None),
        progress=_progress(r, node, path),
    ))


def _action(r: Reader, path: TreePath, node: Mapping[str, Any]) -> m.Action | None:
    r.check_keys(node, path, ACTION_KEYS)
    return r.build(path, lambda: m.Action(
        ref=r.text(node, "ref", path),
        text=r.text(node, "text", path, required=True),
        actor_type=r.choice(node, "actor", path, m.ActorType),
        lead_partners=r.texts(node, "lead_partners", path),
        responsible=r.text(node, "responsible", path),
        resources=r.text(node, "resources", path),
        costs=_costs(r, node, path),
        source_plan=r.text(node, "source_plan", path),
        milestones=tuple(m.Milestone(r.text(n, "text", p, required=True), r.date(n, "due", p))
                         for p, n in r.items(node, "milestones", path)),
        start=r.date(node, "start", path),
        target=r.date(node, "target", path),
        date_note=r.text(node, "date_note", path),
        status=r.choice(node, "status", path, m.ActionStatus) or m.ActionStatus.NOT_STARTED,
        hold_reason=r.text(node, "hold_reason", path),
        progress=_progress(r, node, path),
    ))


def _costs(r: Reader, node: Mapping[str, Any], path: TreePath) -> tuple[m.Cost, ...]:
    found = (_cost(r, p, n) for p, n in r.items(node, "costs", path))
    return tuple(c for c in found if c is not None)


def _cost(r: Reader, path: TreePath, node: Mapping[str, Any]) -> m.Cost | None:
    r.check_keys(node, path, {"amount", "funding_source", "per_year"})
    amount = r.number(node, "amount", path)
    if amount is not None and amount < 0:
        r.fail((*path, "amount"), f"cost {amount} is negative; write the amount in pounds")
        return None
    per_year = node.get("per_year", False)
    if not isinstance(per_year, bool):
        r.fail((*path, "per_year"), "'per_year' must be true or false")
        return None
    source = r.text(node, "funding_source", path)
    return r.build(path, lambda: m.Cost(amount, source, per_year))


def _progress(r: Reader, node: Mapping[str, Any], path: TreePath
              ) -> tuple[m.ProgressEntry, ...]:
    entries = []
    for p, n in r.items(node, "progress", path):
        r.check_keys(n, p, {"on", "text", "author", "rag"})
        on = r.date(n, "on", p)
        if on is None and "on" not in n:
            r.fail((*p, "on"), "'on' (the date of the entry) is required")
        text = r.text(n, "text", p, required=True)
        rag = r.choice(n, "rag", p, m.Rag)
        if on is not None:
            entries.append(m.ProgressEntry(on, text, r.text(n, "author", p), rag))
    return tuple(entries)


def _measures(r: Reader, node: Mapping[str, Any], path: TreePath
              ) -> tuple[m.MeasureOfSuccess, ...]:
    found = (_measure(r, p, n) for p, n in r.items(node, "measures", path))
    return tuple(x for x in found if x is not None)


def _measure(r: Reader, path: TreePath, node: Mapping[str, Any]) -> m.MeasureOfSuccess | None:
    r.check_keys(node, path, MEASURE_KEYS)
    measure_id = r.text(node, "measure", path)
    link = None
    if measure_id:
        if r.known_measures is not None and measure_id not in r.known_measures:
            r.fail((*path, "measure"), f"unknown measure id '{measure_id}' (see "
                   "`attain measures list`)")
        link = m.MeasureLink(measure_id, level_of(r, node, "level", path) or Level.LA,
                             r.text(node, "area", path), r.text(node, "group", path) or "all")
    return r.build(path, lambda: m.MeasureOfSuccess(
        text=r.text(node, "text", path, required=True), link=link,
        baseline=_point(r, node, "baseline", path), target=_point(r, node, "target", path),
        comparator=_comparator(r, node, path)))


def _point(r: Reader, node: Mapping[str, Any], key: str, path: TreePath) -> m.Point | None:
    inner = r.mapping(node, key, path)
    if inner is None:
        return None
    here = (*path, key)
    r.check_keys(inner, here, {"year", "value"})
    value = r.number(inner, "value", here)
    if value is None:
        r.fail((*here, "value"), f"'{key}' needs a value")
        return None
    return m.Point(float(value), r.year(inner, "year", here))


def _comparator(r: Reader, node: Mapping[str, Any], path: TreePath) -> m.Comparator | None:
    inner = r.mapping(node, "comparator", path)
    if inner is None:
        return None
    here = (*path, "comparator")
    r.check_keys(inner, here, {"rule", "label", "level", "area", "by", "family"})
    rule = r.choice(inner, "rule", here, m.ComparatorRule)
    family = inner.get("family", False)
    if not isinstance(family, bool):
        r.fail((*here, "family"), "'family' must be true or false")
        return None
    if rule is None:
        if "rule" not in inner:
            r.fail((*here, "rule"), "'rule' is required")
        return None
    label, level = r.text(inner, "label", here), level_of(r, inner, "level", here)
    area, by_year = r.text(inner, "area", here), r.year(inner, "by", here)
    return r.build(here, lambda: m.Comparator(rule, label, level, area, by_year, family))


def _review(r: Reader, path: TreePath, node: Mapping[str, Any]) -> m.Review | None:
    r.check_keys(node, path, {"held_on", "reviewer", "notes", "objectives", "next_review"})
    held = r.date(node, "held_on", path)
    if held is None or held.earliest is None or held.earliest != held.latest:
        r.fail((*path, "held_on"), "'held_on' must be the exact date of the review")
        return None
    items = tuple(m.ObjectiveReview(
        r.text(n, "priority", p, required=True), r.text(n, "objective", p, required=True),
        r.text(n, "progress", p, required=True), r.text(n, "next_steps", p),
        r.choice(n, "rag", p, m.Rag)) for p, n in r.items(node, "objectives", path))
    return m.Review(held.earliest, r.text(node, "reviewer", path), r.text(node, "notes", path),
                    items, r.date(node, "next_review", path))


# ---- YAML files ----------------------------------------------------------------------

def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _yaml_locator(tree: Any, file: str) -> Any:
    def locate(path: TreePath) -> Location:
        node, line, column = tree, 0, ""
        for step in path:
            try:
                line = (node.lc.key(step) if isinstance(step, str) else node.lc.item(step))[0]
                node = node[step]
            except (AttributeError, KeyError, IndexError, TypeError):
                break
        column = ".".join(str(step) for step in path if isinstance(step, str))
        return Location(file=file, row=line + 1, column=column or None)
    return locate


def load_text(text: str, source: str, known_measures: Collection[str] | None = None
              ) -> m.Plan:
    try:
        tree = _yaml().load(text)
    except YAMLError as err:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        where = Location(source, mark.line + 1 if mark else None)
        problem = " ".join(str(getattr(err, key, "") or "") for key in ("context", "problem"))
        raise PlanImportError(source, [Problem(where, f"not valid YAML: {problem.strip()}")]
                              ) from None
    return read_tree(tree, _yaml_locator(tree, source), known_measures, source)


def load(path: Path, known_measures: Collection[str] | None = None) -> m.Plan:
    return load_text(path.read_text(encoding="utf-8"), path.name, known_measures)


def dump(plan: m.Plan) -> str:
    out = io.StringIO()
    _yaml().dump(plan_tree(plan), out)
    return out.getvalue()


__all__ = ["PlanImportError", "dump", "load", "load_text", "parse", "read_tree"]
