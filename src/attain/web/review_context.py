"""Context builders of the review-cycle pages: scheduled visits, meetings, visit records
and self-evaluations in, GOV.UK macro parameters out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask import url_for

from attain.risk.review import VisitState, meetings
from attain.store.risk_models import ReviewMeetingRow, SchoolVisitRow, SelfEvaluationRow
from attain.web import tables as t
from attain.web.review_forms import CHARACTERISTIC_LABELS, SELF_EVALUATION_LABELS

STATE_NAMES = {VisitState.DONE: "Done", VisitState.UPCOMING: "Upcoming",
               VisitState.DUE: "Due", VisitState.OVERDUE: "Overdue",
               VisitState.MISSED: "Missed"}
ATTENTION = (VisitState.DUE, VisitState.OVERDUE, VisitState.MISSED)
VisitWithState = tuple[SchoolVisitRow, VisitState]


def _day(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "–"


def _window(row: SchoolVisitRow) -> str:
    return f"{row.due_from:%d %b %Y} to {row.due_to:%d %b %Y}"


def meetings_table(year: int, held: Mapping[int, ReviewMeetingRow],
                   caption: str) -> dict[str, Any]:
    body = []
    for number, (name, start, end) in enumerate(meetings(year), start=1):
        found = held.get(number)
        body.append([t.text_cell(name), t.text_cell(f"{start:%B %Y}" if start.month == end.month
                                                    else f"{start:%b} to {end:%b %Y}"),
                     t.text_cell(_day(found.held_on if found else None)),
                     t.text_cell((found.decisions or "–") if found else "–"),
                     t.link_cell(f"Record {name}", url_for("review.record_meeting", year=year,
                                                          number=number))])
    return t.table(caption, ["Meeting", "Month", "Held on", "Decisions", "Record"], body)


def counts_table(visits: Sequence[VisitWithState], caption: str) -> dict[str, Any]:
    counts = Counter(s for _row, s in visits)
    body = [[t.text_cell(STATE_NAMES[s]), t.number_cell(str(counts.get(s, 0)))]
            for s in (*ATTENTION, VisitState.UPCOMING, VisitState.DONE)]
    return t.table(caption, ["State", "Visits"], body)


def visits_table(visits: Sequence[VisitWithState], names: Mapping[int, str],
                 caption: str) -> dict[str, Any]:
    """The year's visits of every school, with a link to record each."""
    body = [[t.link_cell(names.get(row.urn, str(row.urn)),
                         url_for("review.school_visits", urn=row.urn)),
             t.text_cell(row.visit), t.text_cell(_window(row)),
             t.text_cell(STATE_NAMES[state]), t.text_cell(_day(row.visited_on)),
             t.link_cell(f"Record {row.visit}", url_for("review.record_visit", urn=row.urn,
                                                        year=row.year, visit=row.visit))]
            for row, state in visits]
    return t.table(caption, ["School", "Visit", "Window", "State", "Visited on", "Record"],
                   body)


def school_visits_table(visits: Sequence[VisitWithState], staff: bool,
                        caption: str) -> dict[str, Any]:
    body = []
    for row, state in visits:
        cells = [t.text_cell(str(row.year)), t.text_cell(row.visit), t.text_cell(row.focus),
                 t.text_cell(_window(row)), t.text_cell(STATE_NAMES[state]),
                 t.text_cell(_day(row.visited_on)), t.text_cell(row.officer or "–")]
        if staff:
            cells.append(t.link_cell(f"Record {row.visit}", url_for(
                "review.record_visit", urn=row.urn, year=row.year, visit=row.visit)))
        body.append(cells)
    head = ["Year", "Visit", "Focus", "Window", "State", "Visited on", "Officer"]
    return t.table(caption, head + (["Record"] if staff else []), body)


def _item(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value or "–"}}


def record_summary(row: SchoolVisitRow) -> dict[str, Any]:
    """A recorded visit, part by part as in seed 004's visit template."""
    record = row.record or {}
    rows = [_item("Date", _day(row.visited_on)), _item("Officer", row.officer or ""),
            _item("Focus", record.get("focus") or row.focus)]
    for n, p in enumerate(record.get("priorities", []), start=1):
        rows.append(_item(f"Priority {n}", p.get("priority", "")))
        rows.append(_item(f"Impact of actions on priority {n}", p.get("impact", "")))
    grades = record.get("self_evaluation", {})
    rows += [_item(label, str(grades[k])) for k, label in SELF_EVALUATION_LABELS.items()
             if k in grades]
    present = [CHARACTERISTIC_LABELS.get(k, k) for k in record.get("risk_characteristics", [])]
    rows.append(_item("Risk characteristics", "; ".join(present) or "None recorded"))
    rows.append(_item("Agreed actions", record.get("agreed_actions", "")))
    return {"rows": rows}


def self_evaluations_table(rows: Sequence[SelfEvaluationRow], caption: str) -> dict[str, Any]:
    body = [[t.text_cell(f"{r.year} {r.term}"),
             *(t.number_cell(str(getattr(r, k)) if getattr(r, k) else "–")
               for k in SELF_EVALUATION_LABELS),
             t.text_cell(r.validated_by or "–"), t.text_cell(r.recorded_by)] for r in rows]
    head = ["Year and term", *SELF_EVALUATION_LABELS.values(), "Validated by", "Recorded by"]
    return t.table(caption, head, body)
