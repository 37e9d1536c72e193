"""App-database tables of school risk: inspections, self-evaluations, risk characteristics,
Welsh categorisation steps, categorisation decisions, concerns, and the termly review
cycle (School Review Group meetings and school visits SV1-SV3, with the RAP they review).

URNs are not foreign keys: inspection history keeps the inspections of predecessor URNs
(closed schools) that may not be in the schools registry. Nothing here holds pupil data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from attain.store.models import Base


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _grade(name: str, top: int = 4) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{name} IS NULL OR {name} BETWEEN 1 AND {top}",
                              name=f"{name}_1_{top}")


class InspectionRow(Base):
    __tablename__ = "inspections"
    __table_args__ = (sa.UniqueConstraint("urn", "inspected"), _grade("overall"))

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    inspected: Mapped[date] = mapped_column(sa.Date)
    overall: Mapped[int | None] = mapped_column(sa.Integer)
    # {judgement or evaluation area: grade}, per the framework of the inspection date
    judgements: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    safeguarding_met: Mapped[bool | None] = mapped_column(sa.Boolean)
    category: Mapped[str | None] = mapped_column(sa.String(24))
    source: Mapped[str] = mapped_column(sa.String(200))


class SelfEvaluationRow(Base):
    __tablename__ = "self_evaluations"
    __table_args__ = (
        sa.UniqueConstraint("urn", "year", "term"),
        *(_grade(k) for k in ("overall_effectiveness", "achievement", "teaching",
                              "behaviour_safety", "leadership")),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    year: Mapped[int] = mapped_column(sa.Integer)
    term: Mapped[str] = mapped_column(sa.String(8))   # autumn | spring | summer
    overall_effectiveness: Mapped[int | None] = mapped_column(sa.Integer)
    achievement: Mapped[int | None] = mapped_column(sa.Integer)
    teaching: Mapped[int | None] = mapped_column(sa.Integer)
    behaviour_safety: Mapped[int | None] = mapped_column(sa.Integer)
    leadership: Mapped[int | None] = mapped_column(sa.Integer)
    validated_by: Mapped[str | None] = mapped_column(sa.String(200))
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)


class RiskCharacteristicRow(Base):
    __tablename__ = "risk_characteristics"
    __table_args__ = (sa.UniqueConstraint("urn", "year", "characteristic"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    year: Mapped[int] = mapped_column(sa.Integer)
    characteristic: Mapped[str] = mapped_column(sa.String(40))
    present: Mapped[bool] = mapped_column(sa.Boolean)
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)


class WalesStepsRow(Base):
    __tablename__ = "wales_categorisation_steps"
    __table_args__ = (sa.UniqueConstraint("urn", "year"), _grade("standards_group"))

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    year: Mapped[int] = mapped_column(sa.Integer)
    standards_group: Mapped[int | None] = mapped_column(sa.Integer)
    improvement_capacity: Mapped[str | None] = mapped_column(sa.String(1))


class CategorisationRow(Base):
    """Computed, proposed, agreed (moderated) and appealed categories, never overwritten."""

    __tablename__ = "categorisations"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    year: Mapped[int] = mapped_column(sa.Integer, index=True)
    term: Mapped[str | None] = mapped_column(sa.String(8))
    framework_id: Mapped[str] = mapped_column(sa.String(80))
    stage: Mapped[str] = mapped_column(sa.String(16))  # computed|proposed|agreed|appeal
    category: Mapped[str] = mapped_column(sa.String(40))
    reasons: Mapped[list[Any]] = mapped_column(sa.JSON)
    note: Mapped[str | None] = mapped_column(sa.Text)
    decided_by: Mapped[str] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("review_meetings.id", ondelete="SET NULL"))


class ConcernRow(Base):
    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # not_engaging, safeguarding, finance...
    detail: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16))  # open | resolved | escalated
    escalation: Mapped[str | None] = mapped_column(sa.String(40))  # warning_notice|powers|ieb
    raised_on: Mapped[date] = mapped_column(sa.Date)
    raised_by: Mapped[str] = mapped_column(sa.String(200))
    closed_on: Mapped[date | None] = mapped_column(sa.Date)


class ReviewMeetingRow(Base):
    """A School Review Group meeting (September, January, April, July by default)."""

    __tablename__ = "review_meetings"
    __table_args__ = (sa.UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer)
    number: Mapped[int] = mapped_column(sa.Integer)
    due_from: Mapped[date] = mapped_column(sa.Date)
    due_to: Mapped[date] = mapped_column(sa.Date)
    held_on: Mapped[date | None] = mapped_column(sa.Date)
    minutes: Mapped[str | None] = mapped_column(sa.Text)
    decisions: Mapped[str | None] = mapped_column(sa.Text)


class SchoolVisitRow(Base):
    """A school visit SV1-SV3 and its record (the seed's visit template, as JSON)."""

    __tablename__ = "school_visits"
    __table_args__ = (sa.UniqueConstraint("urn", "year", "visit"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    urn: Mapped[int] = mapped_column(sa.Integer, index=True)
    year: Mapped[int] = mapped_column(sa.Integer)
    visit: Mapped[str] = mapped_column(sa.String(8))
    focus: Mapped[str] = mapped_column(sa.String(200))
    due_from: Mapped[date] = mapped_column(sa.Date)
    due_to: Mapped[date] = mapped_column(sa.Date, index=True)
    visited_on: Mapped[date | None] = mapped_column(sa.Date)
    officer: Mapped[str | None] = mapped_column(sa.String(200))
    record: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    plan_id: Mapped[str | None] = mapped_column(sa.ForeignKey("plans.id", ondelete="SET NULL"))
