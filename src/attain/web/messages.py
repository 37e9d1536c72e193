"""Every user-facing message of the web app, in one catalogue.

Templates and views look messages up by key (`message("sign_in.failed")`), so wording is
changed in one place and a test can check that every key used exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MESSAGES: Mapping[str, str] = MappingProxyType({
    "service.name": "attain",
    "nav.overview": "Local authority overview",
    "nav.schools": "Schools",
    "nav.measures": "Measures",
    "nav.users": "Users",
    "nav.sign_out": "Sign out",
    "nav.sign_in": "Sign in",
    "footer.about": "attain: open-source school-improvement software. Small numbers of "
                    "pupils are suppressed in every table.",
    "sign_in.title": "Sign in",
    "sign_in.email": "Email address",
    "sign_in.password": "Password",
    "sign_in.button": "Sign in",
    "sign_in.failed": "Enter a correct email address and password",
    "sign_in.throttled": "Too many attempts to sign in. Wait {minutes} minutes and try again",
    "sign_in.needed": "Sign in to see this page",
    "sign_out.done": "You have signed out",
    "overview.title": "{la_name}: results against national",
    "overview.none": "There are no results for this local authority yet. Ask your data "
                     "manager to run `attain compute`.",
    "schools.title": "Schools",
    "schools.search": "School name or URN",
    "schools.phase": "Phase",
    "schools.any_phase": "Any phase",
    "schools.filter": "Apply filters",
    "schools.none": "No schools match",
    "school.results": "Results for {year_text}",
    "school.none": "There are no results for this school yet.",
    "school.by_group": "{measure} by pupil group",
    "measure.title": "{measure}",
    "measures.title": "Measures",
    "measure.schools": "Schools",
    "measure.download": "Download as CSV",
    "table.suppressed": "c = suppressed to protect small numbers of pupils",
    "users.title": "Users",
    "users.add": "Add a user",
    "users.added": "User {email} added",
    "users.email": "Email address",
    "users.name": "Full name",
    "users.role": "Role",
    "users.schools": "School URNs (for school users), separated by commas",
    "users.password": "Initial password",
    "users.pupils": "May see named pupil data",
    "error.bad_request": "There is a problem with your request",
    "error.csrf": "This form has expired. Go back, reload the page and try again",
    "error.forbidden": "You do not have permission to see this page",
    "error.not_found": "Page not found",
    "error.not_found_hint": "If you typed the web address, check it is correct.",
    "error.internal": "Sorry, there is a problem with the service",
    "error.internal_hint": "Try again later. If it happens again, give your data manager "
                           "this reference: {reference}",
    "significance.sig_above": "Significantly above national",
    "significance.above": "Above national",
    "significance.similar": "Similar to national",
    "significance.below": "Below national",
    "significance.sig_below": "Significantly below national",
    "trend.up": "Up",
    "trend.down": "Down",
    "trend.no_change": "No change",
})


def message(key: str, **values: object) -> str:
    """The message for `key` with `values` filled in; a missing key is a bug (KeyError)."""
    return MESSAGES[key].format(**values) if values else MESSAGES[key]
