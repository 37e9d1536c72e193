"""Changing a user on /admin/users/<id>/edit: saved with a before/after audit entry;
malformed or disallowed input re-renders the form with the error summary, nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from web_site import OWN_URN, USER, sign_in, site_session

from attain.store.models import AuditEntry, Role, User
from attain.web.accounts import account
from attain.web.messages import MESSAGES
from attain.web.messages_cy import WELSH_MESSAGES


def _officer_id(folder: Path) -> int:
    with site_session(folder) as session:
        found = session.scalar(sa.select(User.id).where(User.email == USER["officer"].email))
    assert found is not None
    return found


@pytest.fixture
def admin(fresh_app: Flask) -> FlaskClient:
    return sign_in(fresh_app.test_client(), "admin")


def test_the_users_list_links_to_each_users_change_page(admin: FlaskClient,
                                                         fresh_site: Path) -> None:
    page = admin.get("/admin/users").get_data(as_text=True)
    assert f'href="/admin/users/{_officer_id(fresh_site)}/edit"' in page


def test_making_the_officer_a_school_user_is_saved_and_audited(admin: FlaskClient,
                                                               fresh_site: Path) -> None:
    officer = _officer_id(fresh_site)
    response = admin.post(f"/admin/users/{officer}/edit", data={
        "name": "Olive Officer", "role": "school", "schools": str(OWN_URN), "active": "y"})
    assert response.status_code == 302
    with site_session(fresh_site) as session:
        changed = account(session, officer)
        entry = session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "edit", AuditEntry.entity_id == str(officer))).one()
    assert changed is not None
    assert (changed.role, changed.urns, changed.name, changed.active) == (
        Role.SCHOOL, frozenset({OWN_URN}), "Olive Officer", True)
    assert entry.user == USER["admin"].email
    assert entry.detail is not None
    assert entry.detail["before"]["role"] == "officer"
    assert entry.detail["after"]["role"] == "school"
    assert entry.detail["after"]["schools"] == [OWN_URN]
    # and the audit log page shows what changed
    audit = admin.get(f"/admin/audit?entity=user&entity_id={officer}").get_data(as_text=True)
    assert "active" not in audit.split("<tbody", 1)[1].split("</tbody>")[0]
    assert "name, role, schools" in audit


@pytest.mark.parametrize("data", [
    {"role": "school", "schools": ""},  # a school user needs a school
    {"role": "officer", "schools": str(OWN_URN)},  # only school users have schools
    {"role": "school", "schools": "999999"},  # no such school
    {"role": "school", "schools": "one, two"},  # not URNs
    {"role": "overlord"},  # no such role
])
def test_bad_input_shows_the_error_summary_and_saves_nothing(
        admin: FlaskClient, fresh_site: Path, data: dict[str, str]) -> None:
    officer = _officer_id(fresh_site)
    response = admin.post(f"/admin/users/{officer}/edit", data={**data, "active": "y"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    with site_session(fresh_site) as session:
        unchanged = account(session, officer)
        edits = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edit")).all()
    assert unchanged is not None and unchanged.role is Role.OFFICER
    assert edits == []


def test_an_unknown_user_is_not_found(admin: FlaskClient) -> None:
    assert admin.get("/admin/users/9999/edit").status_code == 404


@pytest.mark.parametrize("label", ["officer", "school", "viewer"])
def test_only_admins_may_change_users(fresh_app: Flask, fresh_site: Path, label: str) -> None:
    client = sign_in(fresh_app.test_client(), label)
    officer = _officer_id(fresh_site)
    assert client.post(f"/admin/users/{officer}/edit",
                       data={"role": "admin", "active": "y"}).status_code == 403


def test_the_errors_are_welsh_in_welsh(admin: FlaskClient, fresh_site: Path) -> None:
    admin.get("/language/cy?next=/")
    page = admin.post(f"/admin/users/{_officer_id(fresh_site)}/edit",
                      data={"role": "overlord"}).get_data(as_text=True)
    assert WELSH_MESSAGES["users.role_missing"] in page
    assert MESSAGES["users.role_missing"] not in page
