"""The forms of the watchlist pages: name a list, choose its schools, delete it. Each is
a FlaskForm, so CSRF-protected; labels and errors come from the message catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from attain.store.watchlist_models import NAME_LENGTH
from attain.web.messages import lazy_text


class WatchlistForm(FlaskForm):  # type: ignore[misc]
    name = StringField(lazy_text("watchlists.name"), widget=GovTextInput(), validators=[
        DataRequired(message=lazy_text("watchlists.name_missing")),
        Length(max=NAME_LENGTH, message=lazy_text("watchlists.name_long", maximum=NAME_LENGTH))])
    make_default = BooleanField(lazy_text("watchlists.make_default"), widget=GovCheckboxInput())
    submit = SubmitField(lazy_text("watchlists.save"), widget=GovSubmitInput())


class SchoolsForm(FlaskForm):  # type: ignore[misc]
    schools = SelectMultipleField(lazy_text("watchlists.schools"), widget=GovCheckboxesInput(),
                                  coerce=int, choices=[])
    submit = SubmitField(lazy_text("watchlists.save_schools"), widget=GovSubmitInput())


def schools_form(choices: Iterable[tuple[int, str]],
                 chosen: Iterable[int] | None = None) -> SchoolsForm:
    """The form with the LA's schools as checkboxes; ticked from the POST, or else from
    `chosen` (the list's schools)."""
    form = SchoolsForm(data=None if chosen is None else {"schools": sorted(chosen)})
    form.schools.choices = list(choices)
    return form


class DeleteForm(FlaskForm):  # type: ignore[misc]
    submit = SubmitField(lazy_text("watchlists.delete_button"), widget=GovSubmitInput())
