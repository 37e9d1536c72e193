"""Pupils on roll: parallel numpy arrays, one element per pupil, carried year to year."""

from __future__ import annotations

from typing import Any

import numpy as np

# name -> (dtype, fill value for new pupils)
FIELDS: dict[str, tuple[Any, Any]] = {
    "pid": (np.int64, 0),
    "nc": (np.int8, 0),
    "school": (np.int32, -1),
    "from_school": (np.int32, -1),   # school left mid-year (before the census), or -1
    "la": (np.int32, 0),
    "male": (np.bool_, False),
    "mob": (np.int8, 9),
    "eth": (np.int8, 0),
    "eal": (np.bool_, False),
    "lac": (np.bool_, False),
    "dep": (np.float32, 0.0),         # family deprivation (higher = poorer)
    "ability": (np.float32, 0.0),
    "sen_u": (np.float32, 0.0),       # persistent part of special needs
    "absence_u": (np.float32, 1.0),   # persistent absence propensity
    "behaviour_u": (np.float32, 0.0),  # persistent exclusion propensity
    "last_fsm": (np.int16, -1),
    "fsm": (np.bool_, False),
    "disadvantaged": (np.bool_, False),
    "sen": (np.int8, 0),              # 0 none, 1 support (A/P/K), 2 statement/EHCP
    "sen_action_plus": (np.bool_, False),
    "phonics": (np.int8, -1),         # -1 not taken, 0 not met, 1 met
    "ks1_aps": (np.float32, np.nan),
    "ks1_eng": (np.int8, -1),
    "ks1_mat": (np.int8, -1),
    "ks2_eng": (np.int8, -1),
    "ks2_mat": (np.int8, -1),
    "ks2_fine": (np.float32, np.nan),
    "ks2_emss": (np.float32, np.nan),
    "ks2_year": (np.int16, 0),
}


class Roll:
    """Column arrays of the pupils on roll."""

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        self.columns = columns

    @classmethod
    def empty(cls, n: int) -> Roll:
        return cls({name: np.full(n, fill, dtype=dtype)
                    for name, (dtype, fill) in FIELDS.items()})

    def __len__(self) -> int:
        return len(self.columns["pid"])

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            column: np.ndarray = self.__dict__["columns"][name]
            return column
        except KeyError:
            raise AttributeError(name) from None

    def set(self, name: str, values: np.ndarray) -> None:
        dtype = FIELDS[name][0]
        self.columns[name] = np.asarray(values).astype(dtype, copy=False)

    def take(self, mask_or_index: np.ndarray) -> Roll:
        return Roll({k: v[mask_or_index] for k, v in self.columns.items()})

    def concat(self, other: Roll) -> Roll:
        return Roll({k: np.concatenate([v, other.columns[k]]) for k, v in self.columns.items()})


def pseudonymous_ids(pid: np.ndarray) -> np.ndarray:
    """A bijection of the pupil counter to 32-bit values, so ids are unique but do not
    reveal order of creation."""
    x = (pid.astype(np.uint64) + np.uint64(0x9E3779B9)) & np.uint64(0xFFFFFFFF)
    for mult in (np.uint64(0x85EBCA6B), np.uint64(0xC2B2AE35)):
        x ^= x >> np.uint64(16)
        x = (x * mult) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    return x
