"""Every vulnerability rule on a fixture pupil built to meet exactly that rule."""

from __future__ import annotations

import pytest

from attain.errors import UserError
from attain.vulnerable.rules import PupilFacts, assess, default_rules, rules_from_yaml

BASE = {"urn": 100001, "nc_year": 9, "attendance": 97.0, "attendance_last_year": 97.5,
        "sen": "N", "years_in_census": 6, "first_nc_year": 3}

ONE_PER_RULE = {
    "low_attendance": PupilFacts("A", **{**BASE, "attendance": 89.9,
                                         "attendance_last_year": 89.0}),
    "attendance_fall": PupilFacts("B", **{**BASE, "attendance": 95.9,
                                          "attendance_last_year": 97.0}),
    "repeated_fixed_exclusions": PupilFacts("C", **BASE, fixed_exclusions=2),
    "looked_after": PupilFacts("D", **BASE, lac=True),
    "fsm_low_prior": PupilFacts("E", **BASE, fsm=True, low_prior=True),
    "sen_no_progress": PupilFacts("F", **{**BASE, "sen": "K"}, estimate_gap=-2.0),
    "eal_new_arrival": PupilFacts("G", **{**BASE, "years_in_census": 2, "first_nc_year": 8},
                                  eal=True),
    "mobility": PupilFacts("H", **BASE, changed_school=True),
    "below_estimate": PupilFacts("I", **BASE, estimate_gap=-5.5),
}


@pytest.mark.parametrize("rule_id", sorted(ONE_PER_RULE))
def test_each_rule_flags_its_pupil_and_only_that_rule(rule_id: str) -> None:
    assessment = assess(default_rules(), ONE_PER_RULE[rule_id])
    assert [r.rule_id for r in assessment.reasons] == [rule_id]


def test_near_misses_are_not_flagged() -> None:
    near = [
        PupilFacts("a", **{**BASE, "attendance": 90.0, "attendance_last_year": 91.0}),  # fall 1
        PupilFacts("b", **BASE, fixed_exclusions=1),
        PupilFacts("c", **BASE, fsm=True),  # FSM but prior not low
        PupilFacts("d", **BASE, low_prior=True),  # low prior but not FSM
        PupilFacts("e", **BASE, eal=True),  # EAL, here six years
        PupilFacts("f", **{**BASE, "years_in_census": 1, "first_nc_year": 0}, eal=True),
        PupilFacts("g", **BASE, estimate_gap=-5.0),  # margin is "more than 5"
        PupilFacts("h", **{**BASE, "attendance": None}),
    ]
    for facts in near:
        assert assess(default_rules(), facts).reasons == (), facts.pupil_id


def test_every_reason_is_listed_and_priority_is_the_sum_of_weights() -> None:
    facts = PupilFacts("Z", **{**BASE, "attendance": 80.0, "attendance_last_year": 92.0,
                               "sen": "E"}, lac=True, estimate_gap=-12.0)
    assessment = assess(default_rules(), facts)
    assert [r.rule_id for r in assessment.reasons] == [
        "low_attendance", "attendance_fall", "looked_after", "sen_no_progress",
        "below_estimate"]
    # weights 3 + 2 + 3 + 2 + 2 from definitions/vulnerability.yaml
    assert assessment.priority == 12
    assert assessment.formula == ("3 (low_attendance) + 2 (attendance_fall) + 3 (looked_after)"
                                  " + 2 (sen_no_progress) + 2 (below_estimate) = 12")
    assert "attendance fell 12.0 points (92.0% to 80.0%)" in [r.evidence
                                                              for r in assessment.reasons]


def test_thresholds_come_from_the_yaml() -> None:
    rules = rules_from_yaml("rules:\n  - {id: low, title: Low, kind: attendance_below, "
                            "threshold: 95, weight: 1}\n")
    assert assess(rules, PupilFacts("A", **{**BASE, "attendance": 94.0})).reasons


def test_unknown_rule_kind_is_a_user_error() -> None:
    with pytest.raises(UserError, match="unknown kind"):
        rules_from_yaml("rules:\n  - {id: x, kind: horoscope}\n")
