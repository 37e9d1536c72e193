"""Significance against national and the DfE Progress 8 bands."""

from __future__ import annotations

import math

import pytest

from attain.stats.intervals import progress_interval, wilson
from attain.stats.significance import (
    P8Band,
    Significance,
    compare,
    compare_arrays,
    p8_band,
    p8_band_arrays,
)

COMPARE_CASES = [
    (52.0, 50.0, 54.0, 49.9, Significance.SIG_ABOVE),
    (52.0, 50.0, 54.0, 50.0, Significance.ABOVE),  # touching the bound is not significant
    (52.0, 50.0, 54.0, 52.0, Significance.SIMILAR),
    (52.0, 50.0, 54.0, 54.0, Significance.BELOW),
    (52.0, 50.0, 54.0, 54.1, Significance.SIG_BELOW),
    (52.0, None, None, 60.0, Significance.BELOW),  # no interval: direction only
    (52.0, None, None, 40.0, Significance.ABOVE),
]
BAND_CASES = [
    # measures.md 4c bands: well above > 0.5 and CI > 0; above 0 < P8 <= 0.5 and CI > 0;
    # average CI contains 0; below -0.5 <= P8 < 0 and CI < 0; well below < -0.5 and CI < 0
    (0.8, 0.3, 1.3, P8Band.WELL_ABOVE),
    (0.5, 0.1, 0.9, P8Band.ABOVE),
    (0.2, 0.05, 0.35, P8Band.ABOVE),
    (0.6, -0.1, 1.3, P8Band.AVERAGE),
    (0.0, 0.0, 0.0, P8Band.AVERAGE),
    (-0.5, -0.9, -0.1, P8Band.BELOW),
    (-0.51, -0.9, -0.12, P8Band.WELL_BELOW),
    (-0.7, -1.5, 0.1, P8Band.AVERAGE),
]


def test_wilson_interval_above_national_is_significant() -> None:
    # 81 of 263 = 30.8%, Wilson 25.53%..36.62% (Newcombe 1998); national 20% lies below it
    ci = wilson(81, 263)
    assert compare(100 * 81 / 263, ci.low, ci.high, 20.0) is Significance.SIG_ABOVE
    # national 33% lies inside the interval and above the value
    assert compare(100 * 81 / 263, ci.low, ci.high, 33.0) is Significance.BELOW
    # national 40% lies above the whole interval
    assert compare(100 * 81 / 263, ci.low, ci.high, 40.0) is Significance.SIG_BELOW


@pytest.mark.parametrize(("value", "low", "high", "national", "expected"), COMPARE_CASES)
def test_compare(
    value: float, low: float | None, high: float | None, national: float, expected: Significance
) -> None:
    assert compare(value, low, high, national) is expected


def test_is_significant() -> None:
    assert Significance.SIG_BELOW.is_significant
    assert not Significance.ABOVE.is_significant


def test_dfe_case_is_below_average() -> None:
    # measures.md 4c: n = 100, P8 -0.30, σ 1.415869 -> CI (-0.5775, -0.0225) -> "below average"
    ci = progress_interval(-0.30, 1.415869, 100)
    assert p8_band(-0.30, ci.low, ci.high) is P8Band.BELOW


@pytest.mark.parametrize(("score", "low", "high", "expected"), BAND_CASES)
def test_p8_bands(score: float, low: float, high: float, expected: P8Band) -> None:
    assert p8_band(score, low, high) is expected


def test_compare_arrays_agree_with_compare_and_skip_missing_values() -> None:
    nan = math.nan
    columns = list(zip(*[(v, nan if lo is None else lo, nan if hi is None else hi, n)
                         for v, lo, hi, n, _ in COMPARE_CASES], strict=True))
    flags = compare_arrays(*columns)
    assert list(flags) == [expected.value for *_, expected in COMPARE_CASES]
    assert list(compare_arrays([nan, 50.0], [nan, 40.0], [nan, 60.0], [50.0, nan])) == [
        None, None]


def test_p8_band_arrays_agree_with_p8_band() -> None:
    columns = list(zip(*[(s, lo, hi) for s, lo, hi, _ in BAND_CASES], strict=True))
    assert list(p8_band_arrays(*columns)) == [expected.value for *_, expected in BAND_CASES]
    assert list(p8_band_arrays([math.nan], [0.1], [0.2])) == [None]
