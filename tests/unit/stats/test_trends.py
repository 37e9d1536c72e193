"""Trends over the last 3 and 5 available years."""

from __future__ import annotations

import math

import pytest

from attain.stats.trends import Direction, trend, trends

# A KS2 series with the real gap: no tests in 2019/20 and 2020/21 (years 2020, 2021).
KS2 = {2016: 53.0, 2017: 61.0, 2018: 64.0, 2019: 65.0, 2022: 59.0, 2023: 60.0}


def test_three_year_trend_skips_the_covid_gap() -> None:
    # last 3 available years up to 2022: 2018, 2019, 2022 -> 59 - 64 = -5
    t = trend(KS2, 3, up_to=2022)
    assert t is not None
    assert t.years == (2018, 2019, 2022)
    assert t.change == pytest.approx(-5.0)
    assert t.direction is Direction.DOWN
    assert t.improving(higher_is_better=True) is False
    assert t.improving(higher_is_better=False) is True


def test_five_year_trend_to_the_latest_year() -> None:
    # 2017, 2018, 2019, 2022, 2023 -> 60 - 61 = -1
    t = trend(KS2, 5)
    assert t is not None
    assert (t.first_year, t.last_year) == (2017, 2023)
    assert t.change == pytest.approx(-1.0)


def test_tolerance_makes_small_changes_no_change() -> None:
    t = trend(KS2, 5, tolerance=1.0)
    assert t is not None and t.direction is Direction.NO_CHANGE
    assert t.improving(True) is None
    t = trend(KS2, 5, tolerance=0.99)
    assert t is not None and t.direction is Direction.DOWN


def test_not_enough_years_or_missing_latest_year_gives_none() -> None:
    assert trend(KS2, 5, up_to=2019) is None  # only 2016-2019 available: 4 years
    assert trend(KS2, 3, up_to=2021) is None  # no value in 2021 itself
    assert trend({}, 3) is None


def test_suppressed_and_nan_values_count_as_missing() -> None:
    series: dict[int, float | None] = {2017: 10.0, 2018: None, 2019: math.nan, 2022: 12.0,
                                       2023: 16.0}
    t = trend(series, 3)
    assert t is not None
    assert t.years == (2017, 2022, 2023)
    assert t.change == pytest.approx(6.0) and t.direction is Direction.UP


def test_trends_gives_both_spans() -> None:
    both = trends(KS2, up_to=2023)
    assert both[3] is not None and both[3].years == (2019, 2022, 2023)
    assert both[5] is not None and both[5].years == (2017, 2018, 2019, 2022, 2023)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        trend(KS2, 1)
    with pytest.raises(ValueError):
        trend(KS2, 3, tolerance=-1)
