"""Forms of the risk pages: a categorisation decision, raising and closing a concern."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from attain.risk.store import CONCERN_ESCALATIONS
from attain.web.messages import message

DECISION_STAGES = {"proposed": "Proposed by the officer",
                   "agreed": "Agreed at the moderation meeting",
                   "appeal": "Outcome of the school's appeal"}
CONCERN_KINDS = {"not_engaging": "Not engaging", "safeguarding": "Safeguarding",
                 "finance": "Finance", "leadership": "Leadership and governance",
                 "standards": "Standards", "other": "Other"}
ESCALATIONS = {"warning_notice": "Warning notice",
               "intervention_powers": "Use of intervention powers",
               "interim_executive_board": "Interim executive board"}
assert set(ESCALATIONS) == set(CONCERN_ESCALATIONS)
NOTE_LIMIT = 2000


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (tuples are deprecated in WTForms 3.2)."""
    return [SelectChoice(value, label) for value, label in pairs]


class DecisionForm(FlaskForm):  # type: ignore[misc]
    year = HiddenField(validators=[DataRequired()])
    framework = HiddenField(validators=[DataRequired()])
    stage = RadioField(message("risk.stage"), widget=GovRadioInput(),
                       choices=choices(DECISION_STAGES.items()),
                       validators=[InputRequired(message="Choose the kind of decision")])
    category = SelectField(message("risk.category"), widget=GovSelect(), choices=[],
                           validators=[InputRequired(message="Choose a category")])
    note = TextAreaField(message("risk.note"), widget=GovTextArea(),
                         validators=[Optional(), Length(max=NOTE_LIMIT)])
    submit = SubmitField(message("risk.decide_button"), widget=GovSubmitInput())


class ConcernForm(FlaskForm):  # type: ignore[misc]
    kind = SelectField(message("concerns.kind"), widget=GovSelect(),
                       choices=choices(CONCERN_KINDS.items()),
                       validators=[InputRequired(message="Choose the kind of concern")])
    detail = TextAreaField(message("concerns.detail"), widget=GovTextArea(), validators=[
        DataRequired(message="Describe the concern"), Length(max=NOTE_LIMIT)])
    raised_on = DateField(message("concerns.raised_on"), widget=GovDateInput(),
                          format="%d %m %Y",
                          validators=[DataRequired(message="Enter a real date, like 1 10 2025")])
    submit = SubmitField(message("concerns.raise"), widget=GovSubmitInput())


class CloseConcernForm(FlaskForm):  # type: ignore[misc]
    action = RadioField(message("concerns.action"), widget=GovRadioInput(),
                        choices=choices([("resolve", "Resolve"), ("escalate", "Escalate")]),
                        validators=[InputRequired(message="Choose resolve or escalate")])
    escalation = SelectField(message("concerns.escalation"), widget=GovSelect(),
                             choices=choices([("", "None"), *ESCALATIONS.items()]), default="")
    submit = SubmitField(message("concerns.close"), widget=GovSubmitInput())

    def validate_escalation(self, field: SelectField) -> None:
        from wtforms.validators import ValidationError

        if self.action.data == "escalate" and not field.data:
            raise ValidationError(message("concerns.escalation_needed"))
