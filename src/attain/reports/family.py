"""The family average of a school's similar schools as a report comparator (issue 7, item 5).

The figures are the comparisons table's `family_value`, `family_size` and `diff_family`
(attain.domain.results.FAMILY_COMPARISON_COLUMNS), read as they are: a school without a
family average (no row, a null, or a comparisons file written before the columns existed)
has none, never 0. The difference shown is worked from the two figures as shown (wording
rule 2), and only where the school's own figure is published: with the family average, a
difference would give a suppressed figure away (docs/estimates.md, "Similar schools").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attain.reports import wording
from attain.reports.model import NO_DATA, SUPPRESSED_SYMBOL, Cell, CubeRow

FAMILY_COLUMNS = ("family_value", "family_size", "diff_family")

FamilyKey = tuple[str, int, str, str, str]  # measure, year, level, area, group


@dataclass(frozen=True)
class FamilyFigure:
    """A school row's family comparator, as the cube holds it."""

    value: float
    size: int | None
    difference: float | None  # the cube's diff_family: none where the school is suppressed


def figures_of(rows: Iterable[tuple[Any, ...]]) -> dict[FamilyKey, FamilyFigure]:
    """(measure, year, level, area, group, family_value, family_size, diff_family) rows ->
    figures; rows without a family value are left out."""
    return {(measure, int(year), level, area, group): FamilyFigure(
                float(value), None if size is None else int(size),
                None if difference is None else float(difference))
            for measure, year, level, area, group, value, size, difference in rows
            if value is not None}


def read_family(files: Sequence[Path], level: str, area_code: str, years: range,
                groups: Sequence[str]) -> dict[FamilyKey, FamilyFigure]:
    """The family figures of one area's rows in the comparisons Parquet `files`; {} when
    there are none or the files predate the family columns."""
    if not files:
        return {}
    import duckdb

    paths = [p.as_posix() for p in files]
    source = "read_parquet(?, union_by_name = true)"
    with duckdb.connect() as con:
        described = con.execute(f"SELECT * FROM {source} LIMIT 0", [paths]).description
        present = {column[0] for column in described or []}
        if "family_value" not in present:
            return {}
        chosen = ", ".join(name if name in present else f"NULL AS {name}"
                           for name in FAMILY_COLUMNS)
        rows = con.execute(f"""
            SELECT measure_id, year, level, area_code, group_id, {chosen} FROM {source}
            WHERE level = ? AND area_code = ? AND year BETWEEN ? AND ?
              AND list_contains(?, group_id) AND family_value IS NOT NULL""",
                           [paths, level, area_code, years.start, years.stop - 1,
                            list(groups)]).fetchall()
    return figures_of(rows)


def value_cell(figure: FamilyFigure | None, unit: wording.Unit) -> Cell:
    if figure is None:
        return Cell(NO_DATA)
    return Cell(unit.number(figure.value), value=figure.value)


def size_cell(figure: FamilyFigure | None) -> Cell:
    if figure is None or figure.size is None:
        return Cell(NO_DATA)
    return Cell(str(figure.size), value=float(figure.size))


def difference_cell(row: CubeRow | None, figure: FamilyFigure | None,
                    unit: wording.Unit) -> Cell:
    """The school's figure minus its family average, as shown; "c" when the school's own
    figure is suppressed (the difference would reveal it)."""
    if figure is None or row is None:
        return Cell(NO_DATA)
    if row.suppressed is not None:
        return Cell(SUPPRESSED_SYMBOL, note="from_suppressed")
    if row.value is None:
        return Cell(NO_DATA)
    difference = wording.shown_difference(unit, row.value, figure.value)
    return Cell(f"{difference:f}", value=float(difference))


def family_sentence(unit: wording.Unit, value: float | None,
                    figure: FamilyFigure) -> str:
    return wording.compared_with_family(unit, value, figure.value, figure.size)
