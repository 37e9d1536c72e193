"""User accounts: add users, check passwords, load a user with their schools.

Passwords are hashed with argon2id (attain.web.passwords); older werkzeug hashes still
verify and are replaced at the next sign-in. Every change lands in the audit log with who
made it; the log holds the role and URNs, never the password or its hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from attain import settings
from attain.errors import UserError
from attain.services.appdb import SYSTEM_USER, require_current, require_folder
from attain.store import appdb
from attain.store.models import AuditEntry, Role, School, User, UserSchool
from attain.web.passwords import (
    OWASP_MINIMUM,
    Argon2Cost,
    check_password,
    hash_password,
    scheme,
)

MIN_PASSWORD_LENGTH = 12
PASSWORD_HASH_METHOD = "argon2"  # or a werkzeug method (tests: a cheap pbkdf2)
# Checked when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = hash_password("attain-no-such-user")


@dataclass(frozen=True)
class NewUser:
    email: str
    role: Role
    password: str
    name: str = ""
    urns: tuple[int, ...] = ()
    can_see_pupils: bool = False


@dataclass(frozen=True)
class Account:
    """A user as the web app sees them (no password hash)."""

    id: int
    email: str
    name: str
    role: Role
    urns: frozenset[int]
    can_see_pupils: bool
    active: bool


def normalise_email(email: str) -> str:
    return email.strip().lower()


def add_user(session: Session, new: NewUser, *, by: str,
             hash_method: str = PASSWORD_HASH_METHOD) -> Account:
    """Add a user (and their schools) with an audit entry; the caller commits."""
    email = normalise_email(new.email)
    _check_new_user(session, new, email)
    user = User(email=email, name=new.name or email, role=new.role,
                can_see_pupils=new.can_see_pupils,
                password_hash=_new_hash(new.password, hash_method))
    session.add(user)
    session.flush()
    session.add_all(UserSchool(user_id=user.id, urn=urn) for urn in sorted(set(new.urns)))
    session.add(AuditEntry(user=by, action="add", entity="user", entity_id=str(user.id),
                           detail={"before": None,
                                   "after": {"email": email, "role": new.role.value,
                                             "schools": sorted(set(new.urns)),
                                             "can_see_pupils": new.can_see_pupils}}))
    session.flush()
    return account(session, user.id)  # type: ignore[return-value]


def _new_hash(password: str, method: str) -> str:
    if method == PASSWORD_HASH_METHOD:
        return hash_password(password)
    return generate_password_hash(password, method=method)


def _check_new_user(session: Session, new: NewUser, email: str) -> None:
    if "@" not in email:
        raise UserError(f"{email!r} is not an email address", fix="Give an address like "
                        "name@example.gov.uk.")
    if session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise UserError(f"a user {email} already exists", fix="Use another email address.")
    if len(new.password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password is shorter than {MIN_PASSWORD_LENGTH} characters",
                        fix="Choose a longer password, e.g. three or four random words.")
    if new.role is Role.SCHOOL and not new.urns:
        raise UserError("a school user needs at least one school",
                        fix="Give the school's URN (--school URN).")
    if new.role is not Role.SCHOOL and new.urns:
        raise UserError(f"only school users are linked to schools, not {new.role.value} users",
                        fix="Leave out the schools, or make the user a school user.")
    _check_urns(session, new.urns)


def _check_urns(session: Session, urns: Iterable[int]) -> None:
    wanted = set(urns)
    known = set(session.scalars(sa.select(School.urn).where(School.urn.in_(wanted))))
    missing = sorted(wanted - known)
    if missing:
        raise UserError(f"no school with URN {', '.join(map(str, missing))} in the app database",
                        fix="Check the URN, or run `attain db sync` first.")


def account(session: Session, user_id: int) -> Account | None:
    user = session.get(User, user_id)
    if user is None:
        return None
    urns = frozenset(session.scalars(sa.select(UserSchool.urn)
                                     .where(UserSchool.user_id == user_id)))
    return Account(user.id, user.email, user.name, user.role, urns, user.can_see_pupils,
                   user.active)


def authenticate(session: Session, email: str, password: str,
                 cost: Argon2Cost = OWASP_MINIMUM) -> Account | None:
    """The active user with this email and password, or None. A matching hash that is not
    argon2id of `cost` is replaced (audited); the caller commits.

    The read transaction is ended (committed) before the slow hash check: on SQLite, two
    sign-ins each holding a read lock through it and then writing (the audit entry)
    deadlock, and one fails with "database is locked"."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    session.commit()
    if user is None or not user.password_hash:
        check_password(_DUMMY_HASH, password, cost)
        return None
    checked = check_password(user.password_hash, password, cost)
    if not user.active or not checked.matches:
        return None
    if checked.needs_rehash:
        _rehash(session, user, password, cost)
    return account(session, user.id)


def _rehash(session: Session, user: User, password: str, cost: Argon2Cost) -> None:
    before = scheme(user.password_hash or "")
    user.password_hash = hash_password(password, cost)
    session.add(AuditEntry(user=user.email, action="rehash_password", entity="user",
                           entity_id=str(user.id),
                           detail={"before": {"scheme": before},
                                   "after": {"scheme": scheme(user.password_hash)}}))
    session.flush()


def all_accounts(session: Session) -> list[Account]:
    ids = session.scalars(sa.select(User.id).order_by(User.email))
    return [a for a in (account(session, i) for i in ids) if a is not None]


def _folder_session(folder: Path) -> tuple[Engine, Session]:
    require_folder(folder)
    url = settings.database_url(folder)
    require_current(url)
    engine = appdb.engine_for(url)
    return engine, Session(bind=engine, expire_on_commit=False)


folder_session = _folder_session  # for other account commands (API tokens)


def add_user_in_folder(folder: Path, new: NewUser, *, by: str = SYSTEM_USER) -> Account:
    """`attain users add`: add a user to the data folder's app database."""
    engine, session = _folder_session(folder)
    try:
        added = add_user(session, new, by=by)
        session.commit()
        return added
    finally:
        session.close()
        engine.dispose()


def accounts_in_folder(folder: Path) -> list[Account]:
    engine, session = _folder_session(folder)
    try:
        return all_accounts(session)
    finally:
        session.close()
        engine.dispose()
