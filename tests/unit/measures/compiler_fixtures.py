"""Helpers the compiler tests import: a tiny DuckDB warehouse and a query runner.

A module of its own, not conftest.py: `from conftest import ...` finds whichever conftest
was imported first, another directory's when a run collects several."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


Cube = dict[tuple[str, int, str, str, str], tuple[Any, ...]]


def run_queries(con: duckdb.DuckDBPyConnection, queries: Sequence[CompiledQuery]) -> Cube:
    """Run the queries on DuckDB (run_stages); rows keyed by the cube's key."""
    return run_stages(lambda sql: con.execute(sql).fetchall(), queries, "duckdb")


def run_stages(execute: Callable[[str], list[Any]], queries: Sequence[CompiledQuery],
               dialect: str) -> Cube:
    """Run stage 0 (prepared tables), stage 1 into results_base, then stage 2, each query
    rendered in `dialect` and run by `execute` (which returns the rows, if any); rows keyed
    by the cube's key."""
    create = "CREATE OR REPLACE TABLE" if dialect == "duckdb" else "CREATE TABLE"
    for query in queries:
        if query.stage == 0:
            execute(f"{create} {query.materialize_as} AS {query.sql(dialect)}")
    stage1 = [q for q in queries if q.stage == 1]
    execute(f"{create} results_base AS {stage1[0].sql(dialect)}")
    for query in stage1[1:]:
        execute(f"INSERT INTO results_base {query.sql(dialect)}")
    rows = execute("SELECT * FROM results_base")
    for query in queries:
        if query.stage == 2:
            rows += execute(query.sql(dialect))
    cube: Cube = {}
    for row in rows:
        key = (row[0], row[1], row[2], row[3], row[4])
        assert key not in cube, f"duplicate cube row {key}"
        cube[key] = tuple(row[5:])
    return cube
