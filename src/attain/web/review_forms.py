"""Forms of the review-cycle pages: the visit record (seed 004's School Support Partner
visit template), the self-evaluation summary profile and generating the schedule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from attain.risk.store import TERMS
from attain.web.messages import message

# Seed 004, "School Support Partner Visit Template", parts two and three.
SELF_EVALUATION_LABELS = {
    "overall_effectiveness": "Overall effectiveness",
    "achievement": "Achievement of pupils at the school",
    "teaching": "Quality of teaching in the school",
    "behaviour_safety": "Behaviour and safety of pupils at the school",
    "leadership": "Quality of leadership in and management of the school",
}
CHARACTERISTIC_LABELS = {
    "new_head": "New and/or inexperienced headteacher",
    "senior_staff_changes": "Significant staff changes at senior level",
    "budget_deficit": "Budget deficit",
    "falling_roll": "Falling roll over a period of three years",
    "poor_buildings": "Building(s) in poor condition",
    "recently_improved": "Performance has only recently shown improvement",
}
GRADES = [("1", "1 Outstanding"), ("2", "2 Good"),
          ("3", "3 Requires improvement (satisfactory)"), ("4", "4 Inadequate")]
PRIORITIES = 4
TEXT_LIMIT, LONG_LIMIT = 500, 4000


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (tuples are deprecated in WTForms 3.2)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _optional_grade(key: str) -> SelectField:
    return SelectField(SELF_EVALUATION_LABELS[key], widget=GovSelect(), validators=[Optional()],
                       choices=choices([("", message("review.grade_unknown")), *GRADES]))


class VisitRecordForm(FlaskForm):  # type: ignore[misc]
    visited_on = DateField(message("review.visited_on"), widget=GovDateInput(),
                           format="%d %m %Y",
                           validators=[DataRequired(message="Enter a real date, like 14 10 2025")])
    officer = StringField(message("review.officer"), widget=GovTextInput(), validators=[
        DataRequired(message="Enter who made the visit"), Length(max=200)])
    focus = StringField("Focus of the visit", widget=GovTextInput(), validators=[
        DataRequired(message="Enter the focus of the visit"), Length(max=200)])
    priority_1 = StringField(message("review.priority", n=1), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_1 = TextAreaField(message("review.impact", n=1), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    priority_2 = StringField(message("review.priority", n=2), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_2 = TextAreaField(message("review.impact", n=2), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    priority_3 = StringField(message("review.priority", n=3), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_3 = TextAreaField(message("review.impact", n=3), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    priority_4 = StringField(message("review.priority", n=4), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_4 = TextAreaField(message("review.impact", n=4), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    overall_effectiveness = _optional_grade("overall_effectiveness")
    achievement = _optional_grade("achievement")
    teaching = _optional_grade("teaching")
    behaviour_safety = _optional_grade("behaviour_safety")
    leadership = _optional_grade("leadership")
    characteristics = SelectMultipleField(message("review.characteristics"),
                                          widget=GovCheckboxesInput(),
                                          choices=choices(CHARACTERISTIC_LABELS.items()),
                                          validators=[Optional()])
    agreed_actions = TextAreaField(message("review.agreed_actions"), widget=GovTextArea(),
                                   validators=[Optional(), Length(max=LONG_LIMIT)])
    submit = SubmitField(message("review.record_button"), widget=GovSubmitInput())

    def record(self) -> dict[str, Any]:
        """The visit record as stored (school_visits.record)."""
        priorities = [{"priority": (getattr(self, f"priority_{n}").data or "").strip(),
                       "impact": (getattr(self, f"impact_{n}").data or "").strip()}
                      for n in range(1, PRIORITIES + 1)]
        return {
            "focus": (self.focus.data or "").strip(),
            "priorities": [p for p in priorities if p["priority"] or p["impact"]],
            "self_evaluation": {k: int(getattr(self, k).data) for k in SELF_EVALUATION_LABELS
                                if getattr(self, k).data},
            "risk_characteristics": list(self.characteristics.data or []),
            "agreed_actions": (self.agreed_actions.data or "").strip(),
        }

    def fill(self, record: dict[str, Any]) -> None:
        """Show a stored record in the form."""
        self.focus.data = record.get("focus") or self.focus.data
        for n, item in enumerate(record.get("priorities", [])[:PRIORITIES], start=1):
            getattr(self, f"priority_{n}").data = item.get("priority", "")
            getattr(self, f"impact_{n}").data = item.get("impact", "")
        for key, grade in record.get("self_evaluation", {}).items():
            if key in SELF_EVALUATION_LABELS:
                getattr(self, key).data = str(grade)
        self.characteristics.data = list(record.get("risk_characteristics", []))
        self.agreed_actions.data = record.get("agreed_actions", "")


def _grade_field(key: str) -> RadioField:
    return RadioField(SELF_EVALUATION_LABELS[key], widget=GovRadioInput(), choices=choices(GRADES),
                      validators=[InputRequired(message=message("self_evaluation.grade_needed"))])


class SelfEvaluationForm(FlaskForm):  # type: ignore[misc]
    year = IntegerField(message("risk.year"), widget=GovTextInput(), validators=[
        InputRequired(message="Enter the academic year, like 2026"),
        NumberRange(min=1990, max=2100, message="Enter a year between 1990 and 2100")])
    term = RadioField(message("self_evaluation.term"), widget=GovRadioInput(),
                      choices=choices((t, t.capitalize()) for t in TERMS),
                      validators=[InputRequired(message="Choose the term")])
    overall_effectiveness = _grade_field("overall_effectiveness")
    achievement = _grade_field("achievement")
    teaching = _grade_field("teaching")
    behaviour_safety = _grade_field("behaviour_safety")
    leadership = _grade_field("leadership")
    validated_by = StringField(message("self_evaluation.validated_by"), widget=GovTextInput(),
                               validators=[Optional(), Length(max=200)])
    submit = SubmitField(message("self_evaluation.save"), widget=GovSubmitInput())

    def grades(self) -> dict[str, int]:
        return {k: int(getattr(self, k).data) for k in SELF_EVALUATION_LABELS}


class ScheduleForm(FlaskForm):  # type: ignore[misc]
    year = HiddenField(validators=[DataRequired()])
    framework = SelectField(message("risk.framework"), widget=GovSelect(), choices=[],
                            validators=[Optional()])
    submit = SubmitField(message("review.generate"), widget=GovSubmitInput())


class MeetingForm(FlaskForm):  # type: ignore[misc]
    held_on = DateField(message("review.held_on"), widget=GovDateInput(), format="%d %m %Y",
                        validators=[DataRequired(message="Enter a real date, like 12 9 2025")])
    minutes = TextAreaField(message("review.minutes"), widget=GovTextArea(),
                            validators=[Optional(), Length(max=LONG_LIMIT)])
    decisions = TextAreaField(message("review.decisions"), widget=GovTextArea(),
                              validators=[Optional(), Length(max=LONG_LIMIT)])
    submit = SubmitField(message("review.meeting_button"), widget=GovSubmitInput())
