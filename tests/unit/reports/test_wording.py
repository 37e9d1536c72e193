"""Wording rules (attain.reports.wording), on hand-worked cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from attain.reports import wording
from attain.reports.wording import Unit

PERCENT = Unit("percent", 0)
PERCENT_1DP = Unit("percent", 1)
SCORE = Unit("score", 2)


def test_seed_004_phonics_sentence() -> None:
    # Seed 004, 6.2: "In Southend 52% of pupils met the expected level compared to a
    # national figure of 58%" -> 58 - 52 = 6 points below.
    text = wording.compared_with_national("Phonics", PERCENT, 52, 58)
    assert text == ("Phonics: 52% compared with 58% nationally "
                    "(6 percentage points below national).")


def test_difference_is_worked_from_shown_figures() -> None:
    # 61.26 shows as 61.3 and 59.14 as 59.1: 61.3 - 59.1 = 2.2, not round(2.12) = 2.1.
    assert wording.against(PERCENT_1DP, 61.26, 59.14, "national") == (
        "2.2 percentage points above national")


def test_equal_shown_figures_are_in_line() -> None:
    # Seed 004, 6.1.1: 68% against a national 68% is "in line with national figures".
    assert wording.against(PERCENT, 68.2, 67.9, "national") == "in line with national"


def test_singular_only_for_exactly_one() -> None:
    assert PERCENT.points(Decimal("1")) == "1 percentage point"
    assert PERCENT.points(Decimal("-2")) == "2 percentage points"
    assert PERCENT_1DP.points(Decimal("1.0")) == "1.0 percentage points"
    assert SCORE.points(Decimal("0.06")) == "0.06 points"


def test_non_percentages_differ_in_points() -> None:
    # Seed 004, 6.5: APS 504.3 and "24 points above national" -> national 480.3.
    assert wording.against(Unit("points", 1), 504.3, 480.3, "national") == (
        "24.0 points above national")


@pytest.mark.parametrize(("now", "before", "expected"), [
    # Seed 004 KS1 2012 reading L2b+: all 75.7, FSM 60.1 -> gap 15.6; 2011: 75.3 - 58.7
    # = 16.6; 15.6 - 16.6 = -1.0: narrowed by 1.0.
    ("-15.6", "-16.6", "the gap narrowed by 1.0 percentage points since 2011"),
    ("-12.0", "-9.5", "the gap widened by 2.5 percentage points since 2011"),
    ("4.0", "-4.0", "the gap stayed the same as in 2011"),
    ("-3.0", "-2.0", "the gap widened by 1.0 percentage points since 2011"),
])
def test_gap_change(now: str, before: str, expected: str) -> None:
    assert wording.gap_change(PERCENT_1DP, Decimal(now), Decimal(before), 2011) == expected


def test_change_since_previous_year() -> None:
    # Seed 004, 6.4: L4+ English and maths 74 (2011) -> 76 (2012): "increased by 2%".
    assert wording.change_since(PERCENT, 76, 74, 2011) == "up 2 percentage points from 2011"
    assert wording.change_since(PERCENT, 70.7, 70.7, 2011) == "the same as in 2011"
    assert wording.change_since(PERCENT_1DP, 46.6, 49.6, 2011) == (
        "down 3.0 percentage points from 2011")


def test_missing_figures_are_never_compared() -> None:
    assert "not published" in wording.compared_with_national("KS2", PERCENT, None, 58)
    assert wording.compared_with_national("KS2", PERCENT, 52, None) == (
        "KS2: 52%; no national figure is published.")


def test_counts() -> None:
    assert wording.count_noun(0, "school") == "no schools"
    assert wording.count_noun(1, "school") == "1 school"
    assert wording.count_noun(3, "child", "children") == "3 children"


def test_no_negative_zero_and_half_up_rounding() -> None:
    assert Unit("rate", 2).figure(-0.0001) == "0.00"
    assert PERCENT_1DP.figure(2.25) == "2.3%"  # half up, not banker's 2.2


@pytest.mark.parametrize(("value", "family", "size", "expected"), [
    # 60.0 against 70.0: 10.0 points below, 20 schools
    (60.0, 70.0, 20, "The family average of 20 similar schools was 70.0% "
                     "(10.0 percentage points below the family average)."),
    # 70.04 shows as 70.0, the same as the family's 69.96: in line; one school, singular
    (70.04, 69.96, 1, "The family average of 1 similar school was 70.0% "
                      "(in line with the family average)."),
    # 71.0 against 70.0: rule 4, singular only when shown as exactly "1", so "1.0 ... points"
    (71.0, 70.0, 3, "The family average of 3 similar schools was 70.0% "
                    "(1.0 percentage points above the family average)."),
    # the school's figure is suppressed or missing: the average, never a difference
    (None, 70.0, 20, "The family average of 20 similar schools was 70.0%."),
    # no family size in the cube (older comparisons files)
    (60.0, 70.0, None, "The family average of similar schools was 70.0% "
                       "(10.0 percentage points below the family average)."),
])
def test_family_sentence(value: float | None, family: float, size: int | None,
                         expected: str) -> None:
    assert wording.compared_with_family(PERCENT_1DP, value, family, size) == expected
