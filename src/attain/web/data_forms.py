"""Forms of the data pages: upload a file, confirm its import."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import IntegerField, SelectChoice, SelectField, SubmitField
from wtforms.validators import NumberRange, Optional

from attain.domain.published import Release
from attain.ingest.registry import readers
from attain.web.messages import message


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice("", message("data.detect"))] + [
        SelectChoice(r.name, f"{r.title} ({r.name})") for r in readers()]


class UploadForm(FlaskForm):  # type: ignore[misc]
    file = FileField(message("data.file"), widget=GovFileInput(),
                     description=message("data.file_hint"),
                     validators=[FileRequired(message=message("data.file_needed"))])
    kind = SelectField(message("data.kind"), widget=GovSelect(), choices=[],
                       validators=[Optional()])
    year = IntegerField(message("risk.year"), widget=GovTextInput(),
                        description=message("data.year_hint"), validators=[
                            Optional(), NumberRange(min=1990, max=2100,
                                                    message="Enter a year between 1990 and 2100")])
    release = SelectField(message("data.release"), widget=GovSelect(), validators=[Optional()],
                          choices=[SelectChoice("", message("data.release_default"))]
                          + [SelectChoice(r.value, r.value) for r in Release])
    submit = SubmitField(message("data.check"), widget=GovSubmitInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    submit = SubmitField(message("data.confirm"), widget=GovSubmitInput())
