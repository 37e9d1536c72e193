"""Ofsted frameworks, grades and history across academy conversion (attain.domain.ofsted)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from attain.domain.ofsted import (
    Grade,
    Inspection,
    InspectionFramework,
    InspectionHistory,
    OfstedCategory,
    ReportCardGrade,
    framework_on,
    grade_from_word,
    lineage,
)

RATINGS = (Path(__file__).resolve().parents[3] / "data" / "real"
           / "dfe-spine-2017-18-and-ks4-p8-2016-2018" / "ofsted_ratings_2018_scraped.csv")


def real_inspections(urn: int) -> list[Inspection]:
    with RATINGS.open(encoding="utf-8") as handle:
        return [Inspection(urn, date(int(r["Inspection Date"][:4]), int(r["Inspection Date"][4:6]),
                                     int(r["Inspection Date"][6:])), grade_from_word(r["Rating"]))
                for r in csv.DictReader(handle) if r["URN"] == str(urn)]


def test_futures_community_college_history_from_published_ratings() -> None:
    # SOURCE.md: URN 132762 Satisfactory 2010-04-28, Inadequate 2012-11-22,
    # Inadequate 2014-03-12, Requires Improvement 2016-02-03.
    history = InspectionHistory.of(132762, real_inspections(132762), {})
    assert [i.overall for i in history.inspections] == [
        Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.INADEQUATE,
        Grade.REQUIRES_IMPROVEMENT]
    latest_2013 = history.latest(date(2013, 8, 31))
    assert latest_2013 is not None and latest_2013.inspected == date(2012, 11, 22)
    oldest = history.inspections[-1]
    assert oldest.overall is not None and oldest.overall.label(oldest.inspected) == "Satisfactory"
    assert history.inspections[0].overall.label(date(2016, 2, 3)) == "Requires improvement"


def test_history_follows_the_predecessor_urn_across_conversion() -> None:
    maintained = Inspection(100, date(2013, 5, 1), Grade.GOOD)
    academy = Inspection(200, date(2017, 6, 1), Grade.REQUIRES_IMPROVEMENT)
    other = Inspection(300, date(2016, 1, 1), Grade.OUTSTANDING)
    history = InspectionHistory.of(200, [maintained, academy, other], {200: 100})
    assert history.urns == (200, 100)
    assert history.inspections == (academy, maintained)
    assert history.latest(date(2016, 8, 31)) == maintained
    assert InspectionHistory.of(200, [maintained], {}).latest() is None


def test_lineage_stops_on_a_cycle() -> None:
    assert lineage(3, {3: 2, 2: 1, 1: 3}) == (3, 2, 1)


@pytest.mark.parametrize(("day", "framework"), [
    (date(2024, 8, 31), InspectionFramework.SINGLE_WORD),
    (date(2024, 9, 1), InspectionFramework.SUB_JUDGEMENTS),
    (date(2025, 11, 9), InspectionFramework.SUB_JUDGEMENTS),
    (date(2025, 11, 10), InspectionFramework.REPORT_CARD),
])
def test_framework_by_inspection_date(day: date, framework: InspectionFramework) -> None:
    assert framework_on(day) is framework


def test_no_overall_grade_after_august_2024() -> None:
    with pytest.raises(ValueError, match="overall grade"):
        Inspection(1, date(2024, 10, 1), Grade.GOOD)
    sub = Inspection(1, date(2024, 10, 1), judgements=(("quality_of_education", 3),))
    assert sub.good_or_better() is None and sub.worst_judgement() == 3


def test_report_card_scale_and_areas() -> None:
    card = Inspection(1, date(2025, 12, 1), judgements=(
        ("inclusion", ReportCardGrade.EXPECTED_STANDARD),
        ("achievement", ReportCardGrade.URGENT_IMPROVEMENT)), safeguarding_met=True)
    assert card.urgent_improvement_areas() == ("achievement",)
    assert ReportCardGrade.NEEDS_ATTENTION.label() == "Needs attention"
    with pytest.raises(ValueError, match="outside 1–5"):
        Inspection(1, date(2025, 12, 1), judgements=(("inclusion", 6),))
    with pytest.raises(ValueError, match="not a report_card judgement"):
        Inspection(1, date(2025, 12, 1), judgements=(("quality_of_education", 2),))
    with pytest.raises(ValueError, match="outside 1–4"):
        Inspection(1, date(2023, 1, 1), Grade.GOOD, judgements=(("quality_of_education", 5),))


def test_category_and_grade_words() -> None:
    sm = Inspection(1, date(2013, 1, 1), Grade.INADEQUATE, category=OfstedCategory.SPECIAL_MEASURES)
    assert sm.good_or_better() is False
    assert grade_from_word("Good") is Grade.GOOD
    with pytest.raises(ValueError, match="unknown Ofsted grade"):
        grade_from_word("Brilliant")
