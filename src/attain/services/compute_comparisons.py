"""The `comparisons` table: each cube row against national, its LA, its past and its peers.

Plain SQL over the `cube` table so nothing leaves DuckDB. The rules are those of
attain.stats (significance.compare, trends.trend, ranking.rank/quartile) and the tests
check the SQL against those functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb

from attain.domain.results import COMPUTED_SOURCE, NATIONAL_CODES
from attain.domain.sql import literal_list_sql, literal_sql
from attain.services.compute_family import (
    NO_FAMILY_SQL,
    family_averages_built,
    family_columns_sql,
)

# Peers for ranking: LAs among the LAs of their country, schools among their LA's schools.
_AREA_INFO = """
    CREATE OR REPLACE TEMP TABLE area_info AS
    SELECT level, area_code, min(country) AS country, min(parent_la) AS parent_la FROM (
        SELECT 'school' AS level, CAST(urn AS VARCHAR) AS area_code, country,
               la_code AS parent_la FROM schools
        UNION ALL SELECT 'la', la_code, country, NULL FROM las
        UNION ALL SELECT 'region', region_code, country, NULL FROM las
                  WHERE region_code IS NOT NULL
        UNION ALL SELECT a.level, a.area_code, l.country, NULL
                  FROM areas a JOIN las l USING (la_code)
        UNION ALL {national}
    ) GROUP BY level, area_code"""

# Integer codes of the cube's measures, areas and groups (each table numbers the distinct
# values of the cube, so every row has one). The windows and joins below work on one
# integer packed from them instead of the text keys: the windows' sorts 2-3x faster
# (BENCHMARKS.md). An area also carries the codes of its national row (by its country), of
# its LA's row (a school's) and of its peer set (ranking: LAs among their country's, schools
# among their LA's).
MEASURE_KEYS, AREA_KEYS, GROUP_KEYS = "_measure_keys", "_area_keys", "_group_keys"
_KEYS = """
    CREATE OR REPLACE TEMP TABLE {measure_keys} AS
    SELECT k.measure_id, row_number() OVER (ORDER BY k.measure_id) AS measure_key,
           m.higher_is_better, m.decimals{measure_columns}
    FROM (SELECT DISTINCT measure_id FROM cube) k LEFT JOIN {measure_info} m USING (measure_id);
    CREATE OR REPLACE TEMP TABLE {group_keys} AS
    SELECT group_id, row_number() OVER (ORDER BY group_id) AS group_key
    FROM (SELECT DISTINCT group_id FROM cube);
    CREATE OR REPLACE TEMP TABLE {area_keys} AS
    WITH k AS (
        SELECT k.level, k.area_code, a.country, a.parent_la,
               row_number() OVER (ORDER BY k.level, k.area_code) AS area_key
        FROM (SELECT DISTINCT level, area_code FROM cube) k
        LEFT JOIN {area_info} a USING (level, area_code))
    SELECT k.*, n.area_key AS national_key, la.area_key AS parent_key,
           CASE WHEN k.level IN ('la', 'school') AND {peer_set} IS NOT NULL
                THEN dense_rank() OVER (ORDER BY k.level, {peer_set}) END AS peer_key
    FROM k LEFT JOIN k n ON n.level = 'national' AND n.area_code = {national_code}
         LEFT JOIN k la ON k.level = 'school' AND la.level = 'la'
                           AND la.area_code = k.parent_la"""

_COMPARISONS = """
{statement}
WITH c AS MATERIALIZED (
    -- row_key numbers c's rows once (materialized, so every reader sees the same numbers)
    -- and the CTEs derived from c join back on it: two joins on the five text keys cost a
    -- third of this query (BENCHMARKS.md)
    -- Values rounded to 9 places before they are compared: DuckDB's parallel sums of
    -- doubles differ in the last bit from run to run, which flipped ranks and labels of
    -- tied values between two computes of the same data (BENCHMARKS.md).
    SELECT row_number() OVER () AS row_key,
           cube.cell_id, cube.measure_id, cube.year, cube.level, cube.area_code, cube.group_id,
           round(cube.value, {places}) AS value, round(cube.ci_low, {places}) AS ci_low,
           round(cube.ci_high, {places}) AS ci_high, cube.source, a.country, a.parent_la,
           m.higher_is_better, 0.5 * pow(10, -coalesce(m.decimals, 1)) AS tolerance,
           {cell_key} AS cell_key, {national_cell} AS national_cell, {la_cell} AS la_cell,
           {series_key} AS series_key, {peer_set_key} AS peer_set_key{c_columns}
    FROM cube LEFT JOIN {area_keys} a USING (level, area_code)
         LEFT JOIN {measure_keys} m USING (measure_id)
         LEFT JOIN {group_keys} g USING (group_id)
    {rows_read}),
ref AS (  -- {ref_comment}
    SELECT row_key, cell_key, series_key, year, value, tolerance
    FROM c WHERE value IS NOT NULL AND {ref_where}),
trend AS (
    SELECT row_key, tolerance,
           value - lag(value, 2) OVER w AS trend3_change,
           value - lag(value, 4) OVER w AS trend5_change
    FROM ref
    WINDOW w AS (PARTITION BY series_key ORDER BY year)),
peers AS (
    SELECT row_key, peer_set_key, value, higher_is_better
    FROM c WHERE peer_set_key IS NOT NULL AND value IS NOT NULL{peers_where}),
bounds AS (
    SELECT peer_set_key, quantile_cont(value, [0.25, 0.5, 0.75]) AS q
    FROM peers GROUP BY ALL),
ranked AS (
    SELECT p.row_key, p.value, p.higher_is_better, b.q[1] AS q25, b.q[2] AS q50, b.q[3] AS q75,
           rank() OVER (w ORDER BY CASE WHEN p.higher_is_better THEN -p.value ELSE p.value END)
               AS rank,
           count(*) OVER w AS rank_of
    FROM peers p JOIN bounds b USING (peer_set_key)
    WINDOW w AS (PARTITION BY p.peer_set_key))
SELECT c.cell_id, c.measure_id, c.year, c.level, c.area_code, c.group_id,
       n.value AS national_value,
       c.value - n.value AS diff_national,
       la.value AS la_value,
       {significance} AS significance,
       t.trend3_change, {direction3} AS trend3_direction,
       t.trend5_change, {direction5} AS trend5_direction,
       CAST(r.rank AS INTEGER) AS rank, CAST(r.rank_of AS INTEGER) AS rank_of,
       {quartile} AS quartile,
       {family}{extra_columns}
FROM c
LEFT JOIN ref n ON n.cell_key = c.national_cell
LEFT JOIN ref la ON c.level = 'school' AND la.cell_key = c.la_cell
LEFT JOIN trend t ON c.value IS NOT NULL AND t.row_key = c.row_key
LEFT JOIN ranked r ON c.value IS NOT NULL AND r.row_key = c.row_key
{family_join}{rows_where}
"""


COMPARED_PLACES = 9  # decimal places of the values compared (far below any published figure)

# What `_COMPARISONS` is formatted with for `attain compute`'s own rows; the published
# figures' comparisons (attain.services.published_comparisons) change some of them.
COMPUTED_ROWS = {
    "target": "comparisons",
    # A key holds a computed or a published figure, never both (merge_previous), so an LA's
    # own computed rows are compared with the published national figure (--pupils own).
    "ref_comment": "every figure, computed or published, is a comparator",
    "ref_where": "true", "peers_where": "", "extra_columns": "",
    "rows_where": "", "c_columns": "",
}


def significance_sql(low: str = "c.ci_low", high: str = "c.ci_high",
                     untested: str | None = None) -> str:
    """attain.stats.significance.compare against the national value `n.value`, with the
    interval `low`-`high`; null for national rows, missing values and where `untested`."""
    skip = f"WHEN {untested} THEN NULL\n            " if untested else ""
    return f"""CASE WHEN c.level = 'national' OR c.value IS NULL OR n.value IS NULL THEN NULL
            {skip}WHEN {low} > n.value THEN 'sig_above'
            WHEN {high} < n.value THEN 'sig_below'
            WHEN c.value > n.value THEN 'above'
            WHEN c.value < n.value THEN 'below'
            ELSE 'similar' END"""


def comparisons_sql(*, family: str, family_join: str, keys: Mapping[str, str],
                    rows_read: str = "",
                    significance: str | None = None, append: bool = False,
                    **parts: str) -> str:
    """`_COMPARISONS` with COMPUTED_ROWS, overridden by `parts`: creating the target table,
    or with `append` adding to it. It reads the tables of build_keys, which gives `keys`,
    and the rows of `cube` that `rows_read` keeps (a WHERE clause on `cube` and the keys'
    tables `a`, `m` and `g`; "": every row): the rows compared and their comparators."""
    target = parts.get("target", COMPUTED_ROWS["target"])
    statement = (f"INSERT INTO {target}" if append
                 else f"CREATE OR REPLACE TABLE {target} AS")
    return _COMPARISONS.format(**{**COMPUTED_ROWS, **parts}, **keys,
                               area_keys=AREA_KEYS, measure_keys=MEASURE_KEYS,
                               group_keys=GROUP_KEYS, statement=statement,
                               places=COMPARED_PLACES,
                               significance=significance or significance_sql(),
                               direction3=_direction("t.trend3_change"),
                               direction5=_direction("t.trend5_change"),
                               quartile=_quartile("r"),
                               family=family,
                               family_join=family_join, rows_read=rows_read)


def _quartile(ranked: str) -> str:
    """The quartile band (A best) of a ranked row, from columns rank, value,
    higher_is_better and q25, q50, q75 (its peers' quartiles) of `ranked`."""
    r = ranked
    return (f"CASE WHEN {r}.rank IS NULL THEN NULL "
            f"ELSE (CASE WHEN {r}.higher_is_better THEN ['D', 'C', 'B', 'A'] "
            "ELSE ['A', 'B', 'C', 'D'] END)["
            f"CASE WHEN {r}.value <= {r}.q25 THEN 1 WHEN {r}.value <= {r}.q50 THEN 2 "
            f"WHEN {r}.value <= {r}.q75 THEN 3 ELSE 4 END] END")


def _direction(column: str) -> str:
    return (f"CASE WHEN {column} IS NULL THEN NULL "
            f"WHEN abs({column}) <= t.tolerance THEN 'no_change' "
            f"WHEN {column} > 0 THEN 'up' ELSE 'down' END")


def build_keys(con: duckdb.DuckDBPyConnection, *, area_info: str, measure_info: str,
               measure_columns: str = "") -> dict[str, str]:
    """The tables of codes (MEASURE_KEYS, AREA_KEYS, GROUP_KEYS) comparisons_sql reads, for
    the cube's values: each area with its `area_info` (country, parent_la), each measure
    with its `measure_info` (higher_is_better, decimals and `measure_columns`). Returns the
    `keys` of comparisons_sql."""
    for statement in _KEYS.format(
            measure_keys=MEASURE_KEYS, group_keys=GROUP_KEYS, area_keys=AREA_KEYS,
            measure_info=measure_info, area_info=area_info, measure_columns=measure_columns,
            peer_set="CASE k.level WHEN 'la' THEN k.country ELSE k.parent_la END",
            national_code=national_code_sql("k.country")).split(";"):
        con.execute(statement)
    return _packed_keys(con)


def national_code_sql(country: str) -> str:
    """The area code of the nation of the country in column `country` (E or W), in SQL."""
    whens = " ".join(f"WHEN {literal_sql(c)} THEN {literal_sql(code)}"
                     for c, code in NATIONAL_CODES.items())
    return f"CASE {country} {whens} END"


def _packed_keys(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The keys comparisons_sql packs from the codes, each code in the bits its largest value
    needs: a BIGINT where they fit (the windows sort it faster than a HUGEINT,
    BENCHMARKS.md), else a HUGEINT."""
    measures, groups, areas, peers, first_year, last_year = con.execute(
        f"SELECT (SELECT max(measure_key) FROM {MEASURE_KEYS}), "
        f"(SELECT max(group_key) FROM {GROUP_KEYS}), (SELECT max(area_key) FROM {AREA_KEYS}), "
        f"(SELECT max(peer_key) FROM {AREA_KEYS}), (SELECT min(year) FROM cube), "
        "(SELECT max(year) FROM cube)").fetchall()[0]
    year = f"(cube.year - {int(first_year or 0)})"
    bits = {"m.measure_key": int(measures or 0).bit_length(),
            "g.group_key": int(groups or 0).bit_length(),
            "a.area_key": int(areas or 0).bit_length(),
            "a.national_key": int(areas or 0).bit_length(),
            "a.parent_key": int(areas or 0).bit_length(),
            "a.peer_key": int(peers or 0).bit_length(),
            year: int((last_year or 0) - (first_year or 0)).bit_length()}
    return {
        "cell_key": _packed(bits, "m.measure_key", year, "a.area_key", "g.group_key"),
        "national_cell": _packed(bits, "m.measure_key", year, "a.national_key", "g.group_key"),
        "la_cell": _packed(bits, "m.measure_key", year, "a.parent_key", "g.group_key"),
        "series_key": _packed(bits, "m.measure_key", "a.area_key", "g.group_key"),
        "peer_set_key": _packed(bits, "m.measure_key", year, "g.group_key", "a.peer_key"),
    }


def _packed(bits: Mapping[str, int], *codes: str) -> str:
    """One integer from non-negative integer `codes` of `bits` bits each (null if any is
    null): distinct codes, distinct integers."""
    total = sum(bits[code] for code in codes)
    if total > 127:
        raise ValueError(f"comparison keys of {total} bits: more than a HUGEINT holds")
    packed = f"CAST({codes[0]} AS {'BIGINT' if total <= 63 else 'HUGEINT'})"
    for code in codes[1:]:
        packed = f"({packed} * {2 ** bits[code]} + {code})"
    return packed


def drop_keys(con: duckdb.DuckDBPyConnection) -> None:
    for table in (MEASURE_KEYS, AREA_KEYS, GROUP_KEYS):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _family_sql(con: duckdb.DuckDBPyConnection, family: bool) -> dict[str, str]:
    """The parts of comparisons_sql that give the family columns: from the averages of
    compute_family.build_family_averages when it ran (and `family`), else nulls."""
    if not family or not family_averages_built(con):
        return {"family": NO_FAMILY_SQL, "family_join": ""}
    columns, joins = family_columns_sql("c", "c.unrounded_value")
    return {"family": columns, "family_join": joins,
            "c_columns": ", cube.suppressed, cube.value AS unrounded_value"}


def add_comparisons(con: duckdb.DuckDBPyConnection, *,
                    school_las: Sequence[str] | None = None,
                    from_year: int | None = None,
                    only_las: Sequence[str] | None = None,
                    la_peers: str | None = None, family: bool = True) -> None:
    """Create `comparisons` (COMPARISONS columns) for the computed rows of `cube`, every
    row of which (computed or published) is a comparator, from the registries; with the
    family columns of compute_family.build_family_averages when it ran first.

    `school_las`: compare only the school rows of these LAs' schools (every LA, area and
    national row is still compared, and a school is still ranked among all its LA's
    schools); None compares every school row. `from_year`: only the rows of that year and
    later (each still against every year before it, for its trends). `only_las`: compare
    only the rows computed now (with a cell_id: those LAs' own, attain.services.compute_la);
    the other rows are comparators, other LAs' rows only as peers in the LAs' ranks.
    `la_peers`: a table of other LAs' rows (RESULTS columns) that the LA rows computed now
    are ranked among, so `cube` need not hold them (`rank_among`). `family`: False leaves
    the family columns null (compute_family.with_family_columns adds them later)."""
    national = " UNION ALL ".join(f"SELECT 'national', '{code}', '{country}', NULL"
                                  for country, code in NATIONAL_CODES.items())
    con.execute(_AREA_INFO.format(national=national))
    keys = build_keys(con, area_info="area_info", measure_info="measure_info")
    family_parts = _family_sql(con, family)
    scope = _school_scope(con, school_las)
    # Every comparison stays within one measure (its national and LA rows, its trends, its
    # peers), so the measures go in batches: the working memory of one query over every
    # row was the peak of a national compute (BENCHMARKS.md).
    for number, batch in enumerate(_measure_batches(con)):
        where = f"cube.measure_id IN ({literal_list_sql(batch)})"
        con.execute(comparisons_sql(
            keys=keys, append=number > 0,
            rows_read=f"WHERE ({scope}) AND {where}" if scope else f"WHERE {where}",
            **family_parts, **_rows_compared(from_year, only_las)))
    if la_peers is not None:
        rank_among(con, la_peers)
    con.execute(f"DROP TABLE IF EXISTS {_COMPARED_LAS}")
    drop_keys(con)


# The rank and quartile band of `ranked` in _COMPARISONS, counted against a table of peers
# instead of windowed over them: for a few LAs' rows among every LA's, a window over every
# LA's rows was a third of `attain compute --la` (BENCHMARKS.md).
_RANK_AMONG = """
UPDATE comparisons SET rank = r.rank, rank_of = r.rank_of, quartile = {quartile}
FROM (
    WITH las AS (
        SELECT x.measure_id, x.year, x.group_id, a.country, round(x.value, {places}) AS value
        FROM (SELECT measure_id, year, area_code, group_id, value FROM cube
              WHERE level = 'la'
              UNION ALL SELECT measure_id, year, area_code, group_id, value FROM {peers}
              WHERE level = 'la') x
        JOIN area_info a ON a.level = 'la' AND a.area_code = x.area_code
        WHERE x.value IS NOT NULL AND a.country IS NOT NULL),
    mine AS (
        SELECT c.cell_id, c.measure_id, c.year, c.group_id, a.country,
               round(c.value, {places}) AS value, m.higher_is_better
        FROM cube c JOIN area_info a ON a.level = 'la' AND a.area_code = c.area_code
             LEFT JOIN {measure_keys} m USING (measure_id)
        WHERE c.level = 'la' AND c.cell_id IS NOT NULL AND c.source = '{computed}'
          AND c.value IS NOT NULL AND a.country IS NOT NULL),
    counted AS (
        SELECT mine.cell_id, any_value(mine.value) AS value,
               any_value(mine.higher_is_better) AS higher_is_better,
               1 + count(*) FILTER (WHERE CASE WHEN mine.higher_is_better
                   THEN las.value > mine.value ELSE las.value < mine.value END) AS rank,
               count(*) AS rank_of, quantile_cont(las.value, [0.25, 0.5, 0.75]) AS q
        FROM mine JOIN las USING (measure_id, year, group_id, country)
        GROUP BY mine.cell_id)
    SELECT cell_id, value, higher_is_better, CAST(rank AS INTEGER) AS rank,
           CAST(rank_of AS INTEGER) AS rank_of, q[1] AS q25, q[2] AS q50, q[3] AS q75
    FROM counted) r
WHERE comparisons.cell_id = r.cell_id
"""


def rank_among(con: duckdb.DuckDBPyConnection, peers: str) -> None:
    """Rank the LA rows of `comparisons` computed now (with a cell_id) among every LA row of
    their country in `cube` and table `peers`, as `ranked` in _COMPARISONS ranks them:
    ties share the lowest rank, bands from the quartiles of the same values. Needs the
    tables of build_keys and area_info."""
    con.execute(_RANK_AMONG.format(quartile=_quartile("r"), places=COMPARED_PLACES,
                                   peers=peers, measure_keys=MEASURE_KEYS,
                                   computed=COMPUTED_SOURCE))


def _rows_compared(from_year: int | None,
                   only_las: Sequence[str] | None = None) -> dict[str, str]:
    """The rows compared, the computed ones (published figures get theirs from
    attain.services.published_comparisons), and the peers ranked: with `from_year`, only
    those of that year on (ranks and quartiles are within a year; trends still read the
    years before)."""
    computed = f"\nWHERE c.source = '{COMPUTED_SOURCE}'"
    if only_las is not None:
        # other LAs' rows have no trend or LA value to give: keeping them out of `ref`
        # spares its window a million rows (BENCHMARKS.md)
        return {"rows_where": f"{computed} AND c.cell_id IS NOT NULL",
                "ref_where": f"NOT (level = 'la' AND area_code NOT IN "
                             f"({literal_list_sql(only_las)}))"}
    if from_year is None:
        return {"rows_where": computed}
    return {"rows_where": f"{computed} AND c.year >= {int(from_year)}",
            "peers_where": f" AND year >= {int(from_year)}"}


BATCH_ROWS = 1_500_000  # cube rows compared in one query


def _measure_batches(con: duckdb.DuckDBPyConnection) -> list[list[str]]:
    """The cube's measures in batches of about BATCH_ROWS rows (a measure is never split);
    one empty batch for an empty cube, so the table is still created."""
    batches: list[list[str]] = [[]]
    rows = 0
    for measure_id, count in con.execute("SELECT measure_id, count(*) FROM cube "
                                         "GROUP BY measure_id ORDER BY measure_id").fetchall():
        if batches[-1] and rows + count > BATCH_ROWS:
            batches.append([])
            rows = 0
        batches[-1].append(str(measure_id))
        rows += int(count)
    return batches


_COMPARED_LAS = "_compared_las"


def _school_scope(con: duckdb.DuckDBPyConnection, school_las: Sequence[str] | None) -> str:
    """The condition that keeps the school rows of `school_las` ("": every row)."""
    if school_las is None:
        return ""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_COMPARED_LAS} (la_code VARCHAR)")
    con.executemany(f"INSERT INTO {_COMPARED_LAS} VALUES (?)", [[c] for c in school_las])
    return (f"cube.level <> 'school' "
            f"OR a.parent_la IN (SELECT la_code FROM {_COMPARED_LAS})")
