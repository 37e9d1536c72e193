"""The distance and the families, in numpy; no data access here."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_VARIABLES = ("pupils", "pct_fsm", "pct_disadvantaged", "pct_sen", "pct_eal", "prior")
DEFAULT_SIZE = 20
_BLOCK = 512  # rows of the distance matrix computed at once (memory stays small)
# Pools of fewer units are worked in numpy alone: every distance (no k-d tree) and lists of
# members for the family sums (attain.similar.averages). scipy.spatial takes 0.24-0.40 s to
# import, more than an LA's or the demo's pools need (BENCHMARKS.md, session 11).
SMALL_POOL = 500


@dataclass(frozen=True)
class Unit:
    """A school (or LA) with its context values; `pool` restricts comparison (the phase)."""

    code: str
    pool: str
    values: Mapping[str, float | None]


@dataclass(frozen=True)
class Neighbour:
    code: str
    distance: float


def standardise(units: Sequence[Unit], variables: Sequence[str]) -> np.ndarray:
    """z-scores per variable over `units` (population SD); a missing value scores 0 (the
    mean), and a variable with no spread contributes nothing."""
    raw = np.array([[np.nan if u.values.get(v) is None else float(u.values[v])  # type: ignore[arg-type]
                     for v in variables] for u in units], dtype=np.float64).reshape(
        len(units), len(variables))
    return standardise_array(raw)


def standardise_array(raw: np.ndarray) -> np.ndarray:
    """`standardise` on a units x variables array, NaN for a missing value."""
    n, k = raw.shape
    with warnings.catch_warnings():  # a variable no unit has (all NaN) scores 0 below
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(raw, axis=0) if n else np.zeros(k)
        sd = np.nanstd(raw, axis=0) if n else np.ones(k)
    sd = np.where((sd > 0) & np.isfinite(sd), sd, 1.0)
    z: np.ndarray = np.nan_to_num((raw - np.nan_to_num(mean)) / sd, nan=0.0)
    return z


def families(units: Sequence[Unit], variables: Sequence[str] = DEFAULT_VARIABLES,
             size: int = DEFAULT_SIZE) -> dict[str, list[Neighbour]]:
    """Each unit's `size` nearest others in the same pool, nearest first (ties by code)."""
    result: dict[str, list[Neighbour]] = {}
    for pool in sorted({u.pool for u in units}):
        members = [u for u in units if u.pool == pool]
        codes = [u.code for u in members]
        found = nearest_indices(standardise(members, variables), np.array(codes), size)
        result.update({code: [] for code in codes})
        for unit, member, distance in zip(*found, strict=True):
            result[codes[unit]].append(Neighbour(codes[member], float(distance)))
    return result


def nearest_indices(z: np.ndarray, codes: np.ndarray, size: int,
                    units: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The families of one pool as arrays of (unit index, member index, distance): each
    unit's `size` nearest others nearest first, ties by code, the same members in the same
    order as `families` gives, without a Python step per unit.

    In a pool of SMALL_POOL units or more, a k-d tree proposes each unit's nearest few
    (all of England's primaries in one pool made the whole distance matrix 19 s,
    BENCHMARKS.md); their distances are then worked exactly by `_distances`. A unit of a
    smaller pool, or whose proposals may not hold every tie at the boundary (many equal
    values), gets a full row of the distance matrix instead. `units` (indices of z): only
    their families, each from its full row (`attain compute --la` wants its own schools'
    alone, and spares the k-d tree and scipy's import, 0.3 s)."""
    n = len(z)
    take = min(size, n - 1)
    if take <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    code_rank = np.empty(n, np.int64)
    code_rank[np.argsort(codes, kind="stable")] = np.arange(n)
    if units is not None:
        chosen, distance = _from_full_rows(z, units, code_rank, take)
        return np.repeat(units, take), chosen.ravel(), distance.ravel()
    proposed, complete = (_proposals(z, take) if n >= SMALL_POOL
                          else (np.empty((n, 0), np.int64), np.zeros(n, bool)))
    chosen = np.empty((n, take), np.int64)
    distance = np.empty((n, take))
    done = np.flatnonzero(complete)
    if len(done):
        candidates = proposed[done]
        exact = _distances(z[done], z[candidates])
        exact[candidates == done[:, None]] = np.inf  # never your own neighbour
        order = np.lexsort((code_rank[candidates], exact), axis=1)[:, :take]
        chosen[done] = np.take_along_axis(candidates, order, axis=1)
        distance[done] = np.take_along_axis(exact, order, axis=1)
    rest = np.flatnonzero(~complete)
    chosen[rest], distance[rest] = _from_full_rows(z, rest, code_rank, take)
    return np.repeat(np.arange(n), take), chosen.ravel(), distance.ravel()


def _from_full_rows(z: np.ndarray, units: np.ndarray, code_rank: np.ndarray, take: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The families (member indices, distances) of `units`, each from its full row of the
    distance matrix, _BLOCK rows at a time."""
    chosen = np.empty((len(units), take), np.int64)
    distance = np.empty((len(units), take))
    for start in range(0, len(units), _BLOCK):
        rows = units[start:start + _BLOCK]
        full = _distances(z[rows], z[None])
        full[np.arange(len(rows)), rows] = np.inf
        picked = _nearest_block(full, code_rank, take)
        chosen[start:start + len(rows)] = picked
        distance[start:start + len(rows)] = np.take_along_axis(full, picked, axis=1)
    return chosen, distance


# Relative and absolute slack between the tree's distances and the exact ones (they may
# differ in the last bits): a unit's proposals are complete only when the farthest is
# clearly beyond its take-th nearest.
_SLACK = 1e-9
_SPARE = 8  # proposals beyond the family and the unit itself, to hold ties


def _proposals(z: np.ndarray, take: int) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's nearest `take` + 1 + _SPARE units by the k-d tree (itself among them),
    and whether those surely include every unit as near as its take-th nearest other."""
    from scipy.spatial import cKDTree

    n = len(z)
    if z.shape[1] == 0:  # no variables: every unit ties with every other
        return np.empty((n, 0), np.int64), np.zeros(n, bool)
    k = min(n, take + 1 + _SPARE)
    found, proposed = cKDTree(z).query(z, k=k)
    if k == n:  # every unit proposed
        return proposed, np.ones(n, bool)
    boundary = found[:, take]  # the take-th nearest other, counting the unit itself at 0
    return proposed, found[:, -1] > boundary * (1 + _SLACK) + _SLACK


def _nearest_block(distance: np.ndarray, code_rank: np.ndarray, take: int) -> np.ndarray:
    """Per row the column indices of the `take` smallest distances, ordered by (distance,
    code): the candidates are every distance up to the take-th smallest (ties at the
    boundary included), sorted, then cut to `take`."""
    if take < distance.shape[1] - 1:
        cut = np.partition(distance, take - 1, axis=1)[:, take - 1:take]
        width = int((distance <= cut).sum(axis=1).max())  # take, or more where ties
        candidates = np.argpartition(distance, width - 1, axis=1)[:, :width] \
            if width < distance.shape[1] else np.broadcast_to(
                np.arange(distance.shape[1]), distance.shape)
    else:
        candidates = np.broadcast_to(np.arange(distance.shape[1]), distance.shape)
    picked = np.take_along_axis(distance, candidates, axis=1)
    order = np.lexsort((code_rank[candidates], picked), axis=1)[:, :take]
    chosen: np.ndarray = np.take_along_axis(candidates, order, axis=1)
    return chosen


def _distances(rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Distances from each of `rows` (units x variables) to `others`: one set of units for
    every row (1 x units x variables) or a set per row (rows x units x variables)."""
    # Summed variable by variable, not by |a|² + |b|² - 2ab: each pair's distance is then the
    # same bits however the rows are blocked or the others chosen, so ties are exact and
    # `family_of` (one row) agrees with `families` (blocks, k-d tree proposals) to the last
    # digit.
    squared = np.zeros((len(rows), others.shape[1]))
    for column in range(rows.shape[1]):
        squared += (rows[:, column, None] - others[:, :, column]) ** 2
    distance: np.ndarray = np.sqrt(squared)
    return distance


def _nearest(row: np.ndarray, codes: np.ndarray, size: int) -> list[Neighbour]:
    if size < len(row):
        cut = np.partition(row, size - 1)[size - 1] if size > 0 else -np.inf
        candidates = np.flatnonzero(row <= cut)  # keeps every tie at the boundary
    else:
        candidates = np.arange(len(row))
    order = candidates[np.lexsort((codes[candidates], row[candidates]))][:size]
    return [Neighbour(str(codes[i]), float(row[i])) for i in order if np.isfinite(row[i])]


def family_average(family: Sequence[Neighbour], values: Mapping[str, float | None]
                   ) -> float | None:
    """Mean of a measure over the family (members without a value are left out)."""
    known = [v for n in family if (v := values.get(n.code)) is not None]
    return float(np.mean(known)) if known else None


def family_of(units: Sequence[Unit], code: str, variables: Sequence[str] = DEFAULT_VARIABLES,
              size: int = DEFAULT_SIZE) -> list[Neighbour]:
    """One unit's family (same result as `families(...)[code]`, one row of distances)."""
    index = next(i for i, u in enumerate(units) if u.code == code)
    members = [u for u in units if u.pool == units[index].pool]
    z = standardise(members, variables)
    own = next(i for i, u in enumerate(members) if u.code == code)
    row = _distances(z[own:own + 1], z[None])[0]
    row[own] = np.inf
    return _nearest(row, np.array([u.code for u in members]), size)
