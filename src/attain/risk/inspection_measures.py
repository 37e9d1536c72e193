"""School-level inspection measures in the results-cube shape (RESULTS columns), so reports
and plans can use them: % of schools good or better at their latest inspection, % of pupils
attending them, and schools in an Ofsted category, for an LA and for the country.

Seed 004: "33 out of 54 schools were judged good or outstanding in their most recent
Ofsted inspection" is `ofsted_good_or_better_schools` = 33 / 54 = 61.1% for 2012.
Schools with no single-word grade yet (never inspected, or inspected only after August
2024) are left out of the denominator and counted in `ofsted_no_overall_grade`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from attain.domain.ofsted import Inspection, InspectionHistory


@dataclass(frozen=True)
class AreaSchool:
    urn: int
    area_level: str      # la | national
    area_code: str


MEASURES = ("ofsted_good_or_better_schools", "ofsted_good_or_better_pupils",
            "ofsted_in_category_schools", "ofsted_no_overall_grade")


def inspection_rows(year: int, schools: Iterable[AreaSchool], inspections: list[Inspection],
                    predecessors: Mapping[int, int],
                    rolls: Mapping[int, int] | None = None) -> list[dict[str, Any]]:
    """One row per measure and area (as at 31 August of the academic year)."""
    totals: dict[tuple[str, str], list[float]] = {}
    on = date(year, 8, 31)
    for school in schools:
        latest = InspectionHistory.of(school.urn, inspections, predecessors).latest_overall(on)
        t = totals.setdefault((school.area_level, school.area_code), [0.0] * 6)
        if latest is None:
            t[5] += 1
            continue
        roll = (rolls or {}).get(school.urn)
        t[1] += 1
        t[3] += roll or 0
        if latest.good_or_better():
            t[0] += 1
            t[2] += roll or 0
        t[4] += latest.category is not None
    rows = []
    for (level, code), (good, graded, good_pupils, all_pupils, category, ungraded) in \
            sorted(totals.items()):
        for measure, num, den in (
                (MEASURES[0], good, graded), (MEASURES[1], good_pupils, all_pupils if rolls else 0),
                (MEASURES[2], category, graded), (MEASURES[3], ungraded, graded + ungraded)):
            value: float | None = round(100 * num / den, 1) if den else None
            if measure == MEASURES[2]:
                value = float(num)   # a count: the aim is "no schools in an Ofsted category"
            rows.append({"measure_id": measure, "year": year, "level": level,
                         "area_code": code, "group_id": "all", "numerator": float(num),
                         "denominator": float(den) if den else None, "value": value,
                         "suppressed": None, "source": "inspections"})
    return rows
