"""Rows a warehouse holding only an LA's own pupils cannot give.

An LA holds its own pupils, not the nation's. From them alone a "national" row would be
the LA's own figure under England's code, and a progress score would be measured against
the LA's own average, not the national estimates. With `--pupils own` (ATTAIN_PUPILS),
after the measure queries and before suppression, `attain compute` drops:

- each national, regional or group-of-LAs row whose measure's dataset has, that year,
  pupils from fewer than COVERAGE of the area's LAs (the LA registry's for a country or a
  region, the areas table's for a group of LAs), or whose LAs the registries do not list:
  a consortium's own group keeps its row;
- every row of a progress measure (and of a gap between two of its groups) in a year whose
  national row was dropped, unless that year's national estimates were imported (DfE's KS4
  ready reckoner, attain.ingest.ready_reckoner): its scores were measured against them.

Their published figures (`attain import ... --to-results`) stand in their place: the
computed rows are compared with them (attain.services.compute_comparisons). With the
default `--pupils national` (the warehouse holds the nation's pupils, or a sample of its
schools, as the demo's does) nothing is dropped, but a country whose pupils come from
fewer than WARN_BELOW of its LAs (in the census) is named in a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from attain.domain.sql import literal_sql
from attain.errors import UserError
from attain.services.compute_comparisons import national_code_sql

if TYPE_CHECKING:
    from attain.measures.spec import Catalogue

# National pupil data never has every LA in every dataset (an LA without a secondary
# school has no KS4 pupils); an LA's or a consortium's own data has a small share. The
# demo's national sample of schools has KS5 pupils in 92 of 158 English LAs.
COVERAGE = 0.9
WARN_BELOW = 0.25
PUPIL_SCOPES = ("national", "own")
AREA_LEVELS = ("national", "region", "group_of_las")


@dataclass(frozen=True)
class Dropped:
    """What drop_uncovered left out (`own`), or the warning it gives (`national`)."""

    area_rows: int  # national, regional and group-of-LAs rows dropped
    progress_rows: int  # rows of progress measures (and their gaps) dropped
    example: str  # e.g. "E92000001 ks2 2019: pupils of 1 of 158 LAs"
    warning: bool = False  # `national`, but a country's pupils come from few of its LAs
    estimated: str = ""  # e.g. "ks4_p8 2024": progress against published estimates

    def lines(self) -> list[str]:
        if self.warning:
            return [f"Warning: {self.example}, so its national rows are not the country's. "
                    "If the warehouse holds only your LA's pupils, compute with "
                    "--pupils own (ATTAIN_PUPILS=own) and import the published figures."]
        lines = [] if not self.estimated else [
            f"Progress measured against the imported national estimates: {self.estimated} "
            "(pupil scores uncapped: the estimates come without the outlier thresholds)."]
        if not (self.area_rows or self.progress_rows):
            return lines
        return lines + [
            f"Not computed (--pupils own): {self.area_rows:,} national, regional and area "
            f"rows and {self.progress_rows:,} progress rows, where the pupils come from fewer "
            f"than {COVERAGE:.0%} of the area's LAs ({self.example}).",
            "Import their published figures (`attain import FILE --to-results`) to "
            "compare with."]


def check_pupils(pupils: str) -> str:
    if pupils not in PUPIL_SCOPES:
        raise UserError(f"--pupils must be national or own, not {pupils!r}",
                        fix="national: the warehouse holds the nation's pupils (or a sample "
                            "of its schools); own: only your LA's (or consortium's).")
    return pupils


_MEMBERS_SQL = """
CREATE OR REPLACE TEMP TABLE _area_members AS
SELECT 'national' AS level, {national} AS area_code, la_code FROM las
UNION ALL SELECT 'region', region_code, la_code FROM las WHERE region_code IS NOT NULL
UNION ALL SELECT level, area_code, la_code FROM areas
"""

# An LA has pupils in a dataset's year when any measure of the dataset has an LA row with a
# denominator then (gaps have none of their own). Every measure but a gap has rows of the
# group `all`: those are enough to find both.
_UNCOVERED_SQL = """
CREATE OR REPLACE TEMP TABLE _uncovered AS
WITH base AS (
    SELECT r.year, r.level, r.area_code, r.denominator, d.dataset
    FROM results_base r JOIN _measure_datasets d USING (measure_id)
    WHERE r.group_id = 'all' AND r.level IN ('la', {levels})),
present AS (
    SELECT DISTINCT dataset, year, area_code AS la_code FROM base
    WHERE level = 'la' AND denominator > 0),
cells AS (
    SELECT DISTINCT dataset, year, level, area_code FROM base
    WHERE level IN ({levels}))
SELECT c.dataset, c.year, c.level, c.area_code, count(m.la_code) AS las,
       count(p.la_code) AS with_pupils
FROM cells c LEFT JOIN _area_members m USING (level, area_code)
LEFT JOIN present p ON p.dataset = c.dataset AND p.year = c.year AND p.la_code = m.la_code
GROUP BY ALL
HAVING count(m.la_code) = 0 OR count(p.la_code) < {coverage} * count(m.la_code)
"""

_DROP_AREAS_SQL = """
DELETE FROM results_base r USING _measure_datasets d, _uncovered u
WHERE r.measure_id = d.measure_id AND d.dataset = u.dataset AND r.year = u.year
  AND r.level = u.level AND r.area_code = u.area_code
"""

_DROP_PROGRESS_SQL = """
DELETE FROM results_base r USING _measure_datasets d, _uncovered u
WHERE r.measure_id = d.measure_id AND d.progress AND d.dataset = u.dataset
  AND r.year = u.year AND u.level = 'national'
  AND NOT EXISTS (SELECT 1 FROM _estimated e WHERE e.measure_id = r.measure_id
                  AND e.year = r.year)
"""


def drop_uncovered(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, pupils: str,
                   estimated: Mapping[str, Sequence[int]] | None = None) -> Dropped:
    """With `pupils` "own", drop from `results_base` the rows its pupils cannot give;
    with "national", only check the census for a country with few LAs' pupils (module
    docstring). Needs the warehouse views `las`, `areas` and `pupils`. `estimated`: the
    published estimates the progress scores were measured against (progress measure id ->
    years), whose rows stay."""
    if pupils == "national":
        return _warning(con)
    try:
        _measure_datasets(con, catalogue)
        _estimated(con, catalogue, estimated or {})
        con.execute(_MEMBERS_SQL.format(national=national_code_sql("country")))
        con.execute(_UNCOVERED_SQL.format(levels=", ".join(literal_sql(x) for x in AREA_LEVELS),
                                          coverage=COVERAGE))
        example = _example(con)
        progress = _deleted(con, _DROP_PROGRESS_SQL)
        areas = _deleted(con, _DROP_AREAS_SQL)
        return Dropped(areas, progress, example, estimated=_estimated_text(con))
    finally:
        for table in ("_area_members", "_uncovered", "_measure_datasets", "_estimated"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


# The census's LAs against the registry's, per country: a cheap look (results_base is not
# scanned) for the warning, which needs no year or dataset.
_FEW_LAS_SQL = """
SELECT {national}, count(p.la_code), count(*)
FROM las l LEFT JOIN (SELECT DISTINCT la_code FROM pupils) p USING (la_code)
GROUP BY l.country
HAVING count(p.la_code) > 0 AND count(p.la_code) < {share} * count(*)
ORDER BY 1 LIMIT 1
"""


def _warning(con: duckdb.DuckDBPyConnection) -> Dropped:
    sql = _FEW_LAS_SQL.format(national=national_code_sql("l.country"), share=WARN_BELOW)
    rows = con.execute(sql).fetchall()
    if not rows:
        return Dropped(0, 0, "")
    code, with_pupils, las = rows[0]
    return Dropped(0, 0, f"{code}: pupils of {with_pupils} of {las} LAs", warning=True)


def _example(con: duckdb.DuckDBPyConnection) -> str:
    """One uncovered area, the latest year's national first ("" for none)."""
    rows = con.execute("SELECT area_code, dataset, year, with_pupils, las FROM _uncovered "
                       "ORDER BY level = 'national' DESC, year DESC, dataset, area_code "
                       "LIMIT 1").fetchall()
    if not rows:
        return ""
    code, dataset, year, with_pupils, las = rows[0]
    if not las:
        return f"{code} {dataset} {year}: no LA registry lists its LAs"
    return f"{code} {dataset} {year}: pupils of {with_pupils} of {las} LAs"


def _deleted(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def _estimated(con: duckdb.DuckDBPyConnection, catalogue: Catalogue,
               estimated: Mapping[str, Sequence[int]]) -> None:
    """Temp table (measure_id, year): the progress measures, and the gaps between two groups
    of one, whose scores that year were measured against published estimates."""
    from attain.measures.compiler import estimated_years
    from attain.measures.spec import Kind

    specs = {m.id: m for m in catalogue.measures}
    pairs = [(m.id, year) for m in catalogue.measures
             for year in estimated_years(specs[m.of] if m.kind is Kind.GAP and m.of in specs
                                         else m, estimated)]
    con.execute("CREATE OR REPLACE TEMP TABLE _estimated (measure_id VARCHAR, year INTEGER)")
    if pairs:
        con.executemany("INSERT INTO _estimated VALUES (?, ?)", pairs)


def _estimated_text(con: duckdb.DuckDBPyConnection) -> str:
    """The progress measures and years with rows measured against published estimates."""
    rows = con.execute("SELECT e.measure_id, string_agg(DISTINCT CAST(e.year AS VARCHAR), ', ' "
                       "ORDER BY CAST(e.year AS VARCHAR)) FROM _estimated e "
                       "SEMI JOIN results_base r ON r.measure_id = e.measure_id "
                       "AND r.year = e.year GROUP BY 1 ORDER BY 1").fetchall()
    return "; ".join(f"{measure} {years}" for measure, years in rows)


def _measure_datasets(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    """Temp table (measure_id, dataset, progress): progress is true for a progress measure
    and for a gap between two groups of one."""
    from attain.measures.spec import Kind

    kinds = {m.id: m.kind for m in catalogue.measures}
    rows = [(m.id, m.dataset, m.kind is Kind.PROGRESS
             or (m.kind is Kind.GAP and m.of is not None and kinds.get(m.of) is Kind.PROGRESS))
            for m in catalogue.measures]
    values = ", ".join(f"({literal_sql(i)}, {literal_sql(d)}, {str(bool(g)).upper()})"
                       for i, d, g in rows)
    con.execute("CREATE OR REPLACE TEMP TABLE _measure_datasets "
                "(measure_id VARCHAR, dataset VARCHAR, progress BOOLEAN)")
    if values:
        con.execute(f"INSERT INTO _measure_datasets VALUES {values}")
