"""Benchmark `attain compute --incremental` against a full compute (not a test; results in
BENCHMARKS.md, "Engines" section, issue 11).

On an existing data folder (e.g. `attain demo --data-dir D --no-results`): a full compute
(the baseline, which also writes the manifest), then one year's KS2 file rewritten with one
pupil's reading score changed, then `--incremental`, which recomputes that year only.

    python benchmarks/bench_incremental.py D [--year 2019]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyarrow as pa


def change_one_pupil(folder: Path, year: int) -> None:
    from attain.store.warehouse import Warehouse

    warehouse = Warehouse(folder / "warehouse")
    table = warehouse.read("ks2", [year])
    column = "read_scaled"
    values = table.column(column).to_pylist()
    first = next(i for i, v in enumerate(values) if v is not None)
    values[first] = values[first] + 1
    index = table.schema.get_field_index(column)
    table = table.set_column(index, table.schema.field(index), pa.array(
        values, table.schema.field(index).type))
    with warehouse.transaction() as tx:
        tx.write("ks2", table)


def timed(label: str, run: object) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    summary = run()  # type: ignore[operator]
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<12} {wall:7.1f} s wall {used:7.1f} s CPU  {summary.lines()[0]}")
    return wall


def main() -> None:
    from attain.services.compute import compute

    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--year", type=int, default=2019)
    args = parser.parse_args()
    full = timed("full", lambda: compute(args.folder))
    change_one_pupil(args.folder, args.year)
    part = timed("incremental", lambda: compute(args.folder, incremental=True))
    none = timed("unchanged", lambda: compute(args.folder, incremental=True))
    print(f"incremental / full = {part / full:.2f}; unchanged / full = {none / full:.3f}")


if __name__ == "__main__":
    main()
