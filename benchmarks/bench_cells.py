"""Benchmark the numbering of the cube's cells (not a test; results in BENCHMARKS.md).

On a data folder's measure rows (the engine is run once), times `stable_argsort` of the
cells' packed keys against numpy's stable argsort of the same keys (the baseline, in the
same process), checks the two orders are the same, and times `number_cells` whole.

    python benchmarks/bench_cells.py D [--runs 3]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from bench_engine_queries import catalogue_queries, folder_and_runs

from attain.engines.duckdb import DuckDBEngine
from attain.services import compute_cube as cube
from attain.stats.arrays import packed_keys, stable_argsort

T = TypeVar("T")


def row_keys(cells: cube.NumberedCells) -> npt.NDArray[np.int64]:
    """The cells' packed keys in the rows' order (number_cells gives them in key order)."""
    keys = cells.keys
    in_rows = [k[cells.cell_id - 1] for k in (keys.measure, keys.year, keys.level, keys.area,
                                              keys.group)]
    packed: npt.NDArray[np.int64] | None = packed_keys(*in_rows)
    if packed is None:
        raise SystemExit("the cells' keys need more than 63 bits")
    return packed


def timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    args = folder_and_runs(__doc__)
    warehouse, years, queries = catalogue_queries(args.folder)
    engine = DuckDBEngine(warehouse, years=years)
    engine.run(queries)
    rows = cube._results_base_rows(engine.con)
    packed = row_keys(cube.number_cells(engine.con, rows))
    numpy_s, packed_s, number_s = [], [], []
    for _ in range(args.runs):
        seconds, baseline = timed(lambda: np.argsort(packed, kind="stable"))
        numpy_s.append(seconds)
        seconds, ours = timed(lambda: stable_argsort(packed))
        packed_s.append(seconds)
        if not np.array_equal(baseline, ours):
            raise SystemExit("stable_argsort's order differs from numpy's")
        number_s.append(timed(lambda: cube.number_cells(engine.con, rows))[0])
    a, b = statistics.median(numpy_s), statistics.median(packed_s)
    print(f"{rows.num_rows:,} cells: numpy stable argsort {a:.2f} s, stable_argsort "
          f"{b:.2f} s ({b / a:.2f}x, same order); number_cells {statistics.median(number_s):.2f} s "
          f"(runs: {', '.join(f'{s:.2f}' for s in number_s)})")


if __name__ == "__main__":
    main()
