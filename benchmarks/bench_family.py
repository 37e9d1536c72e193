"""Benchmark family (similar-schools) averages over every year of a demo cube (not a test;
results in BENCHMARKS.md, "Family averages as a comparator").

Loads the demo's results and comparisons into one DuckDB connection (as `attain compute`
holds them: tables `cube` and `comparisons` with a `cell_id`), then times, in this process:

- baseline: the plain join + group-by of cube x members (families already known; string
  keys; a mean only): the floor any family average pays;
- before: the previous implementation, copied here unchanged (one context query and a
  Python nearest-neighbour step per school for each year, then the join + group-by on text
  keys) - families + averages;
- after: attain.similar.averages.family_members + aggregate (families of every year from one
  query and arrays, one sparse product per (year, phase) pool), and the whole
  `add_family_comparisons` (also writing the three columns into `comparisons`).

    python benchmarks/bench_family.py --demo DIR [--repeat 2]
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from attain.engines.duckdb import arrow_table
from attain.similar.averages import aggregate, cube_years, family_members
from attain.similar.context import school_units
from attain.similar.family import DEFAULT_SIZE, DEFAULT_VARIABLES, Neighbour, Unit
from attain.store.warehouse import Warehouse


def load(demo: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    results = (demo / "results" / "results").as_posix()
    comparisons = (demo / "results" / "comparisons").as_posix()
    con.execute(f"""CREATE TABLE cube AS SELECT row_number() OVER () AS cell_id, *
                    FROM read_parquet('{results}/**/*.parquet', hive_partitioning = false)""")
    con.execute(f"""CREATE TABLE comparisons AS SELECT c.cell_id, k.*
        FROM read_parquet('{comparisons}/**/*.parquet', hive_partitioning = false) k
        JOIN cube c USING (measure_id, year, level, area_code, group_id)""")
    return con


# ---- before: the previous attain.similar code, copied unchanged ----

def _old_standardise(units: Sequence[Unit], variables: Sequence[str]) -> np.ndarray:
    raw = np.array([[np.nan if u.values.get(v) is None else float(u.values[v])  # type: ignore[arg-type]
                     for v in variables] for u in units], dtype=np.float64).reshape(
        len(units), len(variables))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(raw, axis=0) if len(units) else np.zeros(len(variables))
        sd = np.nanstd(raw, axis=0) if len(units) else np.ones(len(variables))
    sd = np.where((sd > 0) & np.isfinite(sd), sd, 1.0)
    z: np.ndarray = np.nan_to_num((raw - np.nan_to_num(mean)) / sd, nan=0.0)
    return z


def _old_distances(block: np.ndarray, z: np.ndarray) -> np.ndarray:
    squared = (block**2).sum(axis=1)[:, None] + (z**2).sum(axis=1)[None, :] - 2 * block @ z.T
    distance: np.ndarray = np.sqrt(np.maximum(squared, 0.0))
    return distance


def _old_nearest(row: np.ndarray, codes: np.ndarray, size: int) -> list[Neighbour]:
    if size < len(row):
        cut = np.partition(row, size - 1)[size - 1] if size > 0 else -np.inf
        candidates = np.flatnonzero(row <= cut)
    else:
        candidates = np.arange(len(row))
    order = candidates[np.lexsort((codes[candidates], row[candidates]))][:size]
    return [Neighbour(str(codes[i]), float(row[i])) for i in order if np.isfinite(row[i])]


def _old_families(units: Sequence[Unit], variables: Sequence[str],
                  size: int) -> dict[str, list[Neighbour]]:
    result: dict[str, list[Neighbour]] = {}
    for pool in sorted({u.pool for u in units}):
        members = [u for u in units if u.pool == pool]
        z = _old_standardise(members, variables)
        codes = np.array([u.code for u in members])
        for start in range(0, len(members), 512):
            distance = _old_distances(z[start:start + 512], z)
            for offset, row in enumerate(distance):
                row[start + offset] = np.inf
                result[members[start + offset].code] = _old_nearest(row, codes, size)
    return result


def _old_members(by_year: Mapping[int, Mapping[str, Sequence[Neighbour]]]) -> pa.Table:
    rows = [(y, int(code), n.code) for y, found in by_year.items()
            for code, family in found.items() for n in family]
    return pa.table({"year": pa.array([r[0] for r in rows], pa.int32()),
                     "urn": pa.array([r[1] for r in rows], pa.int64()),
                     "member": pa.array([r[2] for r in rows], pa.string())})


_OLD_AVERAGES_SQL = """
WITH m AS (
    SELECT f.urn, r.measure_id, r.year, r.group_id, r.numerator, r.denominator, r.value
    FROM _old_members f JOIN cube r
      ON r.year = f.year AND r.level = 'school' AND r.area_code = f.member
    WHERE r.suppressed IS NULL AND r.value IS NOT NULL),
s AS (
    SELECT measure_id, year, group_id, urn,
           bool_and(numerator IS NOT NULL AND denominator > 0) AS weighted,
           sum(numerator) AS num, sum(denominator) AS den,
           sum(value * denominator) AS value_x_den, avg(value) AS mean, count(*) AS size
    FROM m GROUP BY measure_id, year, group_id, urn)
SELECT measure_id, CAST(year AS INTEGER) AS year, group_id, CAST(urn AS BIGINT) AS urn,
       CASE WHEN weighted THEN value_x_den / den ELSE mean END AS family_value,
       CASE WHEN weighted THEN CAST(num AS DOUBLE) END AS family_numerator,
       CASE WHEN weighted THEN CAST(den AS DOUBLE) END AS family_denominator,
       CAST(size AS INTEGER) AS family_size
FROM s ORDER BY measure_id, year, group_id, urn
"""


def before(con: duckdb.DuckDBPyConnection, context: duckdb.DuckDBPyConnection,
           years: list[int]) -> int:
    by_year = {y: _old_families(school_units(context, y), DEFAULT_VARIABLES, DEFAULT_SIZE)
               for y in years}
    con.register("_old_members", _old_members(by_year))
    try:
        return arrow_table(con, _OLD_AVERAGES_SQL).num_rows
    finally:
        con.unregister("_old_members")


# ---- baseline and after ----

def baseline(con: duckdb.DuckDBPyConnection, members: pa.Table) -> int:
    con.register("_base_members", members)
    try:
        con.execute("""CREATE OR REPLACE TEMP TABLE _base AS
            SELECT f.year, f.urn, r.measure_id, r.group_id, avg(r.value) AS family_value
            FROM _base_members f JOIN cube r ON r.year = f.year AND r.level = 'school'
                 AND r.area_code = CAST(f.member AS VARCHAR)
            WHERE r.suppressed IS NULL AND r.value IS NOT NULL GROUP BY ALL""")
        found = con.execute("SELECT count(*) FROM _base").fetchall()[0]
        return int(found[0]) if found else 0
    finally:
        con.unregister("_base_members")


def after_averages(con: duckdb.DuckDBPyConnection, context: duckdb.DuckDBPyConnection,
                   years: list[int]) -> int:
    aggregate(con, family_members(context, years), cube="cube")
    found = con.execute("SELECT count(*) FROM _family_aggregates").fetchall()[0]
    return int(found[0]) if found else 0


def after_comparisons(con: duckdb.DuckDBPyConnection, context: duckdb.DuckDBPyConnection,
                      years: list[int]) -> int:
    from attain.services.compute_family import add_family_comparisons

    add_family_comparisons(con, context=context)
    found = con.execute("SELECT count(family_value) FROM comparisons").fetchall()[0]
    return int(found[0]) if found else 0


def timed(label: str, run: Callable[[], int]) -> float:
    start = time.perf_counter()
    rows = run()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.2f} s  ({rows:,} rows)", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    con = load(args.demo)
    context = Warehouse(args.demo / "warehouse").connect()
    years = cube_years(con)
    print(f"{len(years)} years, {con.execute('SELECT count(*) FROM cube').fetchall()[0][0]:,} "
          "cube rows")
    members = family_members(context, years)
    for run in range(args.repeat):
        print(f"run {run + 1}")
        base = timed("baseline: join + group-by of cube x members",
                     lambda: baseline(con, members))
        old = timed("before: families + averages", lambda: before(con, context, years))
        new = timed("after: families + averages", lambda: after_averages(con, context, years))
        whole = timed("after: add_family_comparisons (all of it)",
                      lambda: after_comparisons(con, context, years))
        print(f"  before/after {old / new:.1f}x; after/baseline {new / base:.2f}x; "
              f"add_family_comparisons/baseline {whole / base:.2f}x")


if __name__ == "__main__":
    main()
