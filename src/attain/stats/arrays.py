"""Array helpers shared by the numpy stages of `attain compute`."""

from __future__ import annotations

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
