"""Forms of the plans pages (govuk-frontend-wtf widgets; CSRF via Flask-WTF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from attain.domain import plans as m
from attain.domain.periods import FuzzyDate, parse
from attain.errors import UserError
from attain.web.forms import DateInput
from attain.web.messages import lazy_text, message

VERSION = [InputRequired(), Regexp(r"^\d+$")]


def status_label(status: str) -> str:
    return message(f"plans.status.{status}")


NUMBER = r"^-?\d+(\.\d+)?$"
YEAR = r"^\d{4}$"


def _number(key: str) -> StringField:
    return StringField(lazy_text(f"plans.measure.{key}"), widget=GovTextInput(), validators=[
        Optional(), Regexp(NUMBER, message=lazy_text("plans.measure.number_bad"))])


def _year(key: str) -> StringField:
    return StringField(lazy_text(f"plans.measure.{key}"), widget=GovTextInput(), validators=[
        Optional(), Regexp(YEAR, message=lazy_text("plans.measure.year_bad"))])


class MeasureForm(Form):  # type: ignore[misc]
    """One measure of success: its words, baseline and target (a value, optionally with the
    year it is for; a year needs its value)."""

    text = TextAreaField(lazy_text("plans.measure.text"), widget=GovTextArea(), validators=[
        DataRequired(message=lazy_text("plans.measure.text_missing")), Length(max=4000)])
    baseline_value = _number("baseline_value")
    baseline_year = _year("baseline_year")
    target_value = _number("target_value")
    target_year = _year("target_year")

    def validate_baseline_year(self, field: Field) -> None:
        if field.data and not self.baseline_value.data:
            raise ValidationError(lazy_text("plans.measure.value_missing"))

    def validate_target_year(self, field: Field) -> None:
        if field.data and not self.target_value.data:
            raise ValidationError(lazy_text("plans.measure.value_missing"))

    def points(self) -> tuple[m.Point | None, m.Point | None]:
        return (_point(self.baseline_value.data, self.baseline_year.data),
                _point(self.target_value.data, self.target_year.data))


def _point(value: str | None, year: str | None) -> m.Point | None:
    value, year = (value or "").strip(), (year or "").strip()
    if not value:
        return None
    return m.Point(float(value), int(year) if year else None)


def point_fields(point: m.Point | None) -> tuple[str, str]:
    """A point as the form shows it: value (without a needless .0) and year."""
    if point is None:
        return "", ""
    value = str(int(point.value)) if point.value.is_integer() else repr(point.value)
    return value, str(point.year) if point.year else ""


class ObjectiveForm(FlaskForm):  # type: ignore[misc]
    text = TextAreaField(lazy_text("plans.objective.text"), widget=GovTextArea(), validators=[
        DataRequired(message=lazy_text("plans.objective.text_missing")), Length(max=4000)])
    measures = FieldList(FormField(MeasureForm))
    version = HiddenField(validators=VERSION)
    submit = SubmitField(lazy_text("plans.save"), widget=GovSubmitInput())


class ActionForm(FlaskForm):  # type: ignore[misc]
    text = TextAreaField(lazy_text("plans.action.text"), widget=GovTextArea(), validators=[
        DataRequired(message=lazy_text("plans.action.text_missing")), Length(max=4000)])
    responsible = StringField(lazy_text("plans.action.responsible"), widget=GovTextInput(),
                              validators=[Optional(), Length(max=400)])
    target = StringField(lazy_text("plans.action.target"), widget=GovTextInput(),
                         description=lazy_text("plans.action.target_hint"),
                         validators=[Optional(), Length(max=200)])
    status = SelectField(lazy_text("plans.action.status"), widget=GovSelect(),
                         choices=[SelectChoice(s.value, lazy_text(f"plans.status.{s.value}"))
                                  for s in m.ActionStatus])
    # No Optional(): it would stop the chain before validate_hold_reason sees an empty box
    hold_reason = TextAreaField(lazy_text("plans.action.hold_reason"), widget=GovTextArea(),
                                validators=[Length(max=4000)])
    version = HiddenField(validators=VERSION)
    submit = SubmitField(lazy_text("plans.save"), widget=GovSubmitInput())

    def validate_target(self, field: Field) -> None:
        self.target_date()

    def validate_hold_reason(self, field: Field) -> None:
        if self.status.data == m.ActionStatus.ON_HOLD and not (field.data or "").strip():
            raise ValidationError(lazy_text("plans.action.hold_reason_missing"))

    def target_date(self) -> FuzzyDate | None:
        words = (self.target.data or "").strip()
        if not words:
            return None
        try:
            return parse(words)
        except UserError:
            raise ValidationError(lazy_text("plans.action.target_bad")) from None


class ProgressForm(FlaskForm):  # type: ignore[misc]
    on = DateField(lazy_text("plans.progress.on"), widget=DateInput(), format="%d %m %Y",
                   validators=[InputRequired(message=lazy_text("plans.progress.on_missing"))])
    text = TextAreaField(lazy_text("plans.progress.text"), widget=GovTextArea(), validators=[
        DataRequired(message=lazy_text("plans.progress.text_missing")), Length(max=4000)])
    rag = RadioField(lazy_text("plans.progress.rag"), widget=GovRadioInput(),
                     choices=[SelectChoice(r.value, lazy_text(f"plans.rag.{r.value}"))
                              for r in m.Rag],
                     validators=[Optional()])
    version = HiddenField(validators=VERSION)
    submit = SubmitField(lazy_text("plans.progress.add"), widget=GovSubmitInput())

    def process_formdata_errors(self) -> None:  # DateField's own message is not GOV.UK style
        if self.on.errors and self.on.raw_data and any(self.on.raw_data):
            self.on.errors = [lazy_text("plans.progress.on_bad")]


class ImportForm(FlaskForm):  # type: ignore[misc]
    file = FileField(lazy_text("plans.import.file"), widget=GovFileInput(), validators=[
        FileRequired(message=lazy_text("plans.import.file_missing")),
        FileAllowed(["xlsx"], message=lazy_text("plans.import.file_type"))])
    replace = RadioField(lazy_text("plans.import.replace"), widget=GovRadioInput(),
                         choices=[SelectChoice("no", lazy_text("plans.import.replace_no")),
                                  SelectChoice("yes", lazy_text("plans.import.replace_yes"))],
                         default="no")
    submit = SubmitField(lazy_text("plans.import.button"), widget=GovSubmitInput())
