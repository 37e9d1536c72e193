"""Complementary (secondary) suppression on integer indices: the engine behind `suppress`.

A partition is an additive equation total = part_1 + ... + part_k over cells. If exactly
one of its cells is hidden, subtraction recovers it, so one more cell must be hidden. This
repeats to a fixpoint across overlapping partitions; a worklist holds only partitions whose
hidden count just became 1, so the work is linear in the number of memberships.

Partitions come flattened (CSR): `members[offsets[p]]` is the total of partition p and
`members[offsets[p] + 1 : offsets[p + 1]]` its parts.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Priority = tuple[int, int, int]


def complementary_cells(
    hidden: BoolArray, preference: IntArray, members: IntArray, offsets: IntArray
) -> list[int]:
    """Indices to hide so that no partition has exactly one hidden cell.

    `hidden[i]`: cell i is already hidden. `preference[i]` orders candidates (lower is
    hidden first: smallest denominator, then key). Parts are hidden before totals.
    Partitions are worked in a fixed order (by their cells' preferences), so the answer
    does not depend on the order of the inputs.
    """
    n_partitions = len(offsets) - 1
    if n_partitions <= 0:
        return []
    counts = np.add.reduceat(hidden[members].astype(np.int64), offsets[:-1]).tolist()
    containing = _Containing(members, offsets, len(hidden))
    state: list[bool] = hidden.tolist()
    cells: list[int] = members.tolist()
    bounds: list[int] = offsets.tolist()
    rank: list[int] = preference.tolist()
    heap = [_priority(p, cells, bounds, rank) for p in range(n_partitions) if counts[p] == 1]
    heapq.heapify(heap)
    added: list[int] = []
    while heap:
        p = heapq.heappop(heap)[-1]
        if counts[p] != 1:
            continue
        chosen = _choose(cells[bounds[p]], cells[bounds[p] + 1 : bounds[p + 1]], state, rank)
        if chosen is None:
            continue
        state[chosen] = True
        added.append(chosen)
        for other in containing(chosen):
            counts[other] += 1
            if counts[other] == 1:
                heapq.heappush(heap, _priority(other, cells, bounds, rank))
    return added


class _Containing:
    """cell -> the partitions it belongs to, from one sort of the membership list."""

    def __init__(self, members: IntArray, offsets: IntArray, n_cells: int) -> None:
        owner = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
        order = np.argsort(members, kind="stable")
        self._owners: list[int] = owner[order].tolist()
        starts = np.searchsorted(members[order], np.arange(n_cells + 1, dtype=np.int64))
        self._starts: list[int] = starts.tolist()

    def __call__(self, cell: int) -> list[int]:
        return self._owners[self._starts[cell] : self._starts[cell + 1]]


def _priority(p: int, cells: list[int], bounds: list[int], rank: list[int]) -> Priority:
    """Smaller totals first; partitions sharing a total by their most preferred part."""
    parts = cells[bounds[p] + 1 : bounds[p + 1]]
    first_part = min((rank[i] for i in parts), default=-1)
    return rank[cells[bounds[p]]], first_part, p


def _choose(
    total: int, parts: Sequence[int], state: Sequence[bool], rank: Sequence[int]
) -> int | None:
    """The visible part with the lowest rank; the total only if no part is visible."""
    visible = [i for i in parts if not state[i]]
    if visible:
        return min(visible, key=rank.__getitem__)
    return None if state[total] else total
