"""Inspection measures in the cube shape: seed 004's "33 out of 54 schools"."""

from __future__ import annotations

from datetime import date

from attain.domain.ofsted import Grade, Inspection, OfstedCategory
from attain.risk.inspection_measures import AreaSchool, inspection_rows


def test_seed_004_thirty_three_of_fifty_four_good_or_better() -> None:
    # Seed 004 §6.1.5: end of 2011-12, 33 of 54 schools good or outstanding, 21 satisfactory.
    schools = [AreaSchool(u, "la", "882") for u in range(1, 55)]
    inspections = [Inspection(u, date(2011, 3, 1), Grade.GOOD if u <= 33 else
                              Grade.REQUIRES_IMPROVEMENT) for u in range(1, 55)]
    rows = {r["measure_id"]: r for r in inspection_rows(2012, schools, inspections, {})}
    good = rows["ofsted_good_or_better_schools"]
    assert (good["numerator"], good["denominator"], good["value"]) == (33, 54, 61.1)
    assert rows["ofsted_in_category_schools"]["value"] == 0.0   # "no schools in a category"


def test_pupils_attending_category_and_conversion() -> None:
    schools = [AreaSchool(10, "la", "882"), AreaSchool(20, "la", "882"),
               AreaSchool(30, "la", "882")]
    inspections = [Inspection(9, date(2010, 1, 1), Grade.OUTSTANDING),   # 10's predecessor
                   Inspection(20, date(2011, 1, 1), Grade.INADEQUATE,
                              category=OfstedCategory.SPECIAL_MEASURES),
                   Inspection(30, date(2013, 1, 1), Grade.GOOD)]         # after the year
    rows = {r["measure_id"]: r for r in inspection_rows(
        2012, schools, inspections, {10: 9}, rolls={10: 300, 20: 100, 30: 50})}
    # graded: 10 (good or better, 300 pupils) and 20 (in a category, 100 pupils)
    assert rows["ofsted_good_or_better_schools"]["value"] == 50.0
    assert rows["ofsted_good_or_better_pupils"]["value"] == 75.0        # 300 / 400
    assert rows["ofsted_in_category_schools"]["value"] == 1.0
    assert rows["ofsted_no_overall_grade"]["numerator"] == 1.0          # 30 not yet
