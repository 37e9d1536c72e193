"""Benchmark the DuckDB engine's queries one at a time against two at a time (not a test;
results in BENCHMARKS.md).

On a data folder's warehouse (e.g. `attain demo --data-dir D --no-results`, or a copy
holding only one LA's pupils: `bench_compute.py --only-la`), the compiled catalogue is run
by `DuckDBEngine` with QUERIES_AT_ONCE = 1 (the baseline) and 2, alternately, each on a
fresh connection; it prints wall and CPU time of each run and the ratio, and checks that
both give the same rows (count and sum of values, to 1e-9 relative).

    python benchmarks/bench_engine_queries.py D [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from attain.engines import duckdb as engine_module
from attain.measures import DEFINITIONS, compile_catalogue, load_catalogue
from attain.measures.compiler import CompiledQuery
from attain.services.compute import countries_of, relevant_measures, resolve_years
from attain.store.warehouse import Warehouse


def folder_and_runs(doc: str | None) -> argparse.Namespace:
    """The arguments `D [--runs 3]` of a benchmark whose docstring is `doc`."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args()


def catalogue_queries(folder: Path) -> tuple[Warehouse, tuple[int, ...], list[CompiledQuery]]:
    """`folder`'s warehouse, its years, and the catalogue compiled for them, as `attain
    compute` compiles it."""
    warehouse = Warehouse(folder / "warehouse")
    catalogue = load_catalogue(DEFINITIONS)
    years = resolve_years(warehouse, None)
    chosen = relevant_measures(catalogue, None, years, countries_of(warehouse))
    return warehouse, years, compile_catalogue(catalogue, measure_ids=chosen, years=years,
                                               strategy="rollup")


def coverage_check_seconds(folder: Path) -> float:
    """Seconds of `drop_uncovered` in the default mode (a look at the census), after the
    engine ran."""
    from attain.services.compute_coverage import drop_uncovered

    warehouse, years, queries = catalogue_queries(folder)
    engine = engine_module.DuckDBEngine(warehouse, years=years)
    try:
        engine.run(queries)
        started = time.perf_counter()
        drop_uncovered(engine.con, load_catalogue(DEFINITIONS), "national")
        return time.perf_counter() - started
    finally:
        engine.close()


def run(warehouse: Warehouse, years: tuple[int, ...], queries: list[CompiledQuery],
        at_once: int
        ) -> tuple[float, float, tuple[int, float]]:
    engine_module.QUERIES_AT_ONCE = at_once
    engine = engine_module.DuckDBEngine(warehouse, years=years)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        engine.run(queries)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rows, total = engine.con.execute("SELECT count(*), sum(value) FROM results_base"
                                         ).fetchall()[0]
    finally:
        engine.close()
    return wall, cpu, (int(rows), float(total or 0.0))


def main() -> None:
    args = folder_and_runs(__doc__)
    warehouse, years, queries = catalogue_queries(args.folder)
    walls: dict[int, list[float]] = {1: [], 2: []}
    answers = set()
    for _ in range(args.runs):
        for at_once in (1, 2):
            wall, cpu, answer = run(warehouse, years, queries, at_once)
            walls[at_once].append(wall)
            answers.add((answer[0], round(answer[1], 6)))
            print(f"{at_once} at a time: {wall:6.2f} s wall {cpu:6.2f} s CPU, "
                  f"{answer[0]:,} rows", flush=True)
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    rows = {a[0] for a in answers}
    totals = [a[1] for a in answers]
    same = len(rows) == 1 and max(totals) - min(totals) <= 1e-9 * max(1.0, abs(max(totals)))
    print(f"median: one at a time {one:.2f} s, two at a time {two:.2f} s "
          f"({two / one:.2f}x); same rows: {'yes' if same else 'NO'}")
    print(f"then the pupils' coverage check (--pupils national): "
          f"{coverage_check_seconds(args.folder):.3f} s")


if __name__ == "__main__":
    main()
