"""Choose an engine by name and bring its `results_base` back into DuckDB.

`attain compute --engine duckdb|postgres|spark` runs the compiled queries on the chosen
engine; suppression, comparisons and writing the cube then run in DuckDB whatever the
engine (`results_into_duckdb`), so every engine gives the same cube from the same rows.

    engine = open_engine(name, warehouse, years)
    try:
        engine.run(queries, progress=...)
        con = results_into_duckdb(engine)
        ...   # suppression, comparisons, write
    finally:
        engine.close()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import duckdb
import pyarrow as pa

from attain.engines import RESULTS_BASE, Progress, Query
from attain.engines.duckdb import DuckDBEngine, create_base_table
from attain.errors import UserError
from attain.store.warehouse import Warehouse


class EngineName(StrEnum):
    DUCKDB = "duckdb"
    POSTGRES = "postgres"
    SPARK = "spark"


@dataclass
class OpenEngine:
    """An engine opened for one warehouse and years (the Engine protocol, plus what
    `results_into_duckdb` needs to give the DuckDB pipeline the warehouse tables too)."""

    name: EngineName
    engine: Any  # DuckDBEngine | PostgresEngine | SparkEngine
    warehouse: Warehouse
    years: tuple[int, ...] | None
    # The DuckDB connection results_into_duckdb made (not DuckDB's own): closed by close().
    handed_over: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    @property
    def dialect(self) -> str:
        return str(self.engine.dialect)

    def run(self, queries: Sequence[Query], *, progress: Progress | None = None) -> int:
        return int(self.engine.run(queries, progress=progress))

    def close(self) -> None:
        """Close the engine (and the DuckDB connection its rows were handed over to)."""
        try:
            self.engine.close()
        finally:
            if self.handed_over is not None:
                self.handed_over.close()
                self.handed_over = None


def engine_name(name: str) -> EngineName:
    try:
        return EngineName(name.strip().lower())
    except ValueError:
        raise UserError(f"unknown engine {name!r}",
                        fix=f"Use --engine with one of: {', '.join(EngineName)}.") from None


def open_engine(name: str, warehouse: Warehouse,
                years: Sequence[int] | None = None) -> OpenEngine:
    """The engine called `name`, connected and ready to run queries over `warehouse`.

    A missing driver, an unreachable server or missing tables raise one UserError naming
    the engine and the setting to fix (ATTAIN_WAREHOUSE_URL, ATTAIN_SPARK_MASTER)."""
    chosen = engine_name(name)
    wanted = tuple(int(y) for y in years) if years is not None else None
    engine: Any
    if chosen is EngineName.DUCKDB:
        engine = DuckDBEngine(warehouse, years=wanted)
    elif chosen is EngineName.POSTGRES:
        from attain.engines.postgres import PostgresEngine

        engine = PostgresEngine()
    else:
        from attain.engines.spark import SparkEngine

        engine = SparkEngine(warehouse, years=wanted)
    return OpenEngine(chosen, engine, warehouse, wanted)


def results_into_duckdb(opened: OpenEngine) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding table `results_base` (the engine's rows) and one view per
    warehouse dataset: for DuckDB its own connection, otherwise a new one."""
    if opened.name is EngineName.DUCKDB:
        con: duckdb.DuckDBPyConnection = opened.engine.con
        return con
    rows = opened.engine.fetch_results()
    con = duckdb.connect()
    opened.warehouse.register_views(con, opened.years)
    load_results_base(con, rows)
    if opened.handed_over is not None:
        opened.handed_over.close()
    opened.handed_over = con
    return con


def load_results_base(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> None:
    """Table `results_base` in `con` with DuckDB's column types, filled from Arrow."""
    create_base_table(con)
    con.register("_engine_results", rows)
    try:
        columns = ", ".join(rows.column_names)
        con.execute(f'INSERT INTO "{RESULTS_BASE}" ({columns}) '
                    f"SELECT {columns} FROM _engine_results")
    finally:
        con.unregister("_engine_results")
