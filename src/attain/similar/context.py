"""Context variables per school and per LA for one year, from the warehouse."""

from __future__ import annotations

import duckdb

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
SCHOOLS_SQL = f"""
WITH roll AS (SELECT urn, {_SHARES} FROM pupils WHERE year = $year GROUP BY urn),
p4 AS (SELECT urn, avg(coalesce(ks2_emss, ks2_aps_fine)) AS prior FROM ks4
       WHERE year = $year GROUP BY urn),
p2 AS (SELECT urn, avg(ks1_aps) AS prior FROM ks2 WHERE year = $year GROUP BY urn)
SELECT s.urn, coalesce(s.phase, 'unknown') AS phase, roll.pupils, roll.pct_fsm,
       roll.pct_disadvantaged, roll.pct_sen, roll.pct_eal, coalesce(p4.prior, p2.prior) AS prior
FROM schools s JOIN roll ON roll.urn = s.urn
LEFT JOIN p4 ON p4.urn = s.urn LEFT JOIN p2 ON p2.urn = s.urn
WHERE s.close_date IS NULL OR year(s.close_date) >= $year
ORDER BY s.urn
"""

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
    rows = con.execute(SCHOOLS_SQL, {"year": int(year)}).fetchall()
    names = [d[0] for d in con.description or ()]
    return [Unit(str(r[0]), str(r[1]), dict(zip(names[2:], r[2:], strict=True))) for r in rows]


def la_units(con: duckdb.DuckDBPyConnection, year: int) -> list[Unit]:
    rows = con.execute(LAS_SQL, {"year": int(year)}).fetchall()
    names = [d[0] for d in con.description or ()]
    return [Unit(str(r[0]), "la", dict(zip(names[1:], r[1:], strict=True))) for r in rows]
