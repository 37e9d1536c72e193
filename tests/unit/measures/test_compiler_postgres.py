"""The PostgreSQL rendering of every fixture query gives the DuckDB numbers."""

from __future__ import annotations

import math

import psycopg
import pytest
from compiler_fixtures import make_warehouse, run_queries
from test_compiler_duckdb import DATA

from attain.domain.datasets import DATASETS
from attain.engines.postgres import create_table_sql
from attain.measures import compile_catalogue


def _load(cur: psycopg.Cursor) -> None:
    for ds in DATASETS.values():
        cur.execute(create_table_sql(ds))
    for name, records in DATA.items():
        names = DATASETS[name].column_names
        cur.executemany(f"INSERT INTO {name} VALUES ({', '.join('%s' for _ in names)})",
                        [[r.get(n) for n in names] for r in records])


@pytest.mark.postgres
@pytest.mark.parametrize("strategy", ["per_group", "unnest", "prepared", "rollup"])
def test_postgres_sql_gives_the_duckdb_cube(catalogue, postgres_url, strategy):
    duck = make_warehouse(DATA)
    cube = run_queries(duck, compile_catalogue(catalogue))
    duck.close()
    queries = compile_catalogue(catalogue, strategy=strategy)
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as con, con.cursor() as cur:
        _load(cur)
        for query in queries:
            if query.stage == 0:
                cur.execute(f"CREATE TABLE {query.materialize_as} AS {query.sql('postgres')}")
        stage1 = [q for q in queries if q.stage == 1]
        cur.execute(f"CREATE TABLE results_base AS {stage1[0].sql('postgres')}")
        for query in stage1[1:]:
            cur.execute(f"INSERT INTO results_base {query.sql('postgres')}")
        cur.execute("SELECT * FROM results_base")
        rows = cur.fetchall()
        for query in queries:
            if query.stage == 2:
                cur.execute(query.sql("postgres"))
                rows += cur.fetchall()
    got = {tuple(r[:5]): r[5:] for r in rows}
    assert got.keys() == cube.keys()
    for key, row in cube.items():
        for a, b in zip(row, got[key], strict=True):
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-9), key
