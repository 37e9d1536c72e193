"""KS2 and KS4 coasting 2016-2018 on hand-worked cube rows (The Coasting Schools (England)
Regulations 2017, SI 2017/9, regulations 4 and 5).

Each year of the three must meet the criteria:
- 2014 and 2015: < 85% level 4+ RWM AND expected progress below 94 / 96 / 93 (2014) or
  94 / 97 / 93 (2015) in reading, writing AND maths (table 1);
- 2016 on: < 85% RWM expected AND some progress score below -2.5 reading, -3.5 writing or
  -2.5 maths with its upper confidence limit below zero (table 2 and (iii)).
Fewer than 11 pupils in any year: not applied.
"""

from __future__ import annotations

from risk_fixtures import builtin, facts, row

from attain.domain.risk import INSUFFICIENT_DATA
from attain.risk.evaluate import categorise

COHORT = 30.0


def levels_year(year: int, rwm: float, read: float, writ: float, maths: float,
                cohort: float = COHORT) -> list[dict[str, object]]:
    return [row("ks2_l4_rwm", year, rwm, denominator=cohort),
            row("ks2_2lp_read", year, read), row("ks2_2lp_writ", year, writ),
            row("ks2_2lp_maths", year, maths)]


def scaled_year(year: int, rwm: float, progress: dict[str, tuple[float, float]],
                cohort: float = COHORT) -> list[dict[str, object]]:
    """progress: subject -> (score, upper confidence limit)."""
    rows = [row("ks2_rwm_expected", year, rwm, denominator=cohort)]
    for subject in ("read", "writ", "maths"):
        score, upper = progress.get(subject, (0.0, 1.0))
        rows.append(row(f"ks2_{subject}_progress", year, score, ci_high=upper))
    return rows


# Below every bar, by the smallest step the figures allow.
Y2014 = levels_year(2014, 84.9, 93.9, 95.9, 92.9)
Y2015 = levels_year(2015, 84.9, 93.9, 96.9, 92.9)
SIG_READING = {"read": (-2.6, -0.1)}


def coasting(year: int, *years: list[dict[str, object]]) -> str:
    rows = [r for rows in years for r in rows]
    framework = builtin()[f"england_coasting_ks2_{year}"]
    return categorise(framework, 1, year, facts(*rows)).category


def test_2016_below_in_all_three_years_is_coasting() -> None:
    assert coasting(2016, Y2014, Y2015, scaled_year(2016, 84.9, SIG_READING)) == "coasting"


def test_2016_one_year_above_is_not_coasting() -> None:
    at_2015_writing_bar = levels_year(2015, 84.9, 93.9, 97.0, 92.9)   # 97% is the 2015 bar
    assert coasting(2016, Y2014, at_2015_writing_bar,
                    scaled_year(2016, 84.9, SIG_READING)) == "not_coasting"
    # 96.5% writing: below the 2015 bar (97) but not the 2014 bar (96)
    writing_96_5 = (levels_year(2014, 84.9, 93.9, 96.5, 92.9),
                    levels_year(2015, 84.9, 93.9, 96.5, 92.9))
    assert coasting(2016, writing_96_5[0], Y2015,
                    scaled_year(2016, 84.9, SIG_READING)) == "not_coasting"
    assert coasting(2016, Y2014, writing_96_5[1],
                    scaled_year(2016, 84.9, SIG_READING)) == "coasting"
    assert coasting(2016, Y2014, Y2015,
                    scaled_year(2016, 85.0, SIG_READING)) == "not_coasting"   # on 85%


def test_2016_progress_must_be_below_the_bar_and_significant() -> None:
    not_significant = {"read": (-3.0, 0.2)}
    on_the_bar = {"read": (-2.5, -0.1)}
    writing_only = {"writ": (-3.6, -0.4)}           # -3.5 is writing's bar
    writing_on_bar = {"writ": (-3.5, -0.4)}
    maths_only = {"read": (-2.5, -0.1), "maths": (-2.6, -0.1)}
    for progress, expected in ((not_significant, "not_coasting"), (on_the_bar, "not_coasting"),
                               (writing_only, "coasting"), (writing_on_bar, "not_coasting"),
                               (maths_only, "coasting")):
        assert coasting(2016, Y2014, Y2015, scaled_year(2016, 50.0, progress)) == expected, \
            progress


def test_2016_reasons_cover_all_three_years() -> None:
    framework = builtin()["england_coasting_ks2_2016"]
    rows = [*Y2014, *Y2015, *scaled_year(2016, 84.9, SIG_READING)]
    texts = [r.text for r in categorise(framework, 1, 2016, facts(*rows)).reasons]
    assert texts[0] == ("KS2 level 4+ reading, writing and maths 84.9% is below the 85% "
                        "coasting bar (2014)")
    assert "KS2 expected progress in writing 96.9% is below the 97% median (2015)" in texts
    assert "KS2 reading progress -2.6 is below the -2.5 coasting bar (2016)" in texts
    assert "KS2 reading progress upper confidence limit -0.1 is below 0 (2016)" in texts


def test_2017_uses_2015_levels_and_two_scaled_years() -> None:
    assert coasting(2017, Y2015, scaled_year(2016, 84.9, SIG_READING),
                    scaled_year(2017, 84.9, {"maths": (-2.6, -0.2)})) == "coasting"
    assert coasting(2017, Y2015, scaled_year(2016, 84.9, {"read": (-2.6, 0.3)}),
                    scaled_year(2017, 84.9, SIG_READING)) == "not_coasting"


def test_2018_three_scaled_years() -> None:
    years = [scaled_year(y, 70.0, SIG_READING) for y in (2016, 2017, 2018)]
    assert coasting(2018, *years) == "coasting"
    years[1] = scaled_year(2017, 70.0, {"read": (-2.4, -0.1)})
    assert coasting(2018, *years) == "not_coasting"


def test_fewer_than_11_pupils_in_any_year_is_not_applied() -> None:
    small_2015 = levels_year(2015, 50.0, 50.0, 50.0, 50.0, cohort=10.0)
    assert coasting(2016, Y2014, small_2015,
                    scaled_year(2016, 84.9, SIG_READING)) == "not_applied"


def test_missing_year_is_insufficient_data() -> None:
    # a school with no 2014 results cannot be shown to be outside the definition
    assert coasting(2016, Y2015, scaled_year(2016, 84.9, SIG_READING)) == INSUFFICIENT_DATA


# KS4 (SI 2017/9 regulation 5, table 3): 2014 < 60% 5+A*-C EM and expected progress below
# English 74% and maths 67%; 2015 below 73% / 68%; from 2016 Progress 8 < -0.25 with upper
# confidence limit < 0. Too few pupils: under 11 (2014, 2015) or 6 (2016 on).
def ks4_levels(year: int, em: float, eng: float, maths: float,
               cohort: float = COHORT) -> list[dict[str, object]]:
    return [row("ks4_5ac_em", year, em, denominator=cohort), row("ks4_3lp_eng", year, eng),
            row("ks4_3lp_maths", year, maths)]


def ks4_p8(year: int, p8: float, upper: float, cohort: float = COHORT) -> list[dict[str, object]]:
    return [row("ks4_p8", year, p8, ci_high=upper, denominator=cohort)]


def test_ks4_2016_two_years_of_levels_then_progress_8() -> None:
    k2014, k2015 = ks4_levels(2014, 59.9, 73.9, 66.9), ks4_levels(2015, 59.9, 72.9, 67.9)
    assert coasting_ks4(2016, k2014, k2015, ks4_p8(2016, -0.26, -0.01)) == "coasting"
    # on each bar in turn: 74% English in 2014, 68% maths in 2015, -0.25 or CI 0 in 2016
    assert coasting_ks4(2016, ks4_levels(2014, 59.9, 74.0, 66.9), k2015,
                        ks4_p8(2016, -0.26, -0.01)) == "not_coasting"
    assert coasting_ks4(2016, k2014, ks4_levels(2015, 59.9, 72.9, 68.0),
                        ks4_p8(2016, -0.26, -0.01)) == "not_coasting"
    assert coasting_ks4(2016, k2014, k2015, ks4_p8(2016, -0.25, -0.01)) == "not_coasting"
    assert coasting_ks4(2016, k2014, k2015, ks4_p8(2016, -0.5, 0.0)) == "not_coasting"
    assert coasting_ks4(2016, k2014, k2015, ks4_p8(2016, -0.5, -0.1, cohort=5.0)) \
        == "not_applied"


def test_ks4_2018_three_years_of_progress_8() -> None:
    years = [ks4_p8(y, -0.3, -0.05) for y in (2016, 2017, 2018)]
    assert coasting_ks4(2018, *years) == "coasting"
    years[0] = ks4_p8(2016, -0.3, 0.02)
    assert coasting_ks4(2018, *years) == "not_coasting"


def coasting_ks4(year: int, *years: list[dict[str, object]]) -> str:
    rows = [r for rows in years for r in rows]
    framework = builtin()[f"england_coasting_ks4_{year}"]
    return categorise(framework, 1, year, facts(*rows)).category
