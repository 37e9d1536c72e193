"""Comparison with the national figure, and the DfE Progress 8 bands.

"Significantly above/below" is a flag (a value), never a colour: the display mapping lives
with the reports.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import numpy.typing as npt

ObjectArray = npt.NDArray[np.object_]


class Significance(StrEnum):
    """Where a value sits against a benchmark (usually national), using its 95% CI.

    sig_above / sig_below: the whole interval lies above / below the benchmark.
    above / below: the point estimate is higher / lower but the interval contains the
    benchmark (or there is no interval). similar: equal to the benchmark.
    """

    SIG_ABOVE = "sig_above"
    ABOVE = "above"
    SIMILAR = "similar"
    BELOW = "below"
    SIG_BELOW = "sig_below"

    @property
    def is_significant(self) -> bool:
        return self in (Significance.SIG_ABOVE, Significance.SIG_BELOW)


def compare(
    value: float, ci_low: float | None, ci_high: float | None, national: float
) -> Significance:
    """Compare value (with its CI, if any) with the national figure."""
    if ci_low is not None and ci_low > national:
        return Significance.SIG_ABOVE
    if ci_high is not None and ci_high < national:
        return Significance.SIG_BELOW
    if value > national:
        return Significance.ABOVE
    if value < national:
        return Significance.BELOW
    return Significance.SIMILAR


class P8Band(StrEnum):
    """DfE Progress 8 descriptors (measures.md 4c)."""

    WELL_ABOVE = "well_above"
    ABOVE = "above"
    AVERAGE = "average"
    BELOW = "below"
    WELL_BELOW = "well_below"


WELL_ABOVE_OR_BELOW = 0.5
"""|P8| beyond which a significant score is 'well' above or below average (DfE)."""


def p8_band(score: float, ci_low: float, ci_high: float) -> P8Band:
    """DfE band: average when the CI contains 0; else above/below, 'well' past ±0.5."""
    if ci_low > 0:
        return P8Band.WELL_ABOVE if score > WELL_ABOVE_OR_BELOW else P8Band.ABOVE
    if ci_high < 0:
        return P8Band.WELL_BELOW if score < -WELL_ABOVE_OR_BELOW else P8Band.BELOW
    return P8Band.AVERAGE


def compare_arrays(
    value: npt.ArrayLike, ci_low: npt.ArrayLike, ci_high: npt.ArrayLike, national: npt.ArrayLike
) -> ObjectArray:
    """Vectorised `compare`: the flag's text per row, None where value or national is NaN.

    A NaN interval end counts as no interval (direction only), as None does in `compare`.
    """
    v, n = np.asarray(value, dtype=np.float64), np.asarray(national, dtype=np.float64)
    low, high = np.asarray(ci_low, dtype=np.float64), np.asarray(ci_high, dtype=np.float64)
    return _first_match(
        [np.isnan(v) | np.isnan(n), low > n, high < n, v > n, v < n],
        [None, Significance.SIG_ABOVE, Significance.SIG_BELOW, Significance.ABOVE,
         Significance.BELOW],
        Significance.SIMILAR,
    )


def p8_band_arrays(
    score: npt.ArrayLike, ci_low: npt.ArrayLike, ci_high: npt.ArrayLike
) -> ObjectArray:
    """Vectorised `p8_band`: the band's text per row, None where the score is NaN."""
    s = np.asarray(score, dtype=np.float64)
    low, high = np.asarray(ci_low, dtype=np.float64), np.asarray(ci_high, dtype=np.float64)
    cut = WELL_ABOVE_OR_BELOW
    return _first_match(
        [np.isnan(s) | np.isnan(low) | np.isnan(high),
         (low > 0) & (s > cut), low > 0, (high < 0) & (s < -cut), high < 0],
        [None, P8Band.WELL_ABOVE, P8Band.ABOVE, P8Band.WELL_BELOW, P8Band.BELOW],
        P8Band.AVERAGE,
    )


def _first_match(
    conditions: list[npt.NDArray[np.bool_]], labels: list[StrEnum | None], default: StrEnum
) -> ObjectArray:
    """Per row, the text of the first label whose condition holds, else the default."""
    out = np.full(np.shape(conditions[0]), default.value, dtype=np.object_)
    for condition, label in reversed(list(zip(conditions, labels, strict=True))):
        out[condition] = None if label is None else label.value
    return out
