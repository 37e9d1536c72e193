"""The audit log's filter form: a GET form (no CSRF: it changes nothing)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import Field, StringField, SubmitField, ValidationError
from wtforms.validators import Length, Optional

from attain.web.messages import lazy_text, message


def parsed_date(text: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when the text is empty or not such a date."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _iso_date(_form: FlaskForm, field: Field) -> None:
    if (field.data or "").strip() and parsed_date(field.data) is None:
        raise ValidationError(message("audit.date_bad"))


def _date_field(label: str) -> StringField:
    return StringField(lazy_text(label), widget=GovTextInput(),
                       description=lazy_text("audit.date_hint"),
                       validators=[Optional(), _iso_date])


class AuditFilterForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False

    user = StringField(lazy_text("audit.user"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=320)])
    entity = StringField(lazy_text("audit.entity"), widget=GovTextInput(),
                         validators=[Optional(), Length(max=80)])
    entity_id = StringField(lazy_text("audit.entity_id"), widget=GovTextInput(),
                            validators=[Optional(), Length(max=80)])
    date_from = _date_field("audit.date_from")
    date_to = _date_field("audit.date_to")
    submit = SubmitField(lazy_text("audit.filter"), widget=GovSubmitInput())
