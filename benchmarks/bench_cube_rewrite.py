"""How long reading and rewriting a data folder's whole results cube takes (not a test;
results in BENCHMARKS.md).

The floor under any recompute that writes the cube in its present layout (one Parquet file
per table and year): even one that changed only one LA's rows and kept the rest would read
and rewrite every file. Each run reads every file of `results` and `comparisons` with
pyarrow and writes them to a temporary folder with the cube's compression (zstd).

    python benchmarks/bench_cube_rewrite.py D [--runs 3]
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
from bench_engine_queries import folder_and_runs

from attain.services.compute import results_warehouse


def main() -> None:
    args = folder_and_runs(__doc__)
    cube = results_warehouse(args.folder)
    for _ in range(args.runs):
        for name in ("results", "comparisons"):
            started = time.perf_counter()
            tables = [pq.read_table(path) for path in cube.files(name)]
            read = time.perf_counter() - started
            with tempfile.TemporaryDirectory() as out:
                started = time.perf_counter()
                for i, table in enumerate(tables):
                    pq.write_table(table, Path(out) / f"{i}.parquet", compression="zstd")
                written = time.perf_counter() - started
            rows = sum(len(t) for t in tables)
            print(f"{name:12s} {rows:>10,} rows  read {read:.2f} s  write {written:.2f} s")


if __name__ == "__main__":
    main()
