"""API tokens: only a digest is stored, expired/revoked/inactive tokens are refused, the
`attain users token` command, and migration 0004 on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session
from typer.testing import CliRunner
from web_site import USER, build_site

from attain.cli.app import app as cli
from attain.errors import UserError
from attain.store import appdb
from attain.store.models import AuditEntry, User
from attain.store.token_models import ApiToken
from attain.web import create_app, database
from attain.web.api_tokens import issue_token, revoke_tokens, token_account

SCHOOLS_PATH = "/api/v1/schools"


@pytest.fixture(scope="module")
def token_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("token-site"))


@pytest.fixture
def token_app(token_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    return create_app(token_site, testing=True)


def _status(app: Flask, token: str) -> int:
    response = app.test_client().get(SCHOOLS_PATH, headers={"Authorization":
                                                            f"Bearer {token}"})
    return response.status_code


def test_only_a_digest_is_stored_and_the_audit_has_no_token(token_app: Flask) -> None:
    with token_app.app_context():
        s = database.session()
        issued = issue_token(s, USER["officer"].email, label="nightly export", by="test")
        s.commit()
        row = s.scalars(sa.select(ApiToken).order_by(ApiToken.id.desc())).first()
        assert row is not None
        assert row.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
        audit = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "api_token")).all()
        assert audit and all(issued.token not in str(a.detail) for a in audit)
    assert issued.expires_at is None
    assert _status(token_app, issued.token) == 200


def test_expired_revoked_and_deactivated_tokens_are_refused(token_app: Flask) -> None:
    with token_app.app_context():
        s = database.session()
        expired = issue_token(s, USER["officer"].email, days=1, by="test")
        s.execute(sa.update(ApiToken).where(ApiToken.token_hash == _digest(expired.token))
                  .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        revoked = issue_token(s, USER["admin"].email, by="test")
        assert revoke_tokens(s, USER["admin"].email, by="test") >= 1
        inactive = issue_token(s, USER["viewer"].email, by="test")
        s.execute(sa.update(User).where(User.email == USER["viewer"].email)
                  .values(active=False))
        s.commit()
        assert token_account(s, expired.token) is None
        assert token_account(s, "attain_" + "x" * 43) is None
        s.execute(sa.update(User).where(User.email == USER["viewer"].email)
                  .values(active=True))
        s.commit()
    for token in (expired.token, revoked.token, "not-even-a-token"):
        assert _status(token_app, token) == 401
    with token_app.app_context():  # the viewer again active: their token works (403 here)
        assert _status(token_app, inactive.token) == 403


def test_a_malformed_authorization_header_is_401(token_app: Flask) -> None:
    response = token_app.test_client().get(SCHOOLS_PATH,
                                           headers={"Authorization": "Basic YTpi"})
    assert response.status_code == 401
    assert response.get_json()["title"] == "Unauthorized"


def test_tokens_for_unknown_users_or_zero_days_are_refused(token_app: Flask) -> None:
    with token_app.app_context():
        s = database.session()
        with pytest.raises(UserError, match="no active user"):
            issue_token(s, "nobody@la.example")
        with pytest.raises(UserError, match="at least one day"):
            issue_token(s, USER["officer"].email, days=0)


def test_cli_creates_and_revokes_a_token(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    folder = build_site(tmp_path / "cli-site")
    result = CliRunner().invoke(cli, ["users", "token", USER["school"].email, "--days", "30",
                                      "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert token.startswith("attain_")
    app = create_app(folder, testing=True)
    assert _status(app, token) == 200
    revoked = CliRunner().invoke(cli, ["users", "token", USER["school"].email, "--revoke",
                                       "--data-dir", str(folder)])
    assert revoked.exit_code == 0, revoked.output
    assert "Revoked 1 token(s)" in revoked.stdout
    assert _status(app, token) == 401


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _migration_round_trip(url: str) -> None:
    appdb.upgrade(url, "0004")
    assert "api_tokens" in sa.inspect(sa.create_engine(url)).get_table_names()
    engine = appdb.engine_for(url)
    with Session(engine) as s:
        s.execute(sa.text("INSERT INTO users (email, name, role) VALUES "
                          "('a@la.example', 'A', 'officer')"))
        user_id = s.scalar(sa.text("SELECT id FROM users"))
        s.add(ApiToken(user_id=user_id, token_hash="0" * 64, label="t"))
        s.commit()
        s.add(ApiToken(user_id=user_id, token_hash="0" * 64, label="same digest"))
        with pytest.raises(sa.exc.IntegrityError):
            s.commit()
    engine.dispose()
    appdb.downgrade(url, "0003")
    check = sa.create_engine(url)
    assert "api_tokens" not in sa.inspect(check).get_table_names()
    check.dispose()
    appdb.upgrade(url)


def test_migration_0004_on_sqlite(tmp_path: Path) -> None:
    _migration_round_trip(f"sqlite:///{tmp_path / 'attain.db'}")


@pytest.mark.postgres
def test_migration_0004_on_postgresql(postgres_url: str) -> None:
    _migration_round_trip(postgres_url)
