"""Benchmark `attain compute --la LA` (one LA's rows) against the whole `attain compute`,
alternately, as a user runs them (not a test; results in BENCHMARKS.md).

On a data folder D with a computed cube (e.g. `attain demo --data-dir D`), each run times
`attain compute --home-la LA` (the whole cube, the LA's rows in their shards) and then
`attain compute --la LA`, each a new Python process (bench_compute_cli.run_once), and
checks after each `--la` run that the cube is the one the first whole compute wrote, row
for row (compare_cubes). Prints wall and CPU time per run, the medians and their ratio.
Recomputes D's results in place: use a copy.

    python benchmarks/bench_compute_la.py D [--la 882] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from bench_compute_cli import HERE, run_once
from compare_cubes import TABLES, compare


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--la", default="882")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    variants = {"whole": ["--home-la", args.la], "--la": ["--la", args.la]}
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="bench_la_") as scratch:
        reference = Path(scratch)
        run_once(HERE, args.folder, variants["whole"])
        shutil.copytree(args.folder / "results", reference / "results")
        for run in range(1, args.runs + 1):
            for name, options in variants.items():
                wall, cpu, reported = run_once(HERE, args.folder, options)
                times[name].append(wall)
                print(f"run {run} {name:6s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                      f"reported {reported:6.2f} s", flush=True)
            for table in TABLES:
                counts = compare(reference, args.folder, table, 1e-9)
                differ = counts["numbers_differ"] + counts["others_differ"]
                missing = counts["rows_a"] - counts["matched"]
                print(f"      {table}: {counts['matched']:,} rows match the whole compute's, "
                      f"{differ} differ, {missing} missing")
                if differ or missing or counts["rows_a"] != counts["rows_b"]:
                    raise SystemExit(f"{table}: the --la cube is not the whole compute's")
    whole, one = (statistics.median(times[name]) for name in variants)
    print(f"median: whole {whole:.2f} s, --la {one:.2f} s, ratio {one / whole:.2f}x "
          f"({whole / one:.1f}x faster)")


if __name__ == "__main__":
    main()
