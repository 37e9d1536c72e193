"""The reports page: choose a report (standards report, data sheet, school data profile),
an LA or school, a year and a format, and download the file `attain report` would write.

Every role may download the published LA-level reports; the school data profile is for LA
staff and for school users of that school (another school answers 404); viewers never see
it. Reports are generated on request by attain.services.reports into a temporary folder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Response, abort, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from attain.domain.formats import ReportFormat
from attain.errors import UserError
from attain.services import reports as service
from attain.services.results import ResultFilter
from attain.web import data, database
from attain.web import reports_context as c
from attain.web.access import Principal, Rule, requires
from attain.web.reports_forms import la_report_form, school_report_form
from attain.web.workspace import folder as _folder
from attain.web.workspace import home_la
from attain.web.workspace import who as _who

bp = Blueprint("reports", __name__, url_prefix="/reports")
ENDPOINTS = {c.ReportKind.STANDARDS: "reports.standards",
             c.ReportKind.DATASHEET: "reports.datasheet", c.ReportKind.SCHOOL: "reports.school"}


def _home_la() -> str:
    return home_la() or ""


def _years() -> list[tuple[str, str]]:
    la = _home_la()
    rows = data.results(_folder(), ResultFilter(la=la, group="all")) if la else []
    return c.year_choices(r["year"] for r in rows)


def _visible_schools(who: Principal) -> list[tuple[str, str]]:
    session = database.session()
    found = (data.schools(session, la_code=_home_la()) if who.is_staff
             else data.schools(session, urns=who.urns))
    return c.school_choices(s for s in found if who.may_see_school(s.urn))


def _form(kind: c.ReportKind, submitted: bool) -> FlaskForm:
    years = _years()
    if kind is c.ReportKind.SCHOOL:
        return school_report_form(kind.value, _visible_schools(_who()), years,
                                  submitted=submitted, year=c.first(years))
    return la_report_form(kind.value, c.la_choices(database.session()), years,
                          submitted=submitted, la=_home_la(), year=c.first(years))


def _page(failed: c.ReportKind | None = None, form: FlaskForm | None = None
          ) -> ResponseReturnValue:
    choosers = [c.Chooser(kind, form if kind is failed else _form(kind, False),
                          ENDPOINTS[kind]) for kind in c.kinds_for(_who())]
    return render_template("reports/index.html", choosers=choosers, failed=form), \
        400 if failed else 200


@bp.route("")
@requires(Rule.LA_AGGREGATES)
def index() -> ResponseReturnValue:
    return _page()


def _download(kind: c.ReportKind, subject: str, form: FlaskForm,
              build: Callable[[ReportFormat, Path], object]) -> ResponseReturnValue:
    fmt = ReportFormat(form.file_format.data)
    name = c.file_name(kind, subject, int(form.year.data), fmt)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / name
        try:
            build(fmt, out)
        except UserError as err:
            form.year.errors = [*form.year.errors, err.message]
            return _page(kind, form)
        content = out.read_bytes()
    return Response(content, mimetype=c.MIME_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _la_report(kind: c.ReportKind, builder: service.Builder) -> ResponseReturnValue:
    form = _form(kind, True)
    if not form.validate():
        return _page(kind, form)
    la = str(form.la_code.data)
    return _download(kind, la, form, lambda fmt, out: builder(
        _folder(), la, int(form.year.data), fmt, out, None))


@bp.route("/standards")
@requires(Rule.LA_AGGREGATES)
def standards() -> ResponseReturnValue:
    return _la_report(c.ReportKind.STANDARDS, service.standards)


@bp.route("/datasheet")
@requires(Rule.LA_AGGREGATES)
def datasheet() -> ResponseReturnValue:
    return _la_report(c.ReportKind.DATASHEET, service.datasheet)


@bp.route("/school")
@requires(Rule.SCHOOL_DIRECTORY)
def school() -> ResponseReturnValue:
    """The school is a query parameter (a GET form), so the view checks it: a school the
    user may not see answers 404, whatever else the form holds."""
    who = _who()
    form = _form(c.ReportKind.SCHOOL, True)
    asked = str(form.urn.data or "")
    if asked.isdigit() and not who.may_see_school(int(asked)):
        abort(404)
    if not form.validate():
        return _page(c.ReportKind.SCHOOL, form)
    urn = int(asked)
    return _download(c.ReportKind.SCHOOL, asked, form, lambda fmt, out: service.school(
        _folder(), urn, int(form.year.data), fmt, out))
