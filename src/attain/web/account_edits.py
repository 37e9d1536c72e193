"""Changing a user's name, role, schools and permissions (admin pages). Every change is
audited with the account before and after; a save that changes nothing writes nothing. The
last active admin may not be demoted or deactivated: nobody could manage users after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.store.models import AuditEntry, Role, User, UserSchool
from attain.web.accounts import Account, _check_urns, account


@dataclass(frozen=True)
class AccountChange:
    name: str
    role: Role
    urns: tuple[int, ...]
    can_see_pupils: bool
    active: bool


class LastAdminError(UserError):
    """The change would leave no active admin."""

    def __init__(self) -> None:
        super().__init__("this is the last active admin, who may not lose the admin role "
                         "or be deactivated",
                         fix="Make another user an active admin first.")


@dataclass(frozen=True)
class EditOutcome:
    account: Account
    changed: bool


def _snapshot(found: Account) -> dict[str, Any]:
    return {"name": found.name, "role": found.role.value, "schools": sorted(found.urns),
            "can_see_pupils": found.can_see_pupils, "active": found.active}


def _wanted(change: AccountChange) -> dict[str, Any]:
    return {"name": change.name, "role": change.role.value, "schools": sorted(set(change.urns)),
            "can_see_pupils": change.can_see_pupils, "active": change.active}


def _is_active_admin(role: Role, active: bool) -> bool:
    return role is Role.ADMIN and active


def _active_admins(session: Session, *, lock: bool = False) -> set[int]:
    query = sa.select(User.id).where(User.role == Role.ADMIN, User.active.is_(True))
    return set(session.scalars(query.with_for_update() if lock else query))


def _check(session: Session, change: AccountChange) -> None:
    if change.role is Role.SCHOOL and not change.urns:
        raise UserError("a school user needs at least one school",
                        fix="Give the school's URN.")
    if change.role is not Role.SCHOOL and change.urns:
        raise UserError(f"only school users are linked to schools, not {change.role.value} "
                        "users", fix="Leave out the schools, or make the user a school user.")
    _check_urns(session, change.urns)


def edit_user(session: Session, user_id: int, change: AccountChange, *,
              by: str) -> EditOutcome:
    """Apply `change` to the user (UserError when it is not allowed; the caller rolls back).
    Nothing is written, not even to the audit log, when it changes nothing."""
    before = account(session, user_id)
    user = session.get(User, user_id)
    if before is None or user is None:
        raise UserError(f"there is no user {user_id}", fix="Choose a user from the list.")
    _check(session, change)
    if _wanted(change) == _snapshot(before):
        return EditOutcome(before, changed=False)
    removes_admin = (_is_active_admin(before.role, before.active)
                     and not _is_active_admin(change.role, change.active))
    if removes_admin:
        # PostgreSQL: two admins demoting each other at once queue here (row locks).
        _active_admins(session, lock=True)
    user.name, user.role = change.name, change.role
    user.can_see_pupils, user.active = change.can_see_pupils, change.active
    session.execute(sa.delete(UserSchool).where(UserSchool.user_id == user_id))
    session.add_all(UserSchool(user_id=user_id, urn=urn) for urn in sorted(set(change.urns)))
    session.flush()
    # Counted after the write, inside its transaction (on SQLite, it holds the write lock).
    if removes_admin and not _active_admins(session):
        raise LastAdminError()
    after = account(session, user_id)
    assert after is not None
    session.add(AuditEntry(user=by, action="edit", entity="user", entity_id=str(user_id),
                           detail={"before": _snapshot(before), "after": _snapshot(after)}))
    session.flush()
    return EditOutcome(after, changed=True)
