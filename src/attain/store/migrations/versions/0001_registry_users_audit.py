"""Schools registry, local authorities, users and their schools, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("admin", "officer", "school", "viewer")


def upgrade() -> None:
    op.create_table(
        "local_authorities",
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("new_la_code", sa.String(length=9), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=9), nullable=True),
        sa.Column("region_name", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=1), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("la_code", name=op.f("pk_local_authorities")),
    )
    op.create_table(
        "schools",
        sa.Column("urn", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("laestab", sa.Integer(), nullable=True),
        sa.Column("la_code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=True),
        sa.Column("type", sa.String(length=80), nullable=True),
        sa.Column("is_academy", sa.Boolean(), nullable=True),
        sa.Column("open_date", sa.Date(), nullable=True),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("predecessor_urn", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=1), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["la_code"], ["local_authorities.la_code"],
                                name=op.f("fk_schools_la_code_local_authorities")),
        sa.PrimaryKeyConstraint("urn", name=op.f("pk_schools")),
    )
    op.create_index(op.f("ix_schools_la_code"), "schools", ["la_code"])
    op.create_index(op.f("ix_schools_laestab"), "schools", ["laestab"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.Enum(*ROLES, name="role", native_enum=False, create_constraint=True,
                                  length=16), nullable=False),
        sa.Column("can_see_pupils", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "user_schools",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["urn"], ["schools.urn"], name=op.f("fk_user_schools_urn_schools")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_user_schools_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "urn", name=op.f("pk_user_schools")),
    )
    op.create_index(op.f("ix_user_schools_urn"), "user_schools", ["urn"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("entity", sa.String(length=80), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_user_schools_urn"), table_name="user_schools")
    op.drop_table("user_schools")
    op.drop_table("users")
    op.drop_index(op.f("ix_schools_laestab"), table_name="schools")
    op.drop_index(op.f("ix_schools_la_code"), table_name="schools")
    op.drop_table("schools")
    op.drop_table("local_authorities")
