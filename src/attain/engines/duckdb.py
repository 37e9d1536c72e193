"""The embedded DuckDB engine: compiled queries over the Parquet warehouse.

Each dataset is a view over its Parquet partition files (only the years asked for, so a
one-year compute reads one year). Rows go straight into the table `results_base` with
INSERT ... SELECT: they never pass through Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import groupby

import duckdb
import pyarrow as pa

from attain.engines import RESULTS_BASE, Progress, Query, ordered
from attain.errors import InternalError
from attain.store.warehouse import Warehouse

BASE_COLUMNS = (
    ("measure_id", "VARCHAR"),
    ("year", "INTEGER"),
    ("level", "VARCHAR"),
    ("area_code", "VARCHAR"),
    ("group_id", "VARCHAR"),
    ("numerator", "DOUBLE"),
    ("denominator", "DOUBLE"),
    ("value", "DOUBLE"),
    ("ci_low", "DOUBLE"),
    ("ci_high", "DOUBLE"),
)


def arrow_table(con: duckdb.DuckDBPyConnection, sql: str,
                params: Sequence[object] | None = None) -> pa.Table:
    """The rows of a query as one Arrow table (no Python objects per row)."""
    relation = con.sql(sql, params=list(params)) if params else con.sql(sql)
    if hasattr(relation, "to_arrow_table"):
        return relation.to_arrow_table()
    return relation.arrow()  # duckdb < 1.4


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether `con` sees a table (its own temporary ones included) called `name`."""
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                        [name]).fetchall()
    return bool(found[0][0])


def create_base_table(con: duckdb.DuckDBPyConnection, name: str = RESULTS_BASE) -> None:
    columns = ", ".join(f"{c} {t}" for c, t in BASE_COLUMNS)
    con.execute(f'CREATE OR REPLACE TABLE "{name}" ({columns})')


def _duckdb_sql(query: Query) -> str:
    # The compiler writes DuckDB SQL and sql("duckdb") round-trips it through sqlglot's
    # pretty printer (~60 ms a query, more than running it on a demo LA): run the source.
    source = getattr(query, "source_sql", "")
    return str(source or query.sql("duckdb")).strip().rstrip(";")


# Two queries at a time: one alone leaves a core idle while it reads and plans. Medians
# of bench_engine_queries.py (BENCHMARKS.md, session 10): 0.89x the time of one at a time
# on an LA's own pupils, 0.94x on the demo.
QUERIES_AT_ONCE = 2


class DuckDBEngine:
    """Runs compiled queries in one DuckDB connection over a warehouse."""

    dialect = "duckdb"

    def __init__(self, warehouse: Warehouse, *, years: Sequence[int] | None = None,
                 materialise: bool = False,
                 con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.warehouse = warehouse
        self.con = con if con is not None else duckdb.connect()
        self.years = years
        warehouse.register_views(self.con, years, materialise=materialise)

    def run(self, queries: Sequence[Query], *, progress: Progress | None = None) -> int:
        """Run the queries of each stage, `QUERIES_AT_ONCE` at a time on cursors of the
        one connection (the largest datasets first), each inserting into `results_base`."""
        create_base_table(self.con)
        todo = ordered(queries)
        finished = 0
        for _, stage in groupby(todo, key=lambda q: q.stage):
            waiting = sorted(stage, key=self._input_bytes, reverse=True)
            with ThreadPoolExecutor(QUERIES_AT_ONCE, thread_name_prefix="attain-query") as pool:
                running: set[Future[None]] = set()
                while waiting or running:
                    while waiting and len(running) < QUERIES_AT_ONCE:
                        query = waiting.pop(0)
                        if progress:
                            progress(query.name, finished / max(len(todo), 1))
                        running.add(pool.submit(self._insert, query))
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        finished += 1
                        future.result()
        for target in {getattr(q, "materialize_as", None) for q in todo} - {None}:
            self.con.execute(f'DROP TABLE IF EXISTS "{target}"')
        if progress:
            progress("done", 1.0)
        rows = self.con.execute(f'SELECT count(*) FROM "{RESULTS_BASE}"').fetchall()
        return int(rows[0][0])

    def _insert(self, query: Query) -> None:
        columns = ", ".join(c for c, _ in BASE_COLUMNS)
        target = getattr(query, "materialize_as", None)
        # A stage 0 table for the later stages: not TEMP, which only its cursor would see.
        statement = (f'CREATE OR REPLACE TABLE "{target}" AS {_duckdb_sql(query)}' if target
                     else f'INSERT INTO "{RESULTS_BASE}" ({columns}) '
                          f"SELECT * FROM (\n{_duckdb_sql(query)}\n)")
        with self.con.cursor() as cursor:
            try:
                cursor.execute(statement)
            except duckdb.Error as err:
                raise InternalError(f"measure query {query.name} failed in DuckDB: {err}"
                                    ) from err

    def _input_bytes(self, query: Query) -> int:
        """The size of the query's dataset on disk, a proxy for its cost."""
        if query.dataset not in self.warehouse.datasets:
            return 0
        return sum(p.stat().st_size for p in self.warehouse.files(query.dataset, self.years))

    def close(self) -> None:
        self.con.close()
