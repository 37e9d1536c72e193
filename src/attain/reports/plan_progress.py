"""The plan progress report: per plan, each measure of success with its baseline, latest and
target values and RAG, the actions overdue or on hold, and the spend by funding source.

A pure function of the plan and its tracked measures (docs/reports.md "Plan progress"):

- Latest: the results cube's latest row for a linked measure, at the measure's decimals;
  "c" when that row is suppressed (never its value); "not linked" when the measure has no
  link to the cube.
- RAG: the tracking rule of docs/plans.md for a linked measure. A measure the cube cannot
  judge (not linked, no row, suppressed) takes its objective's RAG as last *recorded* by
  people (the latest review of the objective, else the latest progress entry with a RAG),
  marked "(recorded)"; "no data" when none was recorded.
- Spend: every stated amount summed by funding source, one-off and per year apart; a cost
  that names only its funding source is counted as "amount not stated".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from attain.domain import plans as m
from attain.domain.tracking import Assessment, Observation, Track
from attain.reports.model import NO_DATA, SUPPRESSED_SYMBOL, Cell, Report, Section, Table
from attain.reports.wording import Unit, count_noun

NOT_LINKED = "not linked"
RAG_WORDS = {Track.GREEN: "Green", Track.AMBER: "Amber", Track.RED: "Red",
             Track.NO_DATA: NO_DATA}
SUPPRESSED_NOTE = "suppressed"
SHOWN_STATES = (m.ActionState.OVERDUE, m.ActionState.ON_HOLD)


@dataclass(frozen=True)
class TrackedMeasure:
    """A measure of success with what the cube says about it."""

    priority_ref: str
    objective_ref: str | None  # None: a priority-level measure
    measure: m.MeasureOfSuccess
    latest: Observation | None
    assessment: Assessment


@dataclass(frozen=True)
class PlanProgress:
    """The inputs of the report (built by attain.services.reports from the plan service)."""

    plan: m.Plan
    today: date
    measures: tuple[TrackedMeasure, ...]
    states: Mapping[m.ActionState, Sequence[tuple[str, m.Action]]]
    plan_track: Track
    units: Mapping[str, Unit]  # measure id -> how its figures are shown


def build_plan_progress(progress: PlanProgress) -> Report:
    plan = progress.plan
    sections = [_summary(progress)]
    sections += [_priority_section(progress, priority) for priority in plan.priorities]
    sections += [_actions_section(progress), _spend_section(plan)]
    subtitle = " – ".join(x for x in (plan.organisation, f"as at {progress.today:%d %B %Y}")
                          if x)
    return Report("plan", f"Plan progress: {plan.title}", subtitle,
                  plan.organisation or plan.title, progress.today.year, tuple(sections),
                  _footnotes(sections))


def _summary(progress: PlanProgress) -> Section:
    counts = {state: len(items) for state, items in progress.states.items()}
    total = sum(counts.values())
    rows = tuple((Cell(_state_words(state)), Cell(str(n), float(n)))
                 for state, n in counts.items() if n)
    table = Table("Actions by status", ("Status", "Actions"), rows, "Actions by status")
    judged = [t for t in progress.measures if t.assessment.track is not Track.NO_DATA]
    overdue = count_noun(counts.get(m.ActionState.OVERDUE, 0), "overdue action")
    on_hold = count_noun(counts.get(m.ActionState.ON_HOLD, 0), "action")
    sentences = (
        f"Overall RAG from the results cube: {RAG_WORDS[progress.plan_track]}.",
        f"{len(judged)} of {len(progress.measures)} measures of success could be judged "
        "against the results cube.",
        f"{count_noun(total, 'action')}: {overdue}, {on_hold} on hold.",
    )
    return Section("summary", "Summary", sentences, (table,), has_priority_actions=False)


def _state_words(state: m.ActionState) -> str:
    return state.value.replace("_", " ").capitalize()


MEASURE_COLUMNS = ("Objective", "Measure of success", "Baseline", "Baseline year", "Latest",
                   "Latest year", "Target", "Target year", "RAG", "Basis")
MEASURE_WIDTHS = (1.9, 3.5, 1.8, 1.8, 1.8, 1.8, 1.8, 1.8, 1.6, 2.6)


def _priority_section(progress: PlanProgress, priority: m.Priority) -> Section:
    mine = [t for t in progress.measures if t.priority_ref == priority.ref]
    recorded = {o.ref: _recorded_rag(progress.plan, priority.ref, o) for o in priority.objectives}
    rows = tuple(_measure_row(t, progress.units, recorded.get(t.objective_ref or ""))
                 for t in mine)
    tables = []
    if rows:
        tables.append(Table(f"Priority {priority.ref}: measures of success", MEASURE_COLUMNS,
                            rows, f"Priority {priority.ref}", labels=2, words=(8, 9),
                            widths=MEASURE_WIDTHS))
    objectives = tuple(o for o in priority.objectives)
    notes = () if rows else ("This priority states no measures of success.",)
    sentences = tuple(f"Objective {o.ref}: {o.text}" for o in objectives)
    return Section(f"priority-{priority.ref}", f"Priority {priority.ref}: {priority.title}",
                   sentences, tuple(tables), notes=notes, has_priority_actions=False)


def _measure_row(tracked: TrackedMeasure, units: Mapping[str, Unit],
                 recorded: tuple[m.Rag, str] | None) -> tuple[Cell, ...]:
    measure = tracked.measure
    rag, basis = _rag(tracked, recorded)
    return (Cell(tracked.objective_ref or "(priority)"), Cell(measure.text),
            *_point_cells(measure.baseline), *_latest_cells(tracked, units),
            *_point_cells(measure.target), Cell(rag), Cell(basis))


def _point_cells(point: m.Point | None) -> tuple[Cell, Cell]:
    if point is None:
        return Cell(NO_DATA), Cell(NO_DATA)
    year = Cell(str(point.year), float(point.year)) if point.year is not None else Cell(NO_DATA)
    return Cell(f"{point.value:g}", point.value), year


def _latest_cells(tracked: TrackedMeasure, units: Mapping[str, Unit]) -> tuple[Cell, Cell]:
    link, latest = tracked.measure.link, tracked.latest
    if link is None:
        return Cell(NOT_LINKED), Cell(NO_DATA)
    if latest is None:
        return Cell(NO_DATA), Cell(NO_DATA)
    year = Cell(str(latest.year), float(latest.year))
    if latest.suppressed or latest.value is None:
        return Cell(SUPPRESSED_SYMBOL if latest.suppressed else NO_DATA,
                    note=SUPPRESSED_NOTE if latest.suppressed else None), year
    unit = units.get(link.measure_id, Unit("", 1))
    return Cell(unit.number(latest.value), float(unit.rounded(latest.value))), year


def _rag(tracked: TrackedMeasure, recorded: tuple[m.Rag, str] | None) -> tuple[str, str]:
    assessment = tracked.assessment
    if assessment.track is not Track.NO_DATA:
        return RAG_WORDS[assessment.track], assessment.reason
    if recorded is not None:
        rag, when = recorded
        return f"{rag.value.capitalize()} (recorded)", f"recorded {when}; {assessment.reason}"
    return NO_DATA, assessment.reason


def _recorded_rag(plan: m.Plan, priority_ref: str,
                  objective: m.Objective) -> tuple[m.Rag, str] | None:
    """The objective's RAG as last recorded: its latest review, else its progress log."""
    reviews = sorted((r for r in plan.reviews for item in r.objectives
                      if (item.priority_ref, item.objective_ref) == (priority_ref, objective.ref)
                      and item.rag is not None), key=lambda r: r.held_on)
    if reviews:
        review = reviews[-1]
        item = next(i for i in review.objectives if (i.priority_ref, i.objective_ref) ==
                    (priority_ref, objective.ref) and i.rag is not None)
        assert item.rag is not None
        return item.rag, f"at the review of {review.held_on:%d %B %Y}"
    logged = sorted((p for p in objective.progress if p.rag is not None),
                    key=lambda p: p.on.sort_key())
    if logged:
        entry = logged[-1]
        assert entry.rag is not None
        return entry.rag, f"in the progress log, {entry.on}"
    return None


ACTION_COLUMNS = ("Action", "What", "Owners", "Target date", "Status", "Why")


def _actions_section(progress: PlanProgress) -> Section:
    rows = []
    for state in SHOWN_STATES:
        for key, action in progress.states.get(state, ()):
            owners = "; ".join(x for x in (action.responsible, *action.lead_partners) if x)
            why = action.hold_reason if state is m.ActionState.ON_HOLD else \
                f"past its target date ({action.target})"
            rows.append((Cell(key), Cell(action.text), Cell(owners or NO_DATA),
                         Cell(str(action.target) if action.target else NO_DATA),
                         Cell(_state_words(state)), Cell(why)))
    tables = (Table("Actions overdue or on hold", ACTION_COLUMNS, tuple(rows),
                    "Overdue or on hold", labels=3, words=(3, 4, 5),
                    widths=(1.5, 5.0, 2.5, 2.0, 1.5, 3.5)),) if rows else ()
    notes = () if rows else ("No action is overdue or on hold.",)
    return Section("actions", "Actions overdue or on hold", (), tables, notes=notes,
                   has_priority_actions=False)


@dataclass
class _Spend:
    actions: int = 0
    one_off: Decimal = Decimal(0)
    per_year: Decimal = Decimal(0)
    unstated: int = 0


def spend_by_source(plan: m.Plan) -> dict[str, _Spend]:
    spend: dict[str, _Spend] = {}
    for _, _, action in plan.actions():
        for source in {c.funding_source.strip() or "(funding source not named)"
                       for c in action.costs}:
            spend.setdefault(source, _Spend()).actions += 1
        for cost in action.costs:
            found = spend[cost.funding_source.strip() or "(funding source not named)"]
            if cost.amount is None:
                found.unstated += 1
            elif cost.per_year:
                found.per_year += cost.amount
            else:
                found.one_off += cost.amount
    return dict(sorted(spend.items()))


SPEND_COLUMNS = ("Funding source", "Actions", "One-off (£)", "Per year (£)",
                 "Costs without an amount")


def _spend_section(plan: m.Plan) -> Section:
    spend = spend_by_source(plan)
    rows = [(Cell(source), _count(s.actions), _money(s.one_off), _money(s.per_year),
             _count(s.unstated)) for source, s in spend.items()]
    if rows:
        costed = sum(1 for _, _, action in plan.actions() if action.costs)
        total = _Spend(costed,  # an action funded from two sources counts once
                       sum((s.one_off for s in spend.values()), Decimal(0)),
                       sum((s.per_year for s in spend.values()), Decimal(0)),
                       sum(s.unstated for s in spend.values()))
        rows.append((Cell("Total"), _count(total.actions), _money(total.one_off),
                     _money(total.per_year), _count(total.unstated)))
    tables = (Table("Spend by funding source", SPEND_COLUMNS, tuple(rows), "Spend"),) \
        if rows else ()
    notes = () if rows else ("The plan states no costs or funding sources.",)
    return Section("spend", "Spend by funding source", (), tables, notes=notes,
                   has_priority_actions=False)


def _count(n: int) -> Cell:
    return Cell(str(n), float(n))


def _money(amount: Decimal) -> Cell:
    return Cell(f"{amount:,.2f}".removesuffix(".00"), float(amount))


def _footnotes(sections: Sequence[Section]) -> tuple[str, ...]:
    notes = ['"not linked": the measure of success is not linked to the results cube.',
             '"(recorded)": the RAG recorded by people for the objective, used where the '
             'results cube cannot judge the measure.',
             '"no data": no figure exists (never shown as 0).']
    if any(c.text == SUPPRESSED_SYMBOL for s in sections for t in s.tables for r in t.rows
           for c in r):
        notes.insert(0, f'"{SUPPRESSED_SYMBOL}": the latest figure is not published because '
                        'the cohort or count is too small.')
    return tuple(notes)
