"""WTForms forms rendered with govuk-frontend-wtf widgets (CSRF via Flask-WTF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from attain.store.models import Role
from attain.web.accounts import MIN_PASSWORD_LENGTH
from attain.web.i18n import lazy_message
from attain.web.messages import message


class SignInForm(FlaskForm):  # type: ignore[misc]
    email = StringField(lazy_message("sign_in.email"), widget=GovTextInput(),
                        validators=[DataRequired(message="Enter your email address")])
    password = PasswordField(lazy_message("sign_in.password"), widget=GovPasswordInput(),
                             validators=[DataRequired(message="Enter your password")])
    submit = SubmitField(lazy_message("sign_in.button"), widget=GovSubmitInput())


class NewUserForm(FlaskForm):  # type: ignore[misc]
    email = StringField(message("users.email"), widget=GovTextInput(), validators=[
        DataRequired(message="Enter an email address"),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
               message="Enter an email address in the correct format, like name@example.com")])
    name = StringField(message("users.name"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=200)])
    role = SelectField(message("users.role"), widget=GovSelect(),
                       choices=[SelectChoice(r.value, r.value) for r in Role])
    schools = StringField(message("users.schools"), widget=GovTextInput(), validators=[
        Optional(), Regexp(r"^\s*\d+(\s*,\s*\d+)*\s*$",
                           message="Enter URNs as numbers separated by commas")])
    password = PasswordField(message("users.password"), widget=GovPasswordInput(), validators=[
        DataRequired(message="Enter a password"),
        Length(min=MIN_PASSWORD_LENGTH,
               message=f"The password must be at least {MIN_PASSWORD_LENGTH} characters")])
    can_see_pupils = BooleanField(message("users.pupils"), widget=GovCheckboxInput())
    submit = SubmitField(message("users.add"), widget=GovSubmitInput())

    def urns(self) -> tuple[int, ...]:
        text = (self.schools.data or "").strip()
        return tuple(int(part) for part in text.split(",")) if text else ()
