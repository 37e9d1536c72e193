"""Benchmark the web app under load (not a test; results in BENCHMARKS.md, issue 10).

Seeds a small demo LA (`attain demo`, unless --data-dir already holds one), adds an
officer, starts `attain serve` (gunicorn) on loopback, and runs locust headless with N
users for a bounded time. Each user signs in once, then requests the LA dashboard (`/`)
and a school page (`/schools/URN`, a random school of the LA), and, as the baseline in the
same run, a static asset (`/assets/attain.css`, served by the same gunicorn workers
without touching the app's data). Pages are counted from the moment the last user has
signed in (the sign-ins, 50 argon2id checks at once, are reported apart; --measure-sign-in
counts from the start). Prints each page's request count, failures, median and 95th
percentile, the ratio of each page's p95 to the baseline's, and the load average.

    python benchmarks/bench_web.py [--data-dir D] [--users 50] [--run-time 60]
        [--wait 1.0] [--workers 2] [--threads N] [--measure-sign-in] [--port 8765] [--keep]
    python benchmarks/bench_web.py --cpu [--data-dir D]   # CPU a request, in one process

Traffic goes only to 127.0.0.1; the server and locust are stopped at the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

EMAIL, PASSWORD = "bench-officer@la.example", "benchmark password 2026"
PAGES = ("dashboard", "school page", "baseline: static asset")

LOCUSTFILE = '''
import json, os, random, re
from locust import FastHttpUser, between, task

URNS = [int(u) for u in os.environ["BENCH_URNS"].split(",")]
WAIT = float(os.environ["BENCH_WAIT"])
USERS = int(os.environ["BENCH_USERS"])
SIGN_IN_STATS = os.environ["BENCH_SIGN_IN_STATS"]
MEASURE_SIGN_IN = os.environ["BENCH_MEASURE_SIGN_IN"] == "1"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
signed_in = 0


class Officer(FastHttpUser):
    wait_time = between(WAIT * 0.5, WAIT * 1.5) if WAIT > 0 else (lambda self: 0)

    def on_start(self):
        global signed_in
        page = self.client.get("/sign-in", name="sign-in form")
        found = TOKEN.search(page.text) or re.search(r'value="([^"]+)"[^>]*csrf', page.text)
        self.client.post("/sign-in", name="sign in", allow_redirects=False, data={
            "csrf_token": found.group(1) if found else "", "email": os.environ["BENCH_EMAIL"],
            "password": os.environ["BENCH_PASSWORD"]})
        signed_in += 1
        if signed_in == USERS and not MEASURE_SIGN_IN:
            # Every user is signed in: keep the sign-in figures, then count pages only
            # from now on (50 argon2id checks at once would otherwise queue the first pages).
            stats = self.environment.stats
            with open(SIGN_IN_STATS, "w") as out:
                json.dump({e.name: {"requests": e.num_requests, "failures": e.num_failures,
                                    "median": e.median_response_time,
                                    "p95": e.get_response_time_percentile(0.95)}
                           for e in stats.entries.values()}, out)
            stats.reset_all()

    @task(2)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def school(self):
        self.client.get(f"/schools/{random.choice(URNS)}", name="school page")

    @task(1)
    def baseline(self):
        self.client.get("/assets/attain.css", name="baseline: static asset")
'''


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=True, text=True, capture_output=True,
                          **kwargs)  # type: ignore[call-overload]


def seed(folder: Path) -> None:
    if not (folder / "attain.db").exists():
        print(f"seeding the demo LA in {folder} ...", flush=True)
        run(["attain", "demo", "-d", str(folder), "--years", "2017-2019"])
    with sqlite3.connect(folder / "attain.db") as con:
        known = con.execute("SELECT 1 FROM users WHERE email = ?", (EMAIL,)).fetchone()
    if known is None:
        run(["attain", "users", "add", EMAIL, "--role", "officer", "--password-stdin",
             "-d", str(folder)], input=PASSWORD + "\n")


def school_urns(folder: Path, la: str) -> list[int]:
    with sqlite3.connect(folder / "attain.db") as con:
        rows = con.execute("SELECT urn FROM schools WHERE la_code = ? AND close_date IS NULL "
                           "ORDER BY urn", (la,)).fetchall()
    return [int(r[0]) for r in rows]


def wait_until_up(url: str, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def free_port(wanted: int) -> int:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", wanted)) != 0:
            return wanted
    raise SystemExit(f"port {wanted} is in use: choose another with --port")


def load(options: argparse.Namespace, urns: list[int], out: Path) -> Path:
    locustfile = out / "locustfile.py"
    locustfile.write_text(LOCUSTFILE, encoding="utf-8")
    env = {**os.environ, "BENCH_URNS": ",".join(map(str, urns)), "BENCH_EMAIL": EMAIL,
           "BENCH_PASSWORD": PASSWORD, "BENCH_WAIT": str(options.wait),
           "BENCH_USERS": str(options.users), "BENCH_SIGN_IN_STATS": str(out / "sign_in.json"),
           "BENCH_MEASURE_SIGN_IN": "1" if options.measure_sign_in else "0"}
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless",
         "--users", str(options.users), "--spawn-rate", str(options.users),
         "--run-time", f"{options.run_time}s", "--stop-timeout", "5",
         "--host", f"http://127.0.0.1:{options.port}", "--csv", str(out / "load"),
         "--only-summary", "--loglevel", "WARNING"],
        check=False, env=env, timeout=options.run_time + 120)
    return out / "load_stats.csv"


def report(stats: Path, sign_in: Path) -> None:
    with stats.open(encoding="utf-8") as handle:
        rows = {r["Name"]: r for r in csv.DictReader(handle)}
    baseline = float(rows[PAGES[2]]["95%"])
    print(f"\n{'page':<26}{'requests':>10}{'per s':>7}{'failures':>10}{'median ms':>11}"
          f"{'p95 ms':>9}{'p95 / baseline':>16}")
    for name in (*PAGES, "sign in", "Aggregated"):
        r = rows.get(name)
        if r is None or r["95%"] == "N/A":  # none counted (sign-ins: reported below)
            continue
        p95 = float(r["95%"])
        print(f"{name:<26}{r['Request Count']:>10}{float(r['Requests/s']):>7.1f}"
              f"{r['Failure Count']:>10}{float(r['Median Response Time']):>11.0f}"
              f"{p95:>9.0f}{p95 / baseline:>16.1f}")
    if sign_in.exists():  # counted apart, before the pages' figures began
        for name, r in json.loads(sign_in.read_text(encoding="utf-8")).items():
            print(f"{'(before) ' + name:<26}{r['requests']:>10}{'':>7}{r['failures']:>10}"
                  f"{r['median']:>11.0f}{r['p95']:>9.0f}")


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def server_command(options: argparse.Namespace, folder: Path, port: int) -> list[str]:
    """`attain serve`; with --threads, the same serve() with that many threads a worker
    (the command line has no option for it)."""
    if options.threads is None:
        return ["attain", "serve", "-d", str(folder), "--host", "127.0.0.1", "--port",
                str(port), "--workers", str(options.workers)]
    code = ("import sys; from pathlib import Path; "
            "from attain.web.server import ServeOptions, serve; "
            "serve(ServeOptions(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), "
            "int(sys.argv[3]), threads=int(sys.argv[4])))")
    return [sys.executable, "-c", code, str(folder), str(port), str(options.workers),
            str(options.threads)]


def cpu_per_page(folder: Path, la: str, urns: list[int], repeats: int = 20) -> None:
    """CPU time a request costs inside one process (Flask test client, no network, no
    gunicorn): independent of how loaded the machine is, unlike the times locust sees."""
    os.environ["ATTAIN_LA"] = la
    from attain.web.server import ServeOptions, build, warm

    app = build(ServeOptions(folder))
    app.config["WTF_CSRF_ENABLED"] = False
    started = time.process_time()
    warm(app)
    print(f"worker warm-up (results index): {1000 * (time.process_time() - started):.0f} ms CPU")
    client = app.test_client()
    client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD})

    def cpu_ms(url: str) -> float:
        before = time.process_time()
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        return 1000 * (time.process_time() - before)

    first = sorted(cpu_ms(f"/schools/{urn}") for urn in urns)
    print(f"{'request, CPU ms':<34}{'median':>8}{'max':>8}")
    print(f"{'school page, first view (each)':<34}{first[len(first) // 2]:>8.1f}{first[-1]:>8.1f}")
    for name, url in (("dashboard", "/"), ("school page, again", f"/schools/{urns[0]}"),
                      ("static asset", "/assets/attain.css")):
        times = sorted(cpu_ms(url) for _ in range(repeats))
        print(f"{name:<34}{times[len(times) // 2]:>8.1f}{times[-1]:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--la", default="882")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load (bounded)")
    parser.add_argument("--wait", type=float, default=1.0,
                        help="mean think time of a user between requests, seconds (0: none)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None,
                        help="threads a worker (default: what `attain serve` uses)")
    parser.add_argument("--measure-sign-in", action="store_true",
                        help="count pages from the start, while the users sign in (by "
                        "default pages count once every user has signed in)")
    parser.add_argument("--cpu", action="store_true",
                        help="instead of the load: each page's CPU time in one process")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true",
                        help="keep the demo folder it seeded (reuse it with --data-dir)")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="attain-bench-web-"))
    folder = options.data_dir or work / "demo"
    seed(folder)
    urns = school_urns(folder, options.la)
    if options.cpu:
        cpu_per_page(folder, options.la, urns)
        return
    port = free_port(options.port)
    server = subprocess.Popen(
        server_command(options, folder, port),
        stdout=subprocess.DEVNULL, stderr=(work / "server.log").open("w"),
        env={**os.environ, "ATTAIN_LA": options.la})
    try:
        wait_until_up(f"http://127.0.0.1:{port}/sign-in")
        print(f"{len(urns)} schools; {options.users} users, {options.run_time} s, think time "
              f"{options.wait} s, {options.workers} gunicorn workers, threads "
              f"{options.threads or 'default'}; load average {load_average()}", flush=True)
        report(load(options, urns, work), work / "sign_in.json")
        print(f"load average at the end: {load_average()}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if options.data_dir is None and not options.keep:
            shutil.rmtree(folder, ignore_errors=True)  # the demo it seeded
    print(f"\nlocust CSVs and the server log: {work}")


if __name__ == "__main__":
    main()
