"""Risk inputs and decisions in the app database (attain.store.risk_models).

Reads what categorisation needs for a set of schools, and records inspections,
self-evaluations, characteristics and categorisation decisions, each with an audit entry.
Saving a self-evaluation or a characteristic exactly as it is stored writes nothing (no
audit entry either) and answers False.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attain.domain.ofsted import Grade, Inspection, OfstedCategory, grade_from_word, lineage
from attain.domain.risk import CHARACTERISTIC_KEYS, SELF_EVALUATION_KEYS, Categorisation
from attain.errors import Location, UserError
from attain.risk import characteristics, moderation
from attain.risk.review import ScheduledVisit, VisitState, state
from attain.store import appdb
from attain.store.models import AuditEntry
from attain.store.risk_models import (
    CategorisationRow,
    ConcernRow,
    InspectionRow,
    ReviewMeetingRow,
    RiskCharacteristicRow,
    SchoolVisitRow,
    SelfEvaluationRow,
    WalesStepsRow,
)

TERMS = ("autumn", "spring", "summer")
STAGES = ("computed", "proposed", "agreed", "appeal")


@dataclass
class StoredInputs:
    inspections: list[Inspection] = field(default_factory=list)
    self_evaluations: dict[int, dict[str, int]] = field(default_factory=dict)
    characteristics: dict[int, dict[str, bool]] = field(default_factory=dict)
    # where a characteristic came from when a school visit recorded it ("the SV1 visit on …")
    characteristic_sources: dict[int, dict[str, str]] = field(default_factory=dict)
    wales: dict[int, tuple[int | None, str | None]] = field(default_factory=dict)
    open_concerns: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    escalated: dict[int, int] = field(default_factory=lambda: defaultdict(int))


@contextmanager
def session(url: str) -> Iterator[Session]:
    from attain.services.appdb import require_current

    require_current(url)
    with appdb.connected(appdb.engine_for(url)) as connection, Session(bind=connection) as s:
        yield s
        s.commit()


def read_inputs(url: str, urns: set[int], predecessors: Mapping[int, int],
                year: int) -> StoredInputs:
    """What the app database knows about the schools; empty when it was never set up."""
    if not appdb.is_current(url):
        return StoredInputs()
    every = {u for urn in urns for u in lineage(urn, predecessors)}
    found = StoredInputs()
    with session(url) as s:
        found.inspections = [_inspection(r) for r in s.scalars(
            select(InspectionRow).where(InspectionRow.urn.in_(every)))]
        evaluations = sorted(s.scalars(select(SelfEvaluationRow).where(
            SelfEvaluationRow.urn.in_(urns), SelfEvaluationRow.year == year)),
            key=lambda se: TERMS.index(se.term))
        for se in evaluations:  # the latest term of the year wins
            found.self_evaluations[se.urn] = {k: getattr(se, k) for k in SELF_EVALUATION_KEYS
                                              if getattr(se, k) is not None}
        _read_characteristics(s, urns, year, found)
        for ws in s.scalars(select(WalesStepsRow).where(WalesStepsRow.urn.in_(urns),
                                                        WalesStepsRow.year == year)):
            found.wales[ws.urn] = (ws.standards_group, ws.improvement_capacity)
        for concern in s.scalars(select(ConcernRow).where(ConcernRow.urn.in_(urns),
                                                          ConcernRow.status != "resolved")):
            found.open_concerns[concern.urn].append(concern.kind)
            found.escalated[concern.urn] += concern.status == "escalated"
    return found


def _read_characteristics(s: Session, urns: set[int], year: int,
                          found: StoredInputs) -> None:
    """Characteristics recorded on their own and on the year's latest school visit."""
    own: dict[int, dict[str, characteristics.Recorded]] = defaultdict(dict)
    for rc in s.scalars(select(RiskCharacteristicRow).where(
            RiskCharacteristicRow.urn.in_(urns), RiskCharacteristicRow.year == year)):
        own[rc.urn][rc.characteristic] = characteristics.Recorded(rc.present,
                                                                  rc.recorded_at.date())
    visits = characteristics.latest_visits(
        characteristics.VisitRecord(v.urn, v.visit, v.visited_on, v.record or {})
        for v in s.scalars(select(SchoolVisitRow).where(
            SchoolVisitRow.urn.in_(urns), SchoolVisitRow.year == year))
        if v.visited_on is not None)
    for urn in set(own) | set(visits):
        merged = characteristics.merge(own.get(urn, {}), visits.get(urn))
        found.characteristics[urn] = {k: r.present for k, r in merged.items()}
        found.characteristic_sources[urn] = {k: r.source for k, r in merged.items()
                                             if r.source is not None}


def all_inspections(url: str) -> list[Inspection]:
    """Every inspection recorded (empty when the app database was never set up)."""
    if not appdb.is_current(url):
        return []
    with session(url) as s:
        return [_inspection(r) for r in s.scalars(select(InspectionRow))]


def _inspection(row: InspectionRow) -> Inspection:
    return Inspection(row.urn, row.inspected, Grade(row.overall) if row.overall else None,
                      tuple(sorted((str(k), int(v)) for k, v in row.judgements.items())),
                      row.safeguarding_met,
                      OfstedCategory(row.category) if row.category else None)


def inspection_from_row(row: Mapping[str, Any], line: int, file: str = "") -> Inspection:
    """An inspection from an Ofsted-style row: URN, Rating, Inspection Date."""
    try:
        text = str(row["Inspection Date"]).strip()
        day = date.fromisoformat(text if "-" in text else f"{text[:4]}-{text[4:6]}-{text[6:]}")
        rating = str(row.get("Rating") or "").strip()
        return Inspection(int(row["URN"]), day, grade_from_word(rating) if rating else None)
    except (KeyError, ValueError) as err:
        raise UserError(f"cannot read this inspection: {err}", where=Location(file, line),
                        fix="Columns URN, Rating (Outstanding, Good, Requires Improvement, "
                            "Satisfactory, Inadequate) and Inspection Date (YYYYMMDD).") from None


def save_inspections(url: str, inspections: Iterable[Inspection], source: str,
                     user: str) -> int:
    count = 0
    with session(url) as s:
        for i in inspections:
            existing = s.scalar(select(InspectionRow).where(InspectionRow.urn == i.urn,
                                                            InspectionRow.inspected == i.inspected))
            row = existing or InspectionRow(urn=i.urn, inspected=i.inspected)
            row.overall = int(i.overall) if i.overall is not None else None
            row.judgements = dict(i.judgements)
            row.safeguarding_met = i.safeguarding_met
            row.category = i.category.value if i.category is not None else None
            row.source = source[:200]
            s.add(row)
            count += 1
        s.add(AuditEntry(user=user, action="import", entity="inspections", entity_id=None,
                         detail={"rows": count, "source": source[:200]}))
    return count


def save_self_evaluation(url: str, urn: int, year: int, term: str, grades: Mapping[str, int],
                         user: str, validated_by: str | None = None) -> bool:
    """Record a term's self-evaluation grades; False when they are already stored as given
    (then nothing is written)."""
    if term not in TERMS:
        raise UserError(f"unknown term '{term}'", fix=f"Use one of {', '.join(TERMS)}.")
    for key, grade in grades.items():
        if key not in SELF_EVALUATION_KEYS or not 1 <= grade <= 4:
            raise UserError(f"self-evaluation {key} = {grade} is not possible",
                            fix=f"Grade {', '.join(SELF_EVALUATION_KEYS)} from 1 to 4.")
    with session(url) as s:
        row = s.scalar(select(SelfEvaluationRow).where(
            SelfEvaluationRow.urn == urn, SelfEvaluationRow.year == year,
            SelfEvaluationRow.term == term)) or SelfEvaluationRow(urn=urn, year=year, term=term)
        before = ({k: getattr(row, k) for k in SELF_EVALUATION_KEYS} | {
            "validated_by": row.validated_by} if row.id is not None else None)
        after = {k: grades.get(k) for k in SELF_EVALUATION_KEYS} | {"validated_by": validated_by}
        if after == before:
            return False
        for key in SELF_EVALUATION_KEYS:
            setattr(row, key, grades.get(key))
        row.validated_by, row.recorded_by = validated_by, user
        s.add(row)
        s.add(AuditEntry(user=user, action="record", entity="self_evaluation",
                         entity_id=str(urn), detail={"year": year, "term": term, **grades,
                                                     "before": before, "after": after}))
    return True


def save_characteristic(url: str, urn: int, year: int, characteristic: str, present: bool,
                        user: str, note: str | None = None) -> bool:
    """Record whether a school has a risk characteristic in a year; False when it is
    already stored so, with the same note (then nothing is written)."""
    if characteristic not in CHARACTERISTIC_KEYS or characteristic == "count":
        raise UserError(f"unknown risk characteristic '{characteristic}'",
                        fix=f"Use one of {', '.join(CHARACTERISTIC_KEYS[:-1])}.")
    with session(url) as s:
        row = s.scalar(select(RiskCharacteristicRow).where(
            RiskCharacteristicRow.urn == urn, RiskCharacteristicRow.year == year,
            RiskCharacteristicRow.characteristic == characteristic)) or RiskCharacteristicRow(
            urn=urn, year=year, characteristic=characteristic)
        before = {"present": row.present, "note": row.note} if row.id is not None else None
        after = {"present": present, "note": note}
        if after == before:
            return False
        row.present, row.note, row.recorded_by = present, note, user
        s.add(row)
        s.add(AuditEntry(user=user, action="record", entity="risk_characteristic",
                         entity_id=str(urn), detail={"year": year, characteristic: present,
                                                     "before": before, "after": after}))
    return True


def save_decision(url: str, result: Categorisation, stage: str, user: str, *,
                  category: str | None = None, note: str | None = None,
                  term: str | None = None, meeting: tuple[int, int] | None = None,
                  signed_off_by: str | None = None) -> None:
    """Keep a computed, proposed (override needs a note), agreed or appeal category.
    An agreed category may name the moderation meeting it was agreed at, as (academic
    year, meeting number 1-4), and who signed it off (by default `user`); the meeting must
    be recorded (`record_meeting`)."""
    if stage not in STAGES:
        raise UserError(f"unknown stage '{stage}'", fix=f"Use one of {', '.join(STAGES)}.")
    chosen = category or result.category
    if chosen != result.category and not note:
        raise UserError(f"overriding {result.category} with {chosen} needs a reason",
                        fix="Give the reason with --note.")
    moderation.check(stage, meeting, signed_off_by)
    with session(url) as s:
        agreed_at = moderation.held_meeting(s, *meeting, signed_off_by or user) \
            if meeting is not None else None
        before = _latest_decision(s, result.urn, result.year, result.framework_id)
        s.add(CategorisationRow(
            urn=result.urn, year=result.year, term=term, framework_id=result.framework_id,
            stage=stage, category=chosen, note=note, decided_by=signed_off_by or user,
            meeting_id=agreed_at.meeting_id if agreed_at else None,
            reasons=[{"kind": r.kind.value, "text": r.text} for r in result.reasons]))
        detail: dict[str, Any] = {
            "year": result.year, "framework": result.framework_id,
            "computed": result.category, "category": chosen, "before": before,
            "after": {"stage": stage, "category": chosen, "note": note}}
        if agreed_at is not None or signed_off_by:
            detail["moderation"] = agreed_at.audit() if agreed_at else {
                "signed_off_by": signed_off_by}
        s.add(AuditEntry(user=user, action=stage, entity="categorisation",
                         entity_id=str(result.urn), detail=detail))


def _latest_decision(s: Session, urn: int, year: int,
                     framework_id: str) -> dict[str, Any] | None:
    """The school's newest decision of the year and framework, for the audit's `before`."""
    row = s.scalar(select(CategorisationRow).where(
        CategorisationRow.urn == urn, CategorisationRow.year == year,
        CategorisationRow.framework_id == framework_id)
        .order_by(CategorisationRow.id.desc()).limit(1))
    if row is None:
        return None
    return {"stage": row.stage, "category": row.category, "note": row.note}


def decisions(url: str, urn: int) -> list[CategorisationRow]:
    with session(url) as s:
        rows = list(s.scalars(select(CategorisationRow).where(CategorisationRow.urn == urn)
                              .order_by(CategorisationRow.year, CategorisationRow.id)))
        s.expunge_all()
    return rows


def save_schedule(url: str, visits: Iterable[ScheduledVisit], user: str) -> int:
    """Add the scheduled visits not already there (a recorded visit is never replaced)."""
    added = 0
    with session(url) as s:
        for v in visits:
            if s.scalar(select(SchoolVisitRow).where(
                    SchoolVisitRow.urn == v.urn, SchoolVisitRow.year == v.year,
                    SchoolVisitRow.visit == v.visit)) is None:
                s.add(SchoolVisitRow(urn=v.urn, year=v.year, visit=v.visit, focus=v.focus,
                                     due_from=v.due_from, due_to=v.due_to, record={}))
                added += 1
        s.add(AuditEntry(user=user, action="schedule", entity="school_visits", entity_id=None,
                         detail={"added": added}))
    return added


def record_visit(url: str, urn: int, year: int, visit: str, visited_on: date, officer: str,
                 record: Mapping[str, Any], user: str, plan_id: str | None = None) -> None:
    """Record a visit (the visit template: priorities and impact, self-evaluation profile,
    risk characteristics, agreed actions) against its scheduled row."""
    with session(url) as s:
        row = s.scalar(select(SchoolVisitRow).where(
            SchoolVisitRow.urn == urn, SchoolVisitRow.year == year, SchoolVisitRow.visit == visit))
        if row is None:
            raise UserError(f"no {visit} is scheduled for {urn} in {year}",
                            fix="Run `attain review schedule --save` first.")
        before = _visit_record(row)
        row.visited_on, row.officer, row.record = visited_on, officer, dict(record)
        row.plan_id = plan_id or row.plan_id
        s.add(AuditEntry(user=user, action="record", entity="school_visit",
                         entity_id=str(urn), detail={"year": year, "visit": visit,
                                                     "before": before,
                                                     "after": _visit_record(row)}))


def _visit_record(row: SchoolVisitRow) -> dict[str, Any] | None:
    if row.visited_on is None and not row.record:
        return None
    return {"visited_on": row.visited_on.isoformat() if row.visited_on else None,
            "officer": row.officer, "record": dict(row.record or {}), "plan_id": row.plan_id}


def visit_states(url: str, year: int, today: date,
                 urns: set[int] | None = None) -> list[tuple[SchoolVisitRow, VisitState]]:
    with session(url) as s:
        rows = list(s.scalars(select(SchoolVisitRow).where(SchoolVisitRow.year == year)
                              .order_by(SchoolVisitRow.due_to, SchoolVisitRow.urn)))
        s.expunge_all()
    return [(r, visit_state(r, today)) for r in rows if urns is None or r.urn in urns]


def visit_state(row: SchoolVisitRow, today: date) -> VisitState:
    """A stored visit's state on `today` (attain.risk.review.state)."""
    return state(ScheduledVisit(row.urn, row.year, row.visit, row.focus, row.due_from,
                                row.due_to), row.visited_on, today)


CONCERN_ESCALATIONS = ("warning_notice", "intervention_powers", "interim_executive_board")


def raise_concern(url: str, urn: int, kind: str, detail: str, raised_on: date,
                  user: str) -> int:
    with session(url) as s:
        row = ConcernRow(urn=urn, kind=kind, detail=detail, status="open",
                         raised_on=raised_on, raised_by=user)
        s.add(row)
        s.flush()
        s.add(AuditEntry(user=user, action="raise", entity="concern", entity_id=str(row.id),
                         detail={"urn": urn, "kind": kind, "before": None,
                                 "after": {"urn": urn, "kind": kind, "status": "open",
                                           "raised_on": raised_on.isoformat()}}))
        return row.id


def close_concern(url: str, concern_id: int, on: date, user: str,
                  escalation: str | None = None) -> None:
    """Resolve a concern, or escalate it (warning notice, intervention powers, IEB)."""
    if escalation is not None and escalation not in CONCERN_ESCALATIONS:
        raise UserError(f"unknown escalation '{escalation}'",
                        fix=f"Use one of {', '.join(CONCERN_ESCALATIONS)}.")
    with session(url) as s:
        row = s.get(ConcernRow, concern_id)
        if row is None:
            raise UserError(f"there is no concern {concern_id}")
        before = {"status": row.status, "escalation": row.escalation}
        row.status = "escalated" if escalation else "resolved"
        row.escalation = escalation or row.escalation
        row.closed_on = None if escalation else on
        s.add(AuditEntry(user=user, action=row.status, entity="concern",
                         entity_id=str(concern_id), detail={
                             "on": on.isoformat(), "escalation": escalation, "before": before,
                             "after": {"status": row.status, "escalation": row.escalation}}))


def record_meeting(url: str, year: int, number: int, held_on: date, minutes: str,
                   decisions: str, user: str) -> None:
    """Minutes and decisions of School Review Group meeting `number` (1-4) of the year."""
    from attain.risk.review import MEETINGS

    if not 1 <= number <= len(MEETINGS):
        raise UserError(f"there is no review-group meeting {number}", fix="Use 1 to 4.")
    start, end = MEETINGS[number - 1].dates(year)
    with session(url) as s:
        row = s.scalar(select(ReviewMeetingRow).where(
            ReviewMeetingRow.year == year, ReviewMeetingRow.number == number)) or \
            ReviewMeetingRow(year=year, number=number, due_from=start, due_to=end)
        before = ({"held_on": row.held_on.isoformat() if row.held_on else None,
                   "minutes": row.minutes, "decisions": row.decisions}
                  if row.id is not None else None)
        row.held_on, row.minutes, row.decisions = held_on, minutes, decisions
        s.add(row)
        s.add(AuditEntry(user=user, action="record", entity="review_meeting",
                         entity_id=f"{year}-{number}", detail={
                             "held_on": held_on.isoformat(), "before": before,
                             "after": {"held_on": held_on.isoformat(), "minutes": minutes,
                                       "decisions": decisions}}))
