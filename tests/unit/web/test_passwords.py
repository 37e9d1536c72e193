"""Passwords: argon2id for new users, werkzeug hashes still accepted and replaced by argon2id
at the next successful sign-in (audited, without the hash)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from web_site import PASSWORD, USER, build_site
from werkzeug.security import generate_password_hash

from attain.store import appdb
from attain.store.models import AuditEntry, Role, User
from attain.web import create_app, database
from attain.web.accounts import NewUser, add_user, authenticate
from attain.web.auth import ARGON2_COST_KEY
from attain.web.passwords import (
    OWASP_MINIMUM,
    Argon2Cost,
    check_password,
    hash_password,
    scheme,
)

# OWASP Password Storage Cheat Sheet, argon2id minimum: m=19456 (19 MiB), t=2, p=1.
OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$"
CHEAP = Argon2Cost(time_cost=1, memory_kib=64, parallelism=1)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'attain.db'}"
    appdb.upgrade(url)
    engine = appdb.engine_for(url)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def _stored_hash(session: Session, email: str) -> str:
    return session.scalar(sa.select(User.password_hash).where(User.email == email)) or ""


def test_new_users_get_an_argon2id_hash_at_the_owasp_cost(session: Session) -> None:
    add_user(session, NewUser("a@la.example", Role.OFFICER, PASSWORD), by="test")
    stored = _stored_hash(session, "a@la.example")
    assert stored.startswith(OWASP_PREFIX)
    assert PASSWORD not in stored
    assert check_password(stored, PASSWORD).matches
    assert not check_password(stored, PASSWORD + "x").matches


def test_a_werkzeug_hash_verifies_and_is_replaced_at_sign_in(session: Session) -> None:
    add_user(session, NewUser("b@la.example", Role.OFFICER, PASSWORD), by="test",
             hash_method="scrypt")
    assert _stored_hash(session, "b@la.example").startswith("scrypt:")
    assert authenticate(session, "b@la.example", PASSWORD, CHEAP) is not None
    assert _stored_hash(session, "b@la.example").startswith("$argon2id$v=19$m=64,t=1,p=1$")
    entry = session.scalars(sa.select(AuditEntry)
                            .where(AuditEntry.action == "rehash_password")).one()
    assert entry.user == "b@la.example"
    assert entry.detail == {"before": {"scheme": "scrypt"}, "after": {"scheme": "argon2id"}}
    # The new hash is argon2id of the same password.
    assert authenticate(session, "b@la.example", PASSWORD, CHEAP) is not None


def test_a_wrong_password_changes_nothing(session: Session) -> None:
    add_user(session, NewUser("c@la.example", Role.OFFICER, PASSWORD), by="test",
             hash_method="pbkdf2:sha256:1000")
    before = _stored_hash(session, "c@la.example")
    assert authenticate(session, "c@la.example", "not the password", CHEAP) is None
    assert _stored_hash(session, "c@la.example") == before
    assert authenticate(session, "nobody@la.example", PASSWORD, CHEAP) is None
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "rehash_password")) == 0


def test_an_argon2_hash_of_another_cost_is_rehashed_once(session: Session) -> None:
    add_user(session, NewUser("d@la.example", Role.OFFICER, PASSWORD), by="test")
    assert authenticate(session, "d@la.example", PASSWORD, CHEAP) is not None
    assert _stored_hash(session, "d@la.example").startswith("$argon2id$v=19$m=64,t=1,p=1$")
    assert authenticate(session, "d@la.example", PASSWORD, CHEAP) is not None
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "rehash_password")) == 1


def test_check_password_says_when_to_rehash() -> None:
    current = hash_password(PASSWORD, CHEAP)
    assert check_password(current, PASSWORD, CHEAP).needs_rehash is False
    assert check_password(current, PASSWORD, OWASP_MINIMUM).needs_rehash is True
    assert check_password("not a hash", PASSWORD).matches is False
    assert check_password("$argon2id$garbage", PASSWORD).matches is False


def test_scheme_names_the_method_never_the_hash() -> None:
    assert scheme(hash_password("x", CHEAP)) == "argon2id"
    assert scheme("scrypt:32768:8:1$salt$abcdef") == "scrypt"
    assert scheme("pbkdf2:sha256:1000$salt$abcdef") == "pbkdf2"


def test_signing_in_through_the_web_rehashes_a_scrypt_user(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    site = build_site(tmp_path / "site")  # its own site: this test changes a user's hash
    app = create_app(site, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    app.config[ARGON2_COST_KEY] = CHEAP
    email = USER["officer"].email
    with app.app_context():
        s = database.session()
        s.execute(sa.update(User).where(User.email == email).values(
            password_hash=generate_password_hash(PASSWORD, method="scrypt")))
        s.commit()
    response = app.test_client().post("/sign-in", data={"email": email,
                                                        "password": PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        assert _stored_hash(database.session(), email).startswith(
            "$argon2id$v=19$m=64,t=1,p=1$")
