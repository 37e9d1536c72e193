"""Risk pages: schools by category with every reason, one school's category with its
decision history, accepting or overriding it, and concerns (raise, resolve, escalate).

Categories are computed by attain.services.risk; decisions and concerns are written by
attain.risk.store, which puts each change in the audit log with before and after.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from attain.domain.risk import Categorisation, Framework
from attain.errors import UserError
from attain.risk import store
from attain.services import risk as service
from attain.services import school_review
from attain.services.results import ResultFilter
from attain.web import data, database
from attain.web import risk_context as rc
from attain.web import workspace as w
from attain.web.access import Rule, requires
from attain.web.messages import message
from attain.web.risk_forms import CloseConcernForm, ConcernForm, DecisionForm, choices

bp = Blueprint("risk", __name__)
DECISION_PREFIX, CONCERN_PREFIX = "decision", "concern"


def default_year(la: str | None) -> int:
    """The latest year with results for the LA, else the current academic year."""
    rows = data.results(w.folder(), ResultFilter(la=la, group="all")) if la else []
    return max((int(r["year"]) for r in rows), default=w.academic_year(date.today()))


@lru_cache(maxsize=4)
def _loaded_frameworks(folder: Path, _stamp: tuple[tuple[str, int], ...]) -> dict[str, Framework]:
    return service.frameworks(folder, data.catalogue())


def loaded_frameworks() -> dict[str, Framework]:
    """The frameworks, validated once per worker until an LA framework file changes
    (loading them takes seconds); a UserError when any file is invalid."""
    own = w.folder() / "frameworks"
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in sorted(own.glob("*.yaml"))) \
        if own.is_dir() else ()
    return _loaded_frameworks(w.folder(), stamp)


def available_frameworks() -> dict[str, Framework]:
    try:
        return loaded_frameworks()
    except UserError:
        return {}


def _categorise(la: str | None, year: int,
                framework_id: str | None) -> tuple[list[service.SchoolResult], str | None]:
    """The LA's categorised schools, or the problem that stopped categorisation."""
    if la is None:
        return [], message("risk.cannot", problem="no schools in the registry")
    try:
        return service.categorise(w.folder(), la=la, year=year, framework_id=framework_id,
                                  catalogue=data.catalogue(),
                                  available=loaded_frameworks()), None
    except UserError as err:
        return [], message("risk.cannot", problem=err.message)


@bp.route("/risk")
@requires(Rule.STAFF)
def categories() -> str:
    la = w.home_la()
    year = w.year_arg(default_year(la))
    framework_id = request.args.get("framework", "")
    results, problem = _categorise(la, year, framework_id or None)
    decisions = school_review.decisions_of_year(w.database_url(), year) if results else {}
    return render_template(
        "risk/categories.html", title=message("risk.title", year_text=rc.year_text(year)),
        year=year, problem=problem, count=len(results),
        framework_items=rc.framework_items(available_frameworks(), year, framework_id,
                                           message("risk.any_framework")),
        summary=rc.summary_table(results, message("risk.summary")),
        table=rc.category_table(results, year, decisions,
                                f"Schools by category, {rc.year_text(year)}"))


def school_or_404(urn: int) -> data.SchoolInfo:
    info = data.school(database.session(), urn)
    if info is None:
        abort(404)
    return info


def _school_results(info: data.SchoolInfo, year: int,
                    framework_id: str | None) -> tuple[tuple[Categorisation, ...], str | None]:
    found, problem = _categorise(info.la_code, year, framework_id)
    mine = [s for s in found if s.school.urn == info.urn]
    return (mine[0].results if mine else ()), problem


def _decision_form(result: Categorisation | None, framework: Framework | None,
                   form: DecisionForm | None) -> DecisionForm | None:
    if result is None or framework is None:
        return None
    if form is None:
        form = DecisionForm(formdata=None, prefix=DECISION_PREFIX, year=str(result.year),
                            framework=result.framework_id, category=result.category)
    form.category.choices = choices(rc.category_choices(framework))
    form.meeting.choices = choices(_meeting_choices())
    return form


def _meeting_choices() -> list[tuple[str, str]]:
    return [("", message("risk.no_meeting"))] + [
        (str(m.id), rc.meeting_text(m)) for m in school_review.held_meetings(w.database_url())]


def _school_page(info: data.SchoolInfo, year: int, framework_id: str, *,
                 decision: DecisionForm | None = None, concern: ConcernForm | None = None,
                 closing: dict[int, CloseConcernForm] | None = None,
                 status: int = 200) -> ResponseReturnValue:
    results, problem = _school_results(info, year, framework_id or None)
    available = available_frameworks()
    chosen = next((r for r in results if r.framework_id == framework_id),
                  results[0] if results else None)
    url, staff = w.database_url(), w.who().is_staff
    context: dict[str, Any] = {}
    if staff:
        concerns = school_review.concerns_of(url, info.urn)
        open_forms = closing or {}
        context = {
            "decision_form": _decision_form(
                chosen, available.get(chosen.framework_id) if chosen else None, decision),
            "concern_form": concern or ConcernForm(formdata=None, prefix=CONCERN_PREFIX),
            "concerns": [(row, rc.concern_view(row), open_forms.get(row.id) or CloseConcernForm(
                formdata=None, prefix=f"c{row.id}")) for row in concerns]}
    submitted = [f for f in (decision, concern, *(closing or {}).values()) if f is not None]
    history = school_review.decision_history(url, info.urn)
    return render_template(
        "risk/school.html", school=info, year=year, problem=problem, staff=staff,
        title=message("risk.school_title", school=info.name, year_text=rc.year_text(year)),
        framework_items=rc.framework_items(available, year, framework_id,
                                           message("risk.any_framework")),
        results=[(r, rc.result_summary(r, available.get(r.framework_id))) for r in results],
        chosen=chosen, error_forms=[f for f in submitted if f.errors],
        history=rc.history_table(history, message("risk.history")),
        has_history=bool(history), **context), status


@bp.route("/schools/<int:urn>/category")
@requires(Rule.SCHOOL)
def school_category(urn: int) -> ResponseReturnValue:
    info = school_or_404(urn)
    year = w.year_arg(default_year(info.la_code))
    return _school_page(info, year, request.args.get("framework", ""))


@bp.route("/schools/<int:urn>/category/decide", methods=["POST"])
@requires(Rule.STAFF)
def decide(urn: int) -> ResponseReturnValue:
    info = school_or_404(urn)
    form = DecisionForm(prefix=DECISION_PREFIX)
    if not (form.year.data or "").isdigit() or not form.framework.data:
        abort(400)  # the hidden fields are the page's own: missing means a forged request
    year, framework_id = int(form.year.data), form.framework.data
    results, _problem = _school_results(info, year, framework_id)
    result = next((r for r in results if r.framework_id == framework_id), None)
    framework = available_frameworks().get(framework_id)
    if result is None or framework is None:
        abort(404)
    form.category.choices = choices(rc.category_choices(framework))
    form.meeting.choices = choices(_meeting_choices())
    valid = form.validate_on_submit()
    if valid and form.category.data != result.category and not (form.note.data or "").strip():
        form.note.errors = [*form.note.errors, message("risk.note_needed")]
        valid = False
    agreed_at = _agreed_at(form) if valid else None
    if valid and form.stage.data != "agreed" and (agreed_at or form.signed_off_by.data):
        form.meeting.errors = [*form.meeting.errors, message("risk.meeting_for_agreed")]
        valid = False
    if not valid:
        return _school_page(info, year, framework_id, decision=form, status=400)
    w.end_request_transaction()
    store.save_decision(w.database_url(), result, form.stage.data, w.user_email(),
                        category=form.category.data, note=(form.note.data or "").strip() or None,
                        meeting=agreed_at,
                        signed_off_by=(form.signed_off_by.data or "").strip() or None)
    flash(message("risk.decided", stage=rc.STAGE_NAMES[form.stage.data], school=info.name))
    return redirect(url_for("risk.school_category", urn=urn, year=year,
                            framework=framework_id))


def _agreed_at(form: DecisionForm) -> tuple[int, int] | None:
    """(academic year, number) of the chosen moderation meeting, or None."""
    chosen = next((m for m in school_review.held_meetings(w.database_url())
                   if str(m.id) == form.meeting.data), None)
    return (chosen.year, chosen.number) if chosen is not None else None


@bp.route("/schools/<int:urn>/concerns", methods=["POST"])
@requires(Rule.STAFF)
def raise_concern(urn: int) -> ResponseReturnValue:
    info = school_or_404(urn)
    form = ConcernForm(prefix=CONCERN_PREFIX)
    year = w.year_arg(default_year(info.la_code))
    if not form.validate_on_submit():
        return _school_page(info, year, "", concern=form, status=400)
    w.end_request_transaction()
    store.raise_concern(w.database_url(), urn, form.kind.data, form.detail.data.strip(),
                        form.raised_on.data, w.user_email())
    flash(message("concerns.raised", school=info.name))
    return redirect(url_for("risk.school_category", urn=urn, year=year))


@bp.route("/schools/<int:urn>/concerns/<int:concern_id>", methods=["POST"])
@requires(Rule.STAFF)
def close_concern(urn: int, concern_id: int) -> ResponseReturnValue:
    info = school_or_404(urn)
    if concern_id not in {c.id for c in school_review.concerns_of(w.database_url(), urn)}:
        abort(404)
    form = CloseConcernForm(prefix=f"c{concern_id}")
    year = w.year_arg(default_year(info.la_code))
    if not form.validate_on_submit():
        return _school_page(info, year, "", closing={concern_id: form}, status=400)
    escalation = form.escalation.data if form.action.data == "escalate" else None
    w.end_request_transaction()
    store.close_concern(w.database_url(), concern_id, date.today(), w.user_email(), escalation)
    flash(message("concerns.closed", number=concern_id,
                  status="escalated" if escalation else "resolved"))
    return redirect(url_for("risk.school_category", urn=urn, year=year))
