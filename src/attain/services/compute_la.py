"""`attain compute --la`: recompute some LAs' own rows, their schools' and the LA's, after
their pupils' data changed, without recomputing the nation.

Every measure x group x year of those rows is worked out again from the warehouse, as a
whole compute would: the measure queries aggregate only those LAs' pupils (the compiler's
`scope_las`), while progress estimates and the national SD of scores still come from every
pupil. Suppression partitions never leave an LA (groups within a row, schools within their
LA), so the LAs' rows are suppressed exactly as a whole compute suppresses them. Their
comparisons read the rest of the cube as stored: national rows, every LA's row (ranks) and
the rows of their schools' similar-school families.

Their schools' families of similar schools are drawn again from those schools' contexts
worked out from the census now and every other school's as the last whole compute kept it
(attain.services.compute_contexts).

What stays as the last whole compute left it: national, regional and area rows, other LAs'
rows and ranks, and other schools' contexts. A change to one LA's pupils moves those a
little, so the summary says so; `attain compute` redoes them.

The LAs' rows are written as their shards of the cube (attain.services.compute_write):
only those files are rewritten, plus, once, any year whose main file still holds them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from attain.domain.results import COMPUTED_SOURCE, KEY, RESULTS
from attain.domain.sql import literal_list_sql
from attain.engines import Progress, scaled
from attain.engines.registry import EngineName, open_engine, results_into_duckdb
from attain.errors import UserError, only_known
from attain.services import compute_cube as cube
from attain.services.compute import (
    DEFAULT,
    RESULTS_FOLDER,
    WAREHOUSE,
    ComputeSummary,
    countries_of,
    default_rule,
    in_background,
    refuse_invalid,
    relevant_measures,
    report_progress,
    resolve_years,
    results_warehouse,
)
from attain.services.compute_comparisons import add_comparisons
from attain.services.compute_coverage import drop_uncovered
from attain.services.compute_family import (
    Families,
    build_family_averages,
    family_columns_by_cell,
    redrawn_families,
    with_family_columns,
)
from attain.services.compute_write import (
    CUBE_DATASETS,
    MAIN,
    in_key_order,
    school_urns,
    shard_index,
    write_shards,
)
from attain.services.published_comparisons import files_sql
from attain.store.warehouse import Transaction, Warehouse

if TYPE_CHECKING:
    from attain.stats.suppression import SuppressionRule

MINE = "cube_mine"  # the LAs' rows, computed now
STORED, OTHER_LAS = "cube_stored", "other_las"  # national rows and other LAs' rows, as stored
FAMILY_STORED, FAMILY_CUBE = "family_stored", "family_cube"  # the same for family averages
FAMILY_MEMBERS = "family_members"  # (year, member) of the LAs' schools' families


def recompute_las(folder: Path, las: Sequence[str], *, progress: Progress | None = None,
                  suppression: SuppressionRule | None | str = DEFAULT,
                  definitions: Path | None = None, engine: str = "duckdb") -> ComputeSummary:
    """Recompute the rows of LAs `las` (codes) and their schools in the cube under `folder`
    (module docstring). `suppression` as attain.services.compute.compute."""
    from attain.measures import DEFINITIONS, compile_catalogue, load_catalogue

    started = time.perf_counter()
    definitions = definitions or DEFINITIONS
    catalogue = load_catalogue(definitions)
    refuse_invalid(catalogue)
    warehouse = Warehouse(folder / WAREHOUSE)
    target = results_warehouse(folder)
    if not target.files("results"):
        raise UserError("there is no results cube to recompute an LA in",
                        fix="Run `attain compute` first: an LA's rows are compared with the "
                            "national and other LAs' rows it computes.")
    las = check_las(warehouse, las)
    rule = default_rule() if suppression == DEFAULT else suppression
    years = resolve_years(warehouse, None)
    chosen = relevant_measures(catalogue, None, years, countries_of(warehouse))
    queries = compile_catalogue(catalogue, measure_ids=chosen, years=years,
                                strategy="rollup", scope_las=las)
    opened = open_engine(engine, warehouse, years)
    con: duckdb.DuckDBPyConnection | None = None
    all_years = sorted(set(years) | set(target.years("results")))
    try:
        # Families need no results: drawn while the queries run (DuckDB lets go of
        # Python's lock, which the drawing holds most of the time).
        with in_background(lambda: redrawn_families(
                warehouse, all_years, las, folder / RESULTS_FOLDER)) as families:
            opened.run(queries, progress=scaled(progress, 0.0, 0.7))
            con = results_into_duckdb(opened)
            dropped = drop_uncovered(con, catalogue, "national")
            cube.build(con, catalogue, rule if not isinstance(rule, str) else None)
            con.execute("DROP TABLE results_base")
            stored = str(files_sql(target, "results"))  # the results as stored
            _add_published(con, stored, las)
            drawn = families.result()
        counts = _compare_and_write(con, folder, stored, las, all_years, drawn, progress)
    finally:
        if con is not None and opened.name is not EngineName.DUCKDB:
            con.close()
        opened.close()
    report_progress(progress, "done", 1.0)
    computed = {m for q in queries for m in q.measure_ids}
    return ComputeSummary(folder, tuple(years), len(computed), len(queries), counts[0],
                          counts[1], time.perf_counter() - started, dropped=dropped,
                          only_las=tuple(las))


def _compare_and_write(con: duckdb.DuckDBPyConnection, folder: Path, stored: str,
                       las: Sequence[str], years: Sequence[int], drawn: Families,
                       progress: Progress | None) -> tuple[int, int]:
    """Compare MINE with the rows `stored` and write both as the LAs' shards of `years`;
    return MINE's counts (rows, suppressed)."""
    target = results_warehouse(folder)
    # The LAs' results rows are final: they are written while the comparisons run.
    with con.cursor() as writer, target.transaction() as tx, in_background(
            lambda: _write_results(writer, tx, target, las, years)) as written:
        report_progress(progress, "comparisons", 0.8)
        _load_comparators(con, stored, las, drawn[0])
        # The family averages on a second cursor while the comparisons run.
        with con.cursor() as family_con, in_background(
                lambda: _family_columns(family_con, drawn, las)) as averaged:
            add_comparisons(con, school_las=las, only_las=las, la_peers=OTHER_LAS,
                            family=False)
            averaged.result()
        with_family_columns(con)
        compared = "comparisons"
        if cube.published_rows(con):  # compared with every row (LAs' ranks: a window)
            _cube_view(con, STORED, OTHER_LAS)
            from attain.services.published_comparisons import with_published_comparisons

            compared = with_published_comparisons(con, folder)
        report_progress(progress, "writing results", 0.95)
        counts = cube.counts(con, MINE)
        written.result()
        write_shards(con, tx, "comparisons", compared, years, las)
    return counts


def _family_columns(con: duckdb.DuckDBPyConnection, drawn: Families,
                    las: Sequence[str]) -> None:
    build_family_averages(con, families=drawn, school_las=las, cube=FAMILY_CUBE,
                          series_cube=MINE)
    family_columns_by_cell(con, cube=MINE)


def check_las(warehouse: Warehouse, las: Sequence[str]) -> tuple[str, ...]:
    """`las`, each an LA of the warehouse's registry with schools; else a UserError."""
    files = [p.as_posix() for p in warehouse.files("schools")]
    known: set[str] = set()
    if files:  # the registry's file alone: every view of the warehouse cost 0.04 s more
        with duckdb.connect() as con:
            known = {str(c) for (c,) in con.execute(
                "SELECT DISTINCT la_code FROM read_parquet(?) WHERE la_code IS NOT NULL",
                [files]).fetchall()}
    return only_known(las, known,
                      problem=lambda la_code: f"no school of the warehouse is in LA {la_code}",
                      fix="`attain results show --la CODE` takes the same codes.")


def _mine_sql(las: Sequence[str]) -> str:
    """Whether a cube row (level, area_code) is one of the LAs' own rows; needs the temp
    table _my_urns."""
    return (f"((level = 'la' AND area_code IN ({literal_list_sql(las)})) OR "
            "(level = 'school' AND area_code IN (SELECT urn FROM _my_urns)))")


def _add_published(con: duckdb.DuckDBPyConnection, stored: str, las: Sequence[str]) -> None:
    """Rename `cube` (the LAs' rows computed now) to MINE and add to it the published
    figures stored for the LAs whose key is not computed now (as merge_previous does)."""
    urns = [urn for of_la in school_urns(con, las).values() for urn in of_la]
    con.execute("CREATE OR REPLACE TABLE _my_urns (urn VARCHAR)")
    if urns:
        con.executemany("INSERT INTO _my_urns VALUES (?)", [[u] for u in urns])
    con.execute(f"ALTER TABLE cube RENAME TO {MINE}")
    columns = ", ".join(f'"{c}"' for c in RESULTS.column_names)
    on = " AND ".join(f"p.{k} = c.{k}" for k in KEY)
    con.execute(f"""
        INSERT INTO {MINE} ({columns})
        SELECT p.* FROM (SELECT {columns} FROM {stored}
                         WHERE source IS DISTINCT FROM '{COMPUTED_SOURCE}'
                           AND {_mine_sql(las)}) p
        ANTI JOIN {MINE} c ON {on}""")


def _load_comparators(con: duckdb.DuckDBPyConnection, stored: str, las: Sequence[str],
                      members: pa.Table) -> None:
    """The stored rows the LAs' rows are compared with: STORED, a table of national rows;
    OTHER_LAS, a view of every other LA's row (their ranks, read once, so the columns read
    are all that is loaded); FAMILY_STORED, a view of the rows of their schools' family
    members (`members`: the (year, urn, member) rows of those families alone, as
    compute_family.redrawn_families draws them), read once, by the family averages. Views
    `cube` (MINE and STORED), which the comparisons read, and FAMILY_CUBE (MINE and
    FAMILY_STORED), which the family averages read. A row with no value compares with
    nothing (a national value, a peer in a rank, a family member: compute_comparisons and
    attain.similar.averages skip them), so none is loaded."""
    columns = ", ".join(f'"{c}"' for c in RESULTS.column_names)
    # Not TEMP: the family averages read them on another cursor.
    for table, level, kind in ((STORED, "national", "TABLE"), (OTHER_LAS, "la", "VIEW")):
        con.execute(f"""
            CREATE OR REPLACE {kind} {table} AS
            SELECT CAST(NULL AS BIGINT) AS cell_id, {columns} FROM {stored}
            WHERE level = '{level}' AND value IS NOT NULL AND NOT {_mine_sql(las)}""")
    con.register("_members", members)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {FAMILY_MEMBERS} AS "
                    "SELECT DISTINCT year, member FROM _members")
    finally:
        con.unregister("_members")
    con.execute(f"""
        CREATE OR REPLACE VIEW {FAMILY_STORED} AS
        SELECT CAST(NULL AS BIGINT) AS cell_id, {columns} FROM {stored} r
        SEMI JOIN {FAMILY_MEMBERS} w ON w.year = r.year
                                     AND w.member = TRY_CAST(r.area_code AS BIGINT)
        WHERE level = 'school' AND value IS NOT NULL AND suppressed IS NULL
          AND NOT {_mine_sql(las)}""")
    _cube_view(con, STORED)
    _cube_view(con, FAMILY_STORED, view=FAMILY_CUBE)


def _cube_view(con: duckdb.DuckDBPyConnection, *tables: str, view: str = "cube") -> None:
    """View `view`: MINE and `tables`."""
    parts = "".join(f" UNION ALL SELECT * FROM {table}" for table in tables)
    con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {MINE}{parts}")


def _write_results(con: duckdb.DuckDBPyConnection, tx: Transaction, target: Warehouse,
                   las: Sequence[str], years: Sequence[int]) -> None:
    _drop_from_main(con, tx, target, las, years)
    write_shards(con, tx, "results", MINE, years, las)


def _drop_from_main(con: duckdb.DuckDBPyConnection, tx: Transaction, target: Warehouse,
                    las: Sequence[str], years: Sequence[int]) -> None:
    """Rewrite, without the LAs' rows, each year's main file that still holds them (a year
    with no shard for one of the LAs: written before they had shards)."""
    for name in CUBE_DATASETS:
        for year in years:
            main = target.partition_path(name, year)
            if not main.exists() or set(las) <= set(target.shards(name, year)):
                continue
            con.execute(f"CREATE OR REPLACE TEMP VIEW _main AS SELECT CAST(NULL AS BIGINT) "
                        f"AS cell_id, * FROM read_parquet('{main.as_posix()}')")
            data = in_key_order(con, "_main", name, [year])
            kept = shard_index(con, data, las) == MAIN
            with tx.stream(name, year, whole_year=False) as writer:
                writer.write(data.filter(pa.array(kept)))
