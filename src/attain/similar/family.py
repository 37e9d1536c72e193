"""The distance and the families, in numpy; no data access here."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_VARIABLES = ("pupils", "pct_fsm", "pct_disadvantaged", "pct_sen", "pct_eal", "prior")
DEFAULT_SIZE = 20
_BLOCK = 512  # rows of the distance matrix computed at once (memory stays small)


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
    with warnings.catch_warnings():  # a variable no unit has (all NaN) scores 0 below
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(raw, axis=0) if len(units) else np.zeros(len(variables))
        sd = np.nanstd(raw, axis=0) if len(units) else np.ones(len(variables))
    sd = np.where((sd > 0) & np.isfinite(sd), sd, 1.0)
    z: np.ndarray = np.nan_to_num((raw - np.nan_to_num(mean)) / sd, nan=0.0)
    return z


def families(units: Sequence[Unit], variables: Sequence[str] = DEFAULT_VARIABLES,
             size: int = DEFAULT_SIZE) -> dict[str, list[Neighbour]]:
    """Each unit's `size` nearest others in the same pool, nearest first (ties by code)."""
    result: dict[str, list[Neighbour]] = {}
    for pool in sorted({u.pool for u in units}):
        members = [u for u in units if u.pool == pool]
        z = standardise(members, variables)
        codes = np.array([u.code for u in members])
        for start in range(0, len(members), _BLOCK):
            distance = _distances(z[start:start + _BLOCK], z)
            for offset, row in enumerate(distance):
                row[start + offset] = np.inf  # never your own neighbour
                result[members[start + offset].code] = _nearest(row, codes, size)
    return result


def _distances(block: np.ndarray, z: np.ndarray) -> np.ndarray:
    squared = (block**2).sum(axis=1)[:, None] + (z**2).sum(axis=1)[None, :] - 2 * block @ z.T
    distance: np.ndarray = np.sqrt(np.maximum(squared, 0.0))
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
    row = _distances(z[own:own + 1], z)[0]
    row[own] = np.inf
    return _nearest(row, np.array([u.code for u in members]), size)
