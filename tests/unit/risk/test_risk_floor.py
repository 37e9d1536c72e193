"""Floor and coasting standards on hand-worked cube rows (definitions/frameworks)."""

from __future__ import annotations

import math

from risk_fixtures import builtin, facts, row

from attain.domain.risk import INSUFFICIENT_DATA, ReasonKind
from attain.risk.evaluate import categorise

# National figures attached to each row are fixture values chosen by hand (the national
# *median* of school expected-progress percentages is not published in the cube).
EP_NATIONAL = 68.0


def ks4_2012(urn: int, em: float | None, eng: float | None, maths: float | None,
             suppressed: str | None = None) -> list[dict[str, object]]:
    return [row("ks4_5ac_em", 2012, em, suppressed=suppressed, national_value=59.4),
            row("ks4_3lp_eng", 2012, eng, national_value=EP_NATIONAL),
            row("ks4_3lp_maths", 2012, maths, national_value=EP_NATIONAL)]


# A 2012 picture: six schools; exactly those below 40% with both progress measures
# below the national figure are below the floor (DfE 2012: 40% and expected progress).
PICTURE_2012 = {
    1001: ks4_2012(1001, 36.2, 60.0, 55.0),   # below 40 and both EP below -> below floor
    1002: ks4_2012(1002, 40.0, 60.0, 55.0),   # exactly at the floor: not below
    1003: ks4_2012(1003, 39.9, 60.0, 55.0),   # just below -> below floor
    1004: ks4_2012(1004, 35.0, 70.0, 55.0),   # English progress above national: above
    1005: ks4_2012(1005, 58.0, 50.0, 50.0),   # attainment fine: above
    1006: ks4_2012(1006, 62.0, 71.0, 72.0),
}


def test_exactly_the_schools_below_40_percent_with_low_progress_are_below_floor() -> None:
    framework = builtin()["england_floor_ks4_2010_2014"]
    below = {urn for urn, rows in PICTURE_2012.items()
             if categorise(framework, urn, 2012, facts(*rows)).category == "below_floor"}
    assert below == {1001, 1003}


def test_reasons_carry_the_numbers() -> None:
    framework = builtin()["england_floor_ks4_2010_2014"]
    result = categorise(framework, 1001, 2012, facts(*PICTURE_2012[1001]))
    assert result.label == "Below the floor standard"
    assert [r.text for r in result.reasons] == [
        "KS4 5+A*-C EM 36.2% is below the 40% floor standard (2012)",
        "KS4 expected progress in English 60.0% is below the national 68.0% (2012)",
        "KS4 expected progress in maths 55.0% is below the national 68.0% (2012)",
    ]
    assert all(r.kind is ReasonKind.FIRED for r in result.reasons)


def test_at_the_floor_says_why_it_is_above() -> None:
    framework = builtin()["england_floor_ks4_2010_2014"]
    result = categorise(framework, 1002, 2012, facts(*PICTURE_2012[1002]))
    assert result.category == "above_floor"
    assert result.reasons[0].text == \
        "KS4 5+A*-C EM 40.0% is not below the 40% floor standard (2012)"


def test_2011_uses_the_35_percent_floor() -> None:
    framework = builtin()["england_floor_ks4_2010_2014"]
    rows = [row("ks4_5ac_em", 2011, 36.2, national_value=59.0),
            row("ks4_3lp_eng", 2011, 60.0, national_value=EP_NATIONAL),
            row("ks4_3lp_maths", 2011, 55.0, national_value=EP_NATIONAL)]
    result = categorise(framework, 1001, 2011, facts(*rows))
    assert result.category == "above_floor"
    assert "not below the 35% floor standard (2011)" in result.reasons[0].text


def test_suppressed_attainment_is_insufficient_data_never_above() -> None:
    framework = builtin()["england_floor_ks4_2010_2014"]
    rows = ks4_2012(1007, None, 60.0, 55.0, suppressed="small_denominator")
    result = categorise(framework, 1007, 2012, facts(*rows))
    assert result.category == INSUFFICIENT_DATA
    assert result.reasons[0].kind is ReasonKind.INSUFFICIENT
    assert "suppressed (small_denominator)" in result.reasons[0].text


def test_unknown_progress_does_not_matter_when_attainment_decides() -> None:
    framework = builtin()["england_floor_ks4_2010_2014"]
    rows = [row("ks4_5ac_em", 2012, 45.0, national_value=59.4)]
    assert categorise(framework, 1, 2012, facts(*rows)).category == "above_floor"
    rows = [row("ks4_5ac_em", 2012, 35.0, national_value=59.4)]
    assert categorise(framework, 1, 2012, facts(*rows)).category == INSUFFICIENT_DATA


def test_2015_compares_with_the_published_medians() -> None:
    framework = builtin()["england_floor_ks4_2015"]
    # NAHT: 2015 medians English 73%, maths 68%; 72.9 is below, 73.0 is not.
    low = [row("ks4_5ac_em", 2015, 38.0), row("ks4_3lp_eng", 2015, 72.9),
           row("ks4_3lp_maths", 2015, 67.9)]
    at = [row("ks4_5ac_em", 2015, 38.0), row("ks4_3lp_eng", 2015, 73.0),
          row("ks4_3lp_maths", 2015, 67.9)]
    assert categorise(framework, 1, 2015, facts(*low)).category == "below_floor"
    assert categorise(framework, 1, 2015, facts(*at)).category == "above_floor"


def p8_row(year: int, mean: float, pupils: int) -> dict[str, object]:
    # DfE CI: mean +/- 1.96 * sigma / sqrt(n), sigma = 1.415869 (2022 file; reference 4c)
    half = 1.96 * 1.415869 / math.sqrt(pupils)
    return row("ks4_p8", year, mean, ci_low=mean - half, ci_high=mean + half,
               denominator=pupils)


def test_progress_8_floor_needs_both_score_and_confidence_interval() -> None:
    framework = builtin()["england_floor_ks4_p8_2016_2018"]
    # n=100, P8 -0.60 -> CI (-0.8775, -0.3225): below floor.
    below = categorise(framework, 1, 2017, facts(p8_row(2017, -0.60, 100)))
    assert below.category == "below_floor"
    assert below.reasons[0].text == "KS4 Progress 8 -0.60 is below the -0.5 floor standard (2017)"
    # n=9, P8 -0.60 -> half-width 0.925, upper limit +0.325: not below.
    assert categorise(framework, 1, 2017, facts(p8_row(2017, -0.60, 9))).category \
        == "above_floor"
    # exactly -0.5 is not below -0.5
    assert categorise(framework, 1, 2017, facts(p8_row(2017, -0.50, 400))).category \
        == "above_floor"
    # fewer than 6 pupils: not applied
    assert categorise(framework, 1, 2017, facts(p8_row(2017, -1.0, 5))).category \
        == "not_applied"


def ks2(year: int, rwm: float, read: float, writ: float, maths: float) -> list[dict[str, object]]:
    return [row("ks2_rwm_expected", year, rwm), row("ks2_read_progress", year, read),
            row("ks2_writ_progress", year, writ), row("ks2_maths_progress", year, maths)]


def test_primary_floor_boundaries() -> None:
    framework = builtin()["england_floor_ks2_2016_2018"]
    cases = {
        (64.0, -5.1, 0.0, 0.0): "below_floor",   # reading below -5
        (64.0, -5.0, -7.0, -5.0): "above_floor",  # every progress score exactly at the floor
        (64.0, 0.0, -7.1, 0.0): "below_floor",    # writing below -7
        (65.0, -9.0, -9.0, -9.0): "above_floor",  # 65% is not below 65%
    }
    got = {k: categorise(framework, 1, 2018, facts(*ks2(2018, *k))).category for k in cases}
    assert got == cases


def test_coasting_2017_reads_three_years() -> None:
    framework = builtin()["england_coasting_ks4_2017"]
    years = [row("ks4_5ac_em", 2015, 55.0), row("ks4_3lp_eng", 2015, 70.0),
             row("ks4_3lp_maths", 2015, 60.0), p8_row(2016, -0.4, 150), p8_row(2017, -0.3, 150)]
    result = categorise(framework, 1, 2017, facts(*years))
    assert result.category == "coasting"
    assert {r.text for r in result.reasons} >= {
        "KS4 5+A*-C EM 55.0% is below the 60% coasting bar (2015)",
        "KS4 Progress 8 -0.40 is below the -0.25 coasting bar (2016)"}
    # 2017 upper limit: -0.3 + 1.96*1.415869/sqrt(150) = -0.0734 < 0. At n=30 it is +0.207.
    years[-1] = p8_row(2017, -0.3, 30)
    assert categorise(framework, 1, 2017, facts(*years)).category == "not_coasting"
