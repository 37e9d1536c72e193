"""Strategic action plans and their indexed actions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("organisation", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owners", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("target_text", sa.String(length=200), nullable=True),
        sa.Column("target_latest", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name=op.f("fk_plan_actions_plan_id_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_plan_actions_plan_id")),
    )
    op.create_index(op.f("ix_plan_actions_plan_id"), "plan_actions", ["plan_id"])
    op.create_index(op.f("ix_plan_actions_target_latest"), "plan_actions", ["target_latest"])


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_actions_target_latest"), table_name="plan_actions")
    op.drop_index(op.f("ix_plan_actions_plan_id"), table_name="plan_actions")
    op.drop_table("plan_actions")
    op.drop_table("plans")
