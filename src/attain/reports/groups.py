"""The performance of pupil groups (FSM/disadvantaged, SEN, looked after) at each stage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from attain.reports import wording
from attain.reports.cube import CubeView
from attain.reports.model import NO_DATA, Cell, Section, Table
from attain.reports.sections import Scope


@dataclass(frozen=True)
class GroupPair:
    group: str
    others: str
    label: str
    others_label: str


PAIRS = (
    GroupPair("disadvantaged", "non_disadvantaged", "disadvantaged", "other pupils"),
    GroupPair("fsm", "non_fsm", "FSM", "non-FSM pupils"),
    GroupPair("sen_support", "sen_none", "SEN support", "pupils with no SEN"),
    GroupPair("sen_ehcp", "sen_none", "EHC plan", "pupils with no SEN"),
)
LAC_LABEL = "Looked after"


def groups_section(view: CubeView, scope: Scope, measures: Sequence[str]) -> Section:
    tables, sentences = [], []
    for pair in PAIRS:
        rows = [_pair_row(view, scope, m, pair) for m in measures]
        tables.append(Table(f"{_capital(pair.label)} pupils and {pair.others_label}, "
                            f"{scope.year}", _PAIR_COLUMNS, tuple(rows), f"Groups {pair.group}"))
        sentences += [s for m in measures if (s := _gap_sentence(view, scope, m, pair))]
    tables.append(_lac_table(view, scope, measures))
    return Section("groups", "Performance of vulnerable groups", tuple(sentences),
                   tuple(tables))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_PAIR_COLUMNS = ("Measure", "Group (LA)", "Others (LA)", "Gap (LA)", "Group (national)",
                 "Others (national)", "Gap (national)")


def _pair_row(view: CubeView, scope: Scope, measure: str, pair: GroupPair) -> tuple[Cell, ...]:
    cells: list[Cell] = [Cell(view.measures[measure].title)]
    for area in (scope.la, scope.national):
        group = view.cell(measure, scope.year, area, pair.group)
        others = view.cell(measure, scope.year, area, pair.others)
        cells += [group, others, _gap_cell(view, measure, group, others)]
    return tuple(cells)


def _gap_cell(view: CubeView, measure: str, group: Cell, others: Cell) -> Cell:
    if group.value is None or others.value is None:
        return Cell(NO_DATA if NO_DATA in (group.text, others.text) else "-")
    unit = view.measures[measure].unit
    gap = wording.shown_difference(unit, group.value, others.value)
    return Cell(f"{gap:f}", value=float(gap))


def _shown_gap(view: CubeView, scope: Scope, measure: str, pair: GroupPair,
               year: int) -> Decimal | None:
    group = view.value(measure, year, scope.la, pair.group)
    others = view.value(measure, year, scope.la, pair.others)
    if group is None or others is None:
        return None
    return wording.shown_difference(view.measures[measure].unit, group, others)


def _gap_sentence(view: CubeView, scope: Scope, measure: str, pair: GroupPair) -> str | None:
    now = _shown_gap(view, scope, measure, pair, scope.year)
    earlier = [y for y in scope.years if y < scope.year]
    if now is None or not earlier:
        return None
    unit = view.measures[measure].unit
    side = "below" if now < 0 else "above"
    text = (f"{view.measures[measure].title}: {pair.label} pupils were "
            f"{unit.points(now)} {side} {pair.others_label}" if now != 0 else
            f"{view.measures[measure].title}: {pair.label} pupils were in line "
            f"with {pair.others_label}")
    before = _shown_gap(view, scope, measure, pair, earlier[-1])
    if before is None:
        return f"{text}."
    return f"{text}; {wording.gap_change(unit, now, before, earlier[-1])}."


def _lac_table(view: CubeView, scope: Scope, measures: Sequence[str]) -> Table:
    """Seed 004's LAC table: looked-after pupils this and last year, LA and national all."""
    previous = [y for y in scope.years if y < scope.year][-1:]
    rows = [(Cell(f"{LAC_LABEL} {y}"),
             *(view.cell(m, y, scope.la, "lac") for m in measures))
            for y in (*previous, scope.year)]
    rows.append((Cell(f"{scope.la.name} all pupils {scope.year}"),
                 *(view.cell(m, scope.year, scope.la) for m in measures)))
    rows.append((Cell(f"{scope.national.name} all pupils {scope.year}"),
                 *(view.cell(m, scope.year, scope.national) for m in measures)))
    columns = ("", *(view.measures[m].title for m in measures))
    return Table(f"Looked-after children, {scope.year}", columns, tuple(rows), "LAC")
