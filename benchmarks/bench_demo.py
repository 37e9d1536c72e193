"""Benchmark `attain demo` generation against writing the same rows with pyarrow.

    python benchmarks/bench_demo.py                         # the default demo (scale 0.02)
    python benchmarks/bench_demo.py --scale 1.0 --years 2019  # full England, one year

Prints wall and CPU seconds of generate(), of the baseline (random rows of the same
shape per dataset, written to Parquet with zstd), their ratio, and peak memory
(resource.getrusage). The machine may be shared: compare CPU seconds and ratios.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from attain.demo import generate
from attain.domain.datasets import DATASETS


def _years(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def _baseline(rows: dict[str, int], folder: Path) -> tuple[float, float]:
    """Write, per dataset, `rows` random int32 rows as wide as the dataset."""
    rng = np.random.default_rng(0)
    wall, cpu = time.perf_counter(), time.process_time()
    for name, n in rows.items():
        width = len(DATASETS[name].columns)
        for start in range(0, n, 500_000):
            size = min(500_000, n - start)
            table = pa.table({f"c{i}": rng.integers(0, 1000, size, dtype=np.int32)
                              for i in range(width)})
            pq.write_table(table, folder / f"{name}-{start}.parquet", compression="zstd")
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--years", default="2008-2025")
    parser.add_argument("--la", default="882")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="attain-bench-"))
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        summary = generate(work / "demo", scale=args.scale, years=_years(args.years),
                           la_code=args.la)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        (work / "baseline").mkdir()
        base_wall, base_cpu = _baseline(summary.rows, work / "baseline")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = sum(summary.rows.values())
    print(f"attain demo --la {args.la} --scale {args.scale} --years {args.years}")
    print(f"rows written: {rows:,}")
    print(f"generate: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"baseline (same rows, random int32, pyarrow): {base_wall:.1f} s wall, "
          f"{base_cpu:.1f} s CPU")
    print(f"ratio generate / baseline: {wall / base_wall:.2f} wall, {cpu / base_cpu:.2f} CPU")
    print(f"peak memory (max RSS, whole process): {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
