"""Review-cycle pages: the year's School Review Group meetings and school visits SV1-SV3
with what is due, overdue or missed; generating the schedule; a school's visits (a school
user sees their own, read-only); the visit record form; the self-evaluation form.

The schedule comes from attain.services.risk.review_schedule; visits, self-evaluations
and their audit entries (before and after) are written by attain.risk.store.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms import SelectChoice

from attain.risk import store
from attain.risk.review import MEETINGS, VISITS
from attain.services import risk as service
from attain.services import school_review
from attain.web import data, database
from attain.web import review_context as vc
from attain.web import workspace as w
from attain.web.access import Rule, requires
from attain.web.messages import message
from attain.web.review_forms import (
    MeetingForm,
    ScheduleForm,
    SelfEvaluationForm,
    VisitRecordForm,
)
from attain.web.risk_context import framework_items, year_text
from attain.web.risk_pages import available_frameworks, school_or_404

bp = Blueprint("review", __name__)
VISIT_NAMES = {v.name for v in VISITS}


def _schedule_form(year: int) -> ScheduleForm:
    form = ScheduleForm(year=str(year))
    form.framework.choices = [SelectChoice(item["value"], item["text"]) for item in
                              framework_items(available_frameworks(), year, "",
                                              message("risk.any_framework"))]
    return form


@bp.route("/review")
@requires(Rule.STAFF)
def calendar() -> str:
    today = date.today()
    year = w.year_arg(w.academic_year(today))
    la = w.home_la()
    names = {s.urn: s.name for s in data.schools(database.session(), la_code=la)}
    url = w.database_url()
    visits = [(row, state) for row, state in store.visit_states(url, year, today)
              if row.urn in names]
    attention = [(row, state) for row, state in visits if state in vc.ATTENTION]
    return render_template(
        "review/calendar.html", title=message("review.title", year_text=year_text(year)),
        year=year, has_visits=bool(visits), has_attention=bool(attention),
        meetings=vc.meetings_table(year, school_review.meetings_of(url, year),
                                   message("review.meetings")),
        counts=vc.counts_table(visits, message("review.counts")),
        attention=vc.visits_table(attention, names, "Visits due, overdue or missed"),
        visits=vc.visits_table(visits, names, message("review.visits")),
        schedule_form=_schedule_form(year))


@bp.route("/review/schedule", methods=["POST"])
@requires(Rule.STAFF)
def schedule() -> ResponseReturnValue:
    form = ScheduleForm()
    year = int(form.year.data) if (form.year.data or "").isdigit() else 0
    form.framework.choices = [SelectChoice(item["value"], item["text"]) for item in
                              framework_items(available_frameworks(), year, "", "")]
    la = w.home_la()
    if not form.validate_on_submit() or not year or la is None:
        abort(400)
    planned = service.review_schedule(w.folder(), la=la, year=year,
                                      framework_id=form.framework.data or None)
    w.end_request_transaction()
    added = store.save_schedule(w.database_url(), planned, w.user_email())
    flash(message("review.generated", added=added, year_text=year_text(year)))
    return redirect(url_for("review.calendar", year=year))


@bp.route("/schools/<int:urn>/visits")
@requires(Rule.SCHOOL)
def school_visits(urn: int) -> str:
    info = school_or_404(urn)
    staff = w.who().is_staff
    visits = school_review.visits_of(w.database_url(), urn, date.today())
    recorded = [(row, vc.record_summary(row)) for row, _state in visits
                if row.visited_on is not None]
    return render_template(
        "review/school_visits.html", school=info,
        title=message("review.school_visits", school=info.name), has_visits=bool(visits),
        table=vc.school_visits_table(visits, staff, message("review.visits")),
        recorded=recorded)


@bp.route("/schools/<int:urn>/visits/<int:year>/<visit>", methods=["GET", "POST"])
@requires(Rule.STAFF)
def record_visit(urn: int, year: int, visit: str) -> ResponseReturnValue:
    info = school_or_404(urn)
    url = w.database_url()
    row = school_review.visit_of(url, urn, year, visit) if visit in VISIT_NAMES else None
    if row is None:
        abort(404)
    form = VisitRecordForm()
    if request.method == "GET":
        form.focus.data = row.focus
        form.visited_on.data, form.officer.data = row.visited_on, row.officer
        form.fill(row.record or {})
    elif form.validate_on_submit():
        w.end_request_transaction()
        store.record_visit(url, urn, year, visit, form.visited_on.data,
                           form.officer.data.strip(), form.record(), w.user_email())
        flash(message("review.recorded", visit=visit, school=info.name))
        return redirect(url_for("review.school_visits", urn=urn))
    title = message("review.record", visit=visit, year_text=year_text(year), school=info.name)
    return render_template("review/record.html", title=title, school=info, visit=row,
                           form=form), 400 if form.errors else 200


@bp.route("/schools/<int:urn>/self-evaluation", methods=["GET", "POST"])
@requires(Rule.SCHOOL)
def self_evaluation(urn: int) -> ResponseReturnValue:
    info = school_or_404(urn)
    staff = w.who().is_staff
    url = w.database_url()
    form = SelfEvaluationForm()
    if request.method == "GET":
        form.year.data = w.academic_year(date.today())
    elif form.validate_on_submit():
        # Only LA staff (the School Support Partner) validate a profile.
        validated = (form.validated_by.data or "").strip() or None if staff else None
        w.end_request_transaction()
        changed = store.save_self_evaluation(url, urn, form.year.data, form.term.data,
                                             form.grades(), w.user_email(), validated)
        flash(message("self_evaluation.saved" if changed else "self_evaluation.unchanged",
                      school=info.name))
        return redirect(url_for("review.self_evaluation", urn=urn))
    rows = school_review.self_evaluations_of(url, urn)
    return render_template(
        "review/self_evaluation.html", school=info, form=form, staff=staff,
        title=message("self_evaluation.title", school=info.name), has_rows=bool(rows),
        table=vc.self_evaluations_table(rows, message("self_evaluation.form"))), \
        400 if form.errors else 200


@bp.route("/review/meetings/<int:year>/<int:number>", methods=["GET", "POST"])
@requires(Rule.STAFF)
def record_meeting(year: int, number: int) -> ResponseReturnValue:
    """Minutes and decisions of School Review Group meeting `number` (1-4) of the year."""
    if not 1 <= number <= len(MEETINGS) or not w.FIRST_YEAR <= year <= w.LAST_YEAR:
        abort(404)
    url = w.database_url()
    form = MeetingForm()
    if request.method == "GET":
        held = school_review.meetings_of(url, year).get(number)
        if held is not None:
            form.held_on.data, form.minutes.data = held.held_on, held.minutes
            form.decisions.data = held.decisions
    elif form.validate_on_submit():
        w.end_request_transaction()
        store.record_meeting(url, year, number, form.held_on.data,
                             (form.minutes.data or "").strip(),
                             (form.decisions.data or "").strip(), w.user_email())
        flash(message("review.meeting_saved", number=number))
        return redirect(url_for("review.calendar", year=year))
    title = message("review.meeting_title", number=number, year_text=year_text(year))
    return render_template("review/meeting.html", title=title, form=form), \
        400 if form.errors else 200
