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

Set-based: the families of every year come from one context query and numpy, and the
averages from one sparse product per (year, phase) pool keyed by integers (year, URN,
series = a number per (measure, group)), never a step per school (BENCHMARKS.md,
"Family averages as a comparator").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.sql import literal_list_sql
from attain.engines.duckdb import arrow_table
from attain.errors import UserError
from attain.similar.context import school_context, school_units
from attain.similar.family import (
    DEFAULT_SIZE,
    DEFAULT_VARIABLES,
    SMALL_POOL,
    Neighbour,
    families,
    nearest_indices,
    standardise_array,
)
from attain.stats.arrays import run_bounds, stable_argsort, unique_sorted

SCHEMA = pa.schema([("measure_id", pa.string()), ("year", pa.int32()),
                    ("group_id", pa.string()), ("urn", pa.int64()),
                    ("family_value", pa.float64()), ("family_numerator", pa.float64()),
                    ("family_denominator", pa.float64()), ("family_size", pa.int32())])
# pool: the (year, phase) pool the family was drawn from, so the sums can go pool by pool.
MEMBERS_SCHEMA = pa.schema([("year", pa.int32()), ("urn", pa.int64()),
                            ("member", pa.int64()), ("pool", pa.int32())])
AVERAGES_SCHEMA = pa.schema([("year", pa.int32()), ("urn", pa.int64()),
                             ("series", pa.int32()), ("family_value", pa.float64()),
                             ("family_numerator", pa.float64()),
                             ("family_denominator", pa.float64()),
                             ("family_size", pa.int32())])

_CELLS = 4_000_000  # numbers in one dense block of members' figures (32 MB)
# Tables of the cube's database, built by `aggregate` (names start with _family_); not TEMP,
# so that the cube's other cursors see them (`attain compute --la` builds them on one).
SERIES, AVERAGES = "_family_series", "_family_aggregates"

_SERIES_SQL = """
CREATE OR REPLACE TABLE {series} AS
SELECT measure_id, group_id, CAST(row_number() OVER () AS INTEGER) AS series
FROM (SELECT DISTINCT measure_id, group_id FROM {cube} WHERE level = 'school' {filter})
"""

# A member's published school rows: the only ones a family average may use.
_PUBLISHED_ROWS = """
SELECT CAST(c.year AS INTEGER) AS year, TRY_CAST(c.area_code AS BIGINT) AS member,
       s.series, c.numerator, c.denominator, c.value
FROM {cube} c JOIN {series} s USING (measure_id, group_id)
WHERE c.level = 'school' AND c.suppressed IS NULL AND c.value IS NOT NULL"""
_PUBLISHED_SQL = _PUBLISHED_ROWS + "\nORDER BY year"

# Some schools' averages (`aggregate` with urns): the same sums as `family_sums`, by a join of
# their families ({families}: year, urn, member) to their members' rows and a GROUP BY. For
# an LA's few dozen schools this is 6x faster than sorting their members' million rows into
# pools for the products (BENCHMARKS.md); for every school the products stay faster (the
# join would be 40 million rows). Sums in SQL come in no fixed order, so they may differ
# from the products' in the last bit.
_WEIGHTED = "p.numerator IS NOT NULL AND coalesce(p.denominator, 0) > 0"
_SOME_AVERAGES_SQL = f"""
CREATE OR REPLACE TABLE {{averages}} AS
WITH sums AS (
    SELECT f.year, f.urn, p.series, count(*) AS n, sum(p.value) AS total,
           count(*) FILTER (WHERE {_WEIGHTED}) AS weighted,
           sum(p.numerator) FILTER (WHERE {_WEIGHTED}) AS num,
           sum(p.denominator) FILTER (WHERE {_WEIGHTED}) AS den,
           sum(p.value * p.denominator) FILTER (WHERE {_WEIGHTED}) AS value_x_den
    FROM {{families}} f JOIN ({_PUBLISHED_ROWS}) p ON p.year = f.year AND p.member = f.member
    GROUP BY f.year, f.urn, p.series)
SELECT CAST(year AS INTEGER) AS year, CAST(urn AS BIGINT) AS urn,
       CAST(series AS INTEGER) AS series,
       CASE WHEN weighted = n THEN value_x_den / den ELSE total / n END AS family_value,
       CASE WHEN weighted = n THEN num END AS family_numerator,
       CASE WHEN weighted = n THEN den END AS family_denominator,
       CAST(n AS INTEGER) AS family_size
FROM sums"""
_FAMILIES = "_family_of"

_NAMED_SQL = """
SELECT s.measure_id, a.year, s.group_id, a.urn, a.family_value, a.family_numerator,
       a.family_denominator, a.family_size
FROM {averages} a JOIN {series} s USING (series)
ORDER BY s.measure_id, a.year, s.group_id, a.urn
"""


def members_table(by_year: Mapping[int, Mapping[str, Sequence[Neighbour]]]) -> pa.Table:
    """(year, urn, member, pool) rows from families as `families` gives them, for each
    year (one pool per year)."""
    years, urns, members = [], [], []
    for year, found in by_year.items():
        for code, family in found.items():
            for neighbour in family:
                years.append(year)
                urns.append(int(code))
                members.append(int(neighbour.code))
    return pa.table({"year": years, "urn": urns, "member": members,
                     "pool": [0] * len(years)}, schema=MEMBERS_SCHEMA)


def family_members(con: duckdb.DuckDBPyConnection, years: Sequence[int], *,
                   size: int = DEFAULT_SIZE, variables: Sequence[str] = DEFAULT_VARIABLES
                   ) -> pa.Table:
    """(year, urn, member) rows: every school's family in each of `years` (context from the
    warehouse views on `con`), the same members as `families` gives, from one query."""
    return members_from_context(school_context(con, years), size=size, variables=variables)


def members_from_context(context: pa.Table, *, size: int = DEFAULT_SIZE,
                         variables: Sequence[str] = DEFAULT_VARIABLES,
                         urns: pa.Array | None = None) -> pa.Table:
    """family_members' rows from the schools' `context` as school_context gives it; with
    `urns`, only those schools' families (drawn from every school of their pools)."""
    unknown = [v for v in variables if v not in context.column_names[3:]]
    if unknown:
        raise UserError(f"unknown context variable(s) {', '.join(unknown)}",
                        fix=f"use some of: {', '.join(context.column_names[3:])}.")
    year = context.column("year").to_numpy(zero_copy_only=False).astype(np.int64)
    urn = context.column("urn").to_numpy(zero_copy_only=False).astype(np.int64)
    phase = np.array(context.column("phase").to_pylist(), dtype=object)
    raw = np.column_stack([context.column(v).cast(pa.float64()).to_numpy(zero_copy_only=False)
                           for v in variables]) if variables else np.zeros((len(urn), 0))
    wanted = None if urns is None else np.isin(urn, np.asarray(urns, dtype=np.int64))
    parts = [_pool_members(urn[rows], raw[rows], size, (int(year[rows][0]), number),
                           None if wanted is None else np.flatnonzero(wanted[rows]))
             for number, rows in enumerate(_pools(year, phase))]
    if not parts:
        return MEMBERS_SCHEMA.empty_table()
    return pa.concat_tables(parts)


def _pools(year: np.ndarray, phase: np.ndarray) -> list[np.ndarray]:
    """Row indices of each (year, phase): the schools a family is drawn from."""
    keys = np.array([f"{y}|{p}" for y, p in zip(year, phase, strict=True)], dtype=object)
    _, inverse = np.unique(keys, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.flatnonzero(np.r_[True, np.diff(inverse[order]) != 0, True])
    return [order[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _pool_members(urn: np.ndarray, raw: np.ndarray, size: int, pool: tuple[int, int],
                  only: np.ndarray | None) -> pa.Table:
    """The families of one pool: every school's, or those of the schools at `only`."""
    codes = urn.astype(str)  # ties go by code as text, as in `families`
    units, members, _ = nearest_indices(standardise_array(raw), codes, size, only)
    return pa.table({"year": np.full(len(units), pool[0], np.int32), "urn": urn[units],
                     "member": urn[members], "pool": np.full(len(units), pool[1], np.int32)},
                    schema=MEMBERS_SCHEMA)


def school_families(con: duckdb.DuckDBPyConnection, year: int, *, size: int = DEFAULT_SIZE,
                    variables: Sequence[str] = DEFAULT_VARIABLES
                    ) -> dict[str, list[Neighbour]]:
    """Every school's family in `year` (context from the warehouse views on `con`)."""
    return families(school_units(con, year), tuple(variables), size)


def aggregate(con: duckdb.DuckDBPyConnection, members: pa.Table, *, cube: str = "cube",
              measure_ids: Sequence[str] | None = None,
              urns: pa.Array | None = None, series_cube: str | None = None) -> None:
    """Build the tables SERIES (measure_id, group_id, series) and AVERAGES (year, urn,
    series, family_value, family_numerator, family_denominator, family_size) on `con`;
    with `urns`, the averages of those schools only. `series_cube`: the table whose school
    rows' (measure, group) pairs are averaged (default `cube`; one holding only the urns'
    rows spares a read of `cube`)."""
    measure_filter = ""
    if measure_ids:
        measure_filter = f"AND measure_id IN ({literal_list_sql(measure_ids)})"
    con.execute(_SERIES_SQL.format(series=SERIES, cube=series_cube or cube,
                                   filter=measure_filter))
    if urns is not None:
        con.register(_FAMILIES, members.filter(pc.is_in(members.column("urn"), value_set=urns)))
        try:
            con.execute(_SOME_AVERAGES_SQL.format(averages=AVERAGES, families=_FAMILIES,
                                                  cube=cube, series=SERIES))
        finally:
            con.unregister(_FAMILIES)
        return
    published = arrow_table(con, _PUBLISHED_SQL.format(cube=cube, series=SERIES))
    found = family_sums(members, published)
    con.register("_family_found", found)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {AVERAGES} AS SELECT * FROM _family_found")
    finally:
        con.unregister("_family_found")


def family_sums(members: pa.Table, published: pa.Table) -> pa.Table:
    """AVERAGES rows from (year, urn, member) rows and the published school rows (year,
    member, series, numerator, denominator, value), one (year, pool) at a time.

    Per pool it is a sparse product: families (school x member, 1 where a member) times
    members' figures (member x series), for the count, the sum of values and, over the rows
    that can be weighted, the count and the sums of numerators, denominators and value x
    denominator. Measured against the same join and group-by in DuckDB (hashing 40 million
    joined rows into 3 million groups for the demo): BENCHMARKS.md, "Family averages as a
    comparator")."""
    member_group, member_order = _group_order(members, members.column("urn"), members)
    row_group, row_order = _group_order(published, published.column("member"), members)
    member_group, row_group = member_group[member_order], row_group[row_order]
    # One take each, then zero-copy slices (a take per pool cost more than the sums).
    members = members.take(member_order).combine_chunks()
    published = published.take(row_order).combine_chunks()
    parts = []
    for group in unique_sorted(member_group[member_group >= 0]):
        a, b = np.searchsorted(member_group, [group, group + 1])
        c, d = np.searchsorted(row_group, [group, group + 1])
        if d > c:
            parts.append(_year_sums(int(group // _POOLS), members.slice(a, b - a),
                                    published.slice(c, d - c)))
    return pa.concat_tables(parts) if parts else AVERAGES_SCHEMA.empty_table()


_POOLS = 1_000_000  # (year, pool) numbered year x _POOLS + pool


def _group_order(table: pa.Table, urns: pa.ChunkedArray,
                 members: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """Each row's (year, pool) number, from the pool of the school (`urns`) in that year
    (-1: no family was drawn from it), and the row order that sorts by it; families never
    leave their pool, so each pool is summed on its own."""
    def key(years: pa.ChunkedArray, codes: pa.ChunkedArray) -> np.ndarray:
        year = years.to_numpy(zero_copy_only=False).astype(np.int64)
        code = np.nan_to_num(codes.cast(pa.float64()).to_numpy(zero_copy_only=False), nan=-1)
        found: np.ndarray = year * 10**10 + code.astype(np.int64)
        return found

    known, first = np.unique(key(members.column("year"), members.column("urn")),
                             return_index=True)
    pools = members.column("pool").to_numpy(zero_copy_only=False).astype(np.int64)[first]
    wanted = key(table.column("year"), urns)
    at = np.minimum(np.searchsorted(known, wanted), max(len(known) - 1, 0))
    hit = known[at] == wanted if len(known) else np.zeros(len(wanted), bool)
    year = table.column("year").to_numpy(zero_copy_only=False).astype(np.int64)
    group = np.where(hit, year * _POOLS + pools[at] if len(known) else -1, -1)
    return group, stable_argsort(group)


def _year_sums(year: int, families_of: pa.Table, figures: pa.Table) -> pa.Table:
    def column(table: pa.Table, name: str) -> np.ndarray:
        found: np.ndarray = table.column(name).cast(pa.float64()).to_numpy(
            zero_copy_only=False)
        return found

    urn = families_of.column("urn").to_numpy(zero_copy_only=False).astype(np.int64)
    member = families_of.column("member").to_numpy(zero_copy_only=False).astype(np.int64)
    owner = figures.column("member").to_numpy(zero_copy_only=False)
    known = ~np.isnan(owner.astype(np.float64))  # a school code that is not a number: no URN
    owner = np.nan_to_num(owner.astype(np.float64)).astype(np.int64)
    schools = unique_sorted(np.concatenate([urn, member, owner[known]]))
    series = figures.column("series").to_numpy(zero_copy_only=False).astype(np.int64)
    width = int(series.max()) + 1 if len(series) else 1
    value, numerator, denominator = (column(figures, n) for n in
                                     ("value", "numerator", "denominator"))
    weighted = ~np.isnan(numerator) & (np.nan_to_num(denominator) > 0)
    quantities = (np.ones(len(value)), value, weighted.astype(np.float64),
                  np.where(weighted, numerator, 0.0), np.where(weighted, denominator, 0.0),
                  np.where(weighted, value * denominator, 0.0))
    # The pool's series only, numbered 0.. (a primary pool has no KS4 figures).
    used, series = np.unique(series[known], return_inverse=True)
    width = len(used)
    rows = np.searchsorted(schools, owner[known])
    order = stable_argsort(series.astype(np.int64))  # so a block of series is a slice
    rows, series = rows[order], series[order]
    stacked = np.stack([q[known][order] for q in quantities])
    family = _family_matrix(np.searchsorted(schools, urn), np.searchsorted(schools, member),
                            len(schools))
    chunk = max(1, _CELLS // (len(schools) * len(quantities)))
    found = [_block_sums(family, rows, series, stacked, (lo, min(lo + chunk, width)), width)
             for lo in range(0, width, chunk)]
    cells = np.concatenate([f[0] for f in found])
    count, total, weighted_count, num, den, value_x_den = np.concatenate(
        [f[1] for f in found], axis=1)
    all_weighted = weighted_count == count
    return pa.table({
        "year": np.full(len(cells), year, np.int32),
        "urn": schools[cells // width],
        "series": used[cells % width].astype(np.int32),
        "family_value": np.where(all_weighted, value_x_den / np.where(all_weighted, den, 1.0),
                                 total / count),
        "family_numerator": pa.array(num, mask=~all_weighted),
        "family_denominator": pa.array(den, mask=~all_weighted),
        "family_size": count.astype(np.int32)}, schema=AVERAGES_SCHEMA)


def _family_matrix(units: np.ndarray, members: np.ndarray, schools: int) -> Any:
    """Schools x schools, 1 where the column is a member of the row's family: the lists of
    members (numpy alone, no scipy to import) in a pool of fewer than SMALL_POOL schools,
    else a sparse matrix."""
    if schools < SMALL_POOL:
        return _MemberLists.of(units, members, schools)
    from scipy import sparse

    return sparse.csr_matrix((np.ones(len(units)), (units, members)), shape=(schools, schools))


@dataclass(frozen=True)
class _MemberLists:
    """The families as lists of members, multiplied like the sparse matrix: each family's
    members' rows added one at a time in school order, as scipy's CSR product adds them,
    so both give the same sums to the last bit (np.add.reduceat does not: it changes the
    order of the additions), whatever else is in the pool."""

    # families x longest family: member indices in school order (a school is in a family
    # once), padded with `shape[1]`, a row of zeros (adding 0.0 changes no sum)
    members: np.ndarray
    families: np.ndarray  # the row of each family
    shape: tuple[int, int]

    @classmethod
    def of(cls, units: np.ndarray, members: np.ndarray, schools: int) -> _MemberLists:
        order = np.lexsort((members, units))
        units, members = units[order], members[order]
        bounds = run_bounds(units) if len(units) else np.zeros(1, np.int64)
        starts, counts = bounds[:-1], np.diff(bounds)
        padded = np.full((len(starts), int(counts.max(initial=0))), schools, np.int64)
        padded[np.repeat(np.arange(len(starts)), counts),
               np.arange(len(units)) - np.repeat(starts, counts)] = members
        return cls(padded, units[starts], (schools, schools))

    def __matmul__(self, block: np.ndarray) -> np.ndarray:
        rows = np.vstack([block, np.zeros((1, block.shape[1]))])
        total = np.zeros((len(self.families), block.shape[1]))
        for position in range(self.members.shape[1]):
            total += rows[self.members[:, position]]
        sums = np.zeros((self.shape[0], block.shape[1]))
        sums[self.families] = total
        return sums


def _block_sums(family: Any, rows: np.ndarray, series: np.ndarray, stacked: np.ndarray,
                span_of: tuple[int, int], width: int) -> tuple[np.ndarray, np.ndarray]:
    """Series lo..hi-1: members' figures as a dense (school, quantity x series) block,
    times the families; the cells with a count are those with a member's figure. Returns
    their keys (school x width + series) and their sums (quantity x cell)."""
    lo, hi = span_of
    a, b = np.searchsorted(series, [lo, hi])
    span, kinds = hi - lo, len(stacked)
    block = np.zeros((family.shape[1], kinds, span))
    for k in range(kinds):
        block[rows[a:b], k, series[a:b] - lo] = stacked[k, a:b]
    sums = np.asarray(family @ block.reshape(len(block), kinds * span)).reshape(
        -1, kinds, span)
    school, at = np.nonzero(sums[:, 0, :])
    return school.astype(np.int64) * width + at + lo, sums[school, :, at].T


def averages_sql(con: duckdb.DuckDBPyConnection, members: pa.Table, *, cube: str = "cube",
                 measure_ids: Sequence[str] | None = None) -> pa.Table:
    """Family averages over the cube table or view `cube` on `con` (results columns)."""
    aggregate(con, members, cube=cube, measure_ids=measure_ids)
    return arrow_table(con, _NAMED_SQL.format(averages=AVERAGES, series=SERIES)).cast(SCHEMA)


def family_averages_on(con: duckdb.DuckDBPyConnection, years: Sequence[int], *,
                       cube: str = "cube", measure_ids: Sequence[str] | None = None,
                       size: int = DEFAULT_SIZE, variables: Sequence[str] = DEFAULT_VARIABLES
                       ) -> pa.Table:
    """Family averages for `years` on a connection with the warehouse views (schools,
    pupils, ks2, ks4) and a results-shaped `cube`: during `attain compute` or after it."""
    members = family_members(con, years, size=size, variables=variables)
    return averages_sql(con, members, cube=cube, measure_ids=measure_ids)


def cube_years(con: duckdb.DuckDBPyConnection, cube: str = "cube") -> list[int]:
    return [int(r[0]) for r in con.execute(
        f"SELECT DISTINCT year FROM {cube} WHERE level = 'school' ORDER BY year").fetchall()]


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
    members = family_members(context or con, cube_years(con, cube))
    found = averages_sql(con, members, cube=cube, measure_ids=measure_ids)
    con.register("_family_averages", found)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _family_averages")
    finally:
        con.unregister("_family_averages")
