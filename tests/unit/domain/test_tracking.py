"""The on-track rule, with cases worked by hand (working in the comments)."""

from __future__ import annotations

import pytest

from attain.domain.plans import (
    Comparator,
    ComparatorRule,
    MeasureLink,
    MeasureOfSuccess,
    Point,
)
from attain.domain.results import Level
from attain.domain.tracking import Inputs, Observation, Track, assess, roll_up

LINK = MeasureLink("ks2_l4_eng_maths", Level.LA, "885")


def target_measure(baseline: Point | None, target: Point) -> MeasureOfSuccess:
    return MeasureOfSuccess("KS2 L4+ English and maths", LINK, baseline, target)


# Baseline 70 in 2012, target 76 in 2015: the line rises 2 a year, so 72 is expected in
# 2013 and 74 in 2014. In 2014 needed = 74 - 70 = 4, half of it is 2.
@pytest.mark.parametrize(
    ("year", "value", "track", "expected"),
    [
        (2013, 72.0, Track.GREEN, 72.0),  # made 2 >= needed 2
        (2014, 74.5, Track.GREEN, 74.0),  # made 4.5 >= 4
        (2014, 73.0, Track.AMBER, 74.0),  # made 3: below 4, at least half (2)
        (2014, 72.0, Track.AMBER, 74.0),  # made 2 = half of 4
        (2014, 71.0, Track.RED, 74.0),  # made 1 < 2
        (2016, 75.0, Track.AMBER, 76.0),  # after the target year the target holds: 5 >= 3
        (2016, 72.0, Track.RED, 76.0),  # made 2 < 3
    ],
)
def test_trajectory_from_baseline_to_target(year: int, value: float, track: Track,
                                            expected: float) -> None:
    measure = target_measure(Point(70.0, 2012), Point(76.0, 2015))
    result = assess(measure, Inputs(Observation(year, value)))
    assert (result.track, result.expected) == (track, expected)


def test_lower_is_better_turns_the_rule_round() -> None:
    # Persistent absence: baseline 12.0% (2016) -> target 9.0% (2019): 11.0 expected in
    # 2017. 11.5 has made 0.5 of the 1.0 needed: exactly half -> amber; 12.5 went backwards.
    measure = MeasureOfSuccess("PA", MeasureLink("abs_persistent"), Point(12.0, 2016),
                               Point(9.0, 2019))
    lower = {"higher_is_better": False}
    assert assess(measure, Inputs(Observation(2017, 11.0), **lower)).track is Track.GREEN
    assert assess(measure, Inputs(Observation(2017, 11.5), **lower)).track is Track.AMBER
    assert assess(measure, Inputs(Observation(2017, 12.5), **lower)).track is Track.RED


def test_target_without_baseline() -> None:
    measure = target_measure(None, Point(55.0, 2015))
    assert assess(measure, Inputs(Observation(2014, 55.0))).track is Track.GREEN
    assert assess(measure, Inputs(Observation(2014, 50.0))).track is Track.AMBER
    assert assess(measure, Inputs(Observation(2015, 50.0))).track is Track.RED


def comparator_measure(rule: ComparatorRule, **extra: object) -> MeasureOfSuccess:
    return MeasureOfSuccess("at least in line with Worcestershire average", LINK,
                            comparator=Comparator(rule, "Worcestershire average", Level.LA,
                                                  "885"), **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "ours", "theirs", "track"),
    [
        (ComparatorRule.AT_LEAST_IN_LINE, 74.0, 74.0, Track.GREEN),  # equal is in line
        (ComparatorRule.AT_LEAST_IN_LINE, 73.0, 74.0, Track.AMBER),  # 1 behind = tolerance
        (ComparatorRule.AT_LEAST_IN_LINE, 72.5, 74.0, Track.RED),  # 1.5 behind
        (ComparatorRule.IN_LINE, 75.0, 74.0, Track.GREEN),
        (ComparatorRule.ABOVE, 74.0, 74.0, Track.AMBER),  # equal is not above
        (ComparatorRule.ABOVE, 74.1, 74.0, Track.GREEN),
        (ComparatorRule.ABOVE, 72.0, 74.0, Track.RED),
    ],
)
def test_comparator_rules(rule: ComparatorRule, ours: float, theirs: float,
                          track: Track) -> None:
    inputs = Inputs(Observation(2013, ours), comparator=Observation(2013, theirs))
    assert assess(comparator_measure(rule), inputs).track is track


def test_gap_halved_by_year() -> None:
    # FSM 40% vs all 60% in 2012: gap 20, to halve to 10 by 2016, i.e. narrow 2.5 a year.
    # 2014 expected gap 15: FSM 46 vs 60 (gap 14) green; 43 vs 60 (17) amber (< 20);
    # 39 vs 60 (21) red.
    measure = MeasureOfSuccess(
        "FSM gap halved by 2016", LINK, baseline=Point(40.0, 2012),
        comparator=Comparator(ComparatorRule.GAP_HALVED, "all pupils", by_year=2016))
    then = Observation(2012, 60.0)
    for ours, track in ((46.0, Track.GREEN), (43.0, Track.AMBER), (39.0, Track.RED)):
        inputs = Inputs(Observation(2014, ours), Observation(2014, 60.0), then)
        result = assess(measure, inputs)
        assert (result.track, result.expected) == (track, 15.0)


def test_target_and_comparator_take_the_worse() -> None:
    measure = comparator_measure(ComparatorRule.AT_LEAST_IN_LINE, baseline=Point(70.0, 2012),
                                 target=Point(76.0, 2015))
    # On trajectory (72 in 2013) but 3 behind the county (75): red overall.
    inputs = Inputs(Observation(2013, 72.0), comparator=Observation(2013, 75.0))
    assert assess(measure, inputs).track is Track.RED


def test_no_data_cases() -> None:
    linked = target_measure(Point(70.0, 2012), Point(76.0, 2015))
    assert assess(MeasureOfSuccess("words only"), Inputs(None)).track is Track.NO_DATA
    assert assess(linked, Inputs(None)).track is Track.NO_DATA
    assert assess(linked, Inputs(Observation(2013, None, suppressed=True))).track \
        is Track.NO_DATA
    comparing = comparator_measure(ComparatorRule.IN_LINE)
    assert assess(comparing, Inputs(Observation(2013, 70.0))).track is Track.NO_DATA


def test_roll_up_is_worst_with_data() -> None:
    assert roll_up([Track.GREEN, Track.NO_DATA, Track.AMBER]) is Track.AMBER
    assert roll_up([Track.GREEN, Track.RED]) is Track.RED
    assert roll_up([Track.NO_DATA]) is Track.NO_DATA
    assert roll_up([]) is Track.NO_DATA
