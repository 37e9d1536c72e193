"""Benchmark the complementary-suppression cascade (not a test; results in BENCHMARKS.md).

On a computed data folder's measure rows (the engine is run once, its `results_base` kept
in D/results_base.parquet for the next run), the cells are numbered and the partitions
built as `attain compute` does, then, for each of its two runs of measures, the cascade is
timed interpreted (the baseline, in the same process) and compiled by numba (the first
compiled call also compiles or loads the cached machine code: reported apart), and the
cells they hide are checked to be the same.

    python benchmarks/bench_suppression.py D [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import duckdb
import numpy as np

from attain.measures import DEFINITIONS, compile_catalogue, load_catalogue
from attain.services import compute_cube as cube
from attain.services.compute import default_rule, resolve_years
from attain.services.compute_partitions import build_partitions
from attain.stats import complementary
from attain.store.warehouse import Warehouse


def results_base(folder: Path, con: duckdb.DuckDBPyConnection) -> None:
    """Table results_base on `con`: from the saved file, else the engine (then saved)."""
    from attain.engines.registry import open_engine, results_into_duckdb

    saved = folder / "results_base.parquet"
    warehouse = Warehouse(folder / "warehouse")
    years = resolve_years(warehouse, None)
    warehouse.register_views(con, years)
    if not saved.exists():
        opened = open_engine("duckdb", warehouse, years)
        opened.run(compile_catalogue(load_catalogue(DEFINITIONS), years=years,
                                     strategy="rollup"))
        results_into_duckdb(opened).execute(f"COPY results_base TO '{saved.as_posix()}'")
    con.execute(f"CREATE TABLE results_base AS SELECT * FROM '{saved.as_posix()}'")


def timed(memberships: int, arguments: tuple[object, ...]) -> tuple[float, list[int]]:
    complementary.COMPILE_FROM = memberships
    started = time.perf_counter()
    chosen = complementary.complementary_cells(*arguments)  # type: ignore[arg-type]
    return time.perf_counter() - started, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    con = duckdb.connect()
    results_base(args.folder, con)
    cube.load_catalogue_tables(con, load_catalogue(DEFINITIONS))
    rows = cube._results_base_rows(con)
    cells = cube.number_cells(con, rows)
    hidden = np.zeros(len(cells.cell_id), dtype=np.bool_)
    hidden[cells.cell_id - 1] = cube._primary_reasons(con, rows, cells, default_rule()) > 0
    keys = cells.keys
    additive = cube._of_kinds(con, keys, cube.ADDITIVE_KINDS)
    groups, schools = cube._group_partitions(con), cube._school_las(con)
    never, always = 2**62, 0
    for start, stop in keys.measure_runs(2):
        parts = build_partitions(keys.cells(start, stop), additive[start:stop], groups, schools)
        arguments = (hidden[start:stop], cells.preference[start:stop], parts.cell,
                     parts.offsets)
        first, _ = timed(always, arguments)
        interpreted, compiled = [], []
        for _ in range(args.runs):
            seconds, by_python = timed(never, arguments)
            interpreted.append(seconds)
            seconds, by_numba = timed(always, arguments)
            compiled.append(seconds)
            assert by_python == by_numba, "the compiled cascade hid other cells"
        print(f"cells {start:,}-{stop:,}: {len(parts.cell):,} memberships, "
              f"{len(by_python):,} cells hidden; interpreted (baseline) "
              f"{statistics.median(interpreted):.2f} s, compiled "
              f"{statistics.median(compiled):.2f} s "
              f"({statistics.median(compiled) / statistics.median(interpreted):.2f}x), "
              f"first compiled call {first:.2f} s")


if __name__ == "__main__":
    main()
