"""Tokens of the JSON API: issued by `attain users token EMAIL`, shown once, stored only as
a SHA-256 digest (see attain.store.token_models), sent as `Authorization: Bearer TOKEN`.

A token acts as its user, with the same role and schools; it stops working when it
expires, is revoked, or its user is deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.services.appdb import SYSTEM_USER
from attain.store.models import AuditEntry, User
from attain.store.token_models import ApiToken
from attain.web.accounts import Account, account, folder_session, normalise_email

TOKEN_PREFIX = "attain_"
DEFAULT_DAYS = 365


@dataclass(frozen=True)
class IssuedToken:
    token: str  # the only time the token itself exists outside its holder's hands
    email: str
    expires_at: datetime | None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def issue_token(session: Session, email: str, *, label: str = "", days: int | None = None,
                by: str = SYSTEM_USER) -> IssuedToken:
    """A new token for the user (audited without the token); the caller commits."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        raise UserError(f"there is no active user {normalise_email(email)}",
                        fix="Check the email with `attain users list`.")
    if days is not None and days < 1:
        raise UserError("a token must last at least one day", fix="Give --days 1 or more.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)  # 256 random bits
    expires = _now() + timedelta(days=days) if days is not None else None
    row = ApiToken(user_id=user.id, token_hash=digest(token), label=label or "API token",
                   expires_at=expires)
    session.add(row)
    session.flush()
    session.add(AuditEntry(user=by, action="add", entity="api_token", entity_id=str(row.id),
                           detail={"before": None,
                                   "after": {"user": user.email, "label": row.label,
                                             "expires_at": expires.isoformat()
                                             if expires else None}}))
    session.flush()
    return IssuedToken(token, user.email, expires)


def token_account(session: Session, token: str) -> Account | None:
    """The active user a live token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and _aware(row.expires_at) <= _now():
        return None
    found = account(session, row.user_id)
    return found if found is not None and found.active else None


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def revoke_tokens(session: Session, email: str, *, by: str = SYSTEM_USER) -> int:
    """Revoke every live token of the user (audited); the caller commits."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise UserError(f"there is no user {normalise_email(email)}",
                        fix="Check the email with `attain users list`.")
    live = list(session.scalars(sa.select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))))
    for row in live:
        row.revoked_at = _now()
        session.add(AuditEntry(user=by, action="revoke", entity="api_token",
                               entity_id=str(row.id),
                               detail={"before": {"revoked": False},
                                       "after": {"revoked": True}}))
    session.flush()
    return len(live)


def issue_token_in_folder(folder: Path, email: str, *, label: str = "",
                          days: int | None = DEFAULT_DAYS) -> IssuedToken:
    engine, session = folder_session(folder)
    try:
        issued = issue_token(session, email, label=label, days=days)
        session.commit()
        return issued
    finally:
        session.close()
        engine.dispose()


def revoke_tokens_in_folder(folder: Path, email: str) -> int:
    engine, session = folder_session(folder)
    try:
        count = revoke_tokens(session, email)
        session.commit()
        return count
    finally:
        session.close()
        engine.dispose()
