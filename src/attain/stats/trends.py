"""Change and direction of a measure over its last 3 or 5 available years.

"Available" years skip gaps in the series (no assessments in 2019/20 and 2020/21, a
suppressed year): the 3-year trend to 2022 of a KS2 measure runs 2018, 2019, 2022.
Pass only published (unsuppressed) values: a change computed from a suppressed value
would let a reader recover it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

TREND_SPANS = (3, 5)


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    NO_CHANGE = "no_change"


@dataclass(frozen=True)
class Trend:
    years: tuple[int, ...]
    change: float
    direction: Direction

    @property
    def first_year(self) -> int:
        return self.years[0]

    @property
    def last_year(self) -> int:
        return self.years[-1]

    def improving(self, higher_is_better: bool) -> bool | None:
        """True if better, False if worse, None if no change."""
        if self.direction is Direction.NO_CHANGE:
            return None
        return (self.direction is Direction.UP) == higher_is_better


def _available(series: Mapping[int, float | None]) -> dict[int, float]:
    return {y: v for y, v in series.items() if v is not None and not math.isnan(v)}


def trend(
    series: Mapping[int, float | None],
    span: int,
    *,
    up_to: int | None = None,
    tolerance: float = 0.0,
) -> Trend | None:
    """Trend over the last `span` available years ending at `up_to` (default: the latest).

    change = value in the last year − value in the first year of the window; |change| <=
    tolerance counts as no change. None when `up_to` has no value or fewer than `span`
    years are available.
    """
    if span < 2:
        raise ValueError(f"a trend needs at least 2 years, got span={span}")
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, got {tolerance}")
    values = _available(series)
    if up_to is None:
        if not values:
            return None
        up_to = max(values)
    if up_to not in values:
        return None
    years = sorted(y for y in values if y <= up_to)[-span:]
    if len(years) < span:
        return None
    change = values[years[-1]] - values[years[0]]
    return Trend(tuple(years), change, _direction(change, tolerance))


def _direction(change: float, tolerance: float) -> Direction:
    if abs(change) <= tolerance:
        return Direction.NO_CHANGE
    return Direction.UP if change > 0 else Direction.DOWN


def trends(
    series: Mapping[int, float | None],
    *,
    up_to: int | None = None,
    tolerance: float = 0.0,
    spans: tuple[int, ...] = TREND_SPANS,
) -> dict[int, Trend | None]:
    """The trend for each span (3 and 5 years by default)."""
    return {s: trend(series, s, up_to=up_to, tolerance=tolerance) for s in spans}
