"""What the web pages need of plans beyond `attain.services.plans`: a results lookup
limited to one plan's measures, and edits of one objective or one action from a form.

Which schools a plan belongs to is attain.services.plan_scope. Each edit is checked against
the version the editor saw (an objective: the plan's version; an action: the action's
version), written with the plan tree and the action index in one transaction, and
audited with the values before and after. An edit that changes nothing writes nothing:
no new version, no audit entry. Two edits that read the plan at the same instant cannot
both write it: the plan row's version is checked again in the UPDATE itself
(attain.store.plan_models), and the later one is refused as a change by someone else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from attain.domain import plans as m
from attain.domain.periods import FuzzyDate
from attain.errors import UserError
from attain.ingest.plans_tree import action_tree, measure_tree, plan_tree
from attain.services import plans as service
from attain.store.models import AuditEntry
from attain.store.plan_models import PlanActionRow, PlanRow

STALE_FIX = "Reload the page, check the other change, and make yours again."


def plan_lookup(folder: Path, plan: m.Plan) -> service.Lookup:
    """A results lookup over only the cube rows of the plan's linked measures, in the
    areas they follow and compare with (a page must not read the whole cube)."""
    from attain.services.compute import results_warehouse

    links = [x for x in plan.measures() if x.link is not None]
    measure_ids = tuple(sorted({x.link.measure_id for x in links if x.link is not None}))
    areas = tuple(sorted({x.link.area_code for x in links if x.link is not None}
                         | {x.comparator.area_code for x in links if x.comparator is not None}))
    files = results_warehouse(folder).files("results")
    if not files or not measure_ids:
        return service.rows_lookup([])
    # the files' change times are part of the key: a recomputed cube is read afresh
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns) for p in files)
    return service.rows_lookup(list(_cube_rows(stamp, measure_ids, areas))
                               + service.plan_family_rows(folder, plan))


@lru_cache(maxsize=64)
def _cube_rows(stamp: tuple[tuple[str, int], ...], measure_ids: tuple[str, ...],
               areas: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    import duckdb

    with duckdb.connect() as con:
        cursor = con.execute(
            "SELECT measure_id, year, level, area_code, group_id, value, suppressed "
            "FROM read_parquet(?) WHERE list_contains(?, measure_id) "
            "AND list_contains(?, area_code)",
            [[path for path, _ in stamp], list(measure_ids), list(areas)])
        names = [column[0] for column in cursor.description or []]
        return tuple(dict(zip(names, values, strict=True)) for values in cursor.fetchall())


@dataclass(frozen=True)
class MeasureEdit:
    """New words, baseline and target of one measure of success (its link is kept)."""

    text: str
    baseline: m.Point | None = None
    target: m.Point | None = None


@dataclass(frozen=True)
class ObjectiveEdit:
    """An objective's words and, by position, its measures of success (empty: unchanged)."""

    text: str
    measures: tuple[MeasureEdit, ...] = ()


@dataclass(frozen=True)
class Saved:
    """The version after an edit, and whether the edit changed anything (if not, nothing
    was written and `version` is the one the editor had)."""

    version: int
    changed: bool


@dataclass(frozen=True)
class ActionEdit:
    text: str
    responsible: str
    target: FuzzyDate | None
    status: m.ActionStatus
    hold_reason: str


def objective_at(plan: m.Plan, key: str) -> m.Objective:
    """The objective at position key `P.O` (each counted from 1)."""
    pi, oi = _indexes(key, 2)
    try:
        return plan.priorities[pi].objectives[oi]
    except IndexError:
        raise UserError(f"plan '{plan.id}' has no objective {key}") from None


def action_at(plan: m.Plan, key: str) -> m.Action:
    """The action at position key `P.O.A` (each counted from 1)."""
    pi, oi, ai = _indexes(key, 3)
    try:
        return plan.priorities[pi].objectives[oi].actions[ai]
    except IndexError:
        raise UserError(f"plan '{plan.id}' has no action {key}") from None


def _indexes(key: str, parts: int) -> list[int]:
    pieces = key.split(".")
    if len(pieces) != parts or not all(p.isdigit() and int(p) > 0 for p in pieces):
        raise UserError(f"'{key}' is not a position in a plan")
    return [int(p) - 1 for p in pieces]


def edit_objective(url: str, plan_id: str, key: str, expected_version: int,
                   edit: ObjectiveEdit, *, user: str) -> Saved:
    """Change an objective's words; returns the plan's version after it. Refuses a stale
    one; writes nothing when the objective is unchanged."""
    with service._session(url) as s:  # noqa: SLF001 - same service, split for size
        row = _plan_row(s, plan_id)
        if row.version != expected_version:
            raise UserError(f"plan '{plan_id}' was changed by someone else (version "
                            f"{row.version}, you edited version {expected_version})",
                            fix=STALE_FIX)
        plan = service.to_plan(row.document, plan_id)
        before = objective_at(plan, key)
        after = _edited_objective(before, edit)
        if after == before:
            return Saved(row.version, changed=False)
        pi, oi = _indexes(key, 2)
        priority = plan.priorities[pi]
        objectives = tuple(after if i == oi else o for i, o in enumerate(priority.objectives))
        priorities = tuple(dataclasses.replace(p, objectives=objectives) if i == pi else p
                           for i, p in enumerate(plan.priorities))
        row.document = plan_tree(dataclasses.replace(plan, priorities=priorities))
        row.version += 1
        s.add(AuditEntry(user=user, action="update", entity="plan_objective",
                         entity_id=f"{plan_id}/{key}",
                         detail={"before": _objective_fields(before),
                                 "after": _objective_fields(after)}))
        _write(s, plan_id)
        return Saved(row.version, changed=True)


def edit_action(url: str, plan_id: str, key: str, expected_version: int, edit: ActionEdit,
                *, user: str) -> Saved:
    """Change an action's words, owner, target date and status; returns its version after
    it. Refuses a stale version, and an action on hold without a reason; writes nothing
    when the action is unchanged."""
    with service._session(url) as s:  # noqa: SLF001 - same service, split for size
        plan_row = _plan_row(s, plan_id)
        row = s.scalars(sa.select(PlanActionRow).where(
            PlanActionRow.plan_id == plan_id, PlanActionRow.key == key)).one_or_none()
        if row is None:
            raise UserError(f"plan '{plan_id}' has no action {key}")
        if row.version != expected_version:
            raise UserError(f"action {key} of plan '{plan_id}' was changed by someone else "
                            f"(version {row.version}, you edited version "
                            f"{expected_version})", fix=STALE_FIX)
        plan = service.to_plan(plan_row.document, plan_id)
        before = action_at(plan, key)
        after = _edited(before, edit)
        if after == before:
            return Saved(row.version, changed=False)
        plan_row.document = plan_tree(service._replace_action(plan, key, after))  # noqa: SLF001
        plan_row.version += 1
        _index(row, after)
        s.add(AuditEntry(user=user, action="update", entity="plan_action",
                         entity_id=f"{plan_id}/{key}",
                         detail={"before": action_tree(before),
                                 "after": action_tree(after)}))
        _write(s, plan_id)
        return Saved(row.version, changed=True)


def _write(s: Session, plan_id: str) -> None:
    """Write the session's changes now; a plan row someone else rewrote since this edit
    read it (its UPDATE matched no row) is the usual stale-version refusal."""
    try:
        s.flush()
    except StaleDataError:
        raise UserError(f"plan '{plan_id}' was changed by someone else while this change "
                        "was being saved", fix=STALE_FIX) from None


def _edited_objective(objective: m.Objective, edit: ObjectiveEdit) -> m.Objective:
    if not edit.measures:
        return dataclasses.replace(objective, text=edit.text)
    if len(edit.measures) != len(objective.measures):
        raise UserError(f"objective {objective.ref!r} has {len(objective.measures)} measures "
                        f"of success, not {len(edit.measures)}", fix=STALE_FIX)
    try:
        measures = tuple(dataclasses.replace(old, text=new.text, baseline=new.baseline,
                                             target=new.target)
                         for old, new in zip(objective.measures, edit.measures, strict=True))
    except m.PlanError as err:
        raise UserError(str(err)) from None
    return dataclasses.replace(objective, text=edit.text, measures=measures)


def _objective_fields(objective: m.Objective) -> dict[str, Any]:
    return {"text": objective.text, "measures": [measure_tree(x) for x in objective.measures]}


def _edited(action: m.Action, edit: ActionEdit) -> m.Action:
    hold_reason = edit.hold_reason if edit.status is m.ActionStatus.ON_HOLD else ""
    try:
        return dataclasses.replace(action, text=edit.text, responsible=edit.responsible,
                                   target=edit.target, status=edit.status,
                                   hold_reason=hold_reason)
    except m.PlanError as err:
        raise UserError(str(err)) from None


def _index(row: PlanActionRow, action: m.Action) -> None:
    fresh = service._action_row(row.plan_id, row.key, action)  # noqa: SLF001
    row.text, row.owners, row.status = fresh.text, fresh.owners, fresh.status
    row.target_text, row.target_latest = fresh.target_text, fresh.target_latest
    row.version += 1


def _plan_row(s: Session, plan_id: str) -> PlanRow:
    row = s.get(PlanRow, plan_id)
    if row is None:
        raise UserError(f"there is no plan '{plan_id}'")
    return row


def document_version(session: Session, plan_id: str) -> tuple[dict[str, Any], int] | None:
    """A stored plan's tree and version, read in the caller's session (None if absent)."""
    row = session.get(PlanRow, plan_id)
    return (row.document, row.version) if row is not None else None
