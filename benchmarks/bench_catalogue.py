"""Benchmark reading the measure catalogue (not a test; results in BENCHMARKS.md).

Times `load_catalogue()` (YAML read by attain.measures.lined_yaml, then validated and
built into specs) against a baseline in the same process: parsing the same YAML files
with ruamel.yaml's round-trip loader alone, which is what the loader did before session 9
(before validating anything).

    python benchmarks/bench_catalogue.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from ruamel.yaml import YAML

from attain.measures import DEFINITIONS, load_catalogue


def ruamel_parse() -> None:
    yaml = YAML(typ="rt")
    for path in [*sorted((DEFINITIONS / "measures").rglob("*.yaml")),
                 DEFINITIONS / "groups.yaml"]:
        yaml.load(path.read_text(encoding="utf-8"))


def median_seconds(work: Callable[[], object], runs: int) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    load_catalogue(), ruamel_parse()  # warm: imports, the file cache
    baseline = median_seconds(ruamel_parse, args.runs)
    catalogue = median_seconds(load_catalogue, args.runs)
    print(f"ruamel round-trip parse alone (baseline): {baseline:.3f} s")
    print(f"load_catalogue (parse, validate, build): {catalogue:.3f} s "
          f"({catalogue / baseline:.2f}x the baseline)")


if __name__ == "__main__":
    main()
