"""unique_sorted gives np.unique's answer for integer arrays, sort_order np.lexsort's."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from attain.stats.arrays import run_bounds, sort_order, stable_argsort, unique_sorted


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=200))
def test_same_as_numpy_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert unique_sorted(array).tolist() == np.unique(array).tolist()


def test_worked_example() -> None:
    # 3, 1, 3, 2, 1 -> 1, 2, 3 (by hand)
    assert unique_sorted(np.array([3, 1, 3, 2, 1], dtype=np.int64)).tolist() == [1, 2, 3]


_ROWS = st.integers(min_value=0, max_value=60).flatmap(
    lambda n: st.tuples(*[st.lists(st.integers(min_value=lo, max_value=hi), min_size=n,
                                   max_size=n)
                          for lo, hi in ((0, 5), (-3, 3), (0, 2**40))]))
_WIDE = st.integers(min_value=0, max_value=30).flatmap(
    lambda n: st.tuples(*[st.lists(st.integers(min_value=0, max_value=2**40), min_size=n,
                                   max_size=n) for _ in range(3)]))


@given(st.one_of(_ROWS, _WIDE))
def test_sort_order_is_lexsorts_order(keys: tuple[list[int], ...]) -> None:
    # Packed (narrow keys, one with negatives) or not (three 41-bit keys: lexsort), the
    # order must be np.lexsort's, which is stable: ties keep their input order.
    arrays = [np.array(k, dtype=np.int64) for k in keys]
    assert sort_order(*arrays).tolist() == np.lexsort(arrays[::-1]).tolist()


def test_sort_order_worked_example() -> None:
    # Rows (1, 9), (0, 5), (1, 2), (0, 5): by first key then second -> rows 1, 3, 2, 0
    # (rows 1 and 3 tie and keep their order).
    first = np.array([1, 0, 1, 0], dtype=np.int64)
    second = np.array([9, 5, 2, 5], dtype=np.int64)
    assert sort_order(first, second).tolist() == [1, 3, 2, 0]


@given(st.one_of(st.lists(st.integers(min_value=-5, max_value=5), max_size=80),
                 st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=40)))
def test_stable_argsort_is_numpys_stable_argsort(values: list[int]) -> None:
    # Small keys (many ties: packed with the row numbers) or keys too wide to pack.
    key = np.array(values, dtype=np.int64)
    assert stable_argsort(key).tolist() == np.argsort(key, kind="stable").tolist()


def test_stable_argsort_worked_example() -> None:
    # keys 2, 0, 2, 1, 0: the 0s (rows 1, 4), the 1 (row 3), the 2s (rows 0, 2), by hand
    assert stable_argsort(np.array([2, 0, 2, 1, 0], dtype=np.int64)).tolist() == [1, 4, 3, 0, 2]


def test_run_bounds_worked_example() -> None:
    # Runs 3 3 | 5 | 7 7 7: starting at 0, 2 and 3, ending at 6.
    assert run_bounds(np.array([3, 3, 5, 7, 7, 7])).tolist() == [0, 2, 3, 6]
    assert run_bounds(np.array([4])).tolist() == [0, 1]
