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
from attain.web.messages import lazy_text, message


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice("", message("data.detect"))] + [
        SelectChoice(r.name, f"{r.title} ({r.name})") for r in readers()]


class UploadForm(FlaskForm):  # type: ignore[misc]
    file = FileField(lazy_text("data.file"), widget=GovFileInput(),
                     description=lazy_text("data.file_hint"),
                     validators=[FileRequired(message=lazy_text("data.file_needed"))])
    kind = SelectField(lazy_text("data.kind"), widget=GovSelect(), choices=[],
                       validators=[Optional()])
    year = IntegerField(lazy_text("risk.year"), widget=GovTextInput(),
                        description=lazy_text("data.year_hint"), validators=[
                            Optional(), NumberRange(min=1990, max=2100,
                                                    message=lazy_text("form.year_range"))])
    release = SelectField(lazy_text("data.release"), widget=GovSelect(), validators=[Optional()],
                          choices=[SelectChoice("", lazy_text("data.release_default"))]
                          + [SelectChoice(r.value, r.value) for r in Release])
    submit = SubmitField(lazy_text("data.check"), widget=GovSubmitInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    submit = SubmitField(lazy_text("data.confirm"), widget=GovSubmitInput())
