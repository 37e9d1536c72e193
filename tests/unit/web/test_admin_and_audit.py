"""Adding users through the web and the CLI; every change lands in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session
from typer.testing import CliRunner
from web_site import OWN_URN, PASSWORD, USER, build_site, sign_in

from attain.cli.app import app as cli
from attain.store.models import AuditEntry, User, UserSchool


def _db(folder: Path) -> Session:
    return Session(sa.create_engine(f"sqlite:///{folder / 'attain.db'}"))


def _audit(folder: Path, action: str) -> list[AuditEntry]:
    with _db(folder) as s:
        return list(s.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)))


NEW = {"email": "Deputy@Alpha.example", "name": "Deputy Head", "role": "school",
       "schools": str(OWN_URN), "password": "a long enough password"}


def test_admin_adds_a_user_and_it_is_audited(fresh_app: Flask, fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "admin")
    response = client.post("/admin/users/new", data=NEW)
    assert response.status_code == 302
    assert "deputy@alpha.example" in client.get("/admin/users").get_data(as_text=True)
    entry = _audit(fresh_site, "add")[-1]
    assert entry.user == USER["admin"].email and entry.entity == "user"
    assert entry.detail == {"before": None, "after": {
        "email": "deputy@alpha.example", "role": "school", "schools": [OWN_URN],
        "can_see_pupils": False}}
    assert "password" not in str(entry.detail)
    # and the new user can sign in and see their school
    other = fresh_app.test_client()
    other.post("/sign-in", data={"email": NEW["email"], "password": NEW["password"]})
    assert other.get(f"/schools/{OWN_URN}").status_code == 200


@pytest.mark.parametrize(("field", "value", "error"), [
    ("email", "not-an-email", "Enter an email address in the correct format"),
    ("password", "short", "at least 12 characters"),
    ("schools", "12a", "Enter URNs as numbers"),
    ("schools", "999999", "no school with URN 999999"),
    ("email", USER["viewer"].email, "already exists"),
])
def test_bad_input_re_renders_with_errors_and_saves_nothing(
        fresh_app: Flask, fresh_site: Path, field: str, value: str, error: str) -> None:
    client = sign_in(fresh_app.test_client(), "admin")
    response = client.post("/admin/users/new", data={**NEW, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html and error in html
    with _db(fresh_site) as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(User)) == len(USER)
    assert _audit(fresh_site, "add")[-1].user == "test"  # only the site's own users


def test_sign_in_is_audited_without_the_password(fresh_app: Flask, fresh_site: Path) -> None:
    sign_in(fresh_app.test_client(), "officer")
    entry = _audit(fresh_site, "sign_in")[-1]
    assert entry.user == USER["officer"].email and entry.detail is None


def test_cli_users_add_and_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    folder = build_site(tmp_path / "cli-site")
    runner = CliRunner()
    result = runner.invoke(cli, ["users", "add", "gov@alpha.example", "--role", "school",
                                 "--school", str(OWN_URN), "--password-stdin",
                                 "--data-dir", str(folder)], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"Added school user gov@alpha.example for school(s) {OWN_URN}." in result.output
    with _db(folder) as s:
        user = s.scalars(sa.select(User).where(User.email == "gov@alpha.example")).one()
        user_id = user.id
        assert (user.password_hash or "").startswith("$argon2id$")  # never the password itself
        assert list(s.scalars(sa.select(UserSchool.urn).where(UserSchool.user_id == user_id))) \
            == [OWN_URN]
    assert _audit(folder, "add")[-1].user == "system"
    listed = runner.invoke(cli, ["users", "list", "--data-dir", str(folder)],
                           env={"COLUMNS": "200"})
    assert "gov@alpha.example" in listed.output


@pytest.mark.parametrize(("args", "error"), [
    (["--role", "school"], "a school user needs at least one school"),
    (["--role", "officer", "--school", str(OWN_URN)], "only school users are linked"),
    (["--role", "mayor"], "there is no role 'mayor'"),
])
def test_cli_users_add_refuses_bad_input(site: Path, args: list[str], error: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["users", "add", "x@y.example", *args,
                                      "--password-stdin", "--data-dir", str(site)],
                                input=PASSWORD + "\n")
    assert result.exit_code == 2
    assert error in result.output
