"""Watchlists: an LA officer's named lists of schools of their LA, one of them their
default ("My schools"), which scopes their dashboard.

Every function takes the caller's session and the owner's user id: a list of another user
is "not found" (None or a UserError), never shown or changed. Each change writes an audit
entry with the list before and after; the caller commits.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.store.models import AuditEntry, School
from attain.store.watchlist_models import NAME_LENGTH, WatchlistRow, WatchlistSchoolRow

ENTITY = "watchlist"
DEFAULT_NAME = "My schools"


@dataclass(frozen=True)
class Watchlist:
    id: int
    owner_id: int
    name: str
    is_default: bool
    urns: frozenset[int]


def _watchlist(session: Session, row: WatchlistRow) -> Watchlist:
    urns = frozenset(session.scalars(sa.select(WatchlistSchoolRow.urn).where(
        WatchlistSchoolRow.watchlist_id == row.id)))
    return Watchlist(row.id, row.owner_id, row.name, row.is_default, urns)


def _snapshot(found: Watchlist) -> dict[str, Any]:
    return {"name": found.name, "is_default": found.is_default, "schools": sorted(found.urns)}


def lists_of(session: Session, owner_id: int) -> list[Watchlist]:
    """The owner's lists, the default first, then by name."""
    rows = session.scalars(sa.select(WatchlistRow).where(WatchlistRow.owner_id == owner_id)
                           .order_by(WatchlistRow.is_default.desc(), WatchlistRow.name))
    return [_watchlist(session, row) for row in rows]


def watchlist(session: Session, owner_id: int, watchlist_id: int) -> Watchlist | None:
    """The list if it is the owner's; None for another user's list or no list."""
    row = _own_row(session, owner_id, watchlist_id)
    return _watchlist(session, row) if row is not None else None


def default_of(session: Session, owner_id: int) -> Watchlist | None:
    row = session.scalar(sa.select(WatchlistRow).where(
        WatchlistRow.owner_id == owner_id, WatchlistRow.is_default.is_(True)))
    return _watchlist(session, row) if row is not None else None


def _own_row(session: Session, owner_id: int, watchlist_id: int) -> WatchlistRow | None:
    row = session.get(WatchlistRow, watchlist_id)
    return row if row is not None and row.owner_id == owner_id else None


def _require(session: Session, owner_id: int, watchlist_id: int) -> WatchlistRow:
    row = _own_row(session, owner_id, watchlist_id)
    if row is None:
        raise UserError(f"there is no list {watchlist_id} of yours",
                        fix="Choose one of your lists.")
    return row


def _clean_name(session: Session, owner_id: int, name: str, keep_id: int | None) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("enter a name for the list", fix="Give the list a name.")
    if len(cleaned) > NAME_LENGTH:
        raise UserError(f"the name is longer than {NAME_LENGTH} characters",
                        fix="Give a shorter name.")
    clash = session.scalar(sa.select(WatchlistRow.id).where(
        WatchlistRow.owner_id == owner_id, sa.func.lower(WatchlistRow.name) == cleaned.lower()))
    if clash is not None and clash != keep_id:
        raise UserError(f"you already have a list called {cleaned}",
                        fix="Give the list another name.")
    return cleaned


def _make_default(session: Session, owner_id: int, row: WatchlistRow) -> None:
    session.execute(sa.update(WatchlistRow).where(
        WatchlistRow.owner_id == owner_id, WatchlistRow.id != row.id).values(is_default=False))
    row.is_default = True


def _audit(session: Session, by: str, action: str, watchlist_id: int,
           before: Watchlist | None, after: Watchlist | None) -> None:
    session.add(AuditEntry(user=by, action=action, entity=ENTITY, entity_id=str(watchlist_id),
                           detail={"before": _snapshot(before) if before else None,
                                   "after": _snapshot(after) if after else None}))
    session.flush()


def create(session: Session, owner_id: int, name: str, *, by: str,
           make_default: bool = False) -> Watchlist:
    """A new, empty list; the owner's first list is their default."""
    cleaned = _clean_name(session, owner_id, name, None)
    first = default_of(session, owner_id) is None
    row = WatchlistRow(owner_id=owner_id, name=cleaned, is_default=False)
    session.add(row)
    session.flush()
    if make_default or first:
        _make_default(session, owner_id, row)
        session.flush()
    created = _watchlist(session, row)
    _audit(session, by, "create", row.id, None, created)
    return created


def rename(session: Session, owner_id: int, watchlist_id: int, name: str, *, by: str,
           make_default: bool = False) -> Watchlist:
    """Rename the list (and make it the default if asked; a default stays the default)."""
    row = _require(session, owner_id, watchlist_id)
    before = _watchlist(session, row)
    row.name = _clean_name(session, owner_id, name, row.id)
    if make_default:
        _make_default(session, owner_id, row)
    session.flush()
    after = _watchlist(session, row)
    _audit(session, by, "edit", row.id, before, after)
    return after


def set_schools(session: Session, owner_id: int, watchlist_id: int, urns: Collection[int],
                allowed: Collection[int], *, by: str) -> Watchlist:
    """Replace the list's schools by `urns`, each of which must be in `allowed` (the
    schools of the owner's LA)."""
    row = _require(session, owner_id, watchlist_id)
    wanted = sorted(set(urns))
    outside = [urn for urn in wanted if urn not in set(allowed)]
    known = set(session.scalars(sa.select(School.urn).where(School.urn.in_(wanted))))
    if outside or len(known) != len(wanted):
        shown = ", ".join(map(str, outside or sorted(set(wanted) - known)))
        raise UserError(f"school {shown} is not a school of your local authority",
                        fix="Choose schools from the list.")
    before = _watchlist(session, row)
    session.execute(sa.delete(WatchlistSchoolRow).where(
        WatchlistSchoolRow.watchlist_id == row.id))
    session.add_all(WatchlistSchoolRow(watchlist_id=row.id, urn=urn) for urn in wanted)
    session.flush()
    after = _watchlist(session, row)
    _audit(session, by, "edit_schools", row.id, before, after)
    return after


def delete(session: Session, owner_id: int, watchlist_id: int, *, by: str) -> Watchlist:
    """Delete the list; if it was the default, the owner's next list (by name) becomes it."""
    row = _require(session, owner_id, watchlist_id)
    before = _watchlist(session, row)
    session.execute(sa.delete(WatchlistSchoolRow).where(
        WatchlistSchoolRow.watchlist_id == row.id))
    session.delete(row)
    session.flush()
    heir = session.scalar(sa.select(WatchlistRow).where(WatchlistRow.owner_id == owner_id)
                          .order_by(WatchlistRow.name).limit(1))
    _audit(session, by, "delete", before.id, before, None)
    if before.is_default and heir is not None:
        was = _watchlist(session, heir)
        heir.is_default = True
        session.flush()
        _audit(session, by, "edit", heir.id, was, _watchlist(session, heir))
    return before
