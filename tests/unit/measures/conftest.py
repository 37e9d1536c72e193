"""Fixtures for the measure tests: the fixture catalogue and a tiny DuckDB warehouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest

from attain.domain.datasets import DATASETS
from attain.measures import Catalogue, CompiledQuery, load_catalogue
from attain.store.warehouse import SQL_TYPES

FIXTURES = Path(__file__).parent / "fixtures" / "definitions"

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURES)


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


@pytest.fixture
def warehouse() -> Iterator[Callable[[Rows], duckdb.DuckDBPyConnection]]:
    opened: list[duckdb.DuckDBPyConnection] = []

    def make(rows: Rows) -> duckdb.DuckDBPyConnection:
        con = make_warehouse(rows)
        opened.append(con)
        return con

    yield make
    for con in opened:
        con.close()
