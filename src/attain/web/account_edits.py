"""Changing a user's name, role, schools and permissions (admin pages). Every change is
audited with the account before and after."""

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


def _snapshot(found: Account) -> dict[str, Any]:
    return {"name": found.name, "role": found.role.value, "schools": sorted(found.urns),
            "can_see_pupils": found.can_see_pupils, "active": found.active}


def _check(session: Session, change: AccountChange) -> None:
    if change.role is Role.SCHOOL and not change.urns:
        raise UserError("a school user needs at least one school",
                        fix="Give the school's URN.")
    if change.role is not Role.SCHOOL and change.urns:
        raise UserError(f"only school users are linked to schools, not {change.role.value} "
                        "users", fix="Leave out the schools, or make the user a school user.")
    _check_urns(session, change.urns)


def edit_user(session: Session, user_id: int, change: AccountChange, *, by: str) -> Account:
    """Apply `change` to the user (UserError when it is not allowed; nothing changed)."""
    before = account(session, user_id)
    user = session.get(User, user_id)
    if before is None or user is None:
        raise UserError(f"there is no user {user_id}", fix="Choose a user from the list.")
    _check(session, change)
    user.name, user.role = change.name, change.role
    user.can_see_pupils, user.active = change.can_see_pupils, change.active
    session.execute(sa.delete(UserSchool).where(UserSchool.user_id == user_id))
    session.add_all(UserSchool(user_id=user_id, urn=urn) for urn in sorted(set(change.urns)))
    session.flush()
    after = account(session, user_id)
    assert after is not None
    session.add(AuditEntry(user=by, action="edit", entity="user", entity_id=str(user_id),
                           detail={"before": _snapshot(before), "after": _snapshot(after)}))
    session.flush()
    return after
