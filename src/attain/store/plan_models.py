"""App-database tables of strategic action plans.

A plan is stored whole as its plan tree (the YAML format, as JSON) so nothing of the source
is lost, with one indexed row per action for what is queried and edited on its own: status,
owner, target date (`target_latest` is the latest day the fuzzy date allows, for overdue
and due-soon queries) and a `version` that detects concurrent edits of the same action.
A plan's own `version` is also SQLAlchemy's version counter: a write based on a version
someone else has since replaced is refused, even when both read it at the same instant.
Every change is also written to the audit log (attain.store.models.AuditEntry).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from attain.store.models import Base


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(400))
    organisation: Mapped[str] = mapped_column(sa.String(400))
    status: Mapped[str] = mapped_column(sa.String(16))
    document: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    version: Mapped[int] = mapped_column(sa.Integer)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)

    # Every UPDATE and DELETE of a plan says `WHERE id = :id AND version = :read`, so of two
    # edits that read the same version at once the later matches no row and fails
    # (StaleDataError) instead of overwriting the earlier. The services still set the new
    # version themselves (no generator), as they did before.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class PlanActionRow(Base):
    __tablename__ = "plan_actions"
    __table_args__ = (sa.UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    plan_id: Mapped[str] = mapped_column(
        sa.ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    # Position in the plan: priority.objective.action, each counted from 1.
    key: Mapped[str] = mapped_column(sa.String(40))
    ref: Mapped[str] = mapped_column(sa.String(80))
    text: Mapped[str] = mapped_column(sa.Text)
    owners: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16))
    target_text: Mapped[str | None] = mapped_column(sa.String(200))
    target_latest: Mapped[date | None] = mapped_column(sa.Date, index=True)
    version: Mapped[int] = mapped_column(sa.Integer)
