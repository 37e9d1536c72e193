"""Looking up cube rows and turning them into cells, for the context builders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from attain.reports.family import FamilyFigure, FamilyKey
from attain.reports.model import NO_DATA, SUPPRESSED_SYMBOL, Cell, CubeRow
from attain.reports.wording import Unit

SUPPRESSION_REASONS = {
    "small_denominator": "the cohort is too small to publish",
    "small_count": "too few pupils met (or did not meet) the measure to publish",
    "complementary": "withheld so that another suppressed figure cannot be worked out",
    "from_suppressed": "worked out from a suppressed figure",
}


def reason_text(reason: str) -> str:
    return SUPPRESSION_REASONS.get(reason, f"not published by the source ({reason})")


@dataclass(frozen=True)
class Area:
    level: str
    code: str
    name: str


@dataclass(frozen=True)
class MeasureInfo:
    id: str
    title: str
    unit: Unit
    higher_is_better: bool = True


class CubeView:
    """Rows keyed by (measure, year, level, area, group), with the family averages of the
    school rows that have one (attain.reports.family)."""

    def __init__(self, rows: Iterable[CubeRow], measures: Mapping[str, MeasureInfo],
                 family: Mapping[FamilyKey, FamilyFigure] | None = None) -> None:
        self.measures = measures
        self._rows = {(r.measure_id, r.year, r.level, r.area_code, r.group_id): r
                      for r in rows}
        self._family = dict(family or {})

    def rows(self) -> list[CubeRow]:
        return list(self._rows.values())

    def row(self, measure: str, year: int, area: Area, group: str = "all") -> CubeRow | None:
        return self._rows.get((measure, year, area.level, area.code, group))

    def value(self, measure: str, year: int, area: Area, group: str = "all") -> float | None:
        """The published value, or None (missing or suppressed)."""
        row = self.row(measure, year, area, group)
        return row.value if row is not None and row.published else None

    def family(self, measure: str, year: int, area: Area,
               group: str = "all") -> FamilyFigure | None:
        """The area's family average, or None (no family average: never 0)."""
        return self._family.get((measure, year, area.level, area.code, group))

    def has_family(self, measure: str, area: Area, years: Iterable[int],
                   group: str = "all") -> bool:
        return any(self.family(measure, y, area, group) is not None for y in years)

    def any_family(self, area: Area) -> bool:
        return any(key[2:4] == (area.level, area.code) for key in self._family)

    def has(self, measure: str, area: Area, years: Iterable[int]) -> bool:
        return any(self.row(measure, y, area) is not None for y in years)

    def cell(self, measure: str, year: int, area: Area, group: str = "all") -> Cell:
        return row_cell(self.row(measure, year, area, group), self.measures[measure].unit)


def row_cell(row: CubeRow | None, unit: Unit) -> Cell:
    """The cell for a row: its figure, "c" with the reason, or "no data" (never 0)."""
    if row is None or (row.value is None and row.suppressed is None):
        return Cell(NO_DATA)
    if row.suppressed is not None:
        return Cell(SUPPRESSED_SYMBOL, note=row.suppressed)
    assert row.value is not None
    return Cell(unit.number(row.value), value=row.value)
