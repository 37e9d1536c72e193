"""The user change page refuses to demote or deactivate the last active admin (nobody could
manage users after), and a save that changes nothing writes nothing to the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from web_site import USER, sign_in, site_session

from attain.store.models import AuditEntry, Role, User
from attain.web.accounts import account
from attain.web.messages import MESSAGES
from attain.web.messages_cy import WELSH_MESSAGES


def _id_of(folder: Path, label: str) -> int:
    with site_session(folder) as session:
        found = session.scalar(sa.select(User.id).where(User.email == USER[label].email))
    assert found is not None
    return found


def _edits(folder: Path) -> list[AuditEntry]:
    with site_session(folder) as session:
        return list(session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "edit")
                                    .order_by(AuditEntry.id)))


def _role_and_active(folder: Path, user_id: int) -> tuple[Role, bool]:
    with site_session(folder) as session:
        found = account(session, user_id)
    assert found is not None
    return found.role, found.active


@pytest.fixture
def admin(fresh_app: Flask) -> FlaskClient:
    return sign_in(fresh_app.test_client(), "admin")


# The site has one admin (web_site.USERS): admin@la.example.
@pytest.mark.parametrize(("data", "field"), [
    ({"role": "officer", "active": "y"}, "role"),  # demoted
    ({"role": "admin"}, "active"),  # deactivated (the unticked box is not sent)
    ({"role": "viewer"}, "role"),  # both
])
def test_the_last_active_admin_cannot_be_demoted_or_deactivated(
        admin: FlaskClient, fresh_site: Path, data: dict[str, str], field: str) -> None:
    admin_id = _id_of(fresh_site, "admin")
    response = admin.post(f"/admin/users/{admin_id}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert MESSAGES["users.last_admin"].replace("'", "&#39;") in html
    assert f'href="#{field}"' in html  # the summary links to the field that is wrong
    assert _role_and_active(fresh_site, admin_id) == (Role.ADMIN, True)
    assert _edits(fresh_site) == []


def test_an_admin_may_step_down_once_another_admin_exists(admin: FlaskClient,
                                                          fresh_site: Path) -> None:
    officer, admin_id = _id_of(fresh_site, "officer"), _id_of(fresh_site, "admin")
    promoted = admin.post(f"/admin/users/{officer}/edit", data={"role": "admin", "active": "y"})
    assert promoted.status_code == 302
    stepped_down = admin.post(f"/admin/users/{admin_id}/edit",
                              data={"role": "officer", "active": "y"})
    assert stepped_down.status_code == 302
    assert _role_and_active(fresh_site, admin_id) == (Role.OFFICER, True)
    assert _role_and_active(fresh_site, officer) == (Role.ADMIN, True)
    assert [e.entity_id for e in _edits(fresh_site)] == [str(officer), str(admin_id)]


def test_an_inactive_admin_does_not_count_as_the_remaining_admin(admin: FlaskClient,
                                                                 fresh_site: Path) -> None:
    officer, admin_id = _id_of(fresh_site, "officer"), _id_of(fresh_site, "admin")
    # The officer becomes an admin who cannot sign in: still only one active admin.
    assert admin.post(f"/admin/users/{officer}/edit", data={"role": "admin"}).status_code == 302
    refused = admin.post(f"/admin/users/{admin_id}/edit", data={"role": "officer", "active": "y"})
    assert refused.status_code == 400
    assert _role_and_active(fresh_site, admin_id) == (Role.ADMIN, True)


def test_saving_without_a_change_writes_no_audit_entry(admin: FlaskClient,
                                                       fresh_site: Path) -> None:
    officer = _id_of(fresh_site, "officer")
    form = admin.get(f"/admin/users/{officer}/edit").get_data(as_text=True)
    name = form.split('id="name" name="name" type="text" value="', 1)[1].split('"', 1)[0]
    response = admin.post(f"/admin/users/{officer}/edit", follow_redirects=True,
                          data={"name": name, "role": "officer", "schools": "", "active": "y"})
    assert response.status_code == 200
    assert MESSAGES["users.unchanged"].format(email=USER["officer"].email) in \
        response.get_data(as_text=True)
    assert _edits(fresh_site) == []
    # a real change is still audited
    admin.post(f"/admin/users/{officer}/edit", data={"name": "Olive", "role": "officer",
                                                      "active": "y"})
    assert len(_edits(fresh_site)) == 1


def test_the_last_admin_error_is_welsh_in_welsh(admin: FlaskClient, fresh_site: Path) -> None:
    admin.get("/language/cy?next=/")
    page = admin.post(f"/admin/users/{_id_of(fresh_site, 'admin')}/edit",
                      data={"role": "viewer", "active": "y"}).get_data(as_text=True)
    assert WELSH_MESSAGES["users.last_admin"].replace("'", "&#39;") in page
    assert MESSAGES["users.last_admin"].replace("'", "&#39;") not in page
