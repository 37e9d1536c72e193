"""The PostgreSQL rendering of every fixture query gives the DuckDB numbers."""

from __future__ import annotations

import math

import psycopg
import pytest
from compiler_fixtures import make_warehouse, run_queries, run_stages
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


def _run_on_postgres(postgres_url: str, queries) -> dict:
    """The fixture data loaded into PostgreSQL and `queries` run there (run_stages)."""
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as con, con.cursor() as cur:
        _load(cur)

        def execute(sql: str) -> list:
            cur.execute(sql)
            return cur.fetchall() if cur.description else []

        return run_stages(execute, queries, "postgres")


@pytest.mark.postgres
@pytest.mark.parametrize("strategy", ["per_group", "unnest", "prepared", "rollup"])
def test_postgres_sql_gives_the_duckdb_cube(catalogue, postgres_url, strategy):
    duck = make_warehouse(DATA)
    cube = run_queries(duck, compile_catalogue(catalogue))
    duck.close()
    got = _run_on_postgres(postgres_url, compile_catalogue(catalogue, strategy=strategy))
    assert got.keys() == cube.keys()
    for key, row in cube.items():
        for a, b in zip(row, got[key], strict=True):
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-9), key


@pytest.mark.postgres
def test_postgres_sql_gives_one_la_s_duckdb_rows(catalogue, postgres_url):
    # `attain compute --la 999` on the postgres engine: LA 999's rows, as DuckDB gives them
    queries = compile_catalogue(catalogue, strategy="rollup", scope_las=["999"])
    duck = make_warehouse(DATA)
    expected = run_queries(duck, queries)
    duck.close()
    got = _run_on_postgres(postgres_url, queries)
    assert {k[3] for k in got} == {"999", "100001", "100002"}
    assert got.keys() == expected.keys()
    for key, row in expected.items():
        for a, b in zip(row, got[key], strict=True):
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-9), key
