"""The school data profile's "Ofsted, category and support" section: the school's inspection
history (predecessor URNs included), its category in each framework with the reasons, this
year's visits and its raising-attainment plan (RAP), all from the app database; "no data"
where it holds none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from attain.domain.ofsted import Inspection, InspectionHistory, OfstedCategory
from attain.reports.model import NO_DATA, Cell, Section, Table
from attain.reports.ofsted import Decision, chosen_decisions

TITLE = "Ofsted, category and support"


@dataclass(frozen=True)
class Visit:
    visit: str
    focus: str
    due_from: date
    due_to: date
    visited_on: date | None
    officer: str | None
    state: str


@dataclass(frozen=True)
class RapStatus:
    plan_id: str
    title: str
    status: str
    actions: Mapping[str, int]  # shown state -> number of actions


@dataclass(frozen=True)
class SchoolSupport:
    urn: int
    year: int
    inspections: Sequence[Inspection]
    predecessors: Mapping[int, int]
    decisions: Sequence[Decision]
    visits: Sequence[Visit]
    rap: RapStatus | None


def support_section(found: SchoolSupport) -> Section:
    tables, notes, sentences = [], [], []
    history = InspectionHistory.of(found.urn, found.inspections, found.predecessors)
    if history.inspections:
        tables.append(_history_table(history))
    else:
        notes.append("Inspection history: no data (no inspection recorded).")
    chosen = [d for d in chosen_decisions(found.decisions) if d.year == found.year]
    for decision in chosen:
        sentences.append(f"{decision.framework}: {decision.category} ({decision.stage}, "
                         f"{decision.decided_on:%d %B %Y}).")
        sentences += [f"Reason: {reason}" for reason in decision.reasons]
    if not chosen:
        notes.append(f"Category: no data (no category recorded for {found.year}).")
    if found.visits:
        tables.append(_visits_table(found.visits, found.year))
    else:
        notes.append(f"Visits: no data (no visit scheduled for {found.year}).")
    if found.rap is not None:
        tables.append(_rap_table(found.rap))
    else:
        notes.append("Raising-attainment plan: no data (no plan linked to this school's "
                     "visits).")
    return Section("support", TITLE, tuple(sentences), tuple(tables), notes=tuple(notes),
                   has_priority_actions=False)


def _history_table(history: InspectionHistory) -> Table:
    rows = []
    for i in history.inspections:
        grade = i.overall.label(i.inspected) if i.overall is not None else NO_DATA
        category = _category_words(i.category)
        judgements = "; ".join(f"{name.replace('_', ' ')} {g}" for name, g in i.judgements)
        rows.append((Cell(f"{i.inspected:%d %b %Y}"), Cell(str(i.urn)),
                     Cell(i.framework.value.replace("_", " ")), Cell(grade), Cell(category),
                     Cell(judgements or NO_DATA)))
    return Table("Inspection history (newest first; predecessor schools included)",
                 ("Inspected", "URN", "Framework", "Overall", "Ofsted category",
                  "Judgements (1 highest)"), tuple(rows), "Inspections", labels=6)


def _category_words(category: OfstedCategory | None) -> str:
    return category.value.replace("_", " ").capitalize() if category is not None else "none"


def _visits_table(visits: Sequence[Visit], year: int) -> Table:
    rows = tuple((Cell(v.visit), Cell(v.focus), Cell(f"{v.due_from:%d %b} – {v.due_to:%d %b %Y}"),
                  Cell(f"{v.visited_on:%d %b %Y}" if v.visited_on else NO_DATA),
                  Cell(v.officer or NO_DATA), Cell(v.state))
                 for v in visits)
    return Table(f"School visits, {year - 1}/{str(year)[2:]}",
                 ("Visit", "Focus", "Due", "Visited", "Officer", "State"), rows, "Visits",
                 labels=6)


def _rap_table(rap: RapStatus) -> Table:
    rows = tuple((Cell(state.replace("_", " ").capitalize()), Cell(str(n), float(n)))
                 for state, n in rap.actions.items() if n)
    return Table(f"Raising-attainment plan: {rap.title} ({rap.plan_id}), {rap.status}",
                 ("Action status", "Actions"), rows, "RAP")
