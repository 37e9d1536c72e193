"""Confidence intervals: Wilson (percent), normal means and DfE progress intervals."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from attain.stats.intervals import (
    normal_mean,
    normal_mean_arrays,
    progress_interval,
    progress_interval_arrays,
    wilson,
    wilson_arrays,
)

READY_RECKONER = (
    Path(__file__).resolve().parents[3] / "data" / "real" / "dfe-ks4-ready-reckoner-2024"
)


def test_wilson_hand_worked_8_of_10() -> None:
    # Worked by hand with z = 1.96: p = 0.8, z²/n = 3.8416/10 = 0.38416, d = 1.38416
    # centre = (0.8 + 3.8416/20) / d = 0.99208 / 1.38416 = 0.716738
    # half = (1.96 / d) * sqrt(0.8*0.2/10 + 3.8416/400) = 1.416021 * sqrt(0.025604)
    #      = 1.416021 * 0.160012 = 0.226581  ->  (0.490157, 0.943319), i.e. 49.02% .. 94.33%
    ci = wilson(8, 10, z=1.96)
    assert ci.low == pytest.approx(49.0157, abs=1e-3)
    assert ci.high == pytest.approx(94.3319, abs=1e-3)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe R.G. (1998) "Two-sided confidence intervals for the single proportion:
        # comparison of seven methods", Statistics in Medicine 17:857-872, Table II,
        # method 3 (Wilson score interval without continuity correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_table(k: int, n: int, low: float, high: float) -> None:
    ci = wilson(k, n)
    assert round(ci.low / 100, 4) == low
    assert round(ci.high / 100, 4) == high


def test_wilson_is_asymmetric_near_the_edges_and_stays_in_range() -> None:
    ci = wilson(20, 20)
    assert ci.high == pytest.approx(100.0)
    assert 80 < ci.low < 100
    # 1 of 29 (3.4%): the interval reaches further up than down
    low, high = wilson(1, 29).low, wilson(1, 29).high
    assert high - 100 / 29 > 100 / 29 - low


@pytest.mark.parametrize(("k", "n"), [(1, 0), (-1, 5), (6, 5)])
def test_wilson_rejects_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson(k, n)


def test_wilson_arrays_agree_with_scalar_and_give_nan_without_pupils() -> None:
    k = np.array([81, 15, 0, 1, 0])
    n = np.array([263, 148, 20, 29, 0])
    low, high = wilson_arrays(k, n)
    for i in range(4):
        ci = wilson(int(k[i]), int(n[i]))
        assert low[i] == pytest.approx(ci.low)
        assert high[i] == pytest.approx(ci.high)
    assert math.isnan(low[4]) and math.isnan(high[4])


def test_dfe_progress8_case_from_measures_reference() -> None:
    # measures.md 4c test case: n = 100, P8 -0.30, national SD 1.415869
    # half-width = 1.96 * 1.415869 / sqrt(100) = 0.27751 -> CI (-0.5775, -0.0225)
    ci = progress_interval(-0.30, 1.415869, 100)
    assert ci.half_width == pytest.approx(0.2775, abs=5e-5)
    assert ci.low == pytest.approx(-0.5775, abs=5e-5)
    assert ci.high == pytest.approx(-0.0225, abs=5e-5)


def _ready_reckoner_pupils() -> list[float]:
    with open(READY_RECKONER / "p8_dummy_pupil_scores.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [float(r["Pupil's adjusted progress 8 score"]) for r in rows
            if r["Pupil included in progress 8 calculations"] == "1"]


def _national_p8_sd() -> float:
    with open(READY_RECKONER / "p8_stdev_file.csv", encoding="utf-8-sig") as f:
        return float(next(csv.DictReader(f))["p8stdev"])


def test_ks4_ready_reckoner_2024_dummy_school() -> None:
    # DfE KS4 ready reckoner (Dec 2024) dummy input: nine pupils, sum 2.05, mean 0.22778;
    # national SD 1.41628 -> half-width 1.96 * 1.41628 / 3 = 0.92530 (SOURCE.md);
    # CI (-0.6975, 1.1531).
    scores = _ready_reckoner_pupils()
    assert len(scores) == 9
    mean = sum(scores) / len(scores)
    ci = progress_interval(mean, _national_p8_sd(), len(scores))
    assert mean == pytest.approx(0.2278, abs=5e-5)
    assert ci.half_width == pytest.approx(0.9253, abs=5e-5)
    assert ci.low == pytest.approx(-0.6975, abs=5e-5)
    assert ci.high == pytest.approx(1.1531, abs=5e-5)


def test_normal_mean_uses_the_group_sd() -> None:
    # mean 104, SD 6, n 36 -> half = 1.959964 * 6 / 6 = 1.959964
    ci = normal_mean(104.0, 6.0, 36)
    assert (ci.low, ci.high) == pytest.approx((102.040036, 105.959964))
    assert ci.contains(104.0) and not ci.contains(106.0)
    with pytest.raises(ValueError):
        normal_mean(104.0, 6.0, 0)


def test_mean_and_progress_arrays_agree_with_scalar() -> None:
    low, high = normal_mean_arrays([104.0, 100.0], [6.0, 5.0], [36, 0])
    assert (low[0], high[0]) == pytest.approx((102.040036, 105.959964))
    assert math.isnan(low[1]) and math.isnan(high[1])
    plow, phigh = progress_interval_arrays(np.array([-0.30]), 1.415869, np.array([100]))
    assert (plow[0], phigh[0]) == pytest.approx((-0.5775103, -0.0224897), abs=1e-6)
