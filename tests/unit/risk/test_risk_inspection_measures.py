"""Inspection measures in the cube shape: seed 004's "33 out of 54 schools", seed 001's
"% of schools where … is good", categories and report-card urgent improvement."""

from __future__ import annotations

from datetime import date

import pytest

from attain.domain.ofsted import Grade, Inspection, OfstedCategory, ReportCardGrade
from attain.risk.inspection_measures import AreaSchool, groups_of, inspection_rows


def by_measure(rows: list[dict[str, object]], group: str = "all") -> dict[str, dict]:
    return {str(r["measure_id"]): r for r in rows if r["group_id"] == group}


def test_seed_004_thirty_three_of_fifty_four_good_or_better() -> None:
    # Seed 004 §6.1.5: end of 2011-12, 33 of 54 schools good or outstanding, 21 satisfactory.
    schools = [AreaSchool(u, "la", "882") for u in range(1, 55)]
    inspections = [Inspection(u, date(2011, 3, 1), Grade.GOOD if u <= 33 else
                              Grade.REQUIRES_IMPROVEMENT) for u in range(1, 55)]
    rows = by_measure(inspection_rows(2012, schools, inspections, {}))
    good = rows["ofsted_good_or_better_schools"]
    assert (good["numerator"], good["denominator"]) == (33, 54)
    assert good["value"] == pytest.approx(61.111111, abs=1e-6)   # 33 / 54
    assert rows["ofsted_in_category_schools"]["value"] == 0.0   # "no schools in a category"


def test_pupils_attending_category_and_conversion() -> None:
    schools = [AreaSchool(10, "la", "882"), AreaSchool(20, "la", "882"),
               AreaSchool(30, "la", "882")]
    inspections = [Inspection(9, date(2010, 1, 1), Grade.OUTSTANDING),   # 10's predecessor
                   Inspection(20, date(2011, 1, 1), Grade.INADEQUATE,
                              category=OfstedCategory.SPECIAL_MEASURES),
                   Inspection(30, date(2013, 1, 1), Grade.GOOD)]         # after the year
    rows = by_measure(inspection_rows(
        2012, schools, inspections, {10: 9}, rolls={10: 300, 20: 100, 30: 50}))
    # graded: 10 (good or better, 300 pupils) and 20 (in a category, 100 pupils)
    assert rows["ofsted_good_or_better_schools"]["value"] == 50.0
    assert rows["ofsted_good_or_better_pupils"]["value"] == 75.0        # 300 / 400
    assert rows["ofsted_in_category_schools"]["value"] == 1.0
    assert rows["ofsted_no_overall_grade"]["numerator"] == 1.0          # 30 not yet


def test_without_a_census_the_pupil_measure_has_no_value() -> None:
    rows = by_measure(inspection_rows(2012, [AreaSchool(1, "la", "882")],
                                      [Inspection(1, date(2011, 1, 1), Grade.GOOD)], {}))
    assert rows["ofsted_good_or_better_pupils"]["value"] is None


def test_category_and_judgements_after_single_word_grades_ended() -> None:
    # 1: good in 2019 (single word), then special measures with sub-judgements in 2025.
    # 2: report card in 2026 with one area for urgent improvement.
    inspections = [
        Inspection(1, date(2019, 5, 1), Grade.GOOD,
                   (("quality_of_education", 2), ("leadership_and_management", 2))),
        Inspection(1, date(2025, 3, 1), None,
                   (("quality_of_education", 4), ("leadership_and_management", 4)),
                   category=OfstedCategory.SPECIAL_MEASURES),
        Inspection(2, date(2019, 5, 1), Grade.REQUIRES_IMPROVEMENT,
                   (("quality_of_education", 3), ("leadership_and_management", 2))),
        Inspection(2, date(2026, 1, 20), None,
                   (("achievement", int(ReportCardGrade.URGENT_IMPROVEMENT)),
                    ("inclusion", int(ReportCardGrade.EXPECTED_STANDARD)))),
    ]
    schools = [AreaSchool(1, "la", "882"), AreaSchool(2, "la", "882")]
    rows = by_measure(inspection_rows(2026, schools, inspections, {}))
    # the latest single-word grade still counts: 1 good (2019), 2 requires improvement
    assert rows["ofsted_good_or_better_schools"]["value"] == 50.0
    assert rows["ofsted_in_category_schools"]["value"] == 1.0          # 1, from 2025
    assert rows["ofsted_urgent_improvement_schools"]["value"] == 1.0   # 2, report card
    # seed 001 shape: % of schools whose latest quality-of-education judgement is good:
    # 1's latest is 4 (2025), 2's latest graded one is 3 (2019; report cards are not 1-4)
    assert rows["ofsted_good_or_better_quality_of_education"]["value"] == 0.0
    # leadership: 1 -> 4 (2025), 2 -> 2 (2019): 1 of 2
    leadership = rows["ofsted_good_or_better_leadership_and_management"]
    assert (leadership["numerator"], leadership["denominator"]) == (1, 2)


def test_phase_groups() -> None:
    assert groups_of("Infant") == ("all", "phase_primary")
    assert groups_of("all-through") == ("all", "phase_secondary")
    assert groups_of("") == ("all",)
    schools = [AreaSchool(1, "la", "882", "primary"), AreaSchool(2, "la", "882", "special")]
    inspections = [Inspection(1, date(2011, 1, 1), Grade.GOOD),
                   Inspection(2, date(2011, 1, 1), Grade.INADEQUATE)]
    rows = inspection_rows(2012, schools, inspections, {})
    assert by_measure(rows, "phase_primary")["ofsted_good_or_better_schools"]["value"] == 100.0
    assert by_measure(rows, "phase_special")["ofsted_good_or_better_schools"]["value"] == 0.0
    assert by_measure(rows)["ofsted_good_or_better_schools"]["value"] == 50.0
