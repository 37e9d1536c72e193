"""Building blocks shared by the report builders: trend tables, sentences and charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from attain.reports import family, wording
from attain.reports.cube import Area, CubeView
from attain.reports.model import Cell, Chart, ChartSeries, Table


@dataclass(frozen=True)
class Scope:
    """Who and when a report is about."""

    la: Area
    national: Area
    neighbours: Area | None
    year: int
    years: tuple[int, ...]  # the trend years shown, oldest first, ending with `year`

    @property
    def comparators(self) -> tuple[Area, ...]:
        extra = (self.neighbours,) if self.neighbours is not None else ()
        return (self.la, *extra, self.national)


def present(view: CubeView, scope: Scope, measure_ids: Sequence[str]) -> list[str]:
    """The measures that exist in the catalogue and have an LA row in the trend years."""
    return [m for m in measure_ids
            if m in view.measures and view.has(m, scope.la, scope.years)]


def trend_table(view: CubeView, scope: Scope, measure_ids: Sequence[str], caption: str,
                sheet: str, group: str = "all") -> Table:
    """Measure x area rows (LA, statistical neighbours, national) over the trend years;
    after them, where the first area has a family average, that average, its size and the
    difference from it."""
    rows = []
    for measure in measure_ids:
        title = view.measures[measure].title
        for area in scope.comparators:
            rows.append((Cell(title), Cell(area.name),
                         *(view.cell(measure, y, area, group) for y in scope.years)))
        rows += family_rows(view, scope, measure, group)
    return Table(caption, ("Measure", "Area", *(str(y) for y in scope.years)),
                 tuple(rows), sheet, labels=2)


def family_rows(view: CubeView, scope: Scope, measure: str,
                group: str = "all") -> list[tuple[Cell, ...]]:
    """The family average, family size and difference rows of `scope.la` (a school), or
    none when it has no family average in any trend year."""
    if not view.has_family(measure, scope.la, scope.years, group):
        return []
    title, unit = view.measures[measure].title, view.measures[measure].unit
    figures = [view.family(measure, y, scope.la, group) for y in scope.years]
    school = [view.row(measure, y, scope.la, group) for y in scope.years]
    return [
        (Cell(title), Cell(wording.FAMILY_LABEL),
         *(family.value_cell(f, unit) for f in figures)),
        (Cell(title), Cell(wording.FAMILY_SIZE_LABEL),
         *(family.size_cell(f) for f in figures)),
        (Cell(title), Cell(wording.FAMILY_DIFFERENCE_LABEL),
         *(family.difference_cell(r, f, unit)
           for r, f in zip(school, figures, strict=True))),
    ]


def headline_sentence(view: CubeView, scope: Scope, measure: str,
                      group: str = "all") -> str:
    """The LA against national this year, and its change since the previous trend year."""
    info = view.measures[measure]
    value = view.value(measure, scope.year, scope.la, group)
    national = view.value(measure, scope.year, scope.national, group)
    sentence = wording.compared_with_national(info.title, info.unit, value, national)
    earlier = [y for y in scope.years if y < scope.year]
    before = view.value(measure, earlier[-1], scope.la, group) if earlier else None
    if value is not None and before is not None:
        change = wording.change_since(info.unit, value, before, earlier[-1])
        sentence = f"{sentence[:-1]}; {change}."
    figure = view.family(measure, scope.year, scope.la, group)
    if figure is None:
        return sentence
    return f"{sentence} {family.family_sentence(info.unit, value, figure)}"


def trend_chart(view: CubeView, scope: Scope, measure: str, table_caption: str) -> Chart:
    info = view.measures[measure]
    series = []
    for area in scope.comparators:
        points = tuple((y, v) for y in scope.years
                       if (v := view.value(measure, y, area)) is not None)
        series.append(ChartSeries(area.name, points))
    if view.has_family(measure, scope.la, scope.years):
        series.append(ChartSeries(wording.FAMILY_LABEL, tuple(
            (y, f.value) for y in scope.years
            if (f := view.family(measure, y, scope.la)) is not None)))
    return Chart(info.title, _axis_label(info.unit), tuple(series),
                 chart_alt_text(info.title, info.unit, series), table_caption)


def _axis_label(unit: wording.Unit) -> str:
    return "Per cent" if unit.is_percent else unit.unit.replace("_", " ").capitalize()


def chart_alt_text(title: str, unit: wording.Unit, series: Sequence[ChartSeries]) -> str:
    """'Line chart of T. Southend: 49.2% in 2016 to 62.1% in 2019. England: ...'"""
    parts = [f"Line chart of {title}."]
    for line in series:
        if not line.points:
            parts.append(f"{line.name}: no published figures.")
            continue
        (first_year, first), (last_year, last) = line.points[0], line.points[-1]
        if first_year == last_year:
            parts.append(f"{line.name}: {unit.figure(last)} in {last_year}.")
        else:
            parts.append(f"{line.name}: {unit.figure(first)} in {first_year} to "
                         f"{unit.figure(last)} in {last_year}.")
    parts.append("The figures are in the table beside the chart.")
    return " ".join(parts)
