"""The plans pages: list, one plan with live RAG, edit an objective or an action, add a
progress entry, import and export XLSX. Every write goes through a service and is audited.

Who sees what: LA staff every plan; a school user only their schools' plans (a plan one of
their school's visits reviews), and another plan answers 404 as if it did not exist;
viewers none. Objectives and imports are LA staff's; a school user may update the actions
of their own school's plan.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.utils import secure_filename
from wtforms import Field

from attain.domain import plans as m
from attain.domain.formats import XLSX_MEDIA_TYPE
from attain.errors import UserError
from attain.ingest.plans_tree import PlanImportError
from attain.services import plans as service
from attain.services import plans_web as edits
from attain.services.plan_scope import plan_schools
from attain.web import data, database
from attain.web import plans_context as c
from attain.web.access import Principal, Rule, requires
from attain.web.messages import message
from attain.web.plans_forms import (
    ActionForm,
    ImportForm,
    ObjectiveForm,
    ProgressForm,
    point_fields,
)
from attain.web.workspace import database_url as _url
from attain.web.workspace import who as _who

bp = Blueprint("plans", __name__, url_prefix="/plans")
T = TypeVar("T")


def _user() -> str:
    return str(current_user.account.email)


def _visible(who: Principal, plan_id: str, schools: dict[str, frozenset[int]]) -> bool:
    return who.is_staff or bool(schools.get(plan_id, frozenset()) & who.urns)


def _plan(plan_id: str) -> tuple[m.Plan, int]:
    """The plan and its version, or 404 when it does not exist or the user may not see it."""
    session = database.session()
    if not _visible(_who(), plan_id, plan_schools(session)):
        abort(404)
    found = edits.document_version(session, plan_id)
    if found is None:
        abort(404)
    document, version = found
    return service.to_plan(document, plan_id), version


@bp.route("")
@requires(Rule.PLANS)
def index() -> str:
    who = _who()
    session = database.session()
    schools = plan_schools(session)
    shown = [p for p in service.list_plans(_url()) if _visible(who, p.id, schools)]
    names = {s.urn: s.name for s in data.schools(session, urns=frozenset(
        u for urns in schools.values() for u in urns))}
    return render_template("plans/list.html", table=c.plans_table(shown, schools, names),
                           count=len(shown), can_import=who.is_staff)


def _progress(plan: m.Plan) -> service.ProgressReport:
    def higher_is_better(measure_id: str) -> bool:
        spec = data.measure(measure_id)
        return spec.higher_is_better if spec is not None else True

    folder: Path = current_app.config["ATTAIN_DATA_DIR"]
    return service.progress(plan, edits.plan_lookup(folder, plan), date.today(),
                            higher_is_better)


@bp.route("/<plan_id>")
@requires(Rule.PLANS)
def view(plan_id: str) -> str:
    plan, _version = _plan(plan_id)
    report = _progress(plan)
    staff = _who().is_staff
    return render_template(
        "plans/view.html", plan=plan, summary=c.plan_summary(plan, report),
        priorities=c.priorities(plan, report, can_edit_actions=True,
                                can_edit_objectives=staff))


@bp.route("/<plan_id>/objectives/<key>/edit", methods=["GET", "POST"])
@requires(Rule.STAFF)
def edit_objective(plan_id: str, key: str) -> ResponseReturnValue:
    plan, version = _plan(plan_id)
    objective = _or_404(lambda: edits.objective_at(plan, key))
    form = ObjectiveForm(data={"text": objective.text, "version": str(version),
                               "measures": [_measure_data(x) for x in objective.measures]})
    if form.validate_on_submit():
        change = edits.ObjectiveEdit(form.text.data.strip(), tuple(
            edits.MeasureEdit(entry.form.text.data.strip(), *entry.form.points())
            for entry in form.measures))
        saved = _saved(form.text, lambda: edits.edit_objective(
            _url(), plan_id, key, int(form.version.data), change, user=_user()))
        if saved is not None:
            flash(message("plans.objective.saved" if saved.changed
                          else "plans.objective.unchanged", ref=objective.ref))
            return redirect(url_for("plans.view", plan_id=plan_id))
    return render_template("plans/objective_edit.html", form=form, plan=plan,
                           objective=objective), 400 if form.errors else 200


def _measure_data(found: m.MeasureOfSuccess) -> dict[str, str]:
    baseline_value, baseline_year = point_fields(found.baseline)
    target_value, target_year = point_fields(found.target)
    return {"text": found.text, "baseline_value": baseline_value,
            "baseline_year": baseline_year, "target_value": target_value,
            "target_year": target_year}


@bp.route("/<plan_id>/actions/<key>/edit", methods=["GET", "POST"])
@requires(Rule.PLANS)
def edit_action(plan_id: str, key: str) -> ResponseReturnValue:
    plan, _version = _plan(plan_id)
    action = _or_404(lambda: edits.action_at(plan, key))
    form = ActionForm(data={
        "text": action.text, "responsible": action.responsible,
        "target": str(action.target) if action.target else "", "status": action.status.value,
        "hold_reason": action.hold_reason, "version": str(_action_version(plan_id, key))})
    if form.validate_on_submit():
        change = edits.ActionEdit(
            form.text.data.strip(), (form.responsible.data or "").strip(), form.target_date(),
            m.ActionStatus(form.status.data), (form.hold_reason.data or "").strip())
        saved = _saved(form.text, lambda: edits.edit_action(
            _url(), plan_id, key, int(form.version.data), change, user=_user()))
        if saved is not None:
            flash(message("plans.action.saved" if saved.changed
                          else "plans.action.unchanged", ref=action.ref or key))
            return redirect(url_for("plans.view", plan_id=plan_id))
    return render_template("plans/action_edit.html", form=form, plan=plan, action=action,
                           key=key), 400 if form.errors else 200


@bp.route("/<plan_id>/actions/<key>/progress", methods=["GET", "POST"])
@requires(Rule.PLANS)
def add_progress(plan_id: str, key: str) -> ResponseReturnValue:
    plan, _version = _plan(plan_id)
    action = _or_404(lambda: edits.action_at(plan, key))
    form = ProgressForm(data={"version": str(_action_version(plan_id, key))})
    if form.validate_on_submit():
        change = service.ActionChange(progress_text=form.text.data.strip(),
                                      rag=m.Rag(form.rag.data) if form.rag.data else None,
                                      on=form.on.data)
        if _saved(form.text, lambda: service.update_action(
                _url(), plan_id, key, int(form.version.data), change,
                user=_user())) is not None:
            flash(message("plans.progress.saved", ref=action.ref or key))
            return redirect(url_for("plans.view", plan_id=plan_id))
    form.process_formdata_errors()
    return render_template("plans/progress.html", form=form, plan=plan, action=action,
                           key=key), 400 if form.errors else 200


@bp.route("/<plan_id>.xlsx")
@requires(Rule.PLANS)
def export(plan_id: str) -> Response:
    from attain.ingest import plans_xlsx

    plan, _version = _plan(plan_id)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{plan_id}.xlsx"
        plans_xlsx.save(plan, out)
        content = out.read_bytes()
    return Response(content, mimetype=XLSX_MEDIA_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{plan_id}.xlsx"'})


@bp.route("/import", methods=["GET", "POST"])
@requires(Rule.STAFF)
def import_plan() -> ResponseReturnValue:
    form = ImportForm()
    problems = None
    if form.validate_on_submit():
        upload = form.file.data
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (secure_filename(upload.filename or "") or "plan.xlsx")
            upload.save(path)
            _release()
            try:
                plan = service.import_plan(_url(), path, user=_user(),
                                           replace=form.replace.data == "yes")
            except PlanImportError as err:
                problems = c.import_problems(err)
                form.file.errors = [message("plans.import.rejected", count=len(err.problems))]
            except UserError as err:
                form.file.errors = [err.message]
            else:
                flash(message("plans.import.done", title=plan.title))
                return redirect(url_for("plans.view", plan_id=plan.id))
    return render_template("plans/import.html", form=form, problems=problems), \
        400 if form.errors else 200


def _action_version(plan_id: str, key: str) -> int:
    from sqlalchemy import select

    from attain.store.plan_models import PlanActionRow

    found = database.session().scalars(select(PlanActionRow.version).where(
        PlanActionRow.plan_id == plan_id, PlanActionRow.key == key)).one_or_none()
    if found is None:
        abort(404)
    return int(found)


def _or_404(find: Callable[[], T]) -> T:
    try:
        return find()
    except UserError:
        abort(404)


def _saved(field: Field, write: Callable[[], T]) -> T | None:
    """Run a service write and return what it returns; a refusal (stale version, broken
    rule) becomes an error shown on `field`, nothing is saved and the answer is None."""
    _release()
    try:
        return write()
    except UserError as err:
        field.errors = [*field.errors, err.message]
        return None


def _release() -> None:
    """End the request session's read transaction before a service writes through its own
    connection: an open reader would lock a SQLite database against that write."""
    database.session().rollback()
