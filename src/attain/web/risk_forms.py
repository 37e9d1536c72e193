"""Forms of the risk pages: a categorisation decision, raising and closing a concern."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from attain.risk.store import CONCERN_ESCALATIONS
from attain.web.forms import DateInput
from attain.web.messages import MESSAGES, lazy_text

# The English texts, for the context builders; the forms show them in the request's
# language (attain.web.messages keys risk.stage.*, concerns.kind.*, concerns.escalation.*).
DECISION_STAGES = {k: MESSAGES[f"risk.stage.{k}"] for k in ("proposed", "agreed", "appeal")}
CONCERN_KINDS = {k: MESSAGES[f"concerns.kind.{k}"] for k in (
    "not_engaging", "safeguarding", "finance", "leadership", "standards", "other")}
ESCALATIONS = {k: MESSAGES[f"concerns.escalation.{k}"] for k in (
    "warning_notice", "intervention_powers", "interim_executive_board")}
assert set(ESCALATIONS) == set(CONCERN_ESCALATIONS)
NOTE_LIMIT = 2000


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (tuples are deprecated in WTForms 3.2)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _keyed(prefix: str, values: Iterable[str]) -> list[SelectChoice]:
    """Choices whose labels are the messages `prefix.value`, in the request's language."""
    return choices((value, lazy_text(f"{prefix}.{value}")) for value in values)


class DecisionForm(FlaskForm):  # type: ignore[misc]
    year = HiddenField(validators=[DataRequired()])
    framework = HiddenField(validators=[DataRequired()])
    stage = RadioField(lazy_text("risk.stage"), widget=GovRadioInput(),
                       choices=_keyed("risk.stage", DECISION_STAGES),
                       validators=[InputRequired(message=lazy_text("risk.stage_missing"))])
    category = SelectField(lazy_text("risk.category"), widget=GovSelect(), choices=[],
                           validators=[InputRequired(message=lazy_text("risk.category_missing"))])
    note = TextAreaField(lazy_text("risk.note"), widget=GovTextArea(),
                         validators=[Optional(), Length(max=NOTE_LIMIT)])
    # an agreed category: the School Review Group meeting (its id) and who signed off
    meeting = SelectField(lazy_text("risk.meeting"), widget=GovSelect(), choices=[],
                          default="", validators=[Optional()])
    signed_off_by = StringField(lazy_text("risk.signed_off_by"), widget=GovTextInput(),
                                validators=[Optional(), Length(max=200)])
    submit = SubmitField(lazy_text("risk.decide_button"), widget=GovSubmitInput())


class ConcernForm(FlaskForm):  # type: ignore[misc]
    kind = SelectField(lazy_text("concerns.kind"), widget=GovSelect(),
                       choices=_keyed("concerns.kind", CONCERN_KINDS),
                       validators=[InputRequired(message=lazy_text("concerns.kind_missing"))])
    detail = TextAreaField(lazy_text("concerns.detail"), widget=GovTextArea(), validators=[
        DataRequired(message=lazy_text("concerns.detail_missing")), Length(max=NOTE_LIMIT)])
    raised_on = DateField(lazy_text("concerns.raised_on"), widget=DateInput(),
                          format="%d %m %Y",
                          validators=[DataRequired(message=lazy_text("concerns.raised_on_missing"))])
    submit = SubmitField(lazy_text("concerns.raise"), widget=GovSubmitInput())


class CloseConcernForm(FlaskForm):  # type: ignore[misc]
    action = RadioField(lazy_text("concerns.action"), widget=GovRadioInput(),
                        choices=_keyed("concerns.action", ("resolve", "escalate")),
                        validators=[InputRequired(message=lazy_text("concerns.action_missing"))])
    escalation = SelectField(lazy_text("concerns.escalation"), widget=GovSelect(),
                             choices=[SelectChoice("", lazy_text("concerns.escalation.none")),
                                      *_keyed("concerns.escalation", ESCALATIONS)], default="")
    submit = SubmitField(lazy_text("concerns.close"), widget=GovSubmitInput())

    def validate_escalation(self, field: SelectField) -> None:
        from wtforms.validators import ValidationError

        if self.action.data == "escalate" and not field.data:
            raise ValidationError(lazy_text("concerns.escalation_needed"))
