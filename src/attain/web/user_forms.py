"""The form that changes an existing user (admin pages); the email address stays."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, Length, Optional, Regexp

from attain.store.models import Role
from attain.web.accounts import Account
from attain.web.messages import lazy_text


class EditUserForm(FlaskForm):  # type: ignore[misc]
    name = StringField(lazy_text("users.name"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=200)])
    role = SelectField(lazy_text("users.role"), widget=GovSelect(),
                       choices=[SelectChoice(r.value, lazy_text(f"users.role.{r.value}"))
                                for r in Role],
                       validate_choice=False,
                       validators=[AnyOf([r.value for r in Role],
                                         message=lazy_text("users.role_missing"))])
    schools = StringField(lazy_text("users.schools"), widget=GovTextInput(), validators=[
        Optional(), Regexp(r"^\s*\d+(\s*,\s*\d+)*\s*$", message=lazy_text("users.schools_bad"))])
    can_see_pupils = BooleanField(lazy_text("users.pupils"), widget=GovCheckboxInput())
    active = BooleanField(lazy_text("users.active"), widget=GovCheckboxInput())
    submit = SubmitField(lazy_text("users.save"), widget=GovSubmitInput())

    def urns(self) -> tuple[int, ...]:
        text = (self.schools.data or "").strip()
        return tuple(int(part) for part in text.split(",")) if text else ()


def edit_form(found: Account) -> EditUserForm:
    """The form, filled in from a POST or else from the account as it is."""
    return EditUserForm(data={
        "name": found.name, "role": found.role.value,
        "schools": ", ".join(map(str, sorted(found.urns))),
        "can_see_pupils": found.can_see_pupils, "active": found.active})
