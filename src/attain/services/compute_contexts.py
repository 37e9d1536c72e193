"""The school contexts a compute drew its similar-school families from, kept beside the cube.

`attain compute` saves the contexts of the years it draws families for (every school's, from
the census: attain.similar.context). `attain compute --la` redraws its LAs' schools' families
from those schools' contexts worked out again from the census and every other school's
context as stored: other schools are as the last compute left them, as their results are
(attain.services.compute_la), and the nation's census is not read again (0.5 s of CPU on the
demo, BENCHMARKS.md). A year with no stored contexts is worked out whole.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from attain.similar.context import school_context

CONTEXTS_FILE = "school_contexts.parquet"


def save_contexts(results: Path, context: pa.Table) -> None:
    """Store `context` (school_context's rows) under the results folder `results`, in place
    of the stored rows of its years; the file is replaced whole, never half-written."""
    path = results / CONTEXTS_FILE
    years = pc.unique(context.column("year"))
    kept = _stored(path)
    if kept is not None and kept.schema.equals(context.schema):
        context = pa.concat_tables([
            kept.filter(pc.invert(pc.is_in(kept.column("year"), value_set=years))), context])
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(_by_year_and_urn(context), temp, compression="zstd")
    os.replace(temp, path)


def contexts_redrawn(con: duckdb.DuckDBPyConnection, results: Path, years: Sequence[int],
                     urns: Sequence[int]) -> pa.Table:
    """Every school's context in `years`: the schools `urns`' from the warehouse views on
    `con`, the others' as stored under `results` (all from the views in a year not stored)."""
    stored = _stored(results / CONTEXTS_FILE)
    known = set() if stored is None else set(pc.unique(stored.column("year")).to_pylist())
    kept = [y for y in years if y in known]
    missing = [y for y in years if y not in known]
    parts = [school_context(con, kept, urns)] if kept else []
    if stored is not None and kept:
        year, urn = stored.column("year"), stored.column("urn")
        others = pc.and_(pc.is_in(year, value_set=pa.array(kept, year.type)),
                         pc.invert(pc.is_in(urn, value_set=pa.array(urns, urn.type))))
        parts.append(stored.filter(others))
    if missing:
        parts.append(school_context(con, missing))
    schema = parts[0].schema
    return _by_year_and_urn(pa.concat_tables([p.cast(schema) for p in parts]))


def _stored(path: Path) -> pa.Table | None:
    # ParquetFile, not pq.read_table: that imports pyarrow.dataset, 0.2-0.3 s of CPU in the
    # middle of `attain compute --la` (BENCHMARKS.md).
    return pq.ParquetFile(path).read() if path.exists() else None


def _by_year_and_urn(context: pa.Table) -> pa.Table:
    """In school_context's order, so that families drawn from it are the same to the bit
    (each pool's standardisation sums its schools in this order)."""
    return context.sort_by([("year", "ascending"), ("urn", "ascending")])
