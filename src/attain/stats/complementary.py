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
    members = np.asarray(members, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    preference = np.asarray(preference, dtype=np.int64)
    counts = np.add.reduceat(hidden[members].astype(np.int64), offsets[:-1]).tolist()
    containing = _Containing(members, offsets, len(hidden))
    # Every partition's priority is fixed, so the heap holds each partition's position
    # in one precomputed order (plain ints compare much faster than tuples).
    order = _work_order(preference, members, offsets)
    position = np.empty(n_partitions, dtype=np.int64)
    position[order] = np.arange(n_partitions, dtype=np.int64)
    by_position: list[int] = order.tolist()
    at: list[int] = position.tolist()
    state: list[bool] = hidden.tolist()
    cells: list[int] = _parts_by_preference(preference, members, offsets).tolist()
    bounds: list[int] = offsets.tolist()
    heap = [at[p] for p in range(n_partitions) if counts[p] == 1]
    heapq.heapify(heap)
    added: list[int] = []
    while heap:
        p = by_position[heapq.heappop(heap)]
        if counts[p] != 1:
            continue
        chosen = _choose(cells, bounds[p], bounds[p + 1], state)
        if chosen is None:
            continue
        state[chosen] = True
        added.append(chosen)
        for other in containing(chosen):
            counts[other] += 1
            if counts[other] == 1:
                heapq.heappush(heap, at[other])
    return added


def _work_order(preference: IntArray, members: IntArray, offsets: IntArray) -> IntArray:
    """Partitions ordered by (total's preference, best part's preference or -1, index):
    smaller totals first; partitions sharing a total by their most preferred part."""
    n_partitions = len(offsets) - 1
    total_rank = preference[members[offsets[:-1]]]
    sizes = np.diff(offsets) - 1
    first_part = np.full(n_partitions, -1, dtype=np.int64)
    with_parts = np.flatnonzero(sizes > 0)
    if len(with_parts):
        is_part = np.ones(len(members), dtype=np.bool_)
        is_part[offsets[:-1]] = False
        part_ranks = preference[members[is_part]]
        part_starts = (offsets[:-1] - np.arange(n_partitions))[with_parts]
        first_part[with_parts] = np.minimum.reduceat(part_ranks, part_starts)
    order: IntArray = np.lexsort((np.arange(n_partitions), first_part, total_rank))
    return order


def _parts_by_preference(preference: IntArray, members: IntArray, offsets: IntArray
                         ) -> IntArray:
    """`members` with each partition's parts sorted by preference (totals stay first)."""
    owner = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    rank = preference[members] + 1
    rank[offsets[:-1]] = 0  # the total before its parts
    key = owner * (int(rank.max(initial=0)) + 1) + rank
    if len(key) < 2 or bool(np.all(key[1:] >= key[:-1])):
        return members  # already in that order (attain compute asks DuckDB for it)
    # Stable sort: the keys are already grouped by partition, which timsort exploits.
    sorted_members: IntArray = members[np.argsort(key, kind="stable")]
    return sorted_members


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


def _choose(cells: Sequence[int], start: int, end: int, state: Sequence[bool]) -> int | None:
    """The visible part with the lowest rank (parts come sorted by rank); the total only
    if no part is visible."""
    for i in range(start + 1, end):
        cell = cells[i]
        if not state[cell]:
            return cell
    total = cells[start]
    return None if state[total] else total
