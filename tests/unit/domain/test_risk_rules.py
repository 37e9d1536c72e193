"""Operators, input keys and the falling-roll characteristic (attain.domain.risk)."""

from __future__ import annotations

import pytest

from attain.domain.risk import InputRef, Op, Source, falling_roll, show


@pytest.mark.parametrize(("op", "left", "right", "expected"), [
    (Op.LT, 39.9, 40, True), (Op.LT, 40.0, 40, False), (Op.LT, 40.1, 40, False),
    (Op.LE, 40.0, 40, True), (Op.LE, 40.1, 40, False),
    (Op.GT, 40.1, 40, True), (Op.GT, 40.0, 40, False),
    (Op.GE, 40.0, 40, True), (Op.GE, 39.9, 40, False),
    (Op.EQ, 4, 4, True), (Op.EQ, 3, 4, False), (Op.EQ, "A", "A", True),
    (Op.NE, 3, 4, True), (Op.NE, "B", "B", False),
    (Op.IN, "special_measures", ("special_measures", "serious_weaknesses"), True),
    (Op.IN, "none", ("special_measures", "serious_weaknesses"), False),
    (Op.NOT_IN, "none", ("special_measures",), True),
    (Op.NOT_IN, "special_measures", ("special_measures",), False),
])
def test_every_operator_at_its_boundary(op: Op, left: object, right: object,
                                        expected: bool) -> None:
    assert op.holds(left, right) is expected  # type: ignore[arg-type]


def test_comparison_with_a_list_is_refused() -> None:
    with pytest.raises(ValueError, match="one value"):
        Op.LT.holds(1, (1, 2))


def test_operator_words_read_both_ways() -> None:
    assert (Op.LT.words(True), Op.LT.words(False)) == ("below", "not below")
    assert (Op.GE.words(True), Op.GE.words(False)) == ("at or above", "below")


def test_measure_fact_key_applies_the_year_offset() -> None:
    ref = InputRef(Source.MEASURE, "ks4_p8", "ci_high", "fsm", -2)
    assert ref.fact_key(2017) == "measure:ks4_p8:ci_high:fsm:2015"
    assert InputRef(Source.OFSTED, "overall").fact_key(2017) == "ofsted:overall"


def test_show_formats_percent_and_scores() -> None:
    assert show(36.2, "percent") == "36.2%"
    assert show(-0.6, "score", 2) == "-0.60"
    assert show(40, "percent") == "40%"
    assert show(None) == "none"


# Hand-worked census rolls: 420 -> 400 -> 380 falls in both steps; a flat or rising
# step is not a falling roll; a missing year is unknown, not "no".
@pytest.mark.parametrize(("rolls", "expected"), [
    ({2010: 420, 2011: 400, 2012: 380}, True),
    ({2010: 420, 2011: 400, 2012: 400}, False),
    ({2010: 380, 2011: 400, 2012: 390}, False),
    ({2010: 420, 2012: 380}, None),
])
def test_falling_roll_over_three_census_years(rolls: dict[int, int],
                                              expected: bool | None) -> None:
    assert falling_roll(rolls, 2012) is expected
