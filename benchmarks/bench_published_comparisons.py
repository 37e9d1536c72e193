"""Benchmark the comparisons of a cube's published rows (not a test; results in
BENCHMARKS.md).

On a computed data folder that holds published figures (e.g. after `attain import
data/real/dfe-lait/bds_long_0.parquet --to-results` and `attain compute`), loads its
results as the `cube` and times `compare_published` over it, printing the rows it made and
a hash of them, so that two checkouts can be compared on the same folder:

    python benchmarks/bench_published_comparisons.py D [--runs 3]
    PYTHONPATH=/tmp/old/src python benchmarks/bench_published_comparisons.py D
"""

from __future__ import annotations

import time

from bench_engine_queries import folder_and_runs

from attain.services.compute import results_warehouse
from attain.services.published_comparisons import (
    TABLE,
    compare_published,
    comparing,
    cube_select,
    files_sql,
)


def main() -> None:
    options = folder_and_runs(__doc__)
    results = files_sql(results_warehouse(options.folder), "results")
    if results is None:
        raise SystemExit(f"{options.folder} has no results: run attain compute first")
    with comparing(options.folder) as con:
        con.execute(f"CREATE TABLE cube AS {cube_select(results)}")
        for _ in range(options.runs):
            started = time.perf_counter()
            compare_published(con, options.folder)
            seconds = time.perf_counter() - started
            rows, digest = con.execute(f"SELECT count(*), bit_xor(hash(p)) FROM "
                                       f"(SELECT * FROM {TABLE}) p").fetchall()[0]
            print(f"compare_published {seconds:.3f} s: {rows:,} rows, hash {digest}")


if __name__ == "__main__":
    main()
