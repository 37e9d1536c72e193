"""Benchmark `attain report standards` (not a test; results in BENCHMARKS.md).

Writes the standards report for the demo LA in each format, each in a fresh Python process
that imports only `attain.services.reports`, so one-off costs of the report itself
(importing WeasyPrint, python-docx; vl-convert's JavaScript engine) count, but the
`attain` CLI's start-up (it imports every command module) does not. Baseline in the same
run, also in a fresh process: `attain.services.results.export` of the same LA's cube rows
for the year to XLSX (read the cube, write a workbook) — the cost of getting the numbers
out at all.

Each line gives the wall time, its ratio to the baseline's, and the CPU seconds of the
report process and of its chart process (attain.reports.chart_worker): on a loaded
machine CPU seconds are the steadier measure.

    python benchmarks/bench_reports.py --data-dir D [--la 882] [--year 2019] [--runs 3]

D must hold a computed cube (`attain demo` then `attain compute`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

FORMATS = ("html", "pdf", "docx", "xlsx")


REPORT = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from attain.services import reports
reports.standards(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                  reports.ReportFormat(sys.argv[4]), Path(sys.argv[5]))
wall = time.perf_counter() - started
from attain.reports import chart_process
worker = chart_process._process
if worker is not None and worker.stdin is not None:
    worker.stdin.close()
    worker.wait()
me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                  resource.RUSAGE_CHILDREN))
print(wall, me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime)
"""
BASELINE = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from attain.services import results
results.export(Path(sys.argv[1]), results.ResultFilter(la=sys.argv[2], year=int(sys.argv[3])),
               results.ExportFormat.XLSX, Path(sys.argv[5]))
me = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - started, me.ru_utime + me.ru_stime, 0.0)
"""


def timed(script: str, *args: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process, CPU seconds of its chart process)."""
    done = subprocess.run([sys.executable, "-c", script, *args], check=True,
                          capture_output=True, text=True)
    wall, cpu, chart_cpu = (float(x) for x in done.stdout.strip().splitlines()[-1].split())
    return wall, cpu, chart_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--la", default="882")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    common = (str(options.data_dir), options.la, str(options.year))
    with tempfile.TemporaryDirectory() as out:
        for run in range(1, options.runs + 1):
            baseline, base_cpu, _ = timed(BASELINE, *common, "xlsx", f"{out}/baseline.xlsx")
            line = [f"run {run}: baseline export {baseline:.2f} s (CPU {base_cpu:.2f} s)"]
            for fmt in FORMATS:
                seconds, cpu, chart_cpu = timed(REPORT, *common, fmt, f"{out}/standards.{fmt}")
                line.append(f"{fmt} {seconds:.2f} s ({seconds / baseline:.1f}x; CPU "
                            f"{cpu:.2f} s + charts {chart_cpu:.2f} s)")
            print("; ".join(line), flush=True)


if __name__ == "__main__":
    main()
