"""Validating target rows: every problem is reported with its row and column."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from attain.errors import Location, UserError

COLUMNS = ("urn", "measure_id", "year", "target")
PERCENT_UNITS = frozenset({"percent", "sessions_percent"})


@dataclass(frozen=True)
class Target:
    urn: int
    measure_id: str
    year: int
    value: float


@dataclass(frozen=True)
class Bounds:
    """Possible values of a measure: percentages 0-100, point scores from 0, and progress or
    gap scores (which can be negative) unbounded."""

    low: float | None
    high: float | None

    @staticmethod
    def for_measure(unit: str, kind: str) -> Bounds:
        if unit in PERCENT_UNITS:
            return Bounds(0.0, 100.0)
        if kind in {"progress", "gap", "percentile_gap"}:
            return Bounds(None, None)
        return Bounds(0.0, None)

    def problem(self, value: float) -> str | None:
        if self.low is not None and value < self.low:
            return f"{value:g} is below the lowest possible value {self.low:g}"
        if self.high is not None and value > self.high:
            return f"{value:g} is above the highest possible value {self.high:g}"
        return None


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class TargetFileErrors(UserError):
    """Every row-level problem of a targets file; nothing was imported."""

    def __init__(self, file: str, errors: list[RowError]) -> None:
        self.errors = errors
        lines = "; ".join(f"row {e.row} column {e.column}: {e.message}" for e in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in the targets file, nothing imported: "
                         f"{lines}{more}", fix="correct these rows and import the file again.",
                         where=Location(file=file))


def validate(rows: Iterable[tuple[int, Mapping[str, object]]], known_urns: set[int],
             measures: Mapping[str, Bounds]) -> tuple[list[Target], list[RowError]]:
    """`rows` are (file row number, {column: cell}); returns the targets or the errors."""
    targets: list[Target] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, str, int], int] = {}
    for number, row in rows:
        found = _row(number, row, known_urns, measures, errors)
        if found is None:
            continue
        key = (found.urn, found.measure_id, found.year)
        if key in seen:
            errors.append(RowError(number, "urn", f"duplicate of row {seen[key]} (same school, "
                                                  "measure and year)"))
            continue
        seen[key] = number
        targets.append(found)
    return targets, errors


def _row(number: int, row: Mapping[str, object], known_urns: set[int],
         measures: Mapping[str, Bounds], errors: list[RowError]) -> Target | None:
    before = len(errors)
    urn = _number(row.get("urn"), number, "urn", errors, whole=True)
    if urn is not None and int(urn) not in known_urns:
        errors.append(RowError(number, "urn", f"unknown school URN {int(urn)}"))
    measure_id = str(row.get("measure_id") or "").strip()
    if measure_id not in measures:
        errors.append(RowError(number, "measure_id", f"unknown measure {measure_id!r}"))
    year = _number(row.get("year"), number, "year", errors, whole=True)
    value = _number(row.get("target"), number, "target", errors, whole=False)
    if value is not None and measure_id in measures:
        problem = measures[measure_id].problem(value)
        if problem:
            errors.append(RowError(number, "target", problem))
    if len(errors) > before or urn is None or year is None or value is None:
        return None
    return Target(int(urn), measure_id, int(year), value)


def _number(cell: object, number: int, column: str, errors: list[RowError], *,
            whole: bool) -> float | None:
    text = "" if cell is None else str(cell).strip().rstrip("%")
    try:
        value = float(text)
    except ValueError:
        errors.append(RowError(number, column, f"{text!r} is not a number" if text
                               else "missing value"))
        return None
    if not math.isfinite(value) or (whole and value != int(value)):
        errors.append(RowError(number, column, f"{text!r} is not a whole number" if whole
                               else f"{text!r} is not a number"))
        return None
    return value
