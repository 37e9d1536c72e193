"""School risk: inspections, self-evaluations, risk characteristics, Welsh steps,
categorisations, concerns, review meetings and school visits.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:47:04.107304
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("escalation", sa.String(length=40), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("raised_by", sa.String(length=200), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concerns")),
    )
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_concerns_urn"), ["urn"], unique=False)

    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("inspected", sa.Date(), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("judgements", sa.JSON(), nullable=False),
        sa.Column("safeguarding_met", sa.Boolean(), nullable=True),
        sa.Column("category", sa.String(length=24), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "overall IS NULL OR overall BETWEEN 1 AND 4", name=op.f("ck_inspections_overall_1_4")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
        sa.UniqueConstraint("urn", "inspected", name=op.f("uq_inspections_urn")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_urn"), ["urn"], unique=False)

    op.create_table(
        "review_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_from", sa.Date(), nullable=False),
        sa.Column("due_to", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_meetings")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_review_meetings_year")),
    )
    op.create_table(
        "risk_characteristics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(length=40), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_characteristics")),
        sa.UniqueConstraint(
            "urn", "year", "characteristic", name=op.f("uq_risk_characteristics_urn")
        ),
    )
    with op.batch_alter_table("risk_characteristics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_characteristics_urn"), ["urn"], unique=False)

    op.create_table(
        "self_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=8), nullable=False),
        sa.Column("overall_effectiveness", sa.Integer(), nullable=True),
        sa.Column("achievement", sa.Integer(), nullable=True),
        sa.Column("teaching", sa.Integer(), nullable=True),
        sa.Column("behaviour_safety", sa.Integer(), nullable=True),
        sa.Column("leadership", sa.Integer(), nullable=True),
        sa.Column("validated_by", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "achievement IS NULL OR achievement BETWEEN 1 AND 4",
            name=op.f("ck_self_evaluations_achievement_1_4"),
        ),
        sa.CheckConstraint(
            "behaviour_safety IS NULL OR behaviour_safety BETWEEN 1 AND 4",
            name=op.f("ck_self_evaluations_behaviour_safety_1_4"),
        ),
        sa.CheckConstraint(
            "leadership IS NULL OR leadership BETWEEN 1 AND 4",
            name=op.f("ck_self_evaluations_leadership_1_4"),
        ),
        sa.CheckConstraint(
            "overall_effectiveness IS NULL OR overall_effectiveness BETWEEN 1 AND 4",
            name=op.f("ck_self_evaluations_overall_effectiveness_1_4"),
        ),
        sa.CheckConstraint(
            "teaching IS NULL OR teaching BETWEEN 1 AND 4",
            name=op.f("ck_self_evaluations_teaching_1_4"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_evaluations")),
        sa.UniqueConstraint("urn", "year", "term", name=op.f("uq_self_evaluations_urn")),
    )
    with op.batch_alter_table("self_evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_evaluations_urn"), ["urn"], unique=False)

    op.create_table(
        "wales_categorisation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("standards_group", sa.Integer(), nullable=True),
        sa.Column("improvement_capacity", sa.String(length=1), nullable=True),
        sa.CheckConstraint(
            "standards_group IS NULL OR standards_group BETWEEN 1 AND 4",
            name=op.f("ck_wales_categorisation_steps_standards_group_1_4"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wales_categorisation_steps")),
        sa.UniqueConstraint("urn", "year", name=op.f("uq_wales_categorisation_steps_urn")),
    )
    with op.batch_alter_table("wales_categorisation_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wales_categorisation_steps_urn"), ["urn"], unique=False
        )

    op.create_table(
        "categorisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=8), nullable=True),
        sa.Column("framework_id", sa.String(length=80), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["review_meetings.id"],
            name=op.f("fk_categorisations_meeting_id_review_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categorisations")),
    )
    with op.batch_alter_table("categorisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_categorisations_urn"), ["urn"], unique=False)
        batch_op.create_index(batch_op.f("ix_categorisations_year"), ["year"], unique=False)

    op.create_table(
        "school_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("visit", sa.String(length=8), nullable=False),
        sa.Column("focus", sa.String(length=200), nullable=False),
        sa.Column("due_from", sa.Date(), nullable=False),
        sa.Column("due_to", sa.Date(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("officer", sa.String(length=200), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("plan_id", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_school_visits_plan_id_plans"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_visits")),
        sa.UniqueConstraint("urn", "year", "visit", name=op.f("uq_school_visits_urn")),
    )
    with op.batch_alter_table("school_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_visits_due_to"), ["due_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_school_visits_urn"), ["urn"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("school_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_visits_urn"))
        batch_op.drop_index(batch_op.f("ix_school_visits_due_to"))

    op.drop_table("school_visits")
    with op.batch_alter_table("categorisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_categorisations_year"))
        batch_op.drop_index(batch_op.f("ix_categorisations_urn"))

    op.drop_table("categorisations")
    with op.batch_alter_table("wales_categorisation_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wales_categorisation_steps_urn"))

    op.drop_table("wales_categorisation_steps")
    with op.batch_alter_table("self_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_evaluations_urn"))

    op.drop_table("self_evaluations")
    with op.batch_alter_table("risk_characteristics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_characteristics_urn"))

    op.drop_table("risk_characteristics")
    op.drop_table("review_meetings")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_urn"))

    op.drop_table("inspections")
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concerns_urn"))

    op.drop_table("concerns")
