"""95% confidence intervals as the results cube stores them.

Units: `wilson` works in **percent (0-100)**, the unit of the cube's `value`, `ci_low` and
`ci_high` for proportions. `normal_mean` and `progress_interval` work in the unit of the
mean or score they are given (points, scaled score, Progress 8 score).

Each scalar function has a vectorised `*_arrays` twin for the compute service; the twins
return NaN where an interval is undefined (no pupils), which the service writes as null.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z95 = 1.959964
"""Two-sided 95% normal quantile (1.959963985), used for Wilson and mean intervals."""
DFE_Z = 1.96
"""The rounded quantile DfE uses for Progress 8 / KS2 progress intervals (ready reckoner)."""

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def contains(self, x: float) -> bool:
        return self.low <= x <= self.high


def _check_counts(successes: float, n: float) -> None:
    if n <= 0:
        raise ValueError(f"an interval needs at least one pupil, got n={n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in 0..n, got {successes} of {n}")


def wilson(successes: float, n: float, z: float = Z95) -> Interval:
    """Wilson score interval of the proportion successes/n, in percent."""
    _check_counts(successes, n)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Interval(100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def normal_mean(mean: float, sd: float, n: float, z: float = Z95) -> Interval:
    """mean ± z·sd/√n, for an average (points, scaled score) with the group's own SD."""
    if n <= 0:
        raise ValueError(f"an interval needs at least one pupil, got n={n}")
    half = z * sd / math.sqrt(n)
    return Interval(mean - half, mean + half)


def progress_interval(score: float, national_sd: float, n: float) -> Interval:
    """DfE progress interval: score ± 1.96·σ/√n, σ the national SD of pupil scores."""
    return normal_mean(score, national_sd, n, z=DFE_Z)


def wilson_arrays(
    successes: npt.ArrayLike, n: npt.ArrayLike, z: float = Z95
) -> tuple[FloatArray, FloatArray]:
    """Vectorised `wilson`: (low, high) in percent, NaN where n <= 0."""
    k = np.asarray(successes, dtype=np.float64)
    total = np.asarray(n, dtype=np.float64)
    valid = total > 0
    safe_n = np.where(valid, total, 1.0)
    p = np.where(valid, k / safe_n, 0.0)
    z2 = z * z
    denominator = 1 + z2 / safe_n
    centre = (p + z2 / (2 * safe_n)) / denominator
    radicand = np.clip(p * (1 - p), 0.0, None) / safe_n + z2 / (4 * safe_n * safe_n)
    half = z / denominator * np.sqrt(radicand)
    low = np.where(valid, 100 * np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(valid, 100 * np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def normal_mean_arrays(
    mean: npt.ArrayLike, sd: npt.ArrayLike, n: npt.ArrayLike, z: float = Z95
) -> tuple[FloatArray, FloatArray]:
    """Vectorised `normal_mean`: NaN where n <= 0 or an input is NaN."""
    m = np.asarray(mean, dtype=np.float64)
    total = np.asarray(n, dtype=np.float64)
    valid = total > 0
    half = np.where(
        valid, z * np.asarray(sd, dtype=np.float64) / np.sqrt(np.where(valid, total, 1.0)), np.nan
    )
    return m - half, m + half


def progress_interval_arrays(
    score: npt.ArrayLike, national_sd: float, n: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Vectorised `progress_interval`."""
    return normal_mean_arrays(score, national_sd, n, z=DFE_Z)
