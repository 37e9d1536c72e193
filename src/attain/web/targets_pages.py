"""Targets pages: a school's targets per measure and year, entered in a form or uploaded
as CSV/XLSX (school users for their own schools, LA staff for any), and the challenge list
for LA staff: targets below the modelled estimate, and the LA target beside the LA estimate.

Values are checked as `attain targets import` checks them, nothing is saved when any row
is wrong, and every saved target is in the audit log with before and after
(attain.services.target_entries).
"""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from openpyxl.utils.exceptions import InvalidFileException
from werkzeug.utils import secure_filename

from attain.errors import UserError
from attain.services import target_entries as entries
from attain.services import targets as service
from attain.store.models import School
from attain.targets.reader import Row
from attain.targets.records import RowError, Target, TargetFileErrors
from attain.web import data, database, upload_area
from attain.web import targets_context as tc
from attain.web import workspace as w
from attain.web.access import Rule, requires
from attain.web.messages import message
from attain.web.targets_forms import ENTRY_PREFIX, UPLOAD_PREFIX, TargetForm, TargetsUploadForm

bp = Blueprint("targets", __name__)
# The form field that shows a problem the importer found in each column.
FIELD_OF_COLUMN = {"measure_id": "measure", "year": "year", "target": "target", "urn": "target"}
_UNREADABLE = (OSError, ValueError, KeyError, csv.Error, zipfile.BadZipFile,
               InvalidFileException)


def _titles() -> dict[str, str]:
    return {m.id: m.title for m in data.catalogue().measures}


def _measures() -> list[tuple[str, str]]:
    return sorted(_titles().items(), key=lambda item: (item[1].lower(), item[0]))


def _school_or_404(urn: int) -> data.SchoolInfo:
    info = data.school(database.session(), urn)
    if info is None:
        abort(404)
    return info


def _entry_form() -> TargetForm:
    """An empty form, or the one to change the target named by ?measure= and ?year=."""
    year = w.year_arg(w.academic_year(date.today()))
    return TargetForm(formdata=None, prefix=ENTRY_PREFIX, year=year,
                      measure=request.args.get("measure", ""))


def _school_page(info: data.SchoolInfo, *, entry: TargetForm | None = None,
                 upload: TargetsUploadForm | None = None,
                 row_errors: list[RowError] | None = None,
                 status: int = 200) -> ResponseReturnValue:
    targets = entries.school_targets(w.folder(), info.urn)
    entry = entry or _entry_form()
    if entry.measure.data and not entry.target.data and request.method == "GET":
        entry.target.data = _current_value(targets, entry.measure.data, entry.year.data)
    entry.set_measures(_measures())
    upload = upload or TargetsUploadForm(formdata=None, prefix=UPLOAD_PREFIX)
    hrefs = {(x.measure_id, x.year): url_for("targets.school", urn=info.urn,
                                             measure=x.measure_id, year=x.year) + "#entry"
             for x in targets}
    return render_template(
        "targets/school.html", school=info, entry=entry, upload=upload,
        upload_errors=_upload_errors(upload),
        title=message("targets.school_title", school=info.name),
        table=tc.school_targets_table(targets, _titles(), hrefs) if targets else None,
        row_errors=tc.row_errors_table(row_errors) if row_errors else None), status


def _upload_errors(form: TargetsUploadForm) -> dict[str, object]:
    csrf = getattr(form, "csrf_token", None)  # no such field while CSRF checks are off
    every = [e for field in (form.file, csrf) if field is not None for e in field.errors]
    return tc.file_error_summary(every, f"#{form.file.id}")


def _current_value(targets: list[Target], measure_id: str, year: object) -> str | None:
    found = next((x.value for x in targets if x.measure_id == measure_id and x.year == year),
                 None)
    return None if found is None else f"{found:g}"


@bp.route("/schools/<int:urn>/targets")
@requires(Rule.SCHOOL)
def school(urn: int) -> ResponseReturnValue:
    return _school_page(_school_or_404(urn))


@bp.route("/schools/<int:urn>/targets", methods=["POST"])
@requires(Rule.SCHOOL)
def save_target(urn: int) -> ResponseReturnValue:
    info = _school_or_404(urn)
    form = TargetForm(prefix=ENTRY_PREFIX)
    form.set_measures(_measures())
    if form.validate_on_submit():
        rows = entries.one_row(urn, form.measure.data, form.year.data, form.target.data)
        try:
            found = entries.checked(w.folder(), rows, {urn})
        except TargetFileErrors as err:
            for problem in err.errors:
                getattr(form, FIELD_OF_COLUMN.get(problem.column, "target")).errors.append(
                    problem.message)
        else:
            _save(found, "set")
            flash(message("targets.saved", measure=_titles().get(form.measure.data, ""),
                          year=form.year.data))
            return redirect(url_for("targets.school", urn=urn))
    return _school_page(info, entry=form, status=400)


@bp.route("/schools/<int:urn>/targets/upload", methods=["POST"])
@requires(Rule.SCHOOL)
def upload_school(urn: int) -> ResponseReturnValue:
    info = _school_or_404(urn)
    form = TargetsUploadForm(prefix=UPLOAD_PREFIX)
    saved, row_errors = _upload(form, {urn})
    if saved is not None:
        flash(message("targets.uploaded", count=saved))
        return redirect(url_for("targets.school", urn=urn))
    return _school_page(info, upload=form, row_errors=row_errors, status=400)


def _upload(form: TargetsUploadForm, allowed: set[int] | None
            ) -> tuple[int | None, list[RowError]]:
    """(targets saved, None) or (None, the row errors); the form carries every problem."""
    if not form.validate_on_submit():
        return None, []
    try:
        rows = _read_upload(form)
        if not rows:
            raise UserError(message("targets.file_empty"))
        found = entries.checked(w.folder(), rows, allowed, source=form.file.data.filename)
    except TargetFileErrors as err:
        form.file.errors.extend(tc.summary_errors(err.errors))
        return None, err.errors
    except UserError as err:
        # the problem and its fix, without the server's path of the uploaded copy
        form.file.errors.append(f"{err.what.rstrip('.')}. {err.fix}" if err.fix else err.what)
        return None, []
    _save(found, "import")
    return len(found), []


def _read_upload(form: TargetsUploadForm) -> list[Row]:
    _token, area = upload_area.new_upload(w.folder())
    try:
        name = secure_filename(form.file.data.filename or "") or "targets.csv"
        path = Path(area) / name
        form.file.data.save(path)
        try:
            return entries.read_file(path)
        except _UNREADABLE:
            raise UserError(message("targets.file_unreadable")) from None
    finally:
        upload_area.discard(area)


def _save(targets: list[Target], action: str) -> None:
    session = database.session()
    entries.save(w.folder(), session, targets, user=w.user_email(), action=action)
    session.commit()


# ---- LA staff: the challenge list and uploads for any school -------------------------


def _default_year() -> int:
    years = [x.year for x in service.load_targets(w.folder())]
    return max(years, default=w.academic_year(date.today()))


def _school_names() -> dict[int, str]:
    rows = database.session().execute(sa.select(School.urn, School.name))
    return {int(urn): str(name) for urn, name in rows}


def _challenge_page(upload: TargetsUploadForm | None = None,
                    row_errors: list[RowError] | None = None,
                    status: int = 200) -> ResponseReturnValue:
    year = w.year_arg(_default_year())
    titles = _titles()
    upload = upload or TargetsUploadForm(formdata=None, prefix=UPLOAD_PREFIX)
    try:
        found, problem = service.challenge(w.folder(), year), None
    except UserError as err:
        found, problem = None, err.message
    return render_template(
        "targets/challenge.html", year=year, problem=problem,
        title=message("targets.challenge_title", year=year),
        upload=upload, upload_errors=_upload_errors(upload),
        table=tc.challenge_table(found.rows, _school_names(), titles, year)
        if found and found.rows else None,
        la_table=tc.la_targets_table(found.la_targets, titles, year)
        if found and found.la_targets else None,
        without_model=[titles.get(m, m) for m in found.without_model] if found else [],
        checked=found is not None,
        row_errors=tc.row_errors_table(row_errors) if row_errors else None), status


@bp.route("/targets")
@requires(Rule.STAFF)
def challenge() -> ResponseReturnValue:
    return _challenge_page()


@bp.route("/targets/upload", methods=["POST"])
@requires(Rule.STAFF)
def upload() -> ResponseReturnValue:
    form = TargetsUploadForm(prefix=UPLOAD_PREFIX)
    saved, row_errors = _upload(form, None)
    if saved is not None:
        flash(message("targets.uploaded", count=saved))
        return redirect(url_for("targets.challenge"))
    return _challenge_page(form, row_errors, 400)
