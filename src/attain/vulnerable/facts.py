"""Gathering each pupil's facts for the rules from the warehouse with one DuckDB query."""

from __future__ import annotations

import duckdb

from attain.vulnerable.rules import PupilFacts

# Usual transfer years (infant to junior, primary to secondary) are not "mobility".
TRANSFER_NC_YEARS = (3, 7)

FACTS_SQL = """
WITH roll AS (
    SELECT pupil_id, any_value(urn) AS urn, any_value(nc_year) AS nc_year,
           bool_or(coalesce(lac, false)) AS lac, bool_or(coalesce(fsm, false)) AS fsm,
           any_value(sen) AS sen, bool_or(coalesce(eal, false)) AS eal
    FROM pupils WHERE year = $year AND {where} GROUP BY pupil_id),
att AS (
    SELECT pupil_id, year, count(*) AS enrolments,
           100 * (1 - sum(sessions_authorised + sessions_unauthorised)
                  / nullif(sum(sessions_possible), 0)) AS pct
    FROM attendance WHERE year IN ($year, $year - 1)
      AND pupil_id IN (SELECT pupil_id FROM roll) GROUP BY pupil_id, year),
excl AS (
    SELECT pupil_id, sum(fixed_count) AS fixed FROM exclusions
    WHERE year = $year AND pupil_id IN (SELECT pupil_id FROM roll) GROUP BY pupil_id),
history AS (
    SELECT pupil_id, min(year) AS first_year, arg_min(nc_year, year) AS first_nc_year,
           any_value(urn) FILTER (WHERE year = $year - 1) AS last_urn
    FROM pupils WHERE year <= $year AND pupil_id IN (SELECT pupil_id FROM roll)
    GROUP BY pupil_id),
ks2 AS (
    SELECT pupil_id, bool_or(coalesce(read_scaled < 100 OR maths_scaled < 100, false)
                             OR coalesce(eng_level_num < 4 OR mat_level_num < 4, false)) AS low
    FROM ks2 WHERE year <= $year AND pupil_id IN (SELECT pupil_id FROM roll) GROUP BY pupil_id),
ks1 AS (
    SELECT pupil_id, bool_or(aps < 15) AS low
    FROM ks1 WHERE year <= $year AND pupil_id IN (SELECT pupil_id FROM roll) GROUP BY pupil_id)
SELECT r.pupil_id, r.urn, r.nc_year, r.lac, r.fsm, r.sen, r.eal,
       a.pct AS attendance, l.pct AS attendance_last_year, a.enrolments,
       coalesce(e.fixed, 0) AS fixed, $year - h.first_year + 1 AS years_in_census,
       h.first_nc_year, h.last_urn, coalesce(k2.low, k1.low, false) AS low_prior
FROM roll r
LEFT JOIN att a ON a.pupil_id = r.pupil_id AND a.year = $year
LEFT JOIN att l ON l.pupil_id = r.pupil_id AND l.year = $year - 1
LEFT JOIN excl e ON e.pupil_id = r.pupil_id
LEFT JOIN history h ON h.pupil_id = r.pupil_id
LEFT JOIN ks2 k2 ON k2.pupil_id = r.pupil_id
LEFT JOIN ks1 k1 ON k1.pupil_id = r.pupil_id
ORDER BY r.pupil_id
"""


def gather(con: duckdb.DuckDBPyConnection, year: int, *, urn: int | None = None,
           la_code: str | None = None, gaps: dict[str, float] | None = None
           ) -> list[PupilFacts]:
    where = "true"
    params: dict[str, object] = {"year": int(year)}
    if urn is not None:
        where, params["urn"] = "urn = $urn", int(urn)
    elif la_code is not None:
        where, params["la"] = "la_code = $la", str(la_code)
    rows = con.execute(FACTS_SQL.format(where=where), params).fetchall()
    names = [d[0] for d in con.description or ()]
    return [_facts(dict(zip(names, row, strict=True)), gaps or {}) for row in rows]


def _facts(row: dict[str, object], gaps: dict[str, float]) -> PupilFacts:
    nc_year = row["nc_year"]
    moved = row["last_urn"] is not None and row["last_urn"] != row["urn"] \
        and nc_year not in TRANSFER_NC_YEARS
    pupil_id = str(row["pupil_id"])
    return PupilFacts(
        pupil_id=pupil_id, urn=int(row["urn"]),  # type: ignore[call-overload]
        nc_year=nc_year,  # type: ignore[arg-type]
        attendance=row["attendance"],  # type: ignore[arg-type]
        attendance_last_year=row["attendance_last_year"],  # type: ignore[arg-type]
        fixed_exclusions=int(row["fixed"]),  # type: ignore[call-overload]
        lac=bool(row["lac"]), fsm=bool(row["fsm"]), sen=row["sen"],  # type: ignore[arg-type]
        eal=bool(row["eal"]), low_prior=bool(row["low_prior"]),
        years_in_census=row["years_in_census"],  # type: ignore[arg-type]
        first_nc_year=row["first_nc_year"],  # type: ignore[arg-type]
        changed_school=bool(moved) or (row["enrolments"] or 0) > 1,  # type: ignore[operator]
        estimate_gap=gaps.get(pupil_id),
    )
