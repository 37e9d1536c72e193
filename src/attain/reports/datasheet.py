"""The data sheet (seed 002's "Attainment Datasheet"): the LA against the nation for each
headline indicator over four years with the 1-year change; gender and FSM gaps;
attendance, unauthorised absence and exclusions per 1000."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from attain.reports import wording
from attain.reports.cube import Area, CubeView
from attain.reports.model import NO_DATA, Cell, Report, Section, Table
from attain.reports.sections import Scope, present, trend_chart
from attain.reports.standards import footnotes

DATASHEET_YEARS = 4
HEADLINES = ("fp_fpi", "eyfs_gld", "phonics_y1_expected", "ks1_exs_read", "ks2_csi",
             "ks2_rwm_expected", "ks2_l4_rwm", "ks3_csi", "ks4_l2_incl", "ks4_att8",
             "ks4_em_94", "ks4_5ac_em", "ks5_l3_threshold")
ATTENDANCE = ("abs_overall", "abs_unauthorised", "abs_persistent",
              "excl_fixed_6plus_days_per1000", "excl_fixed_rate", "excl_perm_rate")
GAPS = (("Girls − boys", "girls", "boys"), ("FSM − non-FSM", "fsm", "non_fsm"))


def build_datasheet(view: CubeView, scope: Scope) -> Report:
    years = scope.years[-DATASHEET_YEARS:]
    sheet_scope = Scope(scope.la, scope.national, None, scope.year, years)
    headline = present(view, sheet_scope, HEADLINES)
    attendance = present(view, sheet_scope, ATTENDANCE)
    sections = [
        _trend_section(view, sheet_scope, "attainment", "Attainment", headline),
        _gap_section(view, sheet_scope, headline),
        _trend_section(view, sheet_scope, "attendance", "Attendance and exclusions",
                       attendance),
    ]
    return Report("datasheet", f"{scope.la.name} {scope.year} data sheet",
                  f"{scope.la.name} and {scope.national.name} over the last "
                  f"{len(years)} years", scope.la.name, scope.year, tuple(sections),
                  footnotes(sections))


def _columns(scope: Scope) -> tuple[str, ...]:
    return ("Measure", "Area", *(str(y) for y in scope.years), "1 year change")


def _trend_section(view: CubeView, scope: Scope, key: str, title: str,
                   measures: Sequence[str]) -> Section:
    rows = []
    for measure in measures:
        for area in (scope.la, scope.national):
            cells = [view.cell(measure, y, area) for y in scope.years]
            rows.append((Cell(view.measures[measure].title), Cell(area.name), *cells,
                         _change(view, measure, scope, area)))
    caption = f"{title}: {scope.la.name} and {scope.national.name}"
    table = Table(caption, _columns(scope), tuple(rows), title[:31], labels=2)
    charts = (trend_chart(view, scope, measures[0], caption),) if measures else ()
    return Section(key, title, (), (table,), charts, has_priority_actions=False)


def _change(view: CubeView, measure: str, scope: Scope, area: Area) -> Cell:
    """The 1-year change, worked from the two figures as shown."""
    if len(scope.years) < 2:
        return Cell(NO_DATA)
    now = view.value(measure, scope.years[-1], area)
    before = view.value(measure, scope.years[-2], area)
    if now is None or before is None:
        return Cell(NO_DATA)
    change = wording.shown_difference(view.measures[measure].unit, now, before)
    return Cell(f"{change:f}", value=float(change))


def _gap_cell(view: CubeView, measure: str, year: int, area: Area,
              first: str, second: str) -> Cell:
    a, b = view.value(measure, year, area, first), view.value(measure, year, area, second)
    if a is None or b is None:
        return Cell(NO_DATA)
    gap: Decimal = wording.shown_difference(view.measures[measure].unit, a, b)
    return Cell(f"{gap:f}", value=float(gap))


def _gap_section(view: CubeView, scope: Scope, measures: Sequence[str]) -> Section:
    rows = []
    for measure in measures:
        for label, first, second in GAPS:
            for area in (scope.la, scope.national):
                rows.append((Cell(view.measures[measure].title), Cell(f"{label}, {area.name}"),
                             *(_gap_cell(view, measure, y, area, first, second)
                               for y in scope.years)))
    columns = ("Measure", "Gap", *(str(y) for y in scope.years))
    table = Table("Gender and FSM gaps (first group minus second, as shown)", columns,
                  tuple(rows), "Gaps", labels=2)
    return Section("gaps", "Gender and FSM gaps", (), (table,), has_priority_actions=False)
