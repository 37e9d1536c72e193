"""Forms of the targets pages: one target for a school, a year and a measure; a CSV or
XLSX file of targets. The values are then checked as `attain targets import` checks them
(attain.services.target_entries)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import IntegerField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from attain.web.messages import lazy_text
from attain.web.workspace import FIRST_YEAR, LAST_YEAR

FILE_TYPES = ("csv", "xlsx")
ENTRY_PREFIX, UPLOAD_PREFIX = "target", "upload"


class TargetForm(FlaskForm):  # type: ignore[misc]
    measure = SelectField(lazy_text("targets.measure"), widget=GovSelect(), choices=[],
                          validators=[InputRequired(message=lazy_text("targets.measure_missing"))])
    year = IntegerField(lazy_text("targets.year"), widget=GovTextInput(),
                        description=lazy_text("targets.year_hint"), validators=[
                            InputRequired(message=lazy_text("targets.year_missing")),
                            NumberRange(min=FIRST_YEAR, max=LAST_YEAR,
                                        message=lazy_text("form.year_range"))])
    target = StringField(lazy_text("targets.target"), widget=GovTextInput(),
                         description=lazy_text("targets.target_hint"),
                         validators=[DataRequired(message=lazy_text("targets.target_missing"))])
    submit = SubmitField(lazy_text("targets.save"), widget=GovSubmitInput())

    def set_measures(self, measures: list[tuple[str, str]]) -> None:
        self.measure.choices = [SelectChoice("", lazy_text("targets.choose_measure"))] + [
            SelectChoice(measure_id, f"{title} ({measure_id})") for measure_id, title in measures]


class TargetsUploadForm(FlaskForm):  # type: ignore[misc]
    file = FileField(lazy_text("targets.file"), widget=GovFileInput(),
                     description=lazy_text("targets.file_hint"), validators=[
                         FileRequired(message=lazy_text("targets.file_missing")),
                         FileAllowed(list(FILE_TYPES), message=lazy_text("targets.file_type"))])
    submit = SubmitField(lazy_text("targets.upload"), widget=GovSubmitInput())
