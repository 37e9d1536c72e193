"""Challenge list, LA target and suggested targets on hand-worked fixtures."""

from __future__ import annotations

import pytest

from attain.targets.challenge import Estimate, challenge_list, la_target
from attain.targets.records import Target
from attain.targets.suggest import suggest

TARGETS = [
    Target(100001, "ks4_att8", 2025, 45.0),
    Target(100002, "ks4_att8", 2025, 50.0),
    Target(100003, "ks4_att8", 2025, 47.0),
    Target(100004, "ks4_att8", 2025, 40.0),  # no estimate: cannot be challenged
    Target(100001, "abs_persistent", 2025, 6.0),
]
ESTIMATES = {
    (100001, "ks4_att8"): Estimate(48.0, 45.5, 50.5, 100),
    (100002, "ks4_att8"): Estimate(48.0, 46.0, 50.0, 150),
    (100003, "ks4_att8"): Estimate(48.5, 44.0, 53.0, 50),
    (100001, "abs_persistent"): Estimate(5.0, 4.0, 6.5, 100),
}
LAST_YEAR = {(100001, "ks4_att8"): 47.2}


def test_challenge_lists_targets_below_estimate_largest_shortfall_first() -> None:
    rows = challenge_list(TARGETS, ESTIMATES, LAST_YEAR,
                          higher_is_better={"abs_persistent": False})
    # 48.0 - 45.0 = 3.0; 48.5 - 47.0 = 1.5; absence (lower is better): 6.0 - 5.0 = 1.0.
    assert [(r.urn, r.measure_id, r.shortfall) for r in rows] == [
        (100001, "ks4_att8", 3.0), (100003, "ks4_att8", 1.5), (100001, "abs_persistent", 1.0)]
    first = rows[0]
    assert (first.target, first.estimate, first.last_year) == (45.0, 48.0, 47.2)
    # 45.0 is below the range 45.5-50.5; 47.0 is inside 44.0-53.0; 6.0 is inside 4.0-6.5.
    assert [r.below_range for r in rows] == [True, False, False]


def test_la_target_is_the_pupil_weighted_sum_of_school_targets() -> None:
    la = la_target(TARGETS, ESTIMATES, "ks4_att8", 2025)
    assert la is not None
    # (45*100 + 50*150 + 47*50) / 300 = 14350 / 300; estimate 14425 / 300.
    assert la.target == pytest.approx(47.8333333)
    assert la.estimate == pytest.approx(48.0833333)
    assert (la.pupils, la.schools) == (300, 3)


FAMILY = [10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 26.0]  # 25th percentile = 14.0


def test_suggested_targets_step_toward_the_family_upper_quartile() -> None:
    rows = suggest([(2022, 20.0), (2023, 19.0), (2024, 18.0)], FAMILY, higher_is_better=False)
    # Goal 14: 18 - 4k/3 = 16.67, 15.33, 14.0 beats the trend 17, 16, 15.
    assert [r.year for r in rows] == [2025, 2026, 2027]
    assert [r.value for r in rows] == pytest.approx([16.6666667, 15.3333333, 14.0])


def test_suggested_targets_follow_a_better_own_trend() -> None:
    rows = suggest([(2022, 24.0), (2023, 21.0), (2024, 18.0)], FAMILY, higher_is_better=False)
    assert [r.value for r in rows] == pytest.approx([15.0, 12.0, 9.0])


def test_suggested_targets_never_ask_for_worse_than_now() -> None:
    rows = suggest([(2023, 12.0), (2024, 12.0)], FAMILY, higher_is_better=False)
    assert [r.value for r in rows] == [12.0, 12.0, 12.0]
    higher = suggest([(2024, 50.0)], [40.0, 60.0, 80.0], higher_is_better=True)
    # 75th percentile of 40, 60, 80 is 70: 50 + 20k/3.
    assert [r.value for r in higher] == pytest.approx([56.6666667, 63.3333333, 70.0])
