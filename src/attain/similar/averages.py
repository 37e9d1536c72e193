"""Family averages: each school's similar-schools family as a comparator for every measure
and pupil group of the results cube (docs/estimates.md, "Similar schools").

Per (measure, year, group, school) the family's members are the school's family for that
year (attain.similar.family, context from that year's census). Only members whose cube row
is published count: a row with a suppression reason is left out whole, its numerator and
its denominator too, so a family average is a function of published figures and cannot
reveal a suppressed one. Of the members that count:
- pupil-weighted where every one has a numerator and a denominator: family_numerator and
  family_denominator are their sums and the value is sum(value x denominator) /
  sum(denominator), which is the measure's own formula on the summed counts (value =
  k x numerator / denominator in every measure with both; k = 100 for percentages);
- otherwise (gaps, imported figures without counts) the plain mean of their values, with
  no numerator or denominator.
family_size is the number of members that counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import pyarrow as pa

from attain.engines.duckdb import arrow_table
from attain.similar.context import school_units
from attain.similar.family import DEFAULT_SIZE, DEFAULT_VARIABLES, Neighbour, families

SCHEMA = pa.schema([("measure_id", pa.string()), ("year", pa.int32()),
                    ("group_id", pa.string()), ("urn", pa.int64()),
                    ("family_value", pa.float64()), ("family_numerator", pa.float64()),
                    ("family_denominator", pa.float64()), ("family_size", pa.int32())])
MEMBERS_SCHEMA = pa.schema([("year", pa.int32()), ("urn", pa.int64()),
                            ("member", pa.string())])

_AVERAGES_SQL = """
WITH m AS (
    SELECT f.urn, r.measure_id, r.year, r.group_id, r.numerator, r.denominator, r.value
    FROM {members} f JOIN {cube} r
      ON r.year = f.year AND r.level = 'school' AND r.area_code = f.member
    WHERE r.suppressed IS NULL AND r.value IS NOT NULL {measure_filter}),
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


def members_table(by_year: Mapping[int, Mapping[str, Sequence[Neighbour]]]) -> pa.Table:
    """(year, urn, member) rows: each school's family members, for each year."""
    years, urns, members = [], [], []
    for year, found in by_year.items():
        for code, family in found.items():
            for neighbour in family:
                years.append(year)
                urns.append(int(code))
                members.append(neighbour.code)
    return pa.table({"year": years, "urn": urns, "member": members}, schema=MEMBERS_SCHEMA)


def school_families(con: duckdb.DuckDBPyConnection, year: int, *, size: int = DEFAULT_SIZE,
                    variables: Sequence[str] = DEFAULT_VARIABLES
                    ) -> dict[str, list[Neighbour]]:
    """Every school's family in `year` (context from the warehouse views on `con`)."""
    return families(school_units(con, year), tuple(variables), size)


def averages_sql(con: duckdb.DuckDBPyConnection, members: pa.Table, *, cube: str = "cube",
                 measure_ids: Sequence[str] | None = None) -> pa.Table:
    """Family averages over the cube table or view `cube` on `con` (results columns)."""
    con.register("_family_members", members)
    try:
        measure_filter = "AND list_contains(?, r.measure_id)" if measure_ids else ""
        sql = _AVERAGES_SQL.format(members="_family_members", cube=cube,
                                   measure_filter=measure_filter)
        params = [list(measure_ids)] if measure_ids else None
        return arrow_table(con, sql, params).cast(SCHEMA)
    finally:
        con.unregister("_family_members")


def family_averages_on(con: duckdb.DuckDBPyConnection, years: Sequence[int], *,
                       cube: str = "cube", measure_ids: Sequence[str] | None = None,
                       size: int = DEFAULT_SIZE, variables: Sequence[str] = DEFAULT_VARIABLES
                       ) -> pa.Table:
    """Family averages for `years` on a connection with the warehouse views (schools,
    pupils, ks2, ks4) and a results-shaped `cube`: during `attain compute` or after it."""
    by_year = {int(y): school_families(con, int(y), size=size, variables=variables)
               for y in years}
    return averages_sql(con, members_table(by_year), cube=cube, measure_ids=measure_ids)


def add_family_averages(con: duckdb.DuckDBPyConnection, *, cube: str = "cube",
                        table: str = "family_averages",
                        measure_ids: Sequence[str] | None = None,
                        context: duckdb.DuckDBPyConnection | None = None) -> None:
    """Create table `table` (SCHEMA) on `con` for every year of school rows in `cube`, ready
    to join on (measure_id, year, group_id) and area_code = CAST(urn AS VARCHAR).

    Families come from the warehouse views on `context` (default `con`). During `attain
    compute` the engine's views hold only the years computed, so pass a connection to the
    whole warehouse (`Warehouse(...).connect()`) to give merged earlier years families too;
    a year without a census gets no family averages."""
    years = [int(r[0]) for r in con.execute(
        f"SELECT DISTINCT year FROM {cube} WHERE level = 'school' ORDER BY year").fetchall()]
    source = context or con
    by_year = {y: school_families(source, y) for y in years}
    found = averages_sql(con, members_table(by_year), cube=cube, measure_ids=measure_ids)
    con.register("_family_averages", found)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _family_averages")
    finally:
        con.unregister("_family_averages")
