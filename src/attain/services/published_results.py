"""Put imported published figures into the results cube, with the comparisons computed
rows get, so reports, risk rules and the web app (which read the cube) show them like
computed ones.

Each figure becomes a cube row whose `source` is the file it came from. Added to them: the
statistical-neighbour average of each LA (level group_of_las, area `SN<LA>`: the mean of
the values its neighbours have, as attain.services.neighbours.neighbour_average) and, in
`comparisons`, what attain.services.published_comparisons gives every published row
(national, LA, significance where the publisher allows it, trends, rank and quartile).
Computed rows already in the cube are kept, with their comparisons, and win over a
published figure with the same key. All in DuckDB; results and comparisons are written in
one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from attain.domain.results import COMPUTED_SOURCE, KEY, RESULTS
from attain.services.compute import results_warehouse
from attain.services.published_comparisons import (
    PublishedComparisonReport,
    compare_published,
    comparing,
    comparison_queries,
    cube_select,
    files_sql,
    report,
    stream_years,
)
from attain.services.published_store import published_store
from attain.store.warehouse import arrow_schema

SN_SOURCE = "statistical-neighbour average of imported figures (attain)"
_NEW = "_new_published"


@dataclass(frozen=True)
class Published:
    rows: int  # published figures (and neighbour averages) written to the cube
    comparisons: PublishedComparisonReport


def _published_sql(folder: Path, la_code: str | None) -> str | None:
    """The published store's figures as cube rows (`la_code`: only that LA's schools)."""
    source = files_sql(published_store(folder), "published")
    if source is None:
        return None
    columns = ", ".join(f'"{c}"' for c in RESULTS.column_names[:-1])
    only = ("" if la_code is None else
            "WHERE level <> 'school' OR area_code IN (SELECT CAST(urn AS VARCHAR) "
            "FROM schools WHERE la_code = $la)")
    return f"SELECT {columns}, source_file AS source FROM {source} {only}"


# The neighbours' values summed in the order the areas table lists them, as the sum in
# neighbour_average does, so the average is the same to the last bit.
_NEIGHBOUR_ROWS = f"""
INSERT INTO {_NEW}
SELECT p.measure_id, p.year, 'group_of_las', 'SN' || n.la, p.group_id, NULL, NULL,
       list_reduce(list(p.value ORDER BY n.position), lambda a, b: a + b) / count(*),
       NULL, NULL, NULL, '{SN_SOURCE}'
FROM {_NEW} p
JOIN (SELECT substr(area_code, 3) AS la, la_code, row_number() OVER () AS position
      FROM areas WHERE level = 'group_of_las' AND starts_with(area_code, 'SN')) n
  ON p.level = 'la' AND p.area_code = n.la_code
WHERE p.value IS NOT NULL AND NOT isnan(p.value)
GROUP BY p.measure_id, p.year, n.la, p.group_id"""


def _cube(con: duckdb.DuckDBPyConnection, folder: Path, la_code: str | None) -> None:
    """Table `cube`: the computed rows already there, then the published figures and
    neighbour averages whose key no computed row has."""
    con.register("_results_schema", arrow_schema(RESULTS).empty_table())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_NEW} AS SELECT * FROM _results_schema")
    con.unregister("_results_schema")
    published = _published_sql(folder, la_code)
    if published is not None:
        con.execute(f"INSERT INTO {_NEW} {published}", {"la": la_code} if la_code else None)
    con.execute(_NEIGHBOUR_ROWS)
    old = files_sql(results_warehouse(folder), "results")
    computed = (f"{cube_select(old)} WHERE source = '{COMPUTED_SOURCE}'" if old else None)
    on = " AND ".join(f"n.{k} = c.{k}" for k in KEY)
    new = cube_select(f"{_NEW} n") + (
        f" ANTI JOIN ({computed}) c ON {on}" if computed else "")
    con.execute("CREATE OR REPLACE TEMP TABLE cube AS "
                + (f"{computed} UNION ALL {new}" if computed else new))
    con.execute(f"DROP TABLE {_NEW}")


def _result_queries(folder: Path) -> list[str]:
    """The cube's rows: the computed ones as stored, then the published ones of `cube`."""
    columns = ", ".join(f'"{c}"' for c in RESULTS.column_names)
    old = files_sql(results_warehouse(folder), "results")
    computed = [f"SELECT {columns} FROM {old} WHERE source = '{COMPUTED_SOURCE}'"] if old else []
    return [*computed, f"SELECT {columns} FROM cube WHERE source IS DISTINCT FROM "
                       f"'{COMPUTED_SOURCE}'"]


def publish(folder: Path, la_code: str | None = None) -> Published:
    """Copy the published figures (with `la_code`, only that LA's schools) into the cube
    with their comparisons."""
    target = results_warehouse(folder)
    with comparing(folder) as con:
        _cube(con, folder, la_code)
        compare_published(con, folder)
        years = sorted({y for (y,) in con.execute("SELECT DISTINCT year FROM cube").fetchall()}
                       | set(target.years("results")) | set(target.years("comparisons")))
        with target.transaction() as tx:
            stream_years(con, tx, "comparisons", comparison_queries(target), years)
            stream_years(con, tx, "results", _result_queries(folder), years)
        rows = con.execute(f"SELECT count(*) FROM cube WHERE source IS DISTINCT FROM "
                           f"'{COMPUTED_SOURCE}'").fetchall()[0][0]
        return Published(int(rows), report(con))


def publish_to_results(folder: Path, la_code: str | None = None) -> int:
    """publish, returning how many cube rows were written."""
    return publish(folder, la_code).rows
