"""Watchlists: each LA officer's named lists of schools, one of them their default.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 06:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"],
                                name=op.f("fk_watchlists_owner_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlists")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_watchlists_owner_id")),
    )
    with op.batch_alter_table("watchlists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchlists_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "watchlist_schools",
        sa.Column("watchlist_id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["watchlist_id"], ["watchlists.id"],
                                name=op.f("fk_watchlist_schools_watchlist_id_watchlists"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["urn"], ["schools.urn"],
                                name=op.f("fk_watchlist_schools_urn_schools"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("watchlist_id", "urn", name=op.f("pk_watchlist_schools")),
    )
    with op.batch_alter_table("watchlist_schools", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchlist_schools_urn"), ["urn"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watchlist_schools", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_schools_urn"))
    op.drop_table("watchlist_schools")
    with op.batch_alter_table("watchlists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlists_owner_id"))
    op.drop_table("watchlists")
