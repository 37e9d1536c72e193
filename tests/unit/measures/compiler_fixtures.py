"""Helpers the compiler tests import: a tiny DuckDB warehouse and a query runner.

A module of its own, not conftest.py: `from conftest import ...` finds whichever conftest
was imported first, another directory's when a run collects several."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb

from attain.domain.datasets import DATASETS
from attain.measures import CompiledQuery
from attain.store.warehouse import SQL_TYPES

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


def make_warehouse(rows: Rows) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one empty table per dataset, filled with `rows`."""
    con = duckdb.connect()
    for ds in DATASETS.values():
        cols = ", ".join(f"{c.name} {SQL_TYPES[c.type]}" for c in ds.columns)
        con.execute(f"CREATE TABLE {ds.name} ({cols})")
    for name, records in rows.items():
        names = DATASETS[name].column_names
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in names)})",
                        [[r.get(n) for n in names] for r in records])
    return con


def run_queries(con: duckdb.DuckDBPyConnection, queries: Sequence[CompiledQuery]
                ) -> dict[tuple[str, int, str, str, str], tuple[Any, ...]]:
    """Run stage 0 (prepared tables), stage 1 into results_base, then stage 2; rows keyed
    by the cube's key."""
    for query in queries:
        if query.stage == 0:
            con.execute(f"CREATE OR REPLACE TABLE {query.materialize_as} AS {query.sql()}")
    stage1 = [q for q in queries if q.stage == 1]
    con.execute(f"CREATE OR REPLACE TABLE results_base AS {stage1[0].sql()}")
    for query in stage1[1:]:
        con.execute(f"INSERT INTO results_base {query.sql()}")
    rows = con.execute("SELECT * FROM results_base").fetchall()
    for q in queries:
        if q.stage == 2:
            rows += con.execute(q.sql()).fetchall()
    cube: dict[tuple[str, int, str, str, str], tuple[Any, ...]] = {}
    for row in rows:
        key = (row[0], row[1], row[2], row[3], row[4])
        assert key not in cube, f"duplicate cube row {key}"
        cube[key] = row[5:]
    return cube
