"""`attain warehouse load`: copy the Parquet warehouse into an engine that keeps its own
tables (PostgreSQL). DuckDB and Spark read the Parquet files where they are."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from attain.engines import Progress
from attain.engines.registry import EngineName, engine_name
from attain.errors import UserError
from attain.store.warehouse import Warehouse

WAREHOUSE = "warehouse"


@dataclass(frozen=True)
class LoadSummary:
    engine: EngineName
    target: str
    rows: dict[str, int]
    seconds: float

    def lines(self) -> list[str]:
        loaded = {k: v for k, v in self.rows.items() if v}
        return [f"Loaded {sum(loaded.values()):,} rows in {len(loaded)} dataset(s) into "
                f"{self.target} ({self.engine}) in {self.seconds:.1f} s."] + [
                f"  {name}: {rows:,}" for name, rows in loaded.items()]


def load(folder: Path, engine: str = EngineName.POSTGRES, *, url: str | None = None,
         progress: Progress | None = None) -> LoadSummary:
    """Replace the engine's warehouse tables with the data folder's warehouse, all or
    nothing (a failure leaves the previous tables)."""
    chosen = engine_name(engine)
    if chosen is not EngineName.POSTGRES:
        raise UserError(f"the {chosen} engine reads the Parquet warehouse directly; there is "
                        "nothing to load", fix="Use `--engine postgres`, or run `attain "
                        f"compute --engine {chosen}` straight away.")
    warehouse = Warehouse(Path(folder) / WAREHOUSE)
    if not warehouse.exists("schools"):
        raise UserError(f"the warehouse {warehouse.root} has no schools",
                        fix="Run `attain demo` or `attain import` first.")
    from attain.engines import postgres

    started = time.perf_counter()
    target = url or postgres.warehouse_url()
    con = postgres.connect(target)
    try:
        rows = postgres.load_warehouse(con, warehouse, progress)
    finally:
        con.close()
    return LoadSummary(chosen, postgres.safe_url(target), rows, time.perf_counter() - started)
