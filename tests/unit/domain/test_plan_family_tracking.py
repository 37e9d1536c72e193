"""A school's measure of success judged against its family of similar schools (issue 7,
item 5): the on-track rule with the family average as comparator, cases worked by hand in
the comments, and the rule that a family comparator needs a school-level link."""

from __future__ import annotations

import pytest

from attain.domain.plans import (
    Comparator,
    ComparatorRule,
    MeasureLink,
    MeasureOfSuccess,
    PlanError,
    Point,
)
from attain.domain.results import Level
from attain.domain.tracking import Inputs, Observation, Track, assess

SCHOOL = MeasureLink("ks2_rwm_expected", Level.SCHOOL, "100001")
FAMILY = Comparator(ComparatorRule.AT_LEAST_IN_LINE, "similar schools", family=True)


def in_line_with_family(comparator: Comparator = FAMILY) -> MeasureOfSuccess:
    return MeasureOfSuccess("RWM at least in line with similar schools", SCHOOL,
                            comparator=comparator)


# Family average 70.0% in 2019 (tests/unit/reports/family_site.py: 420 / 600 = 70.0%).
# ahead = school - family; tolerance 1 point.
@pytest.mark.parametrize(
    ("school", "track", "reason"),
    [
        (72.5, Track.GREEN, "+2.5 against similar schools in 2019"),  # ahead 2.5 >= 0
        (70.0, Track.GREEN, "+0 against similar schools in 2019"),  # level: in line
        (69.5, Track.AMBER, "-0.5 against similar schools in 2019"),  # behind by <= 1
        (69.0, Track.AMBER, "-1 against similar schools in 2019"),  # exactly the tolerance
        (60.0, Track.RED, "-10 against similar schools in 2019"),  # 18/30 = 60.0: 10 behind
    ],
)
def test_at_least_in_line_with_the_family_average(school: float, track: Track,
                                                  reason: str) -> None:
    result = assess(in_line_with_family(),
                    Inputs(Observation(2019, school), Observation(2019, 70.0)))
    assert (result.track, result.reason) == (track, reason)


def test_above_the_family_average_needs_to_be_strictly_above() -> None:
    above = Comparator(ComparatorRule.ABOVE, "similar schools", family=True)
    measure = in_line_with_family(above)
    # 70.0 against 70.0 is level, not above: amber; 70.1 is above: green
    assert assess(measure, Inputs(Observation(2019, 70.0), Observation(2019, 70.0))
                  ).track is Track.AMBER
    assert assess(measure, Inputs(Observation(2019, 70.1), Observation(2019, 70.0))
                  ).track is Track.GREEN


def test_lower_is_better_against_the_family() -> None:
    # Persistent absence 12.0% against the family's 10.5%: 1.5 points worse, beyond the
    # 1-point tolerance: red. 11.0% is 0.5 worse: amber.
    measure = MeasureOfSuccess("PA in line with similar schools",
                               MeasureLink("abs_persistent", Level.SCHOOL, "100001"),
                               comparator=FAMILY)
    lower = {"higher_is_better": False}
    assert assess(measure, Inputs(Observation(2019, 12.0), Observation(2019, 10.5), **lower)
                  ).track is Track.RED
    assert assess(measure, Inputs(Observation(2019, 11.0), Observation(2019, 10.5), **lower)
                  ).track is Track.AMBER


@pytest.mark.parametrize(
    "family",
    [None,  # no comparisons row for the school
     Observation(2019, None),  # a row without a family average (null, never 0)
     Observation(2018, 68.4)],  # only an older year's family average
)
def test_no_family_average_is_no_data_never_zero(family: Observation | None) -> None:
    result = assess(in_line_with_family(), Inputs(Observation(2019, 60.0), family))
    assert (result.track, result.reason) == (Track.NO_DATA,
                                             "no 2019 value for similar schools")


def test_a_family_comparator_without_a_label_is_shown_as_similar_schools() -> None:
    unlabelled = Comparator(ComparatorRule.AT_LEAST_IN_LINE, "", family=True)
    result = assess(in_line_with_family(unlabelled), Inputs(Observation(2019, 60.0), None))
    assert result.reason == "no 2019 value for similar schools"


def test_a_suppressed_school_value_is_no_data_as_for_any_suppressed_row() -> None:
    # family_site.py: the school's FSM row 2 / 4 is suppressed; its family has 45.0%
    result = assess(in_line_with_family(), Inputs(Observation(2019, 50.0, suppressed=True),
                                                  Observation(2019, 45.0)))
    assert (result.track, result.reason) == (Track.NO_DATA, "2019 value suppressed")


# Gap halved by 2021 against the family. Baseline: school 60.0 in 2017, family 70.0 then,
# so the first gap is 10.0; it should fall on a straight line to 5.0 in 2021, i.e. by 1.25
# a year: 7.5 expected in 2019.
@pytest.mark.parametrize(
    ("school", "family", "track"),
    [
        (63.0, 70.0, Track.GREEN),  # gap 7.0 <= 7.5
        (62.5, 70.0, Track.GREEN),  # gap 7.5: exactly on the line
        (62.0, 71.0, Track.AMBER),  # gap 9.0: wider than 7.5, narrower than 10
        (58.0, 70.0, Track.RED),  # gap 12.0: wider than at baseline
    ],
)
def test_gap_to_the_family_halved(school: float, family: float, track: Track) -> None:
    rule = Comparator(ComparatorRule.GAP_HALVED, "similar schools", by_year=2021, family=True)
    measure = MeasureOfSuccess("Halve the gap to similar schools by 2021", SCHOOL,
                               baseline=Point(60.0, 2017), comparator=rule)
    result = assess(measure, Inputs(Observation(2019, school), Observation(2019, family),
                                    Observation(2017, 70.0)))
    assert (result.track, result.expected) == (track, 7.5)
    assert result.reason.startswith("gap to similar schools ")


def test_gap_halved_without_the_family_average_at_baseline_is_no_data() -> None:
    rule = Comparator(ComparatorRule.GAP_HALVED, "similar schools", by_year=2021, family=True)
    measure = MeasureOfSuccess("Halve the gap", SCHOOL, baseline=Point(60.0, 2017),
                               comparator=rule)
    result = assess(measure, Inputs(Observation(2019, 63.0), Observation(2019, 70.0), None))
    assert result.track is Track.NO_DATA


@pytest.mark.parametrize(
    ("link", "where"),
    [(MeasureLink("ks2_rwm_expected", Level.LA, "882"), "linked at la level"),
     (MeasureLink("ks2_rwm_expected", Level.NATIONAL, "E92000001"),
      "linked at national level"),
     (None, "not linked to a measure")],
)
def test_a_family_comparator_needs_a_school_level_link(link: MeasureLink | None,
                                                       where: str) -> None:
    with pytest.raises(PlanError, match=f"needs a measure linked at school level, but this "
                                        f"measure of success is {where}"):
        MeasureOfSuccess("In line with similar schools", link, comparator=FAMILY)


def test_a_family_comparator_names_no_other_area() -> None:
    with pytest.raises(PlanError, match="leave the comparator's level and area empty"):
        Comparator(ComparatorRule.IN_LINE, "similar schools", Level.LA, "882", family=True)


def test_other_comparators_may_still_follow_any_link() -> None:
    la = MeasureOfSuccess("In line with England", MeasureLink("ks2_rwm_expected", Level.LA,
                                                              "882"),
                          comparator=Comparator(ComparatorRule.IN_LINE, "England",
                                                Level.NATIONAL, "E92000001"))
    assert la.comparator is not None and not la.comparator.family
