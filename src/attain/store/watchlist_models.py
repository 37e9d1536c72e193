"""Watchlists: an LA officer's named lists of schools ("My schools"), one of them the
owner's default, which scopes their dashboard. Only the owner sees or edits a list; every
change is in the audit log (attain.services.watchlists)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from attain.store.models import Base

NAME_LENGTH = 120


def _utcnow() -> datetime:
    return datetime.now(UTC)


class WatchlistRow(Base):
    __tablename__ = "watchlists"
    __table_args__ = (sa.UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(NAME_LENGTH))
    is_default: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)


class WatchlistSchoolRow(Base):
    """A school on a watchlist."""

    __tablename__ = "watchlist_schools"

    watchlist_id: Mapped[int] = mapped_column(
        sa.ForeignKey("watchlists.id", ondelete="CASCADE"), primary_key=True
    )
    urn: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.urn", ondelete="CASCADE"), primary_key=True, index=True
    )
