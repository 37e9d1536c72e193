"""Family averages as a comparator in the `comparisons` table (issue 7, item 5).

Adds to `comparisons` (built by attain.services.compute_comparisons) three columns for
school rows: `family_value` (the average of the school's similar-schools family, method and
suppression rules in attain.similar.averages), `family_size` (members that counted) and
`diff_family` (value - family_value). Other levels get nulls.

Suppression (docs/estimates.md, "Similar schools"): a member's suppressed row is left out
of its family's average whole; a school's own suppressed row still shows its family's
average (made of other schools' published figures, it gives nothing of the school's away)
but no difference, which would give its value away.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from attain.domain.results import FAMILY_COMPARISON_COLUMNS
from attain.engines.duckdb import table_exists
from attain.services.compute_contexts import contexts_redrawn, save_contexts
from attain.similar.averages import (
    AVERAGES,
    SERIES,
    aggregate,
    cube_years,
    family_members,
    members_from_context,
)
from attain.similar.context import school_context
from attain.similar.family import DEFAULT_SIZE, DEFAULT_VARIABLES
from attain.store.warehouse import SQL_TYPES, Warehouse

FAMILY_COLUMNS = tuple(c.name for c in FAMILY_COMPARISON_COLUMNS)


def family_columns_sql(row: str, value: str) -> tuple[str, str]:
    """The FAMILY_COLUMNS of a school row `row` (a table alias with measure_id, year, level,
    area_code, group_id and suppressed; `value`: its unrounded value), and the joins that
    find them in the averages build_family_averages made. Rows of other levels, and schools
    with no family average, get nulls."""
    columns = (f"fa.family_value, CAST(fa.family_size AS INTEGER) AS family_size, "
               f"CASE WHEN {row}.suppressed IS NULL THEN {value} - fa.family_value END "
               "AS diff_family")
    joins = (f"LEFT JOIN {SERIES} fs ON {row}.level = 'school' "
             f"AND fs.measure_id = {row}.measure_id AND fs.group_id = {row}.group_id\n"
             f"LEFT JOIN {AVERAGES} fa ON fa.series = fs.series AND fa.year = {row}.year "
             f"AND fa.urn = TRY_CAST({row}.area_code AS BIGINT)")
    return columns, joins


# The FAMILY_COLUMNS of a row with no family (before the averages are built, or a
# published figure: families are made of computed school figures).
NO_FAMILY_SQL = ("CAST(NULL AS DOUBLE) AS family_value, CAST(NULL AS INTEGER) AS family_size, "
                 "CAST(NULL AS DOUBLE) AS diff_family")


def family_averages_built(con: duckdb.DuckDBPyConnection) -> bool:
    return table_exists(con, AVERAGES)


# The FAMILY_COLUMNS of `cube`'s school rows that have a family average, with `keys`.
_FAMILY_ROWS_SQL = """
SELECT {keys}, {columns}
FROM {cube} c {joins} WHERE c.level = 'school' AND fa.urn IS NOT NULL"""


def _family_rows_sql(keys: str, cube: str) -> str:
    columns, joins = family_columns_sql("c", "c.value")
    return _FAMILY_ROWS_SQL.format(keys=keys, cube=cube, columns=columns, joins=joins)


# ALTER + UPDATE: only the new columns of the school rows are written (rebuilding the table
# rewrote every column of every row, 3x slower on the demo, BENCHMARKS.md).
_UPDATE_SQL = """
UPDATE {comparisons} SET family_value = f.family_value, family_size = f.family_size,
       diff_family = f.diff_family
FROM ({family_rows}) f
WHERE {comparisons}.level = 'school' AND {comparisons}.measure_id = f.measure_id
  AND {comparisons}.year = f.year AND {comparisons}.area_code = f.area_code
  AND {comparisons}.group_id = f.group_id
"""


def add_family_comparisons(con: duckdb.DuckDBPyConnection, *,
                           context: duckdb.DuckDBPyConnection | Warehouse | None = None,
                           cube: str = "cube", comparisons: str = "comparisons",
                           size: int = DEFAULT_SIZE,
                           variables: Sequence[str] = DEFAULT_VARIABLES) -> None:
    """Add FAMILY_COLUMNS to table `comparisons` on `con` from the school rows of `cube`
    (both results-shaped); run again, it replaces them. (`attain compute` instead builds
    the averages before its comparisons, which join them: family_columns_sql.)

    Families come from the warehouse views on `context`: a connection, or a Warehouse to
    open one on (default `con`). During `attain compute` the engine's views hold only the
    years computed, so pass the whole warehouse to give merged earlier years families too;
    a year without a census gets no family values."""
    build_family_averages(con, context=context, cube=cube, size=size, variables=variables)
    for column in FAMILY_COMPARISON_COLUMNS:  # a second run starts again from nulls
        con.execute(f"ALTER TABLE {comparisons} DROP COLUMN IF EXISTS {column.name}")
        con.execute(f"ALTER TABLE {comparisons} ADD COLUMN {column.name} "
                    f"{SQL_TYPES[column.type]}")
    family_rows = _family_rows_sql("c.measure_id, c.year, c.area_code, c.group_id", cube)
    con.execute(_UPDATE_SQL.format(comparisons=comparisons, family_rows=family_rows))
    drop_family_averages(con)


WITHOUT_FAMILY = "_comparisons_without_family"
FAMILY_BY_CELL = "_family_by_cell"


def family_columns_by_cell(con: duckdb.DuckDBPyConnection, *, cube: str) -> None:
    """Table FAMILY_BY_CELL: the FAMILY_COLUMNS of the school rows of `cube` by cell_id, from
    the averages of build_family_averages (`attain compute --la` builds it on its family
    cursor, while the comparisons run)."""
    con.execute(f"CREATE OR REPLACE TABLE {FAMILY_BY_CELL} AS "
                f"{_family_rows_sql('c.cell_id', cube)}")


def with_family_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Table `comparisons` (made without family columns) becomes a view of itself with the
    FAMILY_COLUMNS of FAMILY_BY_CELL, rows matched by cell_id. (An UPDATE of its school rows
    took 4 s of `attain compute --la`, BENCHMARKS.md.)"""
    con.execute(f"ALTER TABLE comparisons RENAME TO {WITHOUT_FAMILY}")
    replaced = ", ".join(f"f.{c} AS {c}" for c in FAMILY_COLUMNS)
    con.execute(f"CREATE OR REPLACE VIEW comparisons AS SELECT x.* REPLACE ({replaced}) "
                f"FROM {WITHOUT_FAMILY} x LEFT JOIN {FAMILY_BY_CELL} f "
                "ON f.cell_id = x.cell_id")


Families = tuple[pa.Table, pa.Array | None]  # (year, urn, member) rows; the URNs compared


def build_family_averages(con: duckdb.DuckDBPyConnection, *,
                          context: duckdb.DuckDBPyConnection | Warehouse | None = None,
                          cube: str = "cube", size: int = DEFAULT_SIZE,
                          variables: Sequence[str] = DEFAULT_VARIABLES,
                          school_las: Sequence[str] | None = None,
                          families: Families | None = None,
                          series_cube: str | None = None) -> None:
    """The tables of every school's family averages (attain.similar.averages SERIES
    and AVERAGES) from the school rows of `cube`, which family_columns_sql joins; with
    `school_las`, only those LAs' schools' averages (their families are still drawn from
    every school). `families`: from `school_families` beforehand (for at least the cube's
    years), else drawn here from `context`. `series_cube` as attain.similar.averages
    aggregate's."""
    if families is None:
        years = cube_years(con, cube)
        if isinstance(context, Warehouse):
            families = school_families(context, years, school_las, size=size,
                                       variables=variables)
        else:
            families = _members(context or con, years, size, variables, school_las)
    members, urns = families
    aggregate(con, members, cube=cube, urns=urns, series_cube=series_cube)


def school_families(warehouse: Warehouse, years: Sequence[int],
                    school_las: Sequence[str] | None, *, size: int = DEFAULT_SIZE,
                    variables: Sequence[str] = DEFAULT_VARIABLES,
                    save_to: Path | None = None) -> Families:
    """Every school's family in `years` from the warehouse's census (needs no results, so
    `attain compute` draws them while it suppresses), and the URNs of `school_las`.
    `save_to`: a results folder to keep the schools' contexts in (compute_contexts)."""
    with warehouse.connect() as source:
        context = school_context(source, years)
        if save_to is not None:
            save_contexts(save_to, context)
        members = members_from_context(context, size=size, variables=variables)
        return members, _urns(source, school_las)


def redrawn_families(warehouse: Warehouse, years: Sequence[int], las: Sequence[str],
                     results: Path) -> Families:
    """`attain compute --la`: the families in `years` of the schools of `las`, drawn from
    their contexts worked out again and the other schools' as stored under `results`
    (compute_contexts), and the URNs of the schools of `las`."""
    with warehouse.connect() as source:
        urns = _urns_of(source, las)
        context = contexts_redrawn(source, results, years, urns.to_pylist())
        return members_from_context(context, urns=urns), urns


def _members(source: duckdb.DuckDBPyConnection, years: Sequence[int], size: int,
             variables: Sequence[str], school_las: Sequence[str] | None) -> Families:
    """Every school's family, and the URNs of `school_las`' schools (None: all)."""
    members = family_members(source, years, size=size, variables=variables)
    return members, _urns(source, school_las)


def _urns(source: duckdb.DuckDBPyConnection, school_las: Sequence[str] | None
          ) -> pa.Array | None:
    return None if school_las is None else _urns_of(source, school_las)


def _urns_of(source: duckdb.DuckDBPyConnection, las: Sequence[str]) -> pa.Array:
    urns = source.execute("SELECT DISTINCT CAST(urn AS BIGINT) FROM schools "
                          "WHERE list_contains(?, la_code) ORDER BY 1", [list(las)]).fetchall()
    return pa.array([u[0] for u in urns], pa.int64())


def drop_family_averages(con: duckdb.DuckDBPyConnection) -> None:
    for name in (SERIES, AVERAGES):
        con.execute(f"DROP TABLE IF EXISTS {name}")
