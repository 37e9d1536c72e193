"""Arrow columns from numpy arrays, built without Python objects per row."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from attain.demo.roll import Roll, pseudonymous_ids
from attain.demo.world import World

_HEX = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)


def pupil_ids(pid: np.ndarray) -> pa.Array:
    """"P" + 8 hex digits of the pseudonymised counter."""
    x = pseudonymous_ids(pid)
    n = len(x)
    chars = np.empty((n, 9), dtype=np.uint8)
    chars[:, 0] = ord("P")
    for i in range(8):
        shift = np.uint64(28 - 4 * i)
        chars[:, i + 1] = _HEX[((x >> shift) & np.uint64(0xF)).astype(np.intp)]
    offsets = np.arange(0, 9 * (n + 1), 9, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()),
                                       pa.py_buffer(chars.tobytes()))


def coded(index: np.ndarray, labels: Sequence[str], valid: np.ndarray | None = None) -> pa.Array:
    """Strings from small integer codes (null where `valid` is False)."""
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    indices = pa.array(index.astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(labels))).cast(pa.string())


def ints(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    return pa.array(np.asarray(values).astype(np.int32), mask=mask)


def floats(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    valid = ~np.isnan(values) if valid is None else valid & ~np.isnan(values)
    return pa.array(values.astype(np.float64), mask=~valid)


def key_columns(roll: Roll, world: World, year: int,
                school: np.ndarray | None = None) -> dict[str, pa.Array]:
    school = roll.school if school is None else school
    n = len(roll)
    return {
        "year": pa.array(np.full(n, year, dtype=np.int32)),
        "pupil_id": pupil_ids(roll.pid),
        "urn": pa.array(world.urn[school]),
        "la_code": coded(world.la[school], world.la_codes),
    }
