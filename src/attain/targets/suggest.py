"""Suggested targets from the school's trend and its similar schools (docs/estimates.md).

Method: the goal is the similar schools' upper quartile (the value 25% of them do better
than; the 75th percentile when higher is better, the 25th when lower is better, e.g.
persistent absence). The target for year k (1..horizon) moves the school's latest value
k/horizon of the way to the goal, or follows the school's own least-squares trend over its
recent years if that is better; it is never worse than the latest value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SuggestedTarget:
    year: int
    value: float
    goal: float
    trend: float


def suggest(history: Sequence[tuple[int, float]], family_values: Sequence[float], *,
            higher_is_better: bool, horizon: int = 3, low: float = 0.0,
            high: float | None = 100.0) -> list[SuggestedTarget]:
    if not history or not family_values:
        return []
    years = np.array([y for y, _ in history], dtype=float)
    values = np.array([v for _, v in history], dtype=float)
    latest_year, latest = int(years.max()), float(values[years.argmax()])
    slope = float(np.polyfit(years, values, 1)[0]) if len(history) >= 2 else 0.0
    goal = float(np.percentile(family_values, 75 if higher_is_better else 25))
    sign = 1.0 if higher_is_better else -1.0
    rows = []
    for k in range(1, horizon + 1):
        toward_goal = latest + (goal - latest) * k / horizon
        trend = latest + slope * k
        value = latest + sign * max(sign * (toward_goal - latest), sign * (trend - latest), 0.0)
        value = max(low, value if high is None else min(high, value))
        rows.append(SuggestedTarget(latest_year + k, value, goal, trend))
    return rows
