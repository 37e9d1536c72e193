"""The report choosers: a GET form per report (no CSRF: they change nothing). Each form
has its own prefix so the three can share one page without clashing ids."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import RadioField, SelectChoice, SelectField, SubmitField
from wtforms.validators import AnyOf, InputRequired

from attain.domain.formats import ReportFormat
from attain.web.messages import lazy_text, message

FORMAT_CHOICES = [SelectChoice(f.value, lazy_text(f"reports.format.{f.value}"))
                  for f in ReportFormat]
Choices = Sequence[tuple[str, str]]


def _select(label: str, missing: str, choices: Choices) -> SelectField:
    values = [value for value, _text in choices]
    return SelectField(label, widget=GovSelect(),
                       choices=[SelectChoice(value, text) for value, text in choices],
                       validate_choice=False,
                       validators=[InputRequired(message=missing),
                                   AnyOf(values, message=missing)])


def _format() -> RadioField:
    return RadioField(message("reports.format"), widget=GovRadioInput(),
                      choices=FORMAT_CHOICES, default=ReportFormat.PDF.value,
                      validate_choice=False, validators=[
                          InputRequired(message=message("reports.format_missing")),
                          AnyOf([c.value for c in FORMAT_CHOICES],
                                message=message("reports.format_missing"))])


def la_report_form(prefix: str, las: Choices, years: Choices, *, submitted: bool,
                   la: str, year: str) -> FlaskForm:
    """The chooser of an LA report (standards report, data sheet)."""

    class LaReportForm(FlaskForm):  # type: ignore[misc]
        class Meta:
            csrf = False

        la_code = _select(message("reports.la"), message("reports.la_missing"), las)
        year = _select(message("reports.year"), message("reports.year_missing"), years)
        file_format = _format()
        submit = SubmitField(message("reports.download"), widget=GovSubmitInput())

    return _made(LaReportForm, prefix, submitted, {"la_code": la, "year": year})


def school_report_form(prefix: str, schools: Choices, years: Choices, *, submitted: bool,
                       year: str) -> FlaskForm:
    """The chooser of a school data profile: only the schools the user may see."""

    class SchoolReportForm(FlaskForm):  # type: ignore[misc]
        class Meta:
            csrf = False

        urn = _select(message("reports.school"), message("reports.school_missing"), schools)
        year = _select(message("reports.year"), message("reports.year_missing"), years)
        file_format = _format()
        submit = SubmitField(message("reports.download"), widget=GovSubmitInput())

    return _made(SchoolReportForm, prefix, submitted, {"year": year})


def _made(kind: type[FlaskForm], prefix: str, submitted: bool,
          defaults: dict[str, str]) -> FlaskForm:
    from flask import request

    if submitted:
        return kind(formdata=request.args, prefix=prefix)
    return kind(formdata=None, prefix=prefix, data=defaults)
