"""Benchmark the whole `attain compute` process against another checkout's, alternately
(not a test; results in BENCHMARKS.md).

Runs `attain compute --data-dir D ARGS` as a user runs it (a new Python process: imports,
the compute, the interpreter's shut-down), alternating this checkout's code with the code
under `--old` (e.g. a git worktree of an earlier commit: `git worktree add /tmp/old REV`),
so both meet the same machine in the same minutes. Prints, per run, the wall and CPU time
of the process and the time the compute reports for itself, then the medians and their
ratio. Each run recomputes D's results in place: use a copy. `--old-folder` gives the old
code a folder of its own (e.g. a demo its own code wrote, to compare warehouse layouts).

    python benchmarks/bench_compute_cli.py D --old /tmp/old [--old-folder D0] [--runs 5]
        [-- ARGS...]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "src"
RUN = ("import sys; from attain.cli import main; "
       "sys.argv = ['attain', 'compute', *sys.argv[1:]]; main()")
REPORTED = re.compile(r"in ([0-9.]+) s\.")


def run_once(source: Path, folder: Path, args: list[str]) -> tuple[float, float, float]:
    """(wall, CPU of the process, the compute's own seconds) of one `attain compute`."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, "--data-dir", str(folder), *args],
                          env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = REPORTED.search(done.stdout)
    return wall, cpu, float(found.group(1)) if found else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--old", type=Path, required=True,
                        help="a checkout whose src/ is the baseline")
    parser.add_argument("--old-folder", type=Path,
                        help="the folder the old code computes (default: the same)")
    parser.add_argument("--runs", type=int, default=5)
    options, rest = parser.parse_known_args()  # the rest, after --: attain compute's
    options.args = [a for a in rest if a != "--"]
    sources = {"old": options.old.resolve() / "src", "new": HERE}
    folders = {"old": options.old_folder or options.folder, "new": options.folder}
    walls: dict[str, list[float]] = {name: [] for name in sources}
    cpus: dict[str, list[float]] = {name: [] for name in sources}
    for _ in range(options.runs):
        for name, source in sources.items():
            wall, cpu, reported = run_once(source, folders[name], options.args)
            walls[name].append(wall)
            cpus[name].append(cpu)
            print(f"{name}  {wall:6.2f} s wall  {cpu:6.2f} s CPU  compute {reported:.1f} s",
                  flush=True)
    old, new = (statistics.median(walls[name]) for name in sources)
    print(f"medians: old {old:.2f} s, new {new:.2f} s, new/old {new / old:.2f}x")
    old, new = (statistics.median(cpus[name]) for name in sources)
    print(f"CPU medians: old {old:.2f} s, new {new:.2f} s, new/old {new / old:.2f}x")


if __name__ == "__main__":
    main()
