"""Benchmark `attain report standards` (not a test; results in BENCHMARKS.md).

Writes the standards report for the demo LA in each format, each in a fresh Python process
that imports only `attain.services.reports`, so one-off costs of the report itself
(importing Altair, WeasyPrint, python-docx; vl-convert's first chart) count, but the
`attain` CLI's start-up (it imports every command module) does not. Baseline in the same
run, also in a fresh process: `attain.services.results.export` of the same LA's cube rows
for the year to XLSX (read the cube, write a workbook) — the cost of getting the numbers
out at all.

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
import sys, time
from pathlib import Path
started = time.perf_counter()
from attain.services import reports
reports.standards(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                  reports.ReportFormat(sys.argv[4]), Path(sys.argv[5]))
print(time.perf_counter() - started)
"""
BASELINE = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from attain.services import results
results.export(Path(sys.argv[1]), results.ResultFilter(la=sys.argv[2], year=int(sys.argv[3])),
               results.ExportFormat.XLSX, Path(sys.argv[5]))
print(time.perf_counter() - started)
"""


def timed(script: str, *args: str) -> float:
    done = subprocess.run([sys.executable, "-c", script, *args], check=True,
                          capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


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
            baseline = timed(BASELINE, *common, "xlsx", f"{out}/baseline.xlsx")
            line = [f"run {run}: baseline export {baseline:.2f} s"]
            for fmt in FORMATS:
                seconds = timed(REPORT, *common, fmt, f"{out}/standards.{fmt}")
                line.append(f"{fmt} {seconds:.2f} s ({seconds / baseline:.1f}x)")
            print("; ".join(line), flush=True)


if __name__ == "__main__":
    main()
