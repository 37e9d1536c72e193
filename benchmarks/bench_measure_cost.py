"""What some measures add to one dataset's measure query (not a test; results in
BENCHMARKS.md).

On a data folder's warehouse, the dataset's compiled query (strategy rollup) with every
measure of the dataset that `attain compute` would run for `--year`, against the same without the
measures named in `--without`, alternately in one process on one DuckDB connection; each
line is one run's wall time, the last line the medians.

    python benchmarks/bench_measure_cost.py D --dataset ks4 --year 2019 \\
        --without ks4_p8_eng,ks4_p8_mat,ks4_p8_ebac,ks4_p8_open [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from attain.engines.duckdb import DuckDBEngine
from attain.measures import DEFINITIONS, compile_catalogue, load_catalogue
from attain.services.compute import countries_of, relevant_measures
from attain.store.warehouse import Warehouse


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--without", required=True, help="measure ids, comma separated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    catalogue = load_catalogue(DEFINITIONS)
    warehouse = Warehouse(args.folder / "warehouse")
    # the measures `attain compute` would run for that year (its countries' only)
    chosen = relevant_measures(catalogue, None, [args.year], countries_of(warehouse))
    every = [m.id for m in catalogue.measures if m.id in chosen and m.dataset == args.dataset]
    left_out = set(args.without.split(","))
    fewer = [m for m in every if m not in left_out]
    engine = DuckDBEngine(warehouse, years=[args.year])
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(args.runs):
        for label, ids in (("with", every), ("without", fewer)):
            queries = [q for q in compile_catalogue(catalogue, measure_ids=ids, years=[args.year],
                                                    strategy="rollup") if q.stage == 1]
            started = time.perf_counter()
            for query in queries:
                engine.con.execute(f"SELECT count(*) FROM ({query.sql()})").fetchall()
            times[label].append(time.perf_counter() - started)
            print(f"{label:8s} {len(ids)} measures  {times[label][-1]:.3f} s")
    print(f"medians: with {statistics.median(times['with']):.3f} s, without "
          f"{statistics.median(times['without']):.3f} s")


if __name__ == "__main__":
    main()
