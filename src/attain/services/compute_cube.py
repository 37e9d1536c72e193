"""The cube inside DuckDB: suppression, merge with previous results, comparisons.

Works on the connection of attain.engines.duckdb after it has filled `results_base`;
leaves two tables, `cube` (the RESULTS rows) and `comparisons` (the COMPARISONS rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.results import COMPUTED_SOURCE, KEY, RESULTS
from attain.domain.sql import ints_sql, literal_list_sql
from attain.engines.duckdb import arrow_table
from attain.services.compute_partitions import CellKeys, build_partitions, find_cells
from attain.stats.arrays import sort_order
from attain.stats.complementary import complementary_cells
from attain.stats.suppression import primary_codes
from attain.store.warehouse import Warehouse

if TYPE_CHECKING:
    from attain.measures.spec import Catalogue

# Kinds whose numerator and denominator add up over a partition (so subtraction could
# recover a hidden cell); gaps and percentile gaps do not.
ADDITIVE_KINDS = ("proportion", "transition", "mean", "rate", "progress")
COUNT_KINDS = ("proportion", "transition")
SMALL_DENOMINATOR, SMALL_COUNT, COMPLEMENTARY = "small_denominator", "small_count", "complementary"
FROM_SUPPRESSED = "from_suppressed"  # a gap whose group value is suppressed


class Rule(Protocol):
    """A suppression rule (attain.stats.suppression.SuppressionRule)."""

    @property
    def min_denominator(self) -> int: ...

    @property
    def min_count(self) -> int: ...

    @property
    def complementary(self) -> bool: ...


def build(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, rule: Rule | None) -> None:
    """`cube` = `results_base` + source + suppression (numbers of suppressed rows nulled).

    Which cells to hide is worked out on arrays (the primary rule, the complementary
    cascade and the gaps), and `cube` is written once from Arrow: rewriting millions of rows
    in DuckDB, or joining the flags back to them, costs seconds more (BENCHMARKS.md)."""
    load_catalogue_tables(con, catalogue)
    rows = _results_base_rows(con)
    cells = number_cells(con, rows)
    reason = np.zeros(len(cells.cell_id), dtype=np.int8)  # by cell index: see _REASONS
    if rule is not None:
        reason[cells.cell_id - 1] = _primary_reasons(con, rows, cells, rule)
        hidden = reason > 0
        if rule.complementary:
            chosen = complementary(con, hidden, cells.preference, cells.keys)
            reason[chosen] = _REASONS.index(COMPLEMENTARY)
            hidden[chosen] = True
        reason[gaps_of_hidden(con, cells.keys, hidden) & ~hidden] = _REASONS.index(
            FROM_SUPPRESSED)
    _write_cube(con, rows, cells.cell_id, reason[cells.cell_id - 1])


def _results_base_rows(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """`results_base` as Arrow. Everything built from it (cell ids, reasons, the cube) is
    by position in this table, so the order of the scan does not matter."""
    return arrow_table(con, "SELECT * FROM results_base")


# Suppression reasons by code (0: published).
_REASONS = (None, SMALL_DENOMINATOR, SMALL_COUNT, COMPLEMENTARY, FROM_SUPPRESSED)


def _primary_reasons(con: duckdb.DuckDBPyConnection, rows: pa.Table, cells: NumberedCells,
                     rule: Rule) -> npt.NDArray[np.int8]:
    """The primary rule's reason code for each of `rows`; gaps are never hidden by it."""
    by_row = cells.cell_id - 1
    primary = primary_codes(_floats(rows.column("numerator")),
                            _floats(rows.column("denominator")),
                            _of_kinds(con, cells.keys, COUNT_KINDS)[by_row],
                            int(rule.min_denominator), int(rule.min_count))
    primary[_of_kinds(con, cells.keys, ("gap",))[by_row]] = 0
    return primary.astype(np.int8)


def _floats(column: pa.ChunkedArray) -> npt.NDArray[np.float64]:
    """A numeric column as float64, missing values NaN."""
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)


def _write_cube(con: duckdb.DuckDBPyConnection, rows: pa.Table,
                cell_id: npt.NDArray[np.int64], reason: npt.NDArray[np.int8]) -> None:
    """Table `cube` from `rows` (results_base), with each row's cell id and suppression
    reason code."""
    hidden = pa.array(reason > 0)
    columns: dict[str, Any] = {"cell_id": pa.array(cell_id)}
    for name in rows.column_names:
        column = rows.column(name)
        columns[name] = (pc.if_else(hidden, pa.scalar(None, column.type), column)
                         if name in _HIDDEN_NUMBERS else column)
    columns["suppressed"] = pa.array(_REASONS, pa.string()).take(pa.array(reason))
    con.register("_cube", pa.table(columns))
    try:
        con.execute(f"CREATE OR REPLACE TABLE cube AS SELECT *, '{COMPUTED_SOURCE}' AS source "
                    "FROM _cube")
    finally:
        con.unregister("_cube")


_HIDDEN_NUMBERS = ("numerator", "value", "ci_low", "ci_high")  # the denominator stays
class NumberedCells(NamedTuple):
    cell_id: npt.NDArray[np.int64]  # by row of the numbered table
    preference: npt.NDArray[np.int64]  # by cell index (cell_id - 1)
    keys: CellKeys  # by cell index


def number_cells(con: duckdb.DuckDBPyConnection, rows: pa.Table | None = None) -> NumberedCells:
    """Number the `results_base` rows: each row's `cell_id` is its position 1..n in key
    order (measure_id, year, level, area_code, group_id). Return with it each cell's
    preference for complementary suppression (index cell_id - 1): its position by
    denominator (missing = 0), then cell_id; and the cells' keys as integer codes.

    The key order is found in numpy on integer codes (each text column ranked among its
    few distinct values, byte-wise as DuckDB orders text; a missing value last, as NULLS
    LAST): a window ORDER BY over five million rows on text keys took ~10 s in DuckDB, and
    joining each column to a table of its codes cost more than encoding it in Arrow.
    `rows`: `_results_base_rows(con)`, fetched here if not given."""
    if rows is None:
        rows = _results_base_rows(con)
    n = rows.num_rows
    text_columns = ("measure_id", "level", "area_code", "group_id")
    # Two threads: Arrow's encoding and numpy's sorts and gathers release the GIL. The
    # demo's 5.3 million cells: 3.0-3.6 s on one, 1.5-2.5 s (bench_cells.py, BENCHMARKS.md).
    with ThreadPoolExecutor(2, thread_name_prefix="attain-cells") as pool:
        ranked = dict(zip(text_columns, pool.map(lambda c: _ranked_codes(rows.column(c)),
                                                 text_columns), strict=True))
        year = rows.column("year").fill_null(_MISSING).to_numpy().astype(np.int64)
        keys = [ranked["measure_id"][0], year, *(ranked[c][0] for c in text_columns[1:])]
        order = sort_order(*keys)
        by_denominator = pool.submit(_preference, rows.column("denominator"), order)
        cell_id = np.empty(n, dtype=np.int64)
        cell_id[order] = np.arange(1, n + 1, dtype=np.int64)
        measure, year, level, area, group = pool.map(lambda key: key[order], keys)
        preference = by_denominator.result()
    code_of = {c: ranked[c][1] for c in text_columns}
    return NumberedCells(cell_id, preference,
                         CellKeys(measure, year, level, area, group, code_of))


def _preference(denominator: pa.ChunkedArray, order: npt.NDArray[np.int64]
                ) -> npt.NDArray[np.int64]:
    """Each cell's (in `order`) position by denominator (missing = 0), ties by cell id."""
    values = np.nan_to_num(_floats(denominator))[order]
    preference = np.empty(len(values), dtype=np.int64)
    preference[np.argsort(values, kind="stable")] = np.arange(len(values), dtype=np.int64)
    return preference


_MISSING = 2**20  # the code of a missing key: after every other code (and year)


def _ranked_codes(column: pa.ChunkedArray) -> tuple[npt.NDArray[np.int64], dict[str, int]]:
    """Each value's rank 1..m among the column's distinct values (byte-wise order), missing
    values _MISSING; and the map from value to rank."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    values = encoded.dictionary
    rank = np.empty(len(values) + 1, dtype=np.int64)
    rank[pc.sort_indices(values).to_numpy()] = np.arange(1, len(values) + 1)
    rank[len(values)] = _MISSING
    indices = encoded.indices.fill_null(len(values)).to_numpy(zero_copy_only=False)
    ranks = {str(v): int(r) for v, r in zip(values.to_pylist(), rank[:-1], strict=True)}
    return rank[indices], ranks


def load_catalogue_tables(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    measures = pa.table({
        "measure_id": [m.id for m in catalogue.measures],
        "kind": [str(m.kind) for m in catalogue.measures],
        "higher_is_better": [bool(m.higher_is_better) for m in catalogue.measures],
        "decimals": [int(m.decimals) for m in catalogue.measures],
        "of": [m.of for m in catalogue.measures],
        "group_a": [m.group_a for m in catalogue.measures],
        "group_b": [m.group_b for m in catalogue.measures],
    })
    groups = pa.table({"group_id": [g.id for g in catalogue.groups],
                       "partition": [g.partition for g in catalogue.groups]},
                      schema=pa.schema([("group_id", pa.string()), ("partition", pa.string())]))
    for name, table in (("measure_info", measures), ("group_info", groups)):
        con.register(f"_{name}", table)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _{name}")
        con.unregister(f"_{name}")


def complementary(con: duckdb.DuckDBPyConnection, hidden: npt.NDArray[np.bool_],
                  preference: npt.NDArray[np.int64], keys: CellKeys) -> npt.NDArray[np.int64]:
    """The cells (indices) to hide as well, so that no additive partition has exactly one
    hidden cell.

    One pass over every partition: attain.stats works the cascade (a cell hidden in one
    partition can leave another with exactly one hidden cell) to its fixpoint. Only
    integer arrays cross into Python: memberships (built from the cells' integer keys by
    compute_partitions), hidden flags and preferences (`preference[cell_id - 1]`)."""
    additive, groups, schools = (_of_kinds(con, keys, ADDITIVE_KINDS), _group_partitions(con),
                                 _school_las(con))

    def chosen_in(run: tuple[int, int]) -> npt.NDArray[np.int64]:
        start, stop = run
        partitions = build_partitions(keys.cells(start, stop), additive[start:stop], groups,
                                      schools)
        if len(partitions.cell) == 0:
            return np.empty(0, dtype=np.int64)
        chosen = complementary_cells(hidden[start:stop], preference[start:stop],
                                     partitions.cell, partitions.offsets)
        return start + np.asarray(chosen, dtype=np.int64)

    # Partitions never span two measures, so two runs of measures are worked on two
    # threads: one's numpy runs while the other's cascade holds the GIL (BENCHMARKS.md).
    with ThreadPoolExecutor(2, thread_name_prefix="attain-suppress") as pool:
        return np.concatenate([np.empty(0, dtype=np.int64),
                               *pool.map(chosen_in, keys.measure_runs(2))])


def _of_kinds(con: duckdb.DuckDBPyConnection, keys: CellKeys,
              kinds: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Whether each cell's (by index) measure is of one of `kinds` in `measure_info`."""
    chosen = {str(m) for (m,) in con.execute(
        "SELECT measure_id FROM measure_info WHERE list_contains(?, kind)",
        [list(kinds)]).fetchall()}
    by_code = np.zeros(int(keys.measure.max(initial=0)) + 1, dtype=np.bool_)
    for measure_id, code in keys.codes["measure_id"].items():
        by_code[code] = measure_id in chosen
    flags: npt.NDArray[np.bool_] = by_code[keys.measure]
    return flags


def _group_partitions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {str(g): str(p) for g, p in con.execute(
        "SELECT group_id, partition FROM group_info WHERE partition IS NOT NULL").fetchall()}


def _school_las(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """URN (as text, as in area_code) -> LA code; the schools registry has one row a URN."""
    return {str(urn): str(la) for urn, la in con.execute(
        "SELECT DISTINCT CAST(urn AS VARCHAR), la_code FROM schools "
        "WHERE urn IS NOT NULL AND la_code IS NOT NULL").fetchall()}


def gaps_of_hidden(con: duckdb.DuckDBPyConnection, keys: CellKeys,
                   hidden: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Gap cells (by index) either of whose two group values is hidden: the same measure
    (`of`), year, level and area with group `group_a` or `group_b`, found by binary search
    on the packed keys, which ascend with the cell index."""
    out = np.zeros(len(hidden), dtype=np.bool_)
    gaps = con.execute(
        "SELECT measure_id, \"of\", group_a, group_b FROM measure_info WHERE kind = 'gap'"
    ).fetchall()
    if not gaps:
        return out
    codes = keys.codes
    packed_all = keys.packed_all
    for gap, of, *groups in gaps:
        gap_code, of_code = codes["measure_id"].get(gap), codes["measure_id"].get(of)
        if gap_code is None or of_code is None:
            continue
        cells = np.flatnonzero(keys.measure == gap_code)
        for group in groups:
            group_code = codes["group_id"].get(group)
            if group_code is None:
                continue
            wanted = keys.packed(np.full(len(cells), of_code), keys.year[cells],
                                 keys.level[cells], keys.area[cells],
                                 np.full(len(cells), group_code))
            at = find_cells(packed_all, wanted)
            found = at >= 0
            out[cells[found][hidden[at[found]]]] = True
    return out


def merge_previous(con: duckdb.DuckDBPyConnection, target: Warehouse,
                   years: Sequence[int] | None, measure_ids: Sequence[str] | None) -> None:
    """Add the previous results this run did not recompute (other years or measures), and
    the figures imported from published sources whose key this run did not compute (a
    computed figure wins, as when they were imported)."""
    files = target.files("results")
    if not files:
        return
    columns = ", ".join(f'"{c}"' for c in RESULTS.column_names)
    paths = ", ".join(f"'{p.as_posix()}'" for p in files)
    recomputed_years = "true" if years is None else f"year IN ({ints_sql(years)})"
    recomputed_measures = ("true" if measure_ids is None else
                           f"(measure_id IN ({literal_list_sql(measure_ids)}) "
                           "OR measure_id IN (SELECT DISTINCT measure_id FROM cube))")
    previous = f"read_parquet([{paths}], hive_partitioning = false)"
    on = " AND ".join(f"p.{k} = c.{k}" for k in KEY)
    con.execute(f"""
        INSERT INTO cube ({columns})
        SELECT {columns} FROM {previous}
        WHERE source = '{COMPUTED_SOURCE}'
          AND NOT ({recomputed_years} AND {recomputed_measures})""")
    con.execute(f"""
        INSERT INTO cube ({columns})
        SELECT p.* FROM (SELECT {columns} FROM {previous}
                         WHERE source IS DISTINCT FROM '{COMPUTED_SOURCE}') p
        ANTI JOIN cube c ON {on}""")


def counts(con: duckdb.DuckDBPyConnection, table: str = "cube") -> tuple[int, int]:
    """Rows computed in this run, and how many of them are suppressed."""
    rows = con.execute(f"SELECT count(*), count(suppressed) FROM {table} "
                       "WHERE cell_id IS NOT NULL").fetchall()
    return int(rows[0][0]), int(rows[0][1])


def published_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Rows of the cube that are published figures, not computed ones."""
    rows = con.execute("SELECT count(*) FROM cube "
                       f"WHERE source IS DISTINCT FROM '{COMPUTED_SOURCE}'").fetchall()
    return int(rows[0][0])


