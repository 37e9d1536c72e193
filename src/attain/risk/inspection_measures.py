"""School-level inspection measures in the results-cube shape (RESULTS columns), so reports,
plans and `attain results show` can use them: % of schools good or better at their latest
inspection and % of pupils attending them, schools in an Ofsted category or with areas for
urgent improvement, and % of schools good or better in each key judgement, for each LA and
for the country, for all schools and by phase.

Seed 004: "33 out of 54 schools were judged good or outstanding in their most recent
Ofsted inspection" is `ofsted_good_or_better_schools` = 33 / 54 = 61.1% for 2012, and its
aim of "no schools in an Ofsted category" is `ofsted_in_category_schools` = 0. Seed 001's
"% of schools where … is good" is `ofsted_good_or_better_<judgement>`.

Rules (as at 31 August of the academic year):
- good or better: the latest inspection with a single-word grade (to August 2024, followed
  across academy conversion); schools with none yet are left out of the denominator and
  counted in `ofsted_no_overall_grade`;
- in a category / urgent improvement: the latest inspection of any framework;
- a key judgement: the latest inspection that graded it (1-4 scale; report-card areas are
  on another scale and are not counted).
School counts are public (Ofsted publishes every outcome), so nothing is suppressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from attain.domain.ofsted import (
    Grade,
    Inspection,
    InspectionFramework,
    InspectionHistory,
    KeyJudgement,
)

SOURCE = "inspections"
ALL = "all"
# Registry phases -> the phase groups Ofsted's official statistics report.
PHASE_GROUPS = {"nursery": "phase_nursery", "infant": "phase_primary",
                "junior": "phase_primary", "primary": "phase_primary", "first": "phase_primary",
                "middle": "phase_secondary", "secondary": "phase_secondary",
                "all-through": "phase_secondary", "16 plus": "phase_secondary",
                "special": "phase_special", "pru": "phase_pru",
                "alternative provision": "phase_pru"}


@dataclass(frozen=True)
class InspectionMeasure:
    id: str
    title: str
    unit: str          # percent | count


JUDGEMENT_MEASURES = tuple(
    InspectionMeasure(f"ofsted_good_or_better_{j.value}",
                      f"Schools whose latest {j.value.replace('_', ' ')} judgement is good "
                      "or outstanding", "percent") for j in KeyJudgement)
CATALOGUE = (
    InspectionMeasure("ofsted_good_or_better_schools", "Schools judged good or outstanding "
                      "at their latest inspection", "percent"),
    InspectionMeasure("ofsted_good_or_better_pupils", "Pupils attending schools judged good "
                      "or outstanding", "percent"),
    InspectionMeasure("ofsted_in_category_schools", "Schools in an Ofsted category (special "
                      "measures or serious weaknesses)", "count"),
    InspectionMeasure("ofsted_urgent_improvement_schools", "Schools with an area for urgent "
                      "improvement (report cards)", "count"),
    InspectionMeasure("ofsted_no_overall_grade", "Schools with no single-word overall grade",
                      "percent"),
    *JUDGEMENT_MEASURES,
)
MEASURES = tuple(m.id for m in CATALOGUE)


def counted_in(year: int, opened: date | None, closed: date | None) -> bool:
    """Whether a school counts in the year's inspection figures: open on 31 August of the
    academic year. A school that closed earlier in the year, or opens later, is not counted;
    an academy opening on 1 September after its predecessor closed on 31 August is counted
    once (the predecessor). The inspection measures and the standards report's Ofsted
    section both use this rule."""
    end = date(year, 8, 31)
    return (opened is None or opened <= end) and (closed is None or closed >= end)


@dataclass(frozen=True)
class AreaSchool:
    urn: int
    area_level: str      # la | national
    area_code: str
    phase: str = ""


@dataclass
class _Tally:
    schools: int = 0
    graded: int = 0
    good: int = 0
    pupils_graded: int = 0
    pupils_good: int = 0
    rolls_known: bool = False
    inspected: int = 0
    in_category: int = 0
    urgent: int = 0
    judged: dict[str, int] = field(default_factory=dict)
    judged_good: dict[str, int] = field(default_factory=dict)


def groups_of(phase: str) -> tuple[str, ...]:
    group = PHASE_GROUPS.get(phase.strip().lower())
    return (ALL, group) if group else (ALL,)


def inspection_rows(year: int, schools: Iterable[AreaSchool], inspections: list[Inspection],
                    predecessors: Mapping[int, int],
                    rolls: Mapping[int, int] | None = None) -> list[dict[str, Any]]:
    """Rows per measure, area and phase group, as at 31 August of the academic year."""
    on = date(year, 8, 31)
    tallies: dict[tuple[str, str, str], _Tally] = {}
    for school in schools:
        history = InspectionHistory.of(school.urn, inspections, predecessors)
        roll = (rolls or {}).get(school.urn)
        for group in groups_of(school.phase):
            tally = tallies.setdefault((school.area_level, school.area_code, group), _Tally())
            _count(tally, history, on, roll)
    return [row for (level, code, group), tally in sorted(tallies.items())
            for row in _rows(year, level, code, group, tally)]


def _count(t: _Tally, history: InspectionHistory, on: date, roll: int | None) -> None:
    t.schools += 1
    overall = history.latest_overall(on)
    if overall is not None:
        t.graded += 1
        t.good += bool(overall.good_or_better())
        if roll is not None:
            t.rolls_known = True
            t.pupils_graded += roll
            t.pupils_good += roll if overall.good_or_better() else 0
    latest = history.latest(on)
    if latest is not None:
        t.inspected += 1
        t.in_category += latest.category is not None
        t.urgent += bool(latest.urgent_improvement_areas())
    for judgement in KeyJudgement:
        grade = next((i.judgement(judgement.value) for i in history.inspections
                      if i.inspected <= on and i.judgement(judgement.value) is not None
                      and i.framework is not InspectionFramework.REPORT_CARD), None)
        if grade is not None:
            t.judged[judgement.value] = t.judged.get(judgement.value, 0) + 1
            t.judged_good[judgement.value] = (t.judged_good.get(judgement.value, 0)
                                              + (grade <= Grade.GOOD))


def _rows(year: int, level: str, code: str, group: str, t: _Tally) -> list[dict[str, Any]]:
    figures: list[tuple[str, int, int, bool]] = [   # measure, numerator, denominator, count?
        ("ofsted_good_or_better_schools", t.good, t.graded, False),
        ("ofsted_good_or_better_pupils", t.pupils_good,
         t.pupils_graded if t.rolls_known else 0, False),
        ("ofsted_in_category_schools", t.in_category, t.inspected, True),
        ("ofsted_urgent_improvement_schools", t.urgent, t.inspected, True),
        ("ofsted_no_overall_grade", t.schools - t.graded, t.schools, False),
        *((f"ofsted_good_or_better_{j}", t.judged_good[j], n, False)
          for j, n in sorted(t.judged.items())),
    ]
    return [_row(year, level, code, group, measure, num, den, is_count)
            for measure, num, den, is_count in figures]


def _row(year: int, level: str, code: str, group: str, measure: str, numerator: int,
         denominator: int, is_count: bool) -> dict[str, Any]:
    if is_count:
        value: float | None = float(numerator)
    else:
        value = 100 * numerator / denominator if denominator else None
    return {"measure_id": measure, "year": year, "level": level, "area_code": code,
            "group_id": group, "numerator": float(numerator),
            "denominator": float(denominator) if denominator else None, "value": value,
            "ci_low": None, "ci_high": None, "suppressed": None, "source": SOURCE}
