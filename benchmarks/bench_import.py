"""Import a national-size performance-tables file and a national-size GIAS extract.

Performance tables: a synthetic KS4 file shaped like england_ks4final.csv, 25,000 rows x
400 columns (the mapped columns plus filler), with "%" values, SUPP/NE symbols and blanks.
GIAS: a synthetic 50,000-row extract with the real extract's header.
Baselines in the same run: a plain pyarrow.csv read of the same file (all columns as
text) and a plain csv.reader pass over the GIAS file.

    python benchmarks/bench_import.py [--rows 25000] [--gias-rows 50000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from attain.services.imports import import_file

MAPPED = ["RECTYPE", "LEA", "ESTAB", "URN", "SCHNAME", "TPUP", "ATT8SCR", "P8PUP", "P8MEA",
          "P8CILOW", "P8CIUPP", "PTL2BASICS_94", "PTL2BASICS_95", "EBACCAPS",
          "PTEBACC_E_PTQ_EE"]
GIAS_HEADER = ["URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
               "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
               "EstablishmentStatus (name)", "OpenDate", "CloseDate",
               "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
               "Linked establishments"] + [f"Extra{i}" for i in range(97)]


def _cell(rng: random.Random, kind: str) -> str:
    roll = rng.random()
    if roll < 0.03:
        return "SUPP"
    if roll < 0.05:
        return "NE"
    if roll < 0.07:
        return ""
    if kind == "pct":
        return f"{rng.uniform(0, 100):.1f}%"
    if kind == "p8":
        return f"{rng.uniform(-2, 2):.2f}"
    return f"{rng.uniform(0, 90):.1f}"


def write_ks4(path: Path, rows: int, columns: int) -> None:
    rng = random.Random(2019)
    filler = [f"COL{i}" for i in range(columns - len(MAPPED))]
    kinds = {"PTL2BASICS_94": "pct", "PTL2BASICS_95": "pct", "PTEBACC_E_PTQ_EE": "pct",
             "P8MEA": "p8", "P8CILOW": "p8", "P8CIUPP": "p8"}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(MAPPED + filler)
        for i in range(rows):
            la = str(201 + i % 150)
            head = ["1", la, str(4000 + i % 1000), str(100000 + i), f"School {i}",
                    str(rng.randint(20, 300))]
            values = [_cell(rng, kinds.get(c, "num")) for c in MAPPED[6:]]
            out.writerow(head + values + [_cell(rng, "pct") for _ in filler])


def write_gias(path: Path, rows: int) -> None:
    rng = random.Random(2022)
    with open(path, "w", encoding="cp1252", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(GIAS_HEADER)
        for i in range(rows):
            closed = "31-08-2015" if rng.random() < 0.2 else ""
            out.writerow([str(100000 + i), str(201 + i % 150), "LA", str(2000 + i % 7000),
                          f"School {i}", "Community school", "Local authority maintained "
                          "schools", "Closed" if closed else "Open", "01-09-2010", closed,
                          "Primary", "4", "11", "Does not have links"] + ["x"] * 97)


def _time(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--rows", type=int, default=25_000)
    args.add_argument("--columns", type=int, default=400)
    args.add_argument("--gias-rows", type=int, default=50_000)
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "tables-2018-19"
        source.mkdir()
        ks4 = source / "england_ks4final.csv"
        write_ks4(ks4, opts.rows, opts.columns)
        gias = root / "edubasealldata20220420.csv"
        write_gias(gias, opts.gias_rows)
        size = ks4.stat().st_size / 1e6
        types = {c: pa.string() for c in pacsv.read_csv(ks4).column_names}
        baseline = _time(lambda: pacsv.read_csv(
            ks4, convert_options=pacsv.ConvertOptions(column_types=types)))
        imported = _time(lambda: import_file(root / "data", ks4))
        print(f"performance tables {opts.rows:,} x {opts.columns} ({size:.0f} MB): "
              f"pyarrow read {baseline:.2f} s, attain import {imported:.2f} s "
              f"({imported / baseline:.1f}x baseline)")

        def plain_csv() -> None:
            with open(gias, encoding="cp1252", newline="") as handle:
                for _ in csv.reader(handle):
                    pass
        gias_base = _time(plain_csv)
        gias_import = _time(lambda: import_file(root / "data", gias))
        print(f"GIAS {opts.gias_rows:,} rows: csv.reader pass {gias_base:.2f} s, attain import "
              f"{gias_import:.2f} s ({gias_import / gias_base:.1f}x baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
