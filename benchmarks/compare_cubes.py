"""Do two computes of one warehouse give the same cube? Joins the results and the
comparisons of two data folders on their keys and counts the rows that differ.

    python benchmarks/compare_cubes.py FOLDER_A FOLDER_B [--tolerance 1e-9]

A number differs when one side is missing and the other not, or when they differ by more
than `tolerance` relative to the larger of 1 and |a|; any other column must be equal.
Used to check that a change to `attain compute` leaves every figure as it was
(BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

KEY = ("measure_id", "year", "level", "area_code", "group_id")
TABLES = ("results", "comparisons")


def compare(a: Path, b: Path, table: str, tolerance: float) -> dict[str, int]:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    left, right = (f"read_parquet('{folder.as_posix()}/results/{table}/**/*.parquet')"
                   for folder in (a, b))
    described = con.execute(f"DESCRIBE SELECT * FROM {left}").fetchall()
    numbers = [name for name, kind, *_ in described if kind in ("DOUBLE", "FLOAT")]
    others = [name for name, *_ in described if name not in KEY and name not in numbers]
    on = " AND ".join(f"x.{k} IS NOT DISTINCT FROM y.{k}" for k in KEY)
    number_differs = " OR ".join(
        f"(x.{c} IS NULL) <> (y.{c} IS NULL) OR abs(x.{c} - y.{c}) > {tolerance} * "
        f"greatest(1, abs(x.{c}))" for c in numbers) or "false"
    other_differs = " OR ".join(f"x.{c} IS DISTINCT FROM y.{c}" for c in others) or "false"
    rows_a, rows_b = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                      for t in (left, right))
    matched, numbers_differ, others_differ = con.execute(
        f"SELECT count(*), count(*) FILTER ({number_differs}), "
        f"count(*) FILTER ({other_differs}) FROM {left} x JOIN {right} y ON {on}").fetchone()  # type: ignore[misc]
    return {"rows_a": rows_a, "rows_b": rows_b, "matched": matched,
            "numbers_differ": numbers_differ, "others_differ": others_differ}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--tolerance", type=float, default=1e-9)
    args = parser.parse_args()
    for table in TABLES:
        counts = compare(args.a, args.b, table, args.tolerance)
        print(table, " ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
