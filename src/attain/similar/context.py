"""Context variables per school (for each year asked) and per LA (one year), from the
warehouse."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from attain.domain.sql import ints_sql
from attain.engines.duckdb import arrow_table
from attain.similar.family import Unit

LA_VARIABLES = ("pupils", "pct_fsm", "pct_disadvantaged", "pct_sen", "pct_eal", "prior_ks2",
                "prior_ks4")

_SHARES = """count(DISTINCT pupil_id) AS pupils,
    100 * avg(CAST(fsm AS INTEGER)) AS pct_fsm,
    100 * avg(CAST(disadvantaged AS INTEGER)) AS pct_disadvantaged,
    100 * avg(CAST(sen <> 'N' AS INTEGER)) AS pct_sen,
    100 * avg(CAST(eal AS INTEGER)) AS pct_eal"""

# Prior attainment of the school's cohorts: KS2 prior of its KS4 pupils (secondary), KS1
# prior of its KS2 pupils (primary). Families compare within a phase, so one column serves.
# Every year asked for in one query ({years}: a list of integers), for the cost of one scan.
SCHOOLS_BY_YEAR_SQL = f"""
WITH roll AS (SELECT year, urn, {_SHARES} FROM pupils WHERE year IN ({{years}}){{urns}}
              GROUP BY year, urn),
p4 AS (SELECT year, urn, avg(coalesce(ks2_emss, ks2_aps_fine)) AS prior FROM ks4
       WHERE year IN ({{years}}){{urns}} GROUP BY year, urn),
p2 AS (SELECT year, urn, avg(ks1_aps) AS prior FROM ks2 WHERE year IN ({{years}}){{urns}}
       GROUP BY year, urn)
SELECT CAST(roll.year AS INTEGER) AS year, s.urn, coalesce(s.phase, 'unknown') AS phase,
       roll.pupils, roll.pct_fsm, roll.pct_disadvantaged, roll.pct_sen, roll.pct_eal,
       coalesce(p4.prior, p2.prior) AS prior
FROM schools s JOIN roll ON roll.urn = s.urn
LEFT JOIN p4 ON p4.urn = s.urn AND p4.year = roll.year
LEFT JOIN p2 ON p2.urn = s.urn AND p2.year = roll.year
WHERE s.close_date IS NULL OR year(s.close_date) >= roll.year
ORDER BY roll.year, s.urn
"""


def schools_sql(years: Sequence[int], urns: Sequence[int] | None = None) -> str:
    """The context of every school (with `urns`, of those schools) in each of `years`."""
    only = f" AND urn IN ({ints_sql(urns)})" if urns is not None else ""
    return SCHOOLS_BY_YEAR_SQL.format(years=ints_sql(years), urns=only)


LAS_SQL = f"""
WITH roll AS (SELECT la_code, {_SHARES} FROM pupils WHERE year = $year GROUP BY la_code),
p4 AS (SELECT la_code, avg(coalesce(ks2_emss, ks2_aps_fine)) AS prior_ks4 FROM ks4
       WHERE year = $year GROUP BY la_code),
p2 AS (SELECT la_code, avg(ks1_aps) AS prior_ks2 FROM ks2 WHERE year = $year GROUP BY la_code)
SELECT roll.*, p2.prior_ks2, p4.prior_ks4
FROM roll LEFT JOIN p4 USING (la_code) LEFT JOIN p2 USING (la_code)
ORDER BY la_code
"""


def school_units(con: duckdb.DuckDBPyConnection, year: int) -> list[Unit]:
    rows = con.execute(schools_sql([year])).fetchall()
    names = [d[0] for d in con.description or ()]
    return [Unit(str(r[1]), str(r[2]), dict(zip(names[3:], r[3:], strict=True))) for r in rows]


def school_context(con: duckdb.DuckDBPyConnection, years: Sequence[int],
                   urns: Sequence[int] | None = None) -> pa.Table:
    """Every school's context (with `urns`, those schools') in each of `years` (columns
    year, urn, phase, then the variables; by year and URN), one query for all of them."""
    return arrow_table(con, schools_sql(years, urns))


def la_units(con: duckdb.DuckDBPyConnection, year: int) -> list[Unit]:
    rows = con.execute(LAS_SQL, {"year": int(year)}).fetchall()
    names = [d[0] for d in con.description or ()]
    return [Unit(str(r[0]), "la", dict(zip(names[1:], r[1:], strict=True))) for r in rows]
