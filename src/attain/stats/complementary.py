"""Complementary (secondary) suppression on integer indices: the engine behind `suppress`.

A partition is an additive equation total = part_1 + ... + part_k over cells. If exactly
one of its cells is hidden, subtraction recovers it, so one more cell must be hidden. This
repeats to a fixpoint across overlapping partitions; a worklist holds only partitions whose
hidden count just became 1, so the work is linear in the number of memberships.

Partitions come flattened (CSR): `members[offsets[p]]` is the total of partition p and
`members[offsets[p] + 1 : offsets[p + 1]]` its parts.
"""

from __future__ import annotations

import functools
import heapq
from array import array
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from attain.stats.arrays import stable_argsort

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
    if len(offsets) <= 1:
        return []
    members = np.asarray(members, dtype=np.int64)
    offsets = np.asarray(offsets, dtype=np.int64)
    preference = np.asarray(preference, dtype=np.int64)
    members, offsets, hidden_counts = _open_partitions(hidden, members, offsets)
    n_partitions = len(offsets) - 1
    if n_partitions <= 0:
        return []
    containing = _Containing(members, offsets, len(hidden))
    # Every partition's priority is fixed, so the heap holds each partition's position
    # in one precomputed order (plain ints compare much faster than tuples).
    order = _work_order(preference, members, offsets)
    position = np.empty(n_partitions, dtype=np.int64)
    position[order] = np.arange(n_partitions, dtype=np.int64)
    arrays = (hidden_counts.astype(np.int64), np.asarray(hidden, dtype=np.bool_).copy(),
              _parts_by_preference(preference, members, offsets), offsets,
              containing.owners, containing.starts, order, position,
              np.sort(position[hidden_counts == 1]))  # sorted: a heap
    if len(members) >= COMPILE_FROM:
        added: list[int] = _compiled_cascade()(*arrays).tolist()
        return added
    # Interpreted, the loop indexes array.array and bytearray copies of the numpy arrays
    # (numpy's own indexing boxes every element; tolist() would box them all).
    counts, state, *rest = arrays
    added = _cascade(_ints(counts), bytearray(state.tobytes()), *map(_ints, rest)).tolist()
    return added


# Memberships from which the cascade runs compiled by numba (its import and cached machine
# code cost ~0.6 s once; the interpreted loop takes ~1 s per million memberships).
COMPILE_FROM = 500_000


# The cascade's arrays: numpy arrays compiled, array('q') / bytearray interpreted.
_Ints = Any


def _cascade(counts: _Ints, state: _Ints, cells: _Ints, bounds: _Ints, owners: _Ints,
             starts: _Ints, by_position: _Ints, at: _Ints, heap_start: _Ints) -> IntArray:
    """The fixpoint: pop the first partition (in work order) with exactly one hidden cell,
    hide its most preferred visible part (the total only if no part is visible), and
    count that cell in every partition it belongs to. Written for numba (numpy arrays, a
    list heap); the same code runs interpreted for small cubes. Returns the cells hidden,
    in the order they were."""
    heap = [int(p) for p in heap_start]
    added = np.empty(len(state), dtype=np.int64)
    n_added = 0
    while len(heap) > 0:
        p = by_position[heapq.heappop(heap)]
        if counts[p] != 1:
            continue
        chosen = -1
        for i in range(bounds[p] + 1, bounds[p + 1]):
            if not state[cells[i]]:
                chosen = cells[i]
                break
        if chosen < 0 and not state[cells[bounds[p]]]:
            chosen = cells[bounds[p]]
        if chosen < 0:
            continue
        state[chosen] = True
        added[n_added] = chosen
        n_added += 1
        for j in range(starts[chosen], starts[chosen + 1]):
            other = owners[j]
            counts[other] += 1
            if counts[other] == 1:
                heapq.heappush(heap, at[other])
    return added[:n_added]


@functools.cache
def _compiled_cascade() -> Callable[..., IntArray]:
    import numba

    try:
        compiled: Callable[..., IntArray] = numba.njit(cache=True, nogil=True)(_cascade)
    except RuntimeError:  # nowhere writable to cache it (a read-only install, no home)
        compiled = numba.njit(nogil=True)(_cascade)  # compiled again by each process
    return compiled


def _ints(values: IntArray) -> array[int]:
    return array("q", np.ascontiguousarray(values, dtype=np.int64).tobytes())


def _open_partitions(hidden: BoolArray, members: IntArray, offsets: IntArray
                     ) -> tuple[IntArray, IntArray, IntArray]:
    """The partitions with fewer than two hidden cells (members, offsets and their hidden
    counts). Hidden counts only grow, so a partition that starts with two or more can never
    have exactly one: dropping it (a third of the demo's memberships) changes no answer,
    and the survivors keep their relative order, so the work order is the same too."""
    counts = np.add.reduceat(hidden[members].astype(np.int64), offsets[:-1])
    keep = counts < 2
    if bool(keep.all()):
        return members, offsets, counts
    sizes = np.diff(offsets)
    kept_members = members[np.repeat(keep, sizes)]
    kept_offsets = np.r_[0, np.cumsum(sizes[keep])].astype(np.int64)
    return kept_members, kept_offsets, counts[keep]


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
    # One stable argsort of the two ranks packed into an int64 (ties stay in index order)
    # is several times faster than a three-key lexsort; lexsort when they do not fit.
    first = first_part - first_part.min(initial=0)
    total = total_rank - total_rank.min(initial=0)
    span = int(first.max(initial=0)) + 1
    if int(total.max(initial=0)) + 1 < np.iinfo(np.int64).max // span:
        order: IntArray = stable_argsort(total * span + first)
        return order
    fallback: IntArray = np.lexsort((np.arange(n_partitions), first_part, total_rank))
    return fallback


def _parts_by_preference(preference: IntArray, members: IntArray, offsets: IntArray
                         ) -> IntArray:
    """`members` with each partition's parts sorted by preference (totals stay first)."""
    owner = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    rank = preference[members] + 1
    rank[offsets[:-1]] = 0  # the total before its parts
    key = owner * (int(rank.max(initial=0)) + 1) + rank
    if len(key) < 2 or bool(np.all(key[1:] >= key[:-1])):
        return members  # already in that order (attain compute asks DuckDB for it)
    # Stable: the keys are already grouped by partition, which numpy's timsort exploits
    # where stable_argsort cannot pack them.
    sorted_members: IntArray = members[stable_argsort(key)]
    return sorted_members


class _Containing:
    """cell -> the partitions it belongs to, from one sort of the membership list."""

    def __init__(self, members: IntArray, offsets: IntArray, n_cells: int) -> None:
        owner = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
        order = stable_argsort(members)
        self.owners: IntArray = owner[order]
        self.starts: IntArray = np.r_[0, np.cumsum(np.bincount(members, minlength=n_cells))]
