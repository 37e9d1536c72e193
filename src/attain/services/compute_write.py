"""Writing the results cube: one file per dataset and year, in key order, and each home LA's
rows (its own row and its schools') in a shard of the year (attain.store.warehouse), so that
`attain compute --la` rewrites only that LA's files."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.results import COMPARISONS, RESULTS
from attain.domain.sql import ints_sql
from attain.engines.duckdb import arrow_table
from attain.stats.arrays import run_bounds
from attain.store.warehouse import Transaction

CUBE_DATASETS = {"results": RESULTS, "comparisons": COMPARISONS}
MAIN = 0  # shard index of the rows of no shard LA


def write_years(con: duckdb.DuckDBPyConnection, tx: Transaction, name: str, table: str,
                years: Sequence[int], shard_las: Sequence[str] = ()) -> list[int]:
    """Write dataset `name` from `table` for each of `years` (empty where it has no rows),
    in key order, each of `shard_las`' rows in its own shard; return the years that had
    rows. Each year is written whole: its other shards go."""
    had_rows = []
    for year, part, shard in _year_parts(con, table, name, years, shard_las):
        with tx.stream(name, year) as writer:
            writer.write(part.filter(pa.array(shard == MAIN)) if shard_las else part)
        for number, la_code in enumerate(shard_las, start=1):
            rows = part.filter(pa.array(shard == number))
            if rows.num_rows:
                with tx.stream(name, year, la_code) as writer:
                    writer.write(rows)
        if part.num_rows:
            had_rows.append(year)
    return had_rows


def write_shards(con: duckdb.DuckDBPyConnection, tx: Transaction, name: str, table: str,
                 years: Sequence[int], shard_las: Sequence[str]) -> None:
    """Write the rows of `shard_las` in `table` as their shards of each of `years` (an
    empty shard where an LA has none), leaving the rest of each year as it is."""
    for year, part, shard in _year_parts(con, table, name, years, shard_las):
        for number, la_code in enumerate(shard_las, start=1):
            with tx.stream(name, year, la_code, whole_year=False) as writer:
                writer.write(part.filter(pa.array(shard == number)))


def _year_parts(con: duckdb.DuckDBPyConnection, table: str, name: str, years: Sequence[int],
                shard_las: Sequence[str]
                ) -> Iterator[tuple[int, pa.Table, npt.NDArray[np.int8]]]:
    """For each of `years`: its rows of `table` in key order, and each row's shard."""
    data = in_key_order(con, table, name, years)
    shard = shard_index(con, data, shard_las)
    bounds = year_bounds(data)
    for year in years:
        start, stop = bounds.get(year, (0, 0))
        yield year, data.slice(start, stop - start), shard[start:stop]


def shard_index(con: duckdb.DuckDBPyConnection, data: pa.Table,
                shard_las: Sequence[str]) -> npt.NDArray[np.int8]:
    """Each row's shard: k for the k-th of `shard_las` (its LA row or one of its schools'
    rows: the `schools` view gives the schools' LAs), MAIN for any other row."""
    shard = np.zeros(data.num_rows, dtype=np.int8)
    if not shard_las or not data.num_rows:
        return shard
    level, area = data.column("level"), data.column("area_code")
    is_la, is_school = pc.equal(level, "la"), pc.equal(level, "school")
    schools = school_urns(con, shard_las)
    for number, la_code in enumerate(shard_las, start=1):
        urns = pa.array(schools.get(la_code, []), pa.string())
        mine = pc.or_(pc.and_(is_la, pc.equal(area, la_code)),
                      pc.and_(is_school, pc.is_in(area, value_set=urns)))
        shard[np.asarray(mine.to_numpy(zero_copy_only=False), dtype=np.bool_)] = number
    return shard


def school_urns(con: duckdb.DuckDBPyConnection, las: Sequence[str]) -> Mapping[str, list[str]]:
    """LA code -> the URNs (as text, as in area_code) of its schools."""
    found: dict[str, list[str]] = {}
    for urn, la_code in con.execute(
            "SELECT DISTINCT CAST(urn AS VARCHAR), la_code FROM schools "
            "WHERE list_contains(?, la_code) ORDER BY 1", [list(las)]).fetchall():
        found.setdefault(str(la_code), []).append(str(urn))
    return found


def in_key_order(con: duckdb.DuckDBPyConnection, table: str, name: str,
                 years: Sequence[int]) -> pa.Table:
    """`table`'s rows of `years` (the columns of dataset `name`) by year, then key
    (measure, level, area, group): computed rows by their integer cell_id (numbered in key
    order), merged earlier rows after them by their text keys. Sorting on the text keys
    alone cost twice as much (BENCHMARKS.md)."""
    names = ", ".join(f'"{c}"' for c in CUBE_DATASETS[name].column_names)
    return arrow_table(con, f"SELECT {names} FROM {table} WHERE year IN ({ints_sql(years)}) "
                            "ORDER BY year, cell_id NULLS LAST, measure_id, level, area_code, "
                            "group_id")


def year_bounds(data: pa.Table) -> dict[int, tuple[int, int]]:
    """Each year's (start, stop) rows in a table sorted by year."""
    year = data.column("year").to_numpy(zero_copy_only=False)
    if len(year) == 0:
        return {}
    bounds = run_bounds(year)
    return {int(year[a]): (int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)}
