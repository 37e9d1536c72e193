"""Benchmark the `attain` command line's start-up (not a test; results in BENCHMARKS.md).

Runs each command in a fresh process, as a user would, and measures its wall time and the
CPU seconds (user + system) that the process used. Baseline in the same run: `python -c
pass`, the interpreter's own start-up, which no command can go below.

    python benchmarks/bench_cli.py [--runs 7] [--data-dir D [--la 882] [--year 2019]]

`attain status` reads D when given (e.g. a demo folder), else an empty data folder made by
the script (the command still opens the warehouse, so it pays for pyarrow and DuckDB).
With D (holding a computed cube) it also times `attain report standards --format docx`
against the same report made by `attain.services.reports.standards` in a bare `python -c`:
the difference is what the command line adds.
Each line gives the median over the runs, then the minimum, and the ratio to the baseline;
on a loaded machine CPU seconds are the steadier measure. To measure another checkout's CLI
(e.g. before a change), put its src first: `PYTHONPATH=OTHER/src python benchmarks/...`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def attain_command() -> list[str]:
    """The installed `attain` script beside this interpreter, else the same entry point."""
    script = Path(sys.executable).with_name("attain")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from attain.cli import main; sys.exit(main())"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `command`, which must succeed."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, children_cpu() - cpu_before


def measure(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    timed(command)  # one warm-up run: the page cache, .pyc files
    walls, cpus = zip(*(timed(command) for _ in range(runs)), strict=True)
    return list(walls), list(cpus)


REPORT_ALONE = """
import sys
from pathlib import Path
from attain.services import reports
reports.standards(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), reports.ReportFormat.DOCX,
                  Path(sys.argv[4]))
"""


def report_cases(attain: list[str], folder: str, la: str, year: int,
                 out: str) -> dict[str, list[str]]:
    return {
        "report standards docx: service alone": [sys.executable, "-c", REPORT_ALONE, folder,
                                                 la, str(year), f"{out}/alone.docx"],
        "attain report standards --format docx": [
            *attain, "report", "standards", "--la", la, "--year", str(year), "--format",
            "docx", "--out", f"{out}/cli.docx", "--data-dir", folder],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--la", default="882")
    parser.add_argument("--year", type=int, default=2019)
    # run.py passes every script the same arguments: ignore the other scripts' ones.
    options, _ = parser.parse_known_args()
    attain = attain_command()
    with tempfile.TemporaryDirectory() as empty:
        folder = str(options.data_dir or empty)
        cases = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "attain --help": [*attain, "--help"],
            "attain report standards --help": [*attain, "report", "standards", "--help"],
            f"attain status{' (empty folder)' if options.data_dir is None else ''}":
                [*attain, "status", "--data-dir", folder],
        }
        if options.data_dir is not None:
            cases |= report_cases(attain, folder, options.la, options.year, empty)
        baseline_wall = baseline_cpu = 0.0
        for label, command in cases.items():
            walls, cpus = measure(command, options.runs)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            if not baseline_wall:
                baseline_wall, baseline_cpu = wall, cpu
            print(f"{label:<40} wall {wall:.3f} s (min {min(walls):.3f}, "
                  f"{wall / baseline_wall:.1f}x)  CPU {cpu:.3f} s (min {min(cpus):.3f}, "
                  f"{cpu / baseline_cpu:.1f}x)", flush=True)


if __name__ == "__main__":
    main()
