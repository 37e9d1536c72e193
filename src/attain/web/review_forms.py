"""Forms of the review-cycle pages: the visit record (seed 004's School Support Partner
visit template), the self-evaluation summary profile and generating the schedule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
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
from attain.web.forms import DateInput
from attain.web.messages import MESSAGES, lazy_text

# Seed 004, "School Support Partner Visit Template", parts two and three. The English
# texts, for the context builders; the forms show them in the request's language.
GRADE_KEYS = ("overall_effectiveness", "achievement", "teaching", "behaviour_safety",
              "leadership")
CHARACTERISTIC_KEYS = ("new_head", "senior_staff_changes", "budget_deficit", "falling_roll",
                       "poor_buildings", "recently_improved")
SELF_EVALUATION_LABELS = {k: MESSAGES[f"review.grade_label.{k}"] for k in GRADE_KEYS}
CHARACTERISTIC_LABELS = {k: MESSAGES[f"review.characteristic.{k}"]
                         for k in CHARACTERISTIC_KEYS}
GRADES = [(g, MESSAGES[f"review.grade.{g}"]) for g in ("1", "2", "3", "4")]
PRIORITIES = 4
TEXT_LIMIT, LONG_LIMIT = 500, 4000


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (tuples are deprecated in WTForms 3.2)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _grade_choices() -> list[SelectChoice]:
    return choices((g, lazy_text(f"review.grade.{g}")) for g, _text in GRADES)


def _optional_grade(key: str) -> SelectField:
    return SelectField(lazy_text(f"review.grade_label.{key}"), widget=GovSelect(),
                       validators=[Optional()],
                       choices=[SelectChoice("", lazy_text("review.grade_unknown")),
                                *_grade_choices()])


class VisitRecordForm(FlaskForm):  # type: ignore[misc]
    visited_on = DateField(lazy_text("review.visited_on"), widget=DateInput(),
                           format="%d %m %Y",
                           validators=[DataRequired(message=lazy_text("review.visited_on_missing"))])
    officer = StringField(lazy_text("review.officer"), widget=GovTextInput(), validators=[
        DataRequired(message=lazy_text("review.officer_missing")), Length(max=200)])
    focus = StringField(lazy_text("review.focus"), widget=GovTextInput(), validators=[
        DataRequired(message=lazy_text("review.focus_missing")), Length(max=200)])
    priority_1 = StringField(lazy_text("review.priority", n=1), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_1 = TextAreaField(lazy_text("review.impact", n=1), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    priority_2 = StringField(lazy_text("review.priority", n=2), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_2 = TextAreaField(lazy_text("review.impact", n=2), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    priority_3 = StringField(lazy_text("review.priority", n=3), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_3 = TextAreaField(lazy_text("review.impact", n=3), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    priority_4 = StringField(lazy_text("review.priority", n=4), widget=GovTextInput(),
                             validators=[Optional(), Length(max=TEXT_LIMIT)])
    impact_4 = TextAreaField(lazy_text("review.impact", n=4), widget=GovTextArea(),
                             validators=[Optional(), Length(max=LONG_LIMIT)])
    overall_effectiveness = _optional_grade("overall_effectiveness")
    achievement = _optional_grade("achievement")
    teaching = _optional_grade("teaching")
    behaviour_safety = _optional_grade("behaviour_safety")
    leadership = _optional_grade("leadership")
    characteristics = SelectMultipleField(lazy_text("review.characteristics"),
                                          widget=GovCheckboxesInput(),
                                          choices=choices(
                                              (k, lazy_text(f"review.characteristic.{k}"))
                                              for k in CHARACTERISTIC_KEYS),
                                          validators=[Optional()])
    agreed_actions = TextAreaField(lazy_text("review.agreed_actions"), widget=GovTextArea(),
                                   validators=[Optional(), Length(max=LONG_LIMIT)])
    submit = SubmitField(lazy_text("review.record_button"), widget=GovSubmitInput())

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
    return RadioField(lazy_text(f"review.grade_label.{key}"), widget=GovRadioInput(),
                      choices=_grade_choices(), validators=[
                          InputRequired(message=lazy_text("self_evaluation.grade_needed"))])


class SelfEvaluationForm(FlaskForm):  # type: ignore[misc]
    year = IntegerField(lazy_text("risk.year"), widget=GovTextInput(), validators=[
        InputRequired(message=lazy_text("self_evaluation.year_missing")),
        NumberRange(min=1990, max=2100, message=lazy_text("form.year_range"))])
    term = RadioField(lazy_text("self_evaluation.term"), widget=GovRadioInput(),
                      choices=choices((t, lazy_text(f"self_evaluation.term.{t}"))
                                      for t in TERMS),
                      validators=[InputRequired(message=lazy_text("self_evaluation.term_missing"))])
    overall_effectiveness = _grade_field("overall_effectiveness")
    achievement = _grade_field("achievement")
    teaching = _grade_field("teaching")
    behaviour_safety = _grade_field("behaviour_safety")
    leadership = _grade_field("leadership")
    validated_by = StringField(lazy_text("self_evaluation.validated_by"), widget=GovTextInput(),
                               validators=[Optional(), Length(max=200)])
    submit = SubmitField(lazy_text("self_evaluation.save"), widget=GovSubmitInput())

    def grades(self) -> dict[str, int]:
        return {k: int(getattr(self, k).data) for k in SELF_EVALUATION_LABELS}


class ScheduleForm(FlaskForm):  # type: ignore[misc]
    year = HiddenField(validators=[DataRequired()])
    framework = SelectField(lazy_text("risk.framework"), widget=GovSelect(), choices=[],
                            validators=[Optional()])
    submit = SubmitField(lazy_text("review.generate"), widget=GovSubmitInput())


class MeetingForm(FlaskForm):  # type: ignore[misc]
    held_on = DateField(lazy_text("review.held_on"), widget=DateInput(), format="%d %m %Y",
                        validators=[DataRequired(message=lazy_text("review.held_on_missing"))])
    minutes = TextAreaField(lazy_text("review.minutes"), widget=GovTextArea(),
                            validators=[Optional(), Length(max=LONG_LIMIT)])
    decisions = TextAreaField(lazy_text("review.decisions"), widget=GovTextArea(),
                              validators=[Optional(), Length(max=LONG_LIMIT)])
    submit = SubmitField(lazy_text("review.meeting_button"), widget=GovSubmitInput())
