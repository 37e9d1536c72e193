"""WTForms forms rendered with govuk-frontend-wtf widgets (CSRF via Flask-WTF)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.main import wtforms_errors
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
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
from attain.web.messages import lazy_text, message


def error_summary(form: Any, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """govuk-frontend-wtf's `wtforms_errors` (the error summary's parameters) with its title
    in the request's language; the app installs it under the same name for templates."""
    summary: dict[str, Any] = wtforms_errors(form, {"titleText": message("error.summary"),
                                                    **(params or {})})
    return summary


class DateInput(GovDateInput):  # type: ignore[misc]
    """GOV.UK date input whose Day, Month and Year labels are in the request's language
    (govuk-frontend-wtf writes them in English)."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        for item, key in zip(params["items"], ("form.day", "form.month", "form.year"),
                             strict=False):
            item["label"] = message(key)
        return params


PASSWORD_TEXTS = {"showPasswordText": "form.password_show",
                  "hidePasswordText": "form.password_hide",
                  "showPasswordAriaLabelText": "form.password_show_label",
                  "hidePasswordAriaLabelText": "form.password_hide_label",
                  "passwordShownAnnouncementText": "form.password_shown",
                  "passwordHiddenAnnouncementText": "form.password_hidden"}


class PasswordInput(GovPasswordInput):  # type: ignore[misc]
    """GOV.UK password input whose show/hide button speaks the request's language."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        for name, key in PASSWORD_TEXTS.items():
            params.setdefault(name, message(key))
        return params


class SignInForm(FlaskForm):  # type: ignore[misc]
    email = StringField(lazy_message("sign_in.email"), widget=GovTextInput(),
                        validators=[DataRequired(message=lazy_text("sign_in.email_missing"))])
    password = PasswordField(lazy_message("sign_in.password"), widget=PasswordInput(),
                             validators=[DataRequired(message=lazy_text("sign_in.password_missing"))])
    submit = SubmitField(lazy_message("sign_in.button"), widget=GovSubmitInput())


class NewUserForm(FlaskForm):  # type: ignore[misc]
    email = StringField(lazy_text("users.email"), widget=GovTextInput(), validators=[
        DataRequired(message=lazy_text("users.email_missing")),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=lazy_text("users.email_bad"))])
    name = StringField(lazy_text("users.name"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=200)])
    role = SelectField(lazy_text("users.role"), widget=GovSelect(),
                       choices=[SelectChoice(r.value, lazy_text(f"users.role.{r.value}"))
                                for r in Role])
    schools = StringField(lazy_text("users.schools"), widget=GovTextInput(), validators=[
        Optional(), Regexp(r"^\s*\d+(\s*,\s*\d+)*\s*$",
                           message=lazy_text("users.schools_bad"))])
    password = PasswordField(lazy_text("users.password"), widget=PasswordInput(), validators=[
        DataRequired(message=lazy_text("users.password_missing")),
        Length(min=MIN_PASSWORD_LENGTH,
               message=lazy_text("users.password_short", minimum=MIN_PASSWORD_LENGTH))])
    can_see_pupils = BooleanField(lazy_text("users.pupils"), widget=GovCheckboxInput())
    submit = SubmitField(lazy_text("users.add"), widget=GovSubmitInput())

    def urns(self) -> tuple[int, ...]:
        text = (self.schools.data or "").strip()
        return tuple(int(part) for part in text.split(",")) if text else ()

