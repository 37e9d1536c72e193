"""Benchmark the engines (DuckDB, PostgreSQL, Spark) on the same compiled catalogue (issue 11).

    python benchmarks/bench_engines.py --scale 0.01 --scale 0.1 --year 2019 \
        --postgres postgresql://postgres@127.0.0.1:54329/postgres --append

For each scale (a fraction of England, attain.demo.generate) and one year: compile the
whole catalogue (strategy unnest, as `attain compute`), then in a fresh subprocess per
engine run it into results_base. Reports wall seconds and the peak RSS of that subprocess;
the PostgreSQL server's memory is not counted, and its
COPY load time is shown apart; for Spark "load" is starting the JVM and the session, and
peak RSS adds the JVM's (local[2], ATTAIN_SPARK_MASTER). `--append` adds the table and
the command to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, sys, time
from pathlib import Path
from attain.measures import compile_catalogue, load_catalogue
from attain.services.compute import countries_of, relevant_measures, resolve_years
from attain.store.warehouse import Warehouse
engine_name, folder, url = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
wh = Warehouse(folder / "warehouse")
cat = load_catalogue(); years = resolve_years(wh, None)
queries = compile_catalogue(cat, measure_ids=relevant_measures(cat, None, years,
                            countries_of(wh)), years=years, strategy="unnest")
load = 0.0
started = time.perf_counter()
if engine_name == "duckdb":
    from attain.engines.duckdb import DuckDBEngine
    engine = DuckDBEngine(wh, years=years)
elif engine_name == "spark":
    from attain.engines.spark import SparkEngine, session
    spark = session()  # "load" is starting the JVM and the SparkSession
    load = time.perf_counter() - started; started = time.perf_counter()
    engine = SparkEngine(wh, years=years, spark=spark)
else:
    from attain.engines.postgres import PostgresEngine, connect, load_warehouse
    con = connect(url); load_warehouse(con, wh)
    load = time.perf_counter() - started; started = time.perf_counter()
    engine = PostgresEngine(con=con)
rows = engine.run(queries)
seconds = time.perf_counter() - started
import resource
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if engine_name == "spark":  # the JVM is a child process: add its peak resident memory
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    peak_kb += int(next(line.split()[1] for line in status if line.startswith("VmHWM")))
print(json.dumps({"rows": rows, "load": load, "seconds": seconds, "queries": len(queries),
                  "peak_kb": peak_kb}))
"""


def run_engine(engine: str, folder: Path, url: str) -> dict[str, float]:
    wall = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, engine, str(folder), url],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - wall
    result["peak_mb"] = result["peak_kb"] / 1024  # KiB on Linux
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, action="append")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--engines", default="duckdb,postgres")
    parser.add_argument("--postgres", default="")
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    from attain.demo import generate

    lines = ["| scale | pupils | engine | result rows | load s | compute s | process s "
             "| peak RSS MB |", "|---|---|---|---|---|---|---|---|"]
    for scale in args.scale or [0.01]:
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work) / "demo"
            generate(folder, scale=scale, years=range(args.year, args.year + 1))
            from attain.store.warehouse import Warehouse
            pupils = Warehouse(folder / "warehouse").row_count("pupils")
            for engine in args.engines.split(","):
                r = run_engine(engine, folder, args.postgres)
                lines.append(f"| {scale:g} | {pupils:,} | {engine} | {r['rows']:,} | "
                             f"{r['load']:.1f} | {r['seconds']:.1f} | {r['wall']:.1f} | "
                             f"{r['peak_mb']:.0f} |")
                print(lines[-1], flush=True)
    if args.append:
        command = "python benchmarks/bench_engines.py " + " ".join(sys.argv[1:])
        append_to_engines_section(f"### Engines: {args.engines} (issue 11)\n\n"
                                  f"`{command}`\n\n" + "\n".join(lines) + "\n")


def append_to_engines_section(text: str) -> None:
    """Add `text` at the end of BENCHMARKS.md's "## Engines" section (or of the file)."""
    path = ROOT / "BENCHMARKS.md"
    content = path.read_text(encoding="utf-8")
    start = content.find("\n## Engines")
    end = content.find("\n## ", start + 1) if start >= 0 else -1
    if end < 0:
        content = content.rstrip("\n") + "\n\n" + text
    else:
        content = content[:end].rstrip("\n") + "\n\n" + text + content[end:]
    path.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
