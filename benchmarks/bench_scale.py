"""How cost grows with scale, per engine and against the hand-written baselines (issue 11).

    python benchmarks/bench_scale.py --keep /tmp/scale --scales 0.01,0.1,1 --years 1,5 \\
        --variants duckdb,postgres,spark,baseline_sql,pandas \\
        --postgres postgresql://postgres@127.0.0.1:54471/postgres \\
        --csv benchmarks/scale_results.csv --plot docs/img/scale.png --stop-at 05:15

The grid is scale (a fraction of England, `attain.demo.generate`: the home LA at full size,
every other LA at `scale`) x years (1 = 2019, 5 = 2015-2019) x variant. Each cell's data is
generated once into `--keep` and reused. Every variant computes the same work: the KS2 and
KS4 measures of those years for every pupil group at school, LA and national level:

  duckdb, postgres, spark  the compiled catalogue (strategy unnest, KS2 + KS4 measures,
                           as `attain compute --engine ...`) into results_base
  baseline_sql             hand-written DuckDB SQL (benchmarks/bench_compute.py), per year
  pandas                   vectorised pandas (benchmarks/bench_compute.py), one year at a time

Each variant runs in its own process: "compute s" is the engine run (PostgreSQL's COPY
load and Spark's JVM start are "load s", apart), "process s" the whole child, "peak MB" the
child's peak RSS plus the JVM's for Spark (the PostgreSQL server's memory is not counted).
CPU seconds are the child's (with DuckDB's threads) plus the JVM's. The 1-minute load
average is sampled every 2 s while a cell runs (the machine is shared). A cell that would
run past `--stop-at` (UTC) or `--cell-timeout` is killed and recorded as not run, with the
last step it reached; nothing is extrapolated.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
LAST_YEAR = 2019
ENGINES = ("duckdb", "postgres", "spark")
VARIANTS = (*ENGINES, "baseline_sql", "pandas")
DATASETS = ("ks2", "ks4")


@dataclass
class Cell:
    scale: float
    years: int
    variant: str
    pupils: int = 0
    status: str = "ok"
    result_rows: int = 0
    load_s: float = math.nan
    compute_s: float = math.nan
    process_s: float = math.nan
    cpu_s: float = math.nan
    peak_mb: float = math.nan
    load_avg_min: float = math.nan
    load_avg_max: float = math.nan
    started: str = ""
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict, repr=False)


# --- the child: one variant on one folder -------------------------------------------------
def year_range(n: int) -> list[int]:
    return list(range(LAST_YEAR - n + 1, LAST_YEAR + 1))


def measure_ids(years: list[int]) -> list[str]:
    from attain.measures import load_catalogue

    catalogue = load_catalogue()
    return [m.id for m in catalogue.measures if m.dataset in DATASETS
            and any(m.years.contains(y) for y in years) and "E" in m.country.codes]


def jvm_usage(spark: object) -> tuple[float, float]:
    """(CPU seconds, peak RSS KiB) of the JVM behind `spark` (a child of this process)."""
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()  # type: ignore[attr-defined]
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return cpu, float(next(line.split()[1] for line in status if line.startswith("VmHWM")))


def run_engine(name: str, folder: Path, years: list[int], url: str,
               say: object) -> dict[str, float]:
    from attain.measures import compile_catalogue, load_catalogue
    from attain.store.warehouse import Warehouse

    wh = Warehouse(folder / "warehouse")
    queries = compile_catalogue(load_catalogue(), measure_ids=measure_ids(years), years=years,
                                strategy="unnest")
    out: dict[str, float] = {"load": 0.0}
    started = time.perf_counter()
    spark = None
    if name == "duckdb":
        from attain.engines.duckdb import DuckDBEngine

        engine: object = DuckDBEngine(wh, years=years)
    elif name == "spark":
        from attain.engines.spark import SparkEngine, session

        spark = session()
        out["load"] = time.perf_counter() - started
        started = time.perf_counter()
        engine = SparkEngine(wh, years=years, spark=spark)
    else:
        from attain.engines.postgres import PostgresEngine, connect, load_warehouse

        con = connect(url)
        load_warehouse(con, wh)
        out["load"] = time.perf_counter() - started
        started = time.perf_counter()
        engine = PostgresEngine(con=con)
    out["rows"] = engine.run(queries, progress=lambda label, f: say(f"{label} {f:.2f}"))  # type: ignore[attr-defined]
    out["seconds"] = time.perf_counter() - started
    if spark is not None:
        out["jvm_cpu"], out["jvm_peak_kb"] = jvm_usage(spark)
    return out


def run_baseline(folder: Path, years: list[int], say: object) -> int:
    """bench_compute.run_baseline, one year at a time into one table."""
    import bench_compute as bc
    import duckdb

    from attain.measures import load_catalogue
    from attain.store.warehouse import Warehouse

    catalogue = load_catalogue()
    con = duckdb.connect()
    Warehouse(folder / "warehouse").register_views(con, years)
    con.execute("CREATE TABLE baseline (measure_id VARCHAR, year INTEGER, level VARCHAR, "
                "area_code VARCHAR, group_id VARCHAR, numerator DOUBLE, denominator DOUBLE, "
                "value DOUBLE)")
    for year in years:
        for dataset, sql in bc.scored_sql(year).items():
            say(f"baseline {year} {dataset}")
            con.execute(sql)
            for group in catalogue.groups:
                con.execute(bc.baseline_group_sql(dataset, group.id, group.filter))
    con.execute(f"COPY baseline TO '{folder / 'baseline_sql.parquet'}' (FORMAT parquet)")
    return int(con.execute("SELECT count(*) FROM baseline").fetchall()[0][0])


def run_child(variant: str, folder: Path, years: list[int], url: str,
              progress_file: Path) -> dict[str, float]:
    def say(text: str) -> None:
        with progress_file.open("a", encoding="utf-8") as f:
            f.write(f"{time.perf_counter() - started:.1f} s {text}\n")

    measure_ids(years)  # warm: parse the catalogue before timing
    started = time.perf_counter()
    if variant in ENGINES:
        return run_engine(variant, folder, years, url, say)
    if variant == "baseline_sql":
        rows = run_baseline(folder, years, say)
    else:
        import bench_compute as bc

        say("pandas")
        rows = bc.run_pandas_years(folder, folder / "pandas.parquet", years)
    return {"rows": rows, "load": 0.0, "seconds": time.perf_counter() - started}


# --- the parent: the grid -----------------------------------------------------------------
def ensure_data(keep: Path, scale: float, years: int) -> Path:
    from attain.demo import generate

    folder = keep / f"s{scale:g}_y{years}"
    if not (folder / "warehouse").exists():
        started = time.perf_counter()
        yr = year_range(years)
        generate(folder, scale=scale, years=range(yr[0], yr[-1] + 1))
        print(f"generated scale {scale:g} x {years} year(s) in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    return folder


def pupil_count(folder: Path) -> int:
    from attain.store.warehouse import Warehouse

    return Warehouse(folder / "warehouse").row_count("pupils")


def server_cpu(data_dir: Path | None) -> float:
    """CPU seconds of a local PostgreSQL server's finished backends and workers (the
    postmaster's reaped children): 0.0 without `data_dir`."""
    if data_dir is None:
        return 0.0
    pid = (data_dir / "postmaster.pid").read_text().split()[0]
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[13]) + int(stat[14])) / os.sysconf("SC_CLK_TCK")


def run_cell(cell: Cell, folder: Path, url: str, stop_at: float, cell_timeout: float,
             pg_data: Path | None = None) -> None:
    progress = folder / f"progress_{cell.variant}.log"
    progress.unlink(missing_ok=True)
    budget = min(cell_timeout, stop_at - time.time())
    cell.started = datetime.now(UTC).strftime("%H:%M:%S")
    if budget < 30:
        cell.status, cell.note = "not run", "no time left before --stop-at"
        return
    args = [sys.executable, __file__, "--child", cell.variant, "--folder", str(folder),
            "--years", str(cell.years), "--postgres", url, "--progress", str(progress)]
    pg_cpu = server_cpu(pg_data) if cell.variant == "postgres" else 0.0
    wall = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, cwd=ROOT, start_new_session=True)
    loads = [os.getloadavg()[0]]
    usage = None
    while usage is None:
        pid, status, rusage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            usage = rusage
            break
        if time.perf_counter() - wall > budget:
            os.killpg(child.pid, signal.SIGKILL)  # the child and its JVM, nothing else
            _, status, usage = os.wait4(child.pid, 0)
            cell.status = "not run"
            reached = progress.read_text().strip().splitlines() if progress.exists() else []
            cell.note = (f"killed after {budget:.0f} s (time limit); reached: "
                         f"{reached[-1] if reached else 'start-up'}")
            break
        time.sleep(2)
        loads.append(os.getloadavg()[0])
    cell.process_s = time.perf_counter() - wall
    cell.load_avg_min, cell.load_avg_max = min(loads), max(loads)
    assert child.stdout is not None
    output = child.stdout.read().strip().splitlines()
    if cell.status == "ok" and (status != 0 or not output):
        cell.status, cell.note = "failed", f"exit status {status}"
        return
    if cell.status != "ok":
        return
    r = json.loads(output[-1])
    cell.result_rows = int(r["rows"])
    cell.load_s, cell.compute_s = r["load"], r["seconds"]
    if cell.variant == "postgres":
        time.sleep(1)  # the backend exits when the child's connection closes
        pg_cpu = server_cpu(pg_data) - pg_cpu
    cell.cpu_s = usage.ru_utime + usage.ru_stime + r.get("jvm_cpu", 0.0) + pg_cpu
    cell.peak_mb = (usage.ru_maxrss + r.get("jvm_peak_kb", 0.0)) / 1024


def write_csv(cells: list[Cell], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [f for f in asdict(cells[0]) if f != "extra"] if cells else []
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=names)
        writer.writeheader()
        for cell in cells:
            row = asdict(cell)
            row.pop("extra")
            writer.writerow({k: (f"{v:.3f}" if isinstance(v, float) else v)
                             for k, v in row.items()})


def read_csv(path: Path) -> list[Cell]:
    cells = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cells.append(Cell(scale=float(row["scale"]), years=int(row["years"]),
                              variant=row["variant"], pupils=int(row["pupils"]),
                              status=row["status"], result_rows=int(row["result_rows"]),
                              **{k: float(row[k]) for k in (
                                  "load_s", "compute_s", "process_s", "cpu_s", "peak_mb",
                                  "load_avg_min", "load_avg_max")},
                              started=row["started"], note=row["note"]))
    return cells


LARGE = 700_000  # pupil-years: above it the fixed start-up costs (~2-3 s) matter little


def slope(cells: list[Cell], variant: str, value: str, least: int = 0) -> float | None:
    """Least-squares slope of log(value) on log(pupils) over the cells that ran with at
    least `least` pupil-years."""
    points = [(math.log(c.pupils), math.log(getattr(c, value))) for c in cells
              if c.variant == variant and c.status == "ok" and getattr(c, value) > 0
              and c.pupils >= least]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def table(cells: list[Cell]) -> str:
    lines = ["| scale | years | pupil-years | variant | result rows | load s | compute s "
             "| x baseline | process s | CPU s | peak MB | load avg |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    base = {(c.scale, c.years): c.compute_s for c in cells
            if c.variant == "baseline_sql" and c.status == "ok"}
    for c in cells:
        loads = (f"{c.load_avg_min:.1f}-{c.load_avg_max:.1f}"
                 if math.isfinite(c.load_avg_max) else "")
        if c.status != "ok":
            lines.append(f"| {c.scale:g} | {c.years} | {c.pupils:,} | {c.variant} | "
                         f"{c.status}: {c.note} | | | | | | | {loads} |")
            continue
        ratio = (f"{c.compute_s / base[(c.scale, c.years)]:.1f}"
                 if (c.scale, c.years) in base else "-")
        note = f" ({c.note})" if c.note else ""
        lines.append(f"| {c.scale:g} | {c.years} | {c.pupils:,} | {c.variant} | "
                     f"{c.result_rows:,} | {c.load_s:.1f} | {c.compute_s:.1f} | {ratio} | "
                     f"{c.process_s:.1f} | {c.cpu_s:.1f}{note} | {c.peak_mb:,.0f} | {loads} |")
    return "\n".join(lines)


def slopes(cells: list[Cell]) -> str:
    lines = ["| variant | slope: compute s | slope: CPU s | slope: peak MB | cells "
             f"| slope: CPU s, cells >= {LARGE:,} pupil-years | cells |",
             "|---|---|---|---|---|---|---|"]
    for variant in dict.fromkeys(c.variant for c in cells):
        ran = [c for c in cells if c.variant == variant and c.status == "ok"]
        fitted = [slope(cells, variant, v) for v in ("compute_s", "cpu_s", "peak_mb")]
        large = slope(cells, variant, "cpu_s", LARGE)
        lines.append(f"| {variant} | " + " | ".join(
            "-" if f is None else f"{f:.2f}" for f in fitted) + f" | {len(ran)} | "
            + ("-" if large is None else f"{large:.2f}")
            + f" | {sum(1 for c in ran if c.pupils >= LARGE)} |")
    return "\n".join(lines)


def plot(cells: list[Cell], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.8))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, variant in enumerate(dict.fromkeys(c.variant for c in cells)):
        for years, style in ((1, "o-"), (5, "s--")):  # one line per number of years
            ran = sorted((c for c in cells if c.variant == variant and c.status == "ok"
                          and c.years == years), key=lambda c: c.pupils)
            for ax, value in zip(axes, ("compute_s", "cpu_s", "peak_mb"), strict=True):
                ax.plot([c.pupils for c in ran], [getattr(c, value) for c in ran], style,
                        color=colours[i % len(colours)],
                        label=f"{variant}, {years} year{'s' if years > 1 else ''}")
    for ax, label in zip(axes, ("compute seconds (wall)", "CPU seconds (whole process)",
                                "peak memory (MB)"), strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("pupil-years in the warehouse (census rows)")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=7, ncol=2)
    fig.suptitle("KS2 + KS4 measures x 24 pupil groups, 1%, 10%, 100% of England (1 and 5 "
                 "years), shared 2-vCPU VM at load 15-30")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def clock(text: str) -> float:
    """Today's `HH:MM` UTC as a Unix time."""
    now = datetime.now(UTC)
    hour, minute = (int(x) for x in text.split(":"))
    return now.replace(hour=hour, minute=minute, second=0, microsecond=0).timestamp()


def grid(args: argparse.Namespace) -> None:
    cells = read_csv(args.csv) if args.resume and args.csv.exists() else []
    done = {(c.scale, c.years, c.variant) for c in cells if c.status == "ok"}
    cells = [c for c in cells if (c.scale, c.years, c.variant) in done]
    stop_at = clock(args.stop_at) if args.stop_at else math.inf
    for scale in (float(s) for s in args.scales.split(",")):
        for years in (int(y) for y in args.years.split(",")):
            folder = ensure_data(args.keep, scale, years)
            pupils = pupil_count(folder)
            for variant in args.variants.split(","):
                if (scale, years, variant) in done:
                    continue
                cell = Cell(scale, years, variant, pupils)
                run_cell(cell, folder, args.postgres, stop_at, args.cell_timeout,
                         args.postgres_data)
                cells.append(cell)
                print(table([cell]).splitlines()[-1], flush=True)
                write_csv(cells, args.csv)
    report(cells, args)


def report(cells: list[Cell], args: argparse.Namespace) -> None:
    order = {v: i for i, v in enumerate(VARIANTS)}
    cells.sort(key=lambda c: (c.pupils, c.years, order.get(c.variant, 99)))
    write_csv(cells, args.csv)
    if args.plot:
        plot(cells, args.plot)
    print(table(cells))
    print()
    print(slopes(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=Path("/tmp/attain_bench_scale"))
    parser.add_argument("--scales", default="0.01,0.1,1")
    parser.add_argument("--years", default="1,5")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--postgres", default="")
    parser.add_argument("--postgres-data", type=Path, help="the local PostgreSQL server's "
                        "data folder: its backends' CPU is added to postgres's CPU s")
    parser.add_argument("--csv", type=Path, default=ROOT / "benchmarks" / "scale_results.csv")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "img" / "scale.png")
    parser.add_argument("--stop-at", default="", help="HH:MM UTC: kill cells running past it")
    parser.add_argument("--cell-timeout", type=float, default=3600.0)
    parser.add_argument("--resume", action="store_true",
                        help="keep the cells already in --csv that ran, run only the rest")
    parser.add_argument("--report", action="store_true",
                        help="only redraw the table, slopes and plot from --csv")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--progress", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_child(args.child, args.folder, year_range(int(args.years)), args.postgres,
                           args.progress)
        print(json.dumps(result))
    elif args.report:
        report(read_csv(args.csv), args)
    else:
        grid(args)


if __name__ == "__main__":
    main()
