"""The performance of pupil groups (FSM/disadvantaged, SEN, looked after) at each stage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from attain.reports import family, wording
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
# With the family columns (10 in all), so that "(national)" fits on one line in the PDF.
FAMILY_WIDTHS = (2.0, 1.0, 1.0, 1.0, 1.2, 1.2, 1.2, 1.0, 1.0, 1.0)


def groups_section(view: CubeView, scope: Scope, measures: Sequence[str]) -> Section:
    tables, sentences = [], []
    for pair in PAIRS:
        with_family = _has_family(view, scope, measures, pair)
        rows = [_pair_row(view, scope, m, pair, with_family) for m in measures]
        tables.append(Table(f"{_capital(pair.label)} pupils and {pair.others_label}, "
                            f"{scope.year}", _pair_columns(scope, with_family), tuple(rows),
                            f"Groups {pair.group}",
                            widths=FAMILY_WIDTHS if with_family else ()))
        sentences += [s for m in measures if (s := _gap_sentence(view, scope, m, pair))]
    tables.append(_lac_table(view, scope, measures))
    return Section("groups", "Performance of vulnerable groups", tuple(sentences),
                   tuple(tables))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pair_columns(scope: Scope, with_family: bool) -> tuple[str, ...]:
    """Group, others and gap for the report's area (the LA, or the school in a school's
    profile), national and, where the school has one, its family average."""
    areas = ["school" if scope.la.level == "school" else "LA", "national"]
    areas += ["family"] if with_family else []
    return ("Measure", *(f"{what} ({area})" for area in areas
                         for what in ("Group", "Others", "Gap")))


def _has_family(view: CubeView, scope: Scope, measures: Sequence[str],
                pair: GroupPair) -> bool:
    return any(view.family(m, scope.year, scope.la, g) is not None
               for m in measures for g in (pair.group, pair.others))


def _pair_row(view: CubeView, scope: Scope, measure: str, pair: GroupPair,
              with_family: bool = False) -> tuple[Cell, ...]:
    cells: list[Cell] = [Cell(view.measures[measure].title)]
    for area in (scope.la, scope.national):
        group = view.cell(measure, scope.year, area, pair.group)
        others = view.cell(measure, scope.year, area, pair.others)
        cells += [group, others, _gap_cell(view, measure, group, others)]
    if with_family:
        unit = view.measures[measure].unit
        group, others = (family.value_cell(view.family(measure, scope.year, scope.la, g), unit)
                         for g in (pair.group, pair.others))
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
    figures = [view.family(m, scope.year, scope.la) for m in measures]
    if any(figures):
        rows.append((Cell(f"{wording.FAMILY_LABEL}, all pupils {scope.year}"),
                     *(family.value_cell(f, view.measures[m].unit)
                       for m, f in zip(measures, figures, strict=True))))
    columns = ("", *(view.measures[m].title for m in measures))
    return Table(f"Looked-after children, {scope.year}", columns, tuple(rows), "LAC")
