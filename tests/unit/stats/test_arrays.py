"""unique_sorted gives np.unique's answer for integer arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from attain.stats.arrays import unique_sorted


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=200))
def test_same_as_numpy_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert unique_sorted(array).tolist() == np.unique(array).tolist()


def test_worked_example() -> None:
    # 3, 1, 3, 2, 1 -> 1, 2, 3 (by hand)
    assert unique_sorted(np.array([3, 1, 3, 2, 1], dtype=np.int64)).tolist() == [1, 2, 3]
