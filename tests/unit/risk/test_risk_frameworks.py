"""Southend (seed 004) and Welsh (seed 002) frameworks on hand-worked schools."""

from __future__ import annotations

from datetime import date

import pytest
from risk_fixtures import builtin

from attain.domain.ofsted import Grade, Inspection, InspectionHistory, OfstedCategory
from attain.domain.risk import INSUFFICIENT_DATA, Fact
from attain.risk.evaluate import categorise
from attain.risk.facts import (
    characteristic_facts,
    ofsted_facts,
    self_evaluation_facts,
    wales_facts,
)

KEYS = ("overall_effectiveness", "achievement", "teaching", "behaviour_safety", "leadership")


def southend(grades: tuple[int, ...] | None, flags: dict[str, bool] | None = None,
             inspections: tuple[Inspection, ...] = ()) -> dict[str, Fact]:
    history = InspectionHistory.of(5, inspections, {})
    return {**self_evaluation_facts(dict(zip(KEYS, grades, strict=True)) if grades else None),
            **characteristic_facts(flags if flags is not None else {}),
            **ofsted_facts(history, date(2012, 8, 31))}


GOOD_2011 = Inspection(5, date(2011, 3, 1), Grade.GOOD)


@pytest.mark.parametrize(("grades", "flags", "expected"), [
    ((2, 2, 2, 2, 2), {}, "universal"),
    ((2, 2, 2, 2, 2), {"new_head": True}, "watch"),
    ((3, 2, 3, 2, 2), {}, "objectives"),
    ((3, 4, 3, 2, 2), {}, "rap"),                 # any area judged 4 -> RAP
    ((1, 1, 1, 1, 1), {"budget_deficit": True, "falling_roll": True}, "watch"),
])
def test_southend_category_from_self_evaluation(grades: tuple[int, ...], flags: dict[str, bool],
                                                expected: str) -> None:
    framework = builtin()["southend_ilt_2012"]
    result = categorise(framework, 5, 2012, southend(grades, flags, (GOOD_2011,)))
    assert result.category == expected


def test_southend_reasons_name_the_judgement() -> None:
    framework = builtin()["southend_ilt_2012"]
    result = categorise(framework, 5, 2012, southend((3, 2, 3, 2, 2), {}, (GOOD_2011,)))
    assert [r.text for r in result.reasons] == [
        "Overall effectiveness judged 3", "Quality of teaching judged 3"]
    watch = categorise(framework, 5, 2012, southend((2, 2, 2, 2, 2), {"new_head": True,
                                                                      "budget_deficit": True},
                                                    (GOOD_2011,)))
    assert watch.reasons[0].text == \
        "Risk characteristics (new head, budget deficit): 2 present"


def test_southend_ofsted_category_means_a_rap_whatever_the_self_evaluation() -> None:
    framework = builtin()["southend_ilt_2012"]
    measures = Inspection(5, date(2012, 1, 10), Grade.INADEQUATE,
                          category=OfstedCategory.SPECIAL_MEASURES)
    result = categorise(framework, 5, 2012, southend((2, 2, 2, 2, 2), {}, (measures,)))
    assert result.category == "rap"
    assert result.reasons[0].text == "Ofsted category: special_measures"


def test_southend_without_self_evaluation_is_insufficient_data() -> None:
    framework = builtin()["southend_ilt_2012"]
    result = categorise(framework, 5, 2012, southend(None, {}, (GOOD_2011,)))
    assert result.category == INSUFFICIENT_DATA
    assert "no self-evaluation grade recorded" in result.reasons[0].text


def test_southend_never_inspected_school_with_no_4_is_insufficient_data() -> None:
    framework = builtin()["southend_ilt_2012"]
    result = categorise(framework, 5, 2012, southend((2, 2, 2, 2, 2)))
    assert result.category == INSUFFICIENT_DATA
    assert "no Ofsted inspection on record for URN 5" in result.reasons[0].text


def test_welsh_matrix_confirmed_cell() -> None:
    framework = builtin()["wales_categorisation_2015_2017"]
    result = categorise(framework, 6, 2015, wales_facts(1, "A"))
    # 1A -> green: a school's published 2015 result (reference/measures.md 11)
    assert (result.category, result.reasons[0].text) == (
        "green", "Standards group 1 and Improvement capacity A give Green")


def test_welsh_matrix_unconfirmed_cell_says_so() -> None:
    framework = builtin()["wales_categorisation_2015_2017"]
    result = categorise(framework, 6, 2016, wales_facts(4, "D"))
    assert result.category == "red"
    assert result.reasons[0].text.endswith("(matrix cell UNCONFIRMED)")


def test_welsh_missing_step_is_insufficient_data() -> None:
    framework = builtin()["wales_categorisation_2015_2017"]
    result = categorise(framework, 6, 2016, wales_facts(2, None))
    assert result.category == INSUFFICIENT_DATA
    assert result.reasons[0].text == \
        "insufficient data: Improvement capacity: no improvement capacity recorded"


def test_welsh_from_2018_uses_capacity_only() -> None:
    framework = builtin()["wales_categorisation_2018_2020"]
    assert categorise(framework, 6, 2018, wales_facts(None, "A")).category == "green"
    assert categorise(framework, 6, 2019, wales_facts(None, "C")).category == "amber"
    assert framework.applies_to(2018) and not framework.applies_to(2017)


# The Welsh step-3 table, cell by cell against its sources. Confirmed: 1A -> green (Olchfa
# School 2015: standards group 1, capacity A, green; Bishopston School: "GREEN 1A"). No
# stored source gives any other cell (definitions/frameworks/wales_categorisation_2015_2017
# .yaml lists what was searched): each must say UNCONFIRMED in its reason.
CONFIRMED_CELLS = {("1", "A"): "green"}
ALL_CELLS = [(str(g), c) for g in range(1, 5) for c in "ABCD"]


@pytest.mark.parametrize(("group", "capacity"), ALL_CELLS)
def test_welsh_matrix_cell_by_cell(group: str, capacity: str) -> None:
    framework = builtin()["wales_categorisation_2015_2017"]
    result = categorise(framework, 6, 2016, wales_facts(int(group), capacity))
    text = result.reasons[0].text
    if (group, capacity) in CONFIRMED_CELLS:
        assert result.category == CONFIRMED_CELLS[(group, capacity)]
        assert "UNCONFIRMED" not in text
    else:
        assert result.category in {"green", "yellow", "amber", "red"}
        assert text.endswith("(matrix cell UNCONFIRMED)")


def test_welsh_unconfirmed_list_is_every_cell_without_a_source() -> None:
    matrix = builtin()["wales_categorisation_2015_2017"].matrix
    assert matrix is not None
    unconfirmed = {(g, c) for g, c in ALL_CELLS if not matrix.cell(g, c).confirmed}
    assert unconfirmed == set(ALL_CELLS) - set(CONFIRMED_CELLS)
