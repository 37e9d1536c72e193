"""Run every benchmark script in this folder (`make bench`).

Each `bench_*.py` prints its own results as ratios against a baseline measured in the same
run; BENCHMARKS.md records them with the command that produced them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    status = 0
    for script in sorted(here.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script), *sys.argv[1:]])
    return status


if __name__ == "__main__":
    sys.exit(main())
