"""Array helpers shared by the numpy stages of `attain compute`."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


def unique_sorted(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """`np.unique(values)` for integers, by one sort and a comparison of neighbours.

    numpy 2.3+ finds the distinct values of an integer array by hashing before it sorts
    them: on the demo's 11 million partition ids that took 16-19 s of CPU against 0.25 s
    for this (BENCHMARKS.md, "Suppression partitions")."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    found: npt.NDArray[np.int64] = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    return found


def run_bounds(ordered: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Where each run of equal values of a sorted, non-empty array starts, then its
    length: run i is `ordered[bounds[i]:bounds[i + 1]]`."""
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    bounds: npt.NDArray[np.int64] = np.r_[starts, len(ordered)].astype(np.int64)
    return bounds


def sort_order(*keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Positions that sort rows by `keys` (most significant first), like np.lexsort of
    the keys reversed: one stable argsort of the keys packed into an int64 (each shifted
    to start at 0) when they fit in 63 bits, else lexsort. np.lexsort of three keys over
    ten million rows took 6-8 s here, the packed argsort 0.6-2.4 s."""
    packed = packed_keys(*keys)
    if packed is None:
        fallback: npt.NDArray[np.int64] = np.lexsort(keys[::-1])
        return fallback
    return stable_argsort(packed)


def packed_keys(*keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | None:
    """The keys (most significant first), each shifted to start at 0, packed into one
    int64 that sorts as they do together; None when they need more than 63 bits."""
    lows = [int(k.min(initial=0)) for k in keys]
    widths = [max(int(k.max(initial=0)) - low, 0).bit_length()
              for k, low in zip(keys, lows, strict=True)]
    if sum(widths) > 63:
        return None
    packed = np.zeros(len(keys[0]) if keys else 0, dtype=np.int64)
    for key, low, width in zip(keys, lows, widths, strict=True):
        packed = (packed << width) | (key - low)
    return packed


def stable_argsort(key: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """`np.argsort(key, kind="stable")` for integers: when the key's range and the row
    numbers fit in 63 bits together, one np.sort of key << bits | row number, whose low
    bits are then the order (ties by row number, so stable). On the demo's 5.3 million
    cell keys: 0.17 s against 0.42 s (bench_cells.py, BENCHMARKS.md)."""
    n = len(key)
    low = int(key.min(initial=0))
    row_bits = max(n - 1, 0).bit_length()
    if max(int(key.max(initial=0)) - low, 0).bit_length() + row_bits > 63:
        order: npt.NDArray[np.int64] = np.argsort(key, kind="stable")
        return order
    packed = np.sort(((key - low) << row_bits) | np.arange(n, dtype=np.int64))
    packed &= (1 << row_bits) - 1
    return packed
