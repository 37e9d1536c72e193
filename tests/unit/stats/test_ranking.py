"""Rank (1 = best, ties share) and LAIT quartile bands (A = best quarter)."""

from __future__ import annotations

import math

import pytest

from attain.stats.ranking import Quartile, quartile, quartile_bounds, rank, ranks


def test_ranks_share_ties_and_respect_polarity() -> None:
    values = {"a": 70.0, "b": 65.0, "c": 65.0, "d": 50.0, "e": None}
    assert ranks(values, higher_is_better=True) == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}
    # absence: lower is better
    assert ranks(values, higher_is_better=False) == {"a": 4, "b": 2, "c": 2, "d": 1, "e": None}


def test_rank_of_one_value_among_peers() -> None:
    peers = [70.0, 65.0, 65.0, 50.0, math.nan]
    assert rank(65.0, peers, True) == 2
    assert rank(80.0, peers, True) == 1
    assert rank(65.0, peers, False) == 2


def test_quartile_bounds_are_r_type_7() -> None:
    # R: quantile(c(1, 2, 3, 4, 10)) -> 0% 1, 25% 2, 50% 3, 75% 4, 100% 10
    assert quartile_bounds([1, 2, 3, 4, 10]) == (1.0, 2.0, 3.0, 4.0, 10.0)
    # 1..8: 25% = 1 + 0.25*7 = 2.75, 50% = 4.5, 75% = 6.25 (linear interpolation)
    assert quartile_bounds(range(1, 9)) == pytest.approx((1, 2.75, 4.5, 6.25, 8))
    with pytest.raises(ValueError):
        quartile_bounds([None])


@pytest.mark.parametrize(
    ("value", "high", "low"),
    [
        # bounds 0/25/50/75/100 as in LAIT's own tests; a value on a bound takes the band
        # below it (LAIT calculate_quartile_band: (q25, q50] etc.)
        (10, Quartile.D, Quartile.A),
        (25, Quartile.D, Quartile.A),
        (30, Quartile.C, Quartile.B),
        (60, Quartile.B, Quartile.C),
        (75, Quartile.B, Quartile.C),
        (80, Quartile.A, Quartile.D),
    ],
)
def test_lait_quartile_bands(value: float, high: Quartile, low: Quartile) -> None:
    peers = [0.0, 25.0, 50.0, 75.0, 100.0]
    assert quartile(value, peers, higher_is_better=True) is high
    assert quartile(value, peers, higher_is_better=False) is low


def test_missing_value_has_no_quartile() -> None:
    assert quartile(math.nan, [1.0, 2.0], True) is None
