"""The app database: SQLAlchemy 2 typed declarative models.

Every table here is created by an Alembic migration in attain/store/migrations; a test
compares these models with the migrated schema (SQLite and PostgreSQL) and fails on any
difference. Later features add model modules to MODEL_MODULES so the migrations
environment sees their tables too.

The audit log never holds pupil data: entity ids are URNs, user ids or plan ids, and
`detail` holds counts and field names, never pupil rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Modules that define tables on Base.metadata; the migrations environment imports them all.
MODEL_MODULES: tuple[str, ...] = ("attain.store.models", "attain.store.plan_models",
                                   "attain.store.risk_models", "attain.store.token_models",
                                   "attain.store.watchlist_models")

# Named constraints make migrations reproducible on every database (SQLite batch
# migrations need names to drop or alter a constraint).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class Role(StrEnum):
    ADMIN = "admin"
    OFFICER = "officer"
    SCHOOL = "school"
    VIEWER = "viewer"


def _utcnow() -> datetime:
    return datetime.now(UTC)


ROLE_TYPE = sa.Enum(
    Role,
    name="role",
    native_enum=False,
    create_constraint=True,
    length=16,
    values_callable=lambda roles: [r.value for r in roles],
    validate_strings=True,
)


class LocalAuthority(Base):
    __tablename__ = "local_authorities"

    la_code: Mapped[str] = mapped_column(sa.String(3), primary_key=True)
    new_la_code: Mapped[str | None] = mapped_column(sa.String(9))
    name: Mapped[str] = mapped_column(sa.String(200))
    region_code: Mapped[str | None] = mapped_column(sa.String(9))
    region_name: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(1))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)


class School(Base):
    __tablename__ = "schools"

    urn: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    laestab: Mapped[int | None] = mapped_column(sa.Integer, index=True)
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authorities.la_code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    phase: Mapped[str | None] = mapped_column(sa.String(40))
    type: Mapped[str | None] = mapped_column(sa.String(80))
    is_academy: Mapped[bool | None] = mapped_column(sa.Boolean)
    open_date: Mapped[date | None] = mapped_column(sa.Date)
    close_date: Mapped[date | None] = mapped_column(sa.Date)
    # Not a foreign key: the predecessor may be outside the registry (another LA, or
    # closed before records began).
    predecessor_urn: Mapped[int | None] = mapped_column(sa.Integer)
    country: Mapped[str] = mapped_column(sa.String(1))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(ROLE_TYPE)
    # Named (pupil-level) data is a separate permission, as in DfE's Analyse School
    # Performance; never granted by role alone.
    can_see_pupils: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(
        sa.Boolean, default=True, server_default=sa.true()
    )


class UserSchool(Base):
    """A school a `school` user may see."""

    __tablename__ = "user_schools"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    urn: Mapped[int] = mapped_column(sa.ForeignKey("schools.urn"), primary_key=True, index=True)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow, index=True)
    # The acting user's email, or "system" for imports and scheduled jobs.
    user: Mapped[str] = mapped_column(sa.String(320))
    action: Mapped[str] = mapped_column(sa.String(80))
    entity: Mapped[str] = mapped_column(sa.String(80))
    entity_id: Mapped[str | None] = mapped_column(sa.String(80))
    detail: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
