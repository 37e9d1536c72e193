"""Rank and quartile band of a value among its peers, as DfE's LA Interactive Tool does.

Follows dfe-analytical-services/local-authority-interactive-tool (`calculate_rank`,
`calculate_quartile_band`): rank 1 is best given the indicator's polarity, ties share the
lowest rank (R `rank(ties.method = "min")`, so 1, 2, 2, 4); quartile bands come from the
quartiles of the peers' values (R `quantile()` type 7, numpy's default "linear"), a value
on a boundary falls in the band below it, and band A is the best quarter.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


class Quartile(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


def _present(values: Iterable[float | None]) -> list[float]:
    return [v for v in values if v is not None and not math.isnan(v)]


def _better(a: float, b: float, higher_is_better: bool) -> bool:
    return a > b if higher_is_better else a < b


def rank(value: float, peers: Iterable[float | None], higher_is_better: bool) -> int:
    """1 + the number of peers strictly better than value (value may be among peers)."""
    return 1 + sum(1 for p in _present(peers) if _better(p, value, higher_is_better))


def ranks(values: Mapping[K, float | None], higher_is_better: bool) -> dict[K, int | None]:
    """Rank of every entry among all of them; None for a missing value."""
    present = sorted(_present(values.values()), reverse=higher_is_better)
    first_position: dict[float, int] = {}
    for position, v in enumerate(present, start=1):
        first_position.setdefault(v, position)
    return {
        key: None if v is None or math.isnan(v) else first_position[v]
        for key, v in values.items()
    }


def quartile_bounds(peers: Iterable[float | None]) -> tuple[float, float, float, float, float]:
    """Minimum, lower quartile, median, upper quartile, maximum (R type 7)."""
    present = _present(peers)
    if not present:
        raise ValueError("quartiles need at least one peer value")
    q = np.quantile(np.asarray(present, dtype=np.float64), [0.0, 0.25, 0.5, 0.75, 1.0])
    return (float(q[0]), float(q[1]), float(q[2]), float(q[3]), float(q[4]))


def quartile(
    value: float, peers: Iterable[float | None], higher_is_better: bool
) -> Quartile | None:
    """LAIT quartile band of value among peers (A = best quarter); None if value is missing."""
    if math.isnan(value):
        return None
    _, q25, q50, q75, _ = quartile_bounds(peers)
    position = 1 if value <= q25 else 2 if value <= q50 else 3 if value <= q75 else 4
    bands = (Quartile.D, Quartile.C, Quartile.B, Quartile.A) if higher_is_better else (
        Quartile.A, Quartile.B, Quartile.C, Quartile.D)
    return bands[position - 1]
