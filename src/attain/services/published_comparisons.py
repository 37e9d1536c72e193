"""Comparisons for the published figures in the results cube, as `attain compute` makes
them for its own rows, and with the same SQL (attain.services.compute_comparisons), so
`attain results show` gives the same columns whichever way a figure got there. The one
path for `attain import --to-results`, `attain compute` and `attain demo --real`.

For every cube row whose `source` is not `computed` (an imported file, the
statistical-neighbour average):

- national value and difference: the same measure, year and group for the row's country
  (England E92000001, Wales W92000004; an LA's country from its code, a school's from its
  LA's, England when the schools registry does not know it, as the performance tables
  are English); for schools also their LA's value;
- 3- and 5-year trend: value now minus the value 3 (5) available years back, counting
  this one, gaps skipped; `no_change` within half the last shown decimal (attain.stats.trends);
- rank and quartile band: LAs among the LAs of their country, schools among their LA's
  schools, 1 = best, ties share the lowest rank, bands A-D from R type-7 quartiles
  (attain.stats.ranking, as LAIT computes them); none for a figure with no polarity (the
  publisher's, else the catalogue's);
- significance against national, only where the publisher gives what it needs: a 95%
  confidence interval (Progress 8, KS2 progress) or, for a proportion, its denominator
  (a Wilson interval, as attain computes one from pupil data). Otherwise it is null, and
  the report counts why (`significance_note`).

Every cube row (computed or published) is a comparator, as for computed rows: a
computed national figure is a comparator for a published LA figure. Suppressed figures
(no value) get no comparison; the family columns stay empty (families are made of
computed school figures).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from attain.domain.results import COMPARISONS, COMPUTED_SOURCE, KEY, NATIONAL_CODES, RESULTS
from attain.domain.sql import literal_sql
from attain.engines.duckdb import arrow_table, table_exists
from attain.measures.catalogue import load_catalogue
from attain.measures.spec import Kind
from attain.services.compute import results_warehouse
from attain.services.compute_comparisons import (
    build_keys,
    comparisons_sql,
    drop_keys,
    significance_sql,
)
from attain.services.compute_family import NO_FAMILY_SQL
from attain.services.neighbours import WELSH_LAS
from attain.services.published_store import published_store
from attain.services.status import warehouse_for
from attain.stats.intervals import Z95
from attain.store.warehouse import Transaction, Warehouse

NO_INTERVAL = "not tested: the publisher gives no confidence interval or denominator"
NOT_A_PROPORTION = ("not tested: no confidence interval published, and a denominator "
                    "alone gives one only for a proportion")
TABLE = "published_comparisons"  # what compare_published creates
ALL_COMPARED = "all_comparisons"  # with_published_comparisons' view
_AREAS, _MEASURES = "published_area_info", "published_measure_info"


@dataclass(frozen=True)
class PublishedComparisonReport:
    compared: int
    tested: int
    not_tested: dict[str, int]

    def lines(self) -> list[str]:
        lines = [f"Comparisons of {self.compared:,} published figures; significance tested "
                 f"for {self.tested:,}."]
        lines += [f"  {n:,} {why}" for why, n in sorted(self.not_tested.items())]
        return lines


def _double(x: float) -> str:
    return f"CAST('{x!r}' AS DOUBLE)"  # a decimal literal would be a DECIMAL, then rounded


def country_sql(la_code: str) -> str:
    """attain.services.neighbours.country_of in SQL."""
    return (f"CASE WHEN regexp_full_match({la_code}, '[0-9]+') AND TRY_CAST({la_code} AS "
            f"BIGINT) BETWEEN {WELSH_LAS.start} AND {WELSH_LAS.stop - 1} THEN 'W' ELSE 'E' END")


def _area_info_sql() -> str:
    national = " ".join(f"WHEN '{code}' THEN '{country}'"
                        for country, code in NATIONAL_CODES.items())
    return f"""
    CREATE OR REPLACE TEMP TABLE {_AREAS} AS
    SELECT k.level, k.area_code,
           CASE k.level WHEN 'national' THEN CASE k.area_code {national} END
                WHEN 'la' THEN {country_sql('k.area_code')}
                WHEN 'school' THEN {country_sql("coalesce(s.la_code, '')")}
                WHEN 'group_of_las' THEN CASE WHEN starts_with(k.area_code, 'SN')
                     THEN {country_sql('substr(k.area_code, 3)')} END
                WHEN 'region' THEN 'E' END AS country,  -- regions are English (E12...)
           s.la_code AS parent_la
    FROM (SELECT DISTINCT level, area_code FROM cube) k
    LEFT JOIN (SELECT CAST(urn AS VARCHAR) AS urn, min(la_code) AS la_code
               FROM schools GROUP BY ALL) s ON k.level = 'school' AND s.urn = k.area_code"""


_CATALOGUE = "_catalogue_measures"
_PROPORTIONS = f"('{Kind.PROPORTION}', '{Kind.TRANSITION}')"


def _catalogue(con: duckdb.DuckDBPyConnection) -> None:
    """Table _CATALOGUE: each catalogue measure's polarity, decimals and whether it is a
    proportion; from `attain compute`'s `measure_info` (the catalogue it ran) when there
    is one, else from the shipped catalogue (loading it costs about 2 s)."""
    if table_exists(con, "measure_info"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_CATALOGUE} AS SELECT measure_id, "
                    "higher_is_better, decimals, kind IN " + _PROPORTIONS + " AS proportion "
                    "FROM measure_info")
        return
    measures = load_catalogue().measures
    con.register("_catalogue_arrow", pa.table({
        "measure_id": pa.array([m.id for m in measures], pa.string()),
        "higher_is_better": pa.array([bool(m.higher_is_better) for m in measures], pa.bool_()),
        "decimals": pa.array([m.decimals for m in measures], pa.int32()),
        "proportion": pa.array([m.kind in (Kind.PROPORTION, Kind.TRANSITION)
                                for m in measures], pa.bool_())}))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_CATALOGUE} AS SELECT * FROM _catalogue_arrow")
    con.unregister("_catalogue_arrow")


def _measure_info(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Per measure of the cube: polarity (the publisher's, else the catalogue's), decimals
    (the catalogue's: the trend tolerance) and whether it is a proportion of pupils."""
    _catalogue(con)
    files = published_store(folder).files("published")
    publisher = ("SELECT NULL::VARCHAR AS measure_id, NULL::BOOLEAN AS higher_is_better "
                 "LIMIT 0" if not files else
                 "SELECT measure_id, first(higher_is_better) AS higher_is_better FROM "
                 f"read_parquet([{', '.join(literal_sql(p.as_posix()) for p in files)}]) "
                 "WHERE higher_is_better IS NOT NULL GROUP BY measure_id")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {_MEASURES} AS
        SELECT k.measure_id, coalesce(p.higher_is_better, g.higher_is_better)
                   AS higher_is_better, g.decimals, coalesce(g.proportion, false) AS proportion
        FROM (SELECT DISTINCT measure_id FROM cube) k
        LEFT JOIN {_CATALOGUE} g USING (measure_id)
        LEFT JOIN ({publisher}) p USING (measure_id)""")
    con.execute(f"DROP TABLE {_CATALOGUE}")


def wilson_sql(bound: str) -> str:
    """attain.stats.intervals.wilson(value / 100 * denominator, denominator) in SQL, the
    same operations in the same order, so the same numbers: `bound` low or high."""
    z, z2 = _double(Z95), _double(Z95 * Z95)
    n, p = "c.denominator", "(c.value / 100 * c.denominator / c.denominator)"
    d = f"(1 + {z2} / {n})"
    centre = f"(({p} + {z2} / (2 * {n})) / {d})"
    half = f"({z} / {d} * sqrt({p} * (1 - {p}) / {n} + {z2} / (4 * {n} * {n})))"
    if bound == "low":
        return f"100 * greatest(0.0, {centre} - {half})"
    return f"100 * least(1.0, {centre} + {half})"


_HAS_CI = "(c.ci_low IS NOT NULL OR c.ci_high IS NOT NULL)"
_WILSON_OK = "(c.denominator > 0 AND c.proportion AND c.value BETWEEN 0 AND 100)"


def _significance_sql() -> str:
    low = f"CASE WHEN {_HAS_CI} THEN c.ci_low ELSE {wilson_sql('low')} END"
    high = f"CASE WHEN {_HAS_CI} THEN c.ci_high ELSE {wilson_sql('high')} END"
    return significance_sql(low, high, untested=f"NOT {_HAS_CI} AND NOT coalesce({_WILSON_OK}, "
                                                 "false)")


def _note_sql() -> str:
    return f""",
       CASE WHEN c.level = 'national' OR c.value IS NULL OR n.value IS NULL OR {_HAS_CI}
            THEN NULL
            WHEN c.denominator IS NULL OR c.denominator <= 0 THEN {literal_sql(NO_INTERVAL)}
            WHEN NOT c.proportion OR NOT c.value BETWEEN 0 AND 100
            THEN {literal_sql(NOT_A_PROPORTION)} END AS significance_note"""


def compare_published(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Create table TABLE on `con`: the COMPARISONS row (with `cell_id` and
    `significance_note`) of every row of table or view `cube` (RESULTS columns and
    `cell_id`) whose source is not computed, against every row of `cube`. Needs the view
    `schools` (for a school's LA) and reads the polarities of `folder`'s published store."""
    con.execute(_area_info_sql())
    _measure_info(con, folder)
    con.execute(_COMPARATOR_LEVELS_SQL)
    keys = build_keys(con, area_info=_AREAS, measure_info=_MEASURES,
                      measure_columns=", m.proportion")
    con.execute(comparisons_sql(
        family=NO_FAMILY_SQL, family_join="", keys=keys, target=TABLE,
        rows_read=_COMPARATORS_ONLY,
        ref_comment="every figure, computed or published, is a comparator",
        ref_where="true", peers_where=" AND higher_is_better IS NOT NULL",
        c_columns=", cube.denominator, m.proportion", significance=_significance_sql(),
        extra_columns=_note_sql(),
        rows_where=f"WHERE c.source IS DISTINCT FROM '{COMPUTED_SOURCE}'"))
    drop_keys(con)
    for table in (_AREAS, _MEASURES, _COMPARATOR_LEVELS):
        con.execute(f"DROP TABLE IF EXISTS {table}")


# A published row's comparators are rows of its measure at its own level (its trend, its
# peers) and at the national level, and for a school its LA's row. Reading only those
# leaves out the computed school rows of measures and levels no publisher gives:
# 0.57-0.76 s -> 0.33-0.39 s on an LA's cube with LAIT imported (BENCHMARKS.md).
_COMPARATOR_LEVELS = "_comparator_levels"
_COMPARATOR_LEVELS_SQL = f"""
CREATE OR REPLACE TEMP TABLE {_COMPARATOR_LEVELS} AS
WITH published AS (SELECT DISTINCT measure_id, level FROM cube
                   WHERE source IS DISTINCT FROM '{COMPUTED_SOURCE}')
SELECT measure_id, level FROM published
UNION SELECT measure_id, 'national' FROM published
UNION SELECT measure_id, 'la' FROM published WHERE level = 'school'"""
_COMPARATORS_ONLY = (f"WHERE EXISTS (SELECT 1 FROM {_COMPARATOR_LEVELS} k WHERE "
                     "k.measure_id = cube.measure_id AND k.level = cube.level)")


def report(con: duckdb.DuckDBPyConnection) -> PublishedComparisonReport:
    """What compare_published found: rows compared, tested, and why the others were not."""
    notes = con.execute(f"SELECT significance_note, count(*) FROM {TABLE} "
                        "WHERE significance_note IS NOT NULL GROUP BY ALL").fetchall()
    compared, tested = con.execute(f"SELECT count(*), count(significance) FROM {TABLE}"
                                   ).fetchall()[0]
    return PublishedComparisonReport(int(compared), int(tested),
                                     {str(why): int(n) for why, n in notes})


def with_published_comparisons(con: duckdb.DuckDBPyConnection, folder: Path) -> str:
    """During `attain compute`, after add_comparisons (which compares the computed rows
    of `cube`): compare the published rows too, and return the name of a view of both
    rows' comparisons, to be written. (Inserting the published rows into `comparisons`
    cost 0.2 s of an LA's compute after importing LAIT, BENCHMARKS.md.)"""
    compare_published(con, folder)
    columns = ", ".join(f'"{c}"' for c in COMPARISONS.column_names)
    con.execute(f"CREATE OR REPLACE TEMP VIEW {ALL_COMPARED} AS "
                f"SELECT {columns}, cell_id FROM comparisons "
                f"UNION ALL SELECT {columns}, cell_id FROM {TABLE}")
    return ALL_COMPARED


def files_sql(warehouse: Warehouse, name: str) -> str | None:
    files = warehouse.files(name)
    if not files:
        return None
    listed = ", ".join(literal_sql(p.as_posix()) for p in files)
    return f"read_parquet([{listed}], hive_partitioning = false)"


def cube_select(source: str) -> str:
    """The RESULTS columns of `source` as the `cube` the comparisons read: no cell_id
    (nothing here is numbered), NaN read as no value, as attain.stats does."""
    def clean(c: str) -> str:
        return f"CASE WHEN isnan({c}) THEN NULL ELSE {c} END AS {c}"

    columns = [clean(c) if c in ("numerator", "denominator", "value", "ci_low", "ci_high")
               else f'"{c}"' for c in RESULTS.column_names]
    return f"SELECT CAST(NULL AS BIGINT) AS cell_id, {', '.join(columns)} FROM {source}"


@contextmanager
def comparing(folder: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with the warehouse views of `folder` (schools...)."""
    con = warehouse_for(folder).connect()
    try:
        yield con
    finally:
        con.close()


def kept_comparisons(target: Warehouse) -> str | None:
    """The query of the stored comparisons of the computed rows of `cube` (None: none)."""
    old = files_sql(target, "comparisons")
    if old is None:
        return None
    columns = ", ".join(f'o."{c}"' for c in COMPARISONS.column_names)
    on = " AND ".join(f"o.{k} = r.{k}" for k in KEY)
    return (f"SELECT {columns} FROM {old} o SEMI JOIN cube r ON {on} "
            f"AND r.source = '{COMPUTED_SOURCE}'")


def stream_years(con: duckdb.DuckDBPyConnection, tx: Transaction, name: str,
                 queries: list[str], years: list[int]) -> None:
    """Write `years` of dataset `name`, each the rows of `queries` for that year."""
    for year in years:
        query = " UNION ALL ".join(f"SELECT * FROM ({q}) WHERE year = {int(year)}"
                                   for q in queries)
        with tx.stream(name, year) as writer:
            writer.write(arrow_table(con, query))


def comparison_queries(target: Warehouse) -> list[str]:
    """The rows of the comparisons dataset once TABLE is built: the computed rows' stored
    ones, then TABLE's."""
    columns = ", ".join(f'"{c}"' for c in COMPARISONS.column_names)
    kept = kept_comparisons(target)
    return [*([kept] if kept else []), f"SELECT {columns} FROM {TABLE}"]


def add_published_comparisons(folder: Path) -> PublishedComparisonReport:
    """Recompute the comparisons of every published row of the cube under `folder` (the
    computed rows keep theirs) and write them."""
    target = results_warehouse(folder)
    results = files_sql(target, "results")
    if results is None:
        return PublishedComparisonReport(0, 0, {})
    with comparing(folder) as con:
        con.execute(f"CREATE OR REPLACE TEMP TABLE cube AS {cube_select(results)}")
        compare_published(con, folder)
        years = sorted(set(target.years("results")) | set(target.years("comparisons")))
        with target.transaction() as tx:
            stream_years(con, tx, "comparisons", comparison_queries(target), years)
        return report(con)
