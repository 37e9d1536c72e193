"""Strategic action plans: import, list, show, export, edit actions, progress, due, history.

A plan is stored whole (its plan tree as JSON) with one indexed row per action; every
change writes an audit entry with who, when and the before/after values. Imports are
all-or-nothing: the file is read and checked completely before one transaction writes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from attain.domain import plans as m
from attain.domain.periods import exact
from attain.domain.tracking import Assessment, Inputs, Observation, Track, assess, roll_up
from attain.errors import Location, UserError
from attain.ingest import plans_yaml
from attain.ingest.plans_tree import plan_tree
from attain.store import appdb
from attain.store.models import AuditEntry
from attain.store.plan_models import PlanActionRow, PlanRow

SYSTEM_USER = "system"
# (measure id, level, area code, group id) -> that row's values over the years, oldest first
Lookup = Callable[[str, str, str, str], list[Observation]]
Direction = Callable[[str], bool]


def known_measure_ids() -> frozenset[str] | None:
    """Ids of the shipped measure catalogue; None when it cannot be read (no check)."""
    try:
        from attain.measures import load_catalogue

        return frozenset(spec.id for spec in load_catalogue().measures)
    except Exception:  # noqa: BLE001 - a plan import must not fail on the catalogue itself
        return None


def measure_directions() -> Direction:
    """measure id -> higher_is_better, from the catalogue (True when unknown)."""
    try:
        from attain.measures import load_catalogue

        directions = {spec.id: spec.higher_is_better for spec in load_catalogue().measures}
    except Exception:  # noqa: BLE001 - tracking still works, assuming higher is better
        directions = {}
    return lambda measure_id: directions.get(measure_id, True)


def read_plan_file(path: Path, known: Collection[str] | None = None) -> m.Plan:
    if not path.is_file():
        raise UserError(f"{path} does not exist", fix="Give the path of a .yaml or .xlsx plan.")
    known = known_measure_ids() if known is None else known
    if path.suffix.lower() in (".yaml", ".yml"):
        return plans_yaml.load(path, known)
    if path.suffix.lower() == ".xlsx":
        from attain.ingest import plans_xlsx

        return plans_xlsx.load(path, known)
    raise UserError(f"{path.name} is neither YAML nor XLSX",
                    fix="Save the plan as .yaml or .xlsx (see docs/plans.md).")


@contextmanager
def _session(url: str) -> Iterator[Session]:
    from attain.services.appdb import require_current

    require_current(url)
    try:
        with appdb.connected(appdb.engine_for(url)) as connection, \
                Session(bind=connection) as s:
            yield s
            s.commit()
    except StaleDataError:  # plan_models: the plan row changed since it was read
        raise UserError("the plan was changed by someone else while this change was being "
                        "saved", fix="Reload the plan, check the other change, and make "
                        "yours again.") from None


def to_plan(document: dict[str, Any], plan_id: str) -> m.Plan:
    return plans_yaml.read_tree(document, lambda _: Location(f"plan {plan_id}"), None,
                                f"stored plan {plan_id}")


def action_key(priority_index: int, objective_index: int, action_index: int) -> str:
    return f"{priority_index + 1}.{objective_index + 1}.{action_index + 1}"


def indexed_actions(plan: m.Plan) -> Iterator[tuple[str, m.Action]]:
    for pi, priority in enumerate(plan.priorities):
        for oi, objective in enumerate(priority.objectives):
            for ai, action in enumerate(objective.actions):
                yield action_key(pi, oi, ai), action


def _owners(action: m.Action) -> str:
    return "; ".join(x for x in (action.responsible, *action.lead_partners) if x)


def _action_row(plan_id: str, key: str, action: m.Action, version: int = 1) -> PlanActionRow:
    return PlanActionRow(
        plan_id=plan_id, key=key, ref=action.ref[:80], text=action.text,
        owners=_owners(action), status=action.status.value,
        target_text=str(action.target)[:200] if action.target else None,
        target_latest=action.target.latest if action.target else None, version=version)


def _audit(s: Session, user: str, action: str, entity: str, entity_id: str,
           detail: dict[str, Any]) -> None:
    s.add(AuditEntry(user=user, action=action, entity=entity, entity_id=entity_id,
                     detail=detail))


def import_plan(url: str, path: Path, *, user: str = SYSTEM_USER, replace: bool = False,
                known: Collection[str] | None = None) -> m.Plan:
    plan = read_plan_file(path, known)
    document = plan_tree(plan)
    with _session(url) as s:
        existing = s.get(PlanRow, plan.id)
        if existing is not None and not replace:
            raise UserError(f"plan '{plan.id}' already exists",
                            fix="Use --replace to replace it, or give the plan another id.")
        before = existing.document if existing is not None else None
        if existing is not None:
            s.delete(existing)
            s.flush()
        s.add(PlanRow(id=plan.id, title=plan.title[:400], organisation=plan.organisation[:400],
                      status=plan.status.value, document=document,
                      version=(existing.version + 1) if existing is not None else 1))
        s.flush()
        s.add_all(_action_row(plan.id, key, action) for key, action in indexed_actions(plan))
        _audit(s, user, "update" if before else "create", "plan", plan.id,
               {"file": path.name, "before": before, "after": document})
    return plan


@dataclass(frozen=True)
class PlanSummary:
    id: str
    title: str
    organisation: str
    status: str
    actions: int


def list_plans(url: str) -> list[PlanSummary]:
    with _session(url) as s:
        rows = s.scalars(select(PlanRow).order_by(PlanRow.id)).all()
        counts = {row.id: len(s.scalars(select(PlanActionRow.id).where(
            PlanActionRow.plan_id == row.id)).all()) for row in rows}
        return [PlanSummary(r.id, r.title, r.organisation, r.status, counts[r.id])
                for r in rows]


def get_plan(url: str, plan_id: str) -> m.Plan:
    with _session(url) as s:
        return to_plan(_plan_row(s, plan_id).document, plan_id)


def _plan_row(s: Session, plan_id: str) -> PlanRow:
    row = s.get(PlanRow, plan_id)
    if row is None:
        raise UserError(f"there is no plan '{plan_id}'", fix="See `attain plans list`.")
    return row


def export_plan(url: str, plan_id: str, fmt: str, out: Path) -> Path:
    plan = get_plan(url, plan_id)
    if fmt == "yaml":
        out.write_text(plans_yaml.dump(plan), encoding="utf-8")
    elif fmt == "xlsx":
        from attain.ingest import plans_xlsx

        plans_xlsx.save(plan, out)
    else:
        raise UserError(f"unknown export format '{fmt}'", fix="Use yaml or xlsx.")
    return out


@dataclass(frozen=True)
class ActionChange:
    """An edit of one action; None leaves a field as it is."""

    status: m.ActionStatus | None = None
    hold_reason: str | None = None
    progress_text: str | None = None
    rag: m.Rag | None = None
    on: date | None = None


def update_action(url: str, plan_id: str, key: str, expected_version: int,
                  change: ActionChange, *, user: str = SYSTEM_USER) -> int:
    """Apply `change` to action `key`; returns its new version. Refuses a stale version."""
    with _session(url) as s:
        plan_row = _plan_row(s, plan_id)
        row = s.scalars(select(PlanActionRow).where(
            PlanActionRow.plan_id == plan_id, PlanActionRow.key == key)).one_or_none()
        if row is None:
            raise UserError(f"plan '{plan_id}' has no action {key}",
                            fix=f"See `attain plans show {plan_id}` for action numbers.")
        if row.version != expected_version:
            raise UserError(
                f"action {key} of plan '{plan_id}' was changed by someone else (version "
                f"{row.version}, you edited version {expected_version})",
                fix="Reload the action, check the other change, and make yours again.")
        plan = to_plan(plan_row.document, plan_id)
        before = _find(plan, key)
        after = _changed(before, change, user)
        new_plan = _replace_action(plan, key, after)
        plan_row.document = plan_tree(new_plan)
        plan_row.version += 1
        row.status, row.version = after.status.value, row.version + 1
        _audit(s, user, "update", "plan_action", f"{plan_id}/{key}",
               {"before": _fields(before), "after": _fields(after)})
        return row.version


def _changed(action: m.Action, change: ActionChange, user: str) -> m.Action:
    progress = action.progress
    if change.progress_text:
        entry = m.ProgressEntry(exact(change.on or date.today()), change.progress_text, user,
                                change.rag)
        progress = (*progress, entry)
    try:
        return dataclasses.replace(
            action, status=change.status or action.status, progress=progress,
            hold_reason=action.hold_reason if change.hold_reason is None else change.hold_reason)
    except m.PlanError as err:
        raise UserError(str(err), fix="Give --reason when putting an action on hold.") from None


def _fields(action: m.Action) -> dict[str, Any]:
    from attain.ingest.plans_tree import action_tree

    return action_tree(action)


def _find(plan: m.Plan, key: str) -> m.Action:
    for found_key, action in indexed_actions(plan):
        if found_key == key:
            return action
    raise UserError(f"no action {key}")


def _replace_action(plan: m.Plan, key: str, new: m.Action) -> m.Plan:
    pi, oi, ai = (int(part) - 1 for part in key.split("."))
    priority = plan.priorities[pi]
    objective = priority.objectives[oi]
    actions = tuple(new if i == ai else a for i, a in enumerate(objective.actions))
    objectives = tuple(dataclasses.replace(objective, actions=actions) if i == oi else o
                       for i, o in enumerate(priority.objectives))
    priorities = tuple(dataclasses.replace(priority, objectives=objectives) if i == pi else p
                       for i, p in enumerate(plan.priorities))
    return dataclasses.replace(plan, priorities=priorities)


@dataclass(frozen=True)
class DueAction:
    plan_id: str
    key: str
    ref: str
    text: str
    owners: str
    target: str
    overdue: bool
    version: int


def due(url: str, *, owner: str = "", weeks: int = 4, today: date | None = None
        ) -> list[DueAction]:
    """Open actions due within `weeks` or overdue, for owners containing `owner`."""
    with _session(url) as s:
        return due_in(s, owner=owner, weeks=weeks, today=today)


def due_in(s: Session, *, owner: str = "", weeks: int = 4, today: date | None = None
           ) -> list[DueAction]:
    """`due` on an open session (the web dashboard reads it on the request's session)."""
    today = today or date.today()
    horizon = today + timedelta(weeks=weeks)
    open_statuses = [st.value for st in m.ActionStatus if st not in m.CLOSED_STATUSES]
    rows = s.scalars(select(PlanActionRow).where(
        PlanActionRow.status.in_(open_statuses),
        PlanActionRow.target_latest.is_not(None),
        PlanActionRow.target_latest <= horizon,
    ).order_by(PlanActionRow.target_latest, PlanActionRow.plan_id, PlanActionRow.id)).all()
    return [DueAction(r.plan_id, r.key, r.ref, r.text, r.owners, r.target_text or "",
                      r.target_latest is not None and r.target_latest < today, r.version)
            for r in rows if owner.lower() in r.owners.lower()]


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    user: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


def history(url: str, plan_id: str) -> list[HistoryEntry]:
    with _session(url) as s:
        _plan_row(s, plan_id)
        rows = s.scalars(select(AuditEntry).where(
            (AuditEntry.entity_id == plan_id) | AuditEntry.entity_id.startswith(f"{plan_id}/")
        ).order_by(AuditEntry.id)).all()
        return [HistoryEntry(r.at.isoformat(timespec="seconds"), r.user, r.action, r.entity,
                             r.entity_id or "", r.detail or {}) for r in rows]


def delete_plan(url: str, plan_id: str, *, user: str = SYSTEM_USER) -> None:
    with _session(url) as s:
        row = _plan_row(s, plan_id)
        _audit(s, user, "delete", "plan", plan_id, {"before": row.document, "after": None})
        s.delete(row)


# ---- progress: actions by state and measures of success against the results cube ------



@dataclass(frozen=True)
class MeasureProgress:
    where: str  # "priority/objective" or "priority"
    text: str
    latest: Observation | None
    assessment: Assessment


@dataclass(frozen=True)
class ProgressReport:
    plan: m.Plan
    today: date
    states: dict[m.ActionState, list[tuple[str, m.Action]]]
    measures: list[MeasureProgress]
    objective_tracks: dict[str, Track]  # "priority/objective" -> Track
    plan_track: Track


def rows_lookup(rows: list[dict[str, Any]]) -> Lookup:
    """A lookup over results-cube rows (dicts in the results contract shape)."""
    def lookup(measure: str, level: str, area: str, group: str) -> list[Observation]:
        return sorted((Observation(int(r["year"]), r.get("value"), bool(r.get("suppressed")))
                       for r in rows if (r["measure_id"], r["level"], str(r["area_code"]),
                                         r["group_id"]) == (measure, level, area, group)),
                      key=lambda o: o.year)
    return lookup


def cube_lookup(folder: Path) -> Lookup:
    """A lookup over the results cube under a data folder (no data when none computed).

    Family averages (level FAMILY_LEVEL) are read from the comparisons files only when asked
    for, that is only for a plan with a family comparator."""
    import duckdb

    from attain.services.compute import results_warehouse

    warehouse = results_warehouse(folder)
    files = [str(p) for p in warehouse.files("results")]
    if not files:
        return rows_lookup([])
    con = duckdb.connect()
    cursor = con.execute(
        "SELECT measure_id, year, level, area_code, group_id, value, suppressed "
        "FROM read_parquet(?)", [files])
    names = [column[0] for column in cursor.description or []]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    con.close()
    return _with_family(rows_lookup(rows), [str(p) for p in warehouse.files("comparisons")])


# A lookup level that is no results-cube level: lookup(measure, FAMILY_LEVEL, urn, group) is
# the family average of that school row (the comparisons table's family_value), by year.
FAMILY_LEVEL = "family"
FamilyKey = tuple[str, str, str]  # measure id, school URN, group id


def family_keys(plan: m.Plan) -> set[FamilyKey]:
    """The school rows whose family average the plan's family comparators need."""
    return {(x.link.measure_id, x.link.area_code, x.link.group_id) for x in plan.measures()
            if x.link is not None and x.comparator is not None and x.comparator.family}


def family_rows(comparison_files: list[str], keys: Collection[FamilyKey]
                ) -> list[dict[str, Any]]:
    """Rows in the results shape at level FAMILY_LEVEL: each school row's family_value (none
    when no file, no key, or files written before the family columns existed). A missing
    family average stays missing (no row or a null value), never 0."""
    if not comparison_files or not keys:
        return []
    import duckdb

    source = "read_parquet(?, union_by_name = true)"
    with duckdb.connect() as con:
        described = con.execute(f"SELECT * FROM {source} LIMIT 0", [comparison_files])
        if "family_value" not in {column[0] for column in described.description or []}:
            return []
        wanted = " OR ".join("(measure_id = ? AND area_code = ? AND group_id = ?)"
                             for _ in keys)
        found = con.execute(
            f"SELECT measure_id, year, area_code, group_id, family_value FROM {source} "
            f"WHERE level = 'school' AND ({wanted})",
            [comparison_files, *(x for key in sorted(keys) for x in key)]).fetchall()
    return [{"measure_id": measure, "year": int(year), "level": FAMILY_LEVEL,
             "area_code": str(area), "group_id": group, "value": value, "suppressed": None}
            for measure, year, area, group, value in found]


def plan_family_rows(folder: Path, plan: m.Plan) -> list[dict[str, Any]]:
    """family_rows for every family comparator of `plan`: one read of the comparisons
    files, none when the plan has no family comparator. For lookups built with rows_lookup
    from a plan's own cube rows (the web pages, the plan progress report)."""
    keys = family_keys(plan)
    if not keys:
        return []
    from attain.services.compute import results_warehouse

    files = results_warehouse(folder).files("comparisons")
    return family_rows([p.as_posix() for p in files], keys)


def _with_family(lookup: Lookup, comparison_files: list[str]) -> Lookup:
    read: dict[FamilyKey, list[Observation]] = {}

    def combined(measure: str, level: str, area: str, group: str) -> list[Observation]:
        if level != FAMILY_LEVEL:
            return lookup(measure, level, area, group)
        key = (measure, area, group)
        if key not in read:
            rows = family_rows(comparison_files, [key])
            read[key] = rows_lookup(rows)(measure, level, area, group)
        return read[key]
    return combined


def progress(plan: m.Plan, lookup: Lookup, today: date,
             higher_is_better: Direction = lambda _measure: True) -> ProgressReport:
    states: dict[m.ActionState, list[tuple[str, m.Action]]] = {s: [] for s in m.ActionState}
    for key, action in indexed_actions(plan):
        states[m.action_state(action, today)].append((key, action))
    measures: list[MeasureProgress] = []
    objective_tracks: dict[str, Track] = {}
    for priority in plan.priorities:
        for measure in priority.measures:
            measures.append(_measure_progress(priority.ref, measure, lookup, higher_is_better))
        for objective in priority.objectives:
            where = f"{priority.ref}/{objective.ref}"
            found = [_measure_progress(where, x, lookup, higher_is_better)
                     for x in objective.measures]
            measures += found
            objective_tracks[where] = roll_up(p.assessment.track for p in found)
    plan_track = roll_up(p.assessment.track for p in measures)
    return ProgressReport(plan, today, states, measures, objective_tracks, plan_track)


def _measure_progress(where: str, measure: m.MeasureOfSuccess, lookup: Lookup,
                      higher_is_better: Direction) -> MeasureProgress:
    link = measure.link
    if link is None:
        return MeasureProgress(where, measure.text, None, assess(measure, Inputs(None)))
    series = lookup(link.measure_id, link.level.value, link.area_code, link.group_id)
    ours = series[-1] if series else None
    comparator = then = None
    rule = measure.comparator
    if rule is not None and ours is not None:
        theirs = {o.year: o for o in _comparator_series(link, rule, lookup)}
        comparator = theirs.get(ours.year)
        then = theirs.get(measure.baseline.year) if measure.baseline and \
            measure.baseline.year else None
    inputs = Inputs(ours, comparator, then, higher_is_better(link.measure_id))
    return MeasureProgress(where, measure.text, ours, assess(measure, inputs))


def _comparator_series(link: m.MeasureLink, rule: m.Comparator, lookup: Lookup
                       ) -> list[Observation]:
    """The comparator's values over the years: the school's family average, or the
    comparator area's row for the same measure and group (none when no area is named)."""
    if rule.family:
        return lookup(link.measure_id, FAMILY_LEVEL, link.area_code, link.group_id)
    if rule.level is None:
        return []
    return lookup(link.measure_id, rule.level.value, rule.area_code, link.group_id)


def progress_with_targets(folder: Path, plan: m.Plan, today: date,
                          year: int | None = None) -> ProgressReport:
    """`progress` over the data folder's results cube, with each linked measure of success
    that states no target taking the submitted target for its school or LA (the latest, or
    `year`'s); see attain.targets.plan_targets and docs/estimates.md."""
    from attain.services.targets import plan_with_targets

    return progress(plan_with_targets(folder, plan, year), cube_lookup(folder), today,
                    measure_directions())
