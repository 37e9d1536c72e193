"""Context builders of the plans pages: plans, priorities, objectives, measures of success
and actions in, GOV.UK macro parameters out. The templates only loop over these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from flask import url_for
from markupsafe import escape

from attain.domain import plans as m
from attain.domain.tracking import Observation, Track
from attain.ingest.plans_tree import PlanImportError
from attain.services.plans import MeasureProgress, PlanSummary, ProgressReport, action_key
from attain.services.results import SUPPRESSED_SYMBOL
from attain.web import tables as t
from attain.web.data import measure
from attain.web.messages import message

TAG_COLOURS = {Track.GREEN: "green", Track.AMBER: "yellow", Track.RED: "red",
               Track.NO_DATA: "grey"}
STATE_COLOURS = {m.ActionState.OVERDUE: "red", m.ActionState.COMPLETE: "green",
                 m.ActionState.ON_HOLD: "orange", m.ActionState.CANCELLED: "grey",
                 m.ActionState.IN_PROGRESS: "blue", m.ActionState.NOT_STARTED: "grey"}


def _tag(text: str, colour: str) -> str:
    return f'<strong class="govuk-tag govuk-tag--{colour}">{escape(text)}</strong>'


def track_tag(track: Track) -> dict[str, str]:
    """The RAG as words in a coloured tag (the words carry the meaning, not the colour)."""
    return {"html": _tag(message(f"plans.track.{track.value}"), TAG_COLOURS[track])}


def plans_table(plans: Iterable[PlanSummary], schools: Mapping[str, frozenset[int]],
                names: Mapping[int, str]) -> dict[str, Any]:
    rows = []
    for plan in plans:
        urns = sorted(schools.get(plan.id, frozenset()))
        kind = (", ".join(names.get(u, str(u)) for u in urns) if urns
                else message("plans.kind.la"))
        rows.append([t.link_cell(plan.title, url_for("plans.view", plan_id=plan.id)),
                     t.text_cell(plan.organisation or t.NOT_AVAILABLE), t.text_cell(kind),
                     t.text_cell(message(f"plans.plan_status.{plan.status}")),
                     t.number_cell(str(plan.actions))])
    head = [message("plans.col.plan"), message("plans.col.organisation"),
            message("plans.col.for"), message("plans.col.status"),
            message("plans.col.actions")]
    return t.table(message("plans.title"), head, rows)


def plan_summary(plan: m.Plan, report: ProgressReport) -> dict[str, Any]:
    def row(key: str, value: str) -> dict[str, Any]:
        return {"key": {"text": message(key)}, "value": {"text": value or t.NOT_AVAILABLE}}

    cadence = message(f"plans.cadence.{plan.cadence.value}") if plan.cadence else ""
    return {"rows": [
        row("plans.field.organisation", plan.organisation),
        row("plans.field.owner", plan.owner),
        row("plans.field.period", str(plan.period) if plan.period else ""),
        row("plans.field.status", message(f"plans.plan_status.{plan.status.value}")),
        row("plans.field.cadence", cadence),
        {"key": {"text": message("plans.field.on_track")},
         "value": track_tag(report.plan_track)},
    ]}


def _decimals(measure_id: str | None) -> int:
    spec = measure(measure_id) if measure_id else None
    return spec.decimals if spec else 1


def _point(point: m.Point | None, decimals: int) -> str:
    if point is None:
        return t.NOT_AVAILABLE
    shown = t.figure(point.value, decimals)
    return f"{shown} ({point.year})" if point.year else shown


def _latest(found: Observation | None, decimals: int) -> str:
    if found is None:
        return t.NOT_AVAILABLE
    shown = SUPPRESSED_SYMBOL if found.suppressed else t.figure(found.value, decimals)
    return f"{shown} ({found.year})"


def _target(measure_: m.MeasureOfSuccess, decimals: int) -> str:
    parts = [_point(measure_.target, decimals)] if measure_.target else []
    if measure_.comparator is not None:
        rule = message(f"plans.comparator.{measure_.comparator.rule.value}")
        parts.append(f"{rule} {measure_.comparator.shown}")
    return "; ".join(parts) or t.NOT_AVAILABLE


def measures_table(where: str, measures: tuple[m.MeasureOfSuccess, ...],
                   progress: Mapping[tuple[str, str], MeasureProgress]) -> dict[str, Any] | None:
    """Each measure of success: baseline, latest value from the cube, target, on track."""
    if not measures:
        return None
    rows = []
    for found in measures:
        d = _decimals(found.link.measure_id if found.link else None)
        checked = progress.get((where, found.text))
        track = checked.assessment.track if checked else Track.NO_DATA
        reason = checked.assessment.reason if checked else ""
        rows.append([t.text_cell(found.text), t.number_cell(_point(found.baseline, d)),
                     t.number_cell(_latest(checked.latest if checked else None, d)),
                     t.text_cell(_target(found, d)),
                     {"html": f"{track_tag(track)['html']} "
                              f'<span class="govuk-body-s">{escape(reason)}</span>'}])
    head = [message("plans.col.measure"), message("plans.col.baseline"),
            message("plans.col.latest"), message("plans.col.target"),
            message("plans.col.on_track")]
    return t.table(message("plans.measures_caption"), head, rows)


def _state_cell(action: m.Action, today: date) -> dict[str, str]:
    state = m.action_state(action, today)
    text = message(f"plans.status.{state.value}")
    extra = f" ({escape(action.hold_reason)})" if state is m.ActionState.ON_HOLD else ""
    return {"html": _tag(text, STATE_COLOURS[state]) + extra}


def _latest_progress(action: m.Action) -> str:
    if not action.progress:
        return t.NOT_AVAILABLE
    last = action.progress[-1]
    rag = f" ({message(f'plans.rag.{last.rag.value}')})" if last.rag else ""
    return f"{last.on}: {last.text}{rag}"


def _action_links(plan_id: str, key: str, ref: str) -> dict[str, str]:
    hidden = f'<span class="govuk-visually-hidden"> {escape(ref or key)}</span>'
    links = [(url_for("plans.edit_action", plan_id=plan_id, key=key), "plans.edit"),
             (url_for("plans.add_progress", plan_id=plan_id, key=key), "plans.progress.add")]
    return {"html": "<br>".join(
        f'<a class="govuk-link" href="{escape(href)}">{escape(message(text))}{hidden}</a>'
        for href, text in links)}


def actions_table(plan_id: str, keyed: list[tuple[str, m.Action]], today: date,
                  can_edit: bool) -> dict[str, Any] | None:
    if not keyed:
        return None
    rows = []
    for key, action in keyed:
        owner = "; ".join(x for x in (action.responsible, *action.lead_partners) if x)
        row = [t.text_cell(action.ref or key), t.text_cell(action.text),
               t.text_cell(owner or t.NOT_AVAILABLE),
               t.text_cell(str(action.start) if action.start else t.NOT_AVAILABLE),
               t.text_cell(str(action.target) if action.target else t.NOT_AVAILABLE),
               _state_cell(action, today), t.text_cell(_latest_progress(action))]
        rows.append([*row, _action_links(plan_id, key, action.ref)] if can_edit else row)
    head = [message(f"plans.col.{c}") for c in ("ref", "action", "owner", "start", "target",
                                                  "state", "progress")]
    head += [message("plans.col.change")] if can_edit else []
    return t.table(message("plans.actions_caption"), head, rows)


def priorities(plan: m.Plan, report: ProgressReport, *, can_edit_actions: bool,
               can_edit_objectives: bool) -> list[dict[str, Any]]:
    """Each priority with its measures and objectives; each objective with its RAG,
    measures of success and actions."""
    progress = {(p.where, p.text): p for p in report.measures}
    shown = []
    for pi, priority in enumerate(plan.priorities):
        objectives = []
        for oi, objective in enumerate(priority.objectives):
            where = f"{priority.ref}/{objective.ref}"
            keyed = [(action_key(pi, oi, ai), a) for ai, a in enumerate(objective.actions)]
            objectives.append({
                "heading": f"{objective.ref} {objective.text}",
                "track": track_tag(report.objective_tracks.get(where, Track.NO_DATA)),
                "edit_href": url_for("plans.edit_objective", plan_id=plan.id,
                                     key=f"{pi + 1}.{oi + 1}") if can_edit_objectives else None,
                "measures": measures_table(where, objective.measures, progress),
                "actions": actions_table(plan.id, keyed, report.today, can_edit_actions)})
        shown.append({"heading": f"{priority.ref} {priority.title}", "aim": priority.aim,
                      "measures": measures_table(priority.ref, priority.measures, progress),
                      "objectives": objectives})
    return shown


def import_problems(err: PlanImportError) -> dict[str, Any]:
    """Every problem of a rejected import, by sheet, row and column."""
    rows = [[t.text_cell(p.where.file or ""),
             t.number_cell(str(p.where.row) if p.where.row is not None else ""),
             t.text_cell(p.where.column or ""), t.text_cell(p.what)] for p in err.problems]
    head = [message("plans.import.col.where"), message("plans.import.col.row"),
            message("plans.import.col.column"), message("plans.import.col.problem")]
    return t.table(message("plans.import.problems", count=len(err.problems)), head, rows)
