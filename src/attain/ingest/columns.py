"""Small Arrow helpers shared by the readers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc


def map_values(column: pa.Array, func: Callable[[Any], Any], type_: pa.DataType) -> pa.Array:
    """Apply `func` to each distinct value once and spread the answers over the column."""
    distinct = pc.unique(column)
    answers = pa.array([func(v) for v in distinct.to_pylist()], type_)
    return pc.take(answers, pc.index_in(column, value_set=distinct))


def constant(value: Any, length: int, type_: pa.DataType) -> pa.Array:
    return pa.array([value] * length, type_) if value is not None else pa.nulls(length, type_)
