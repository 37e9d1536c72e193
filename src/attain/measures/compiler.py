"""Compile the catalogue into SQL: GROUPING SETS queries per dataset and pupil group.

Stage 1 queries read the warehouse tables (named like the datasets) and return every
school, LA, region, national and group-of-LAs row of their measures; stage 2 reads table
`results_base` (stage 1's output) for the gap measures. Every query returns the columns
of RESULT_COLUMNS in that order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

import sqlglot
from sqlglot import exp

from attain.domain.datasets import DATASETS
from attain.domain.sql import ints_sql, literal_list_sql, literal_sql
from attain.errors import UserError
from attain.measures import fragments as f
from attain.measures.spec import Catalogue, GroupSpec, Kind, MeasureSpec

DIALECTS = ("duckdb", "postgres", "spark")
RESULT_COLUMNS = ("measure_id", "year", "level", "area_code", "group_id", "numerator",
                  "denominator", "value", "ci_low", "ci_high")
GAPS_QUERY = "gaps"
SCOPED_PUPILS = "scoped_pupils"  # stage 0 of one LA's rows: the census rows they join


class Strategy(StrEnum):
    PER_GROUP = "per_group"   # one query per (dataset, group), group filter in WHERE
    UNNEST = "unnest"         # one query per dataset, each pupil exploded into its groups
    # Stage 0 stores each dataset's joined, scored pupil rows as a table (materialize_as);
    # then one query per (dataset, group) reads it: the joins run once, not once per group.
    PREPARED = "prepared"
    # One query per dataset: pupils are first summed by school and group-membership
    # pattern (most pupils of a school share one), only those sums are exploded into
    # groups, and every level is a sum of school sums (every aggregate is additive).
    ROLLUP = "rollup"


SINGLE_GROUP = (Strategy.PER_GROUP, Strategy.PREPARED)
# Group flags per membership mask: each part of the groups has its own pupil sums per school
# and pattern, so patterns repeat more and fewer rows are exploded (BENCHMARKS.md, session 8).
MASK_GROUPS = 12


@dataclass(frozen=True)
class CompiledQuery:
    name: str
    stage: int
    dataset: str
    measure_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    source_sql: str = field(repr=False, default="")
    # Stage 0 only: the engine stores this query's rows as a table of this name before
    # running stage 1, and may drop it afterwards.
    materialize_as: str | None = None

    def sql(self, dialect: str = "duckdb", *, pretty: bool = False) -> str:
        """The query in `dialect`. DuckDB SQL is the compiler's own text unless `pretty`
        (parsing a large query with sqlglot costs ~0.3 s; executing needs no re-parse)."""
        if dialect not in DIALECTS:
            raise UserError(f"Unknown SQL dialect {dialect!r}", fix="Use one of: "
                            + ", ".join(DIALECTS))
        if dialect == "duckdb" and not pretty:
            return self.source_sql
        return _parsed(self.source_sql).sql(dialect=dialect, pretty=True)


@lru_cache(maxsize=1024)
def _parsed(source_sql: str) -> exp.Expr:
    return sqlglot.parse_one(source_sql, read="duckdb")


def compile_catalogue(catalogue: Catalogue, *, measure_ids: Sequence[str] | None = None,
                      years: Sequence[int] | None = None, strategy: str = "per_group",
                      countries: Sequence[str] | None = None,
                      published_estimates: Mapping[str, Sequence[int]] | None = None,
                      scope_las: Sequence[str] | None = None,
                      ) -> tuple[CompiledQuery, ...]:
    """Every query needed to compute the chosen measures (default: all) for every group.
    `published_estimates` (progress measure id -> years): those years' progress estimates
    are read from the warehouse's `progress_estimates`, not worked out from the pupils.
    `scope_las` (LA codes): only the school and LA rows of those LAs, from their pupils;
    progress estimates and the national SD of scores are still worked out from every pupil,
    so each row is the one a whole compute gives."""
    if catalogue.errors:
        first = catalogue.errors[0]
        raise UserError(f"The measure catalogue has {len(catalogue.errors)} error(s), first: "
                        f"{first}", fix="Run `attain measures validate` and fix them")
    try:
        chosen_strategy = Strategy(strategy)
    except ValueError:
        raise UserError(f"Unknown strategy {strategy!r}", fix="Use one of: "
                        + ", ".join(Strategy)) from None
    chosen = [_with_published(m, published_estimates or {})
              for m in _select(catalogue, measure_ids)]
    if years is not None:
        chosen = [m for m in chosen if any(m.years.contains(y) for y in years)]
    scope = _check_scope(scope_las, chosen, chosen_strategy)
    queries: list[CompiledQuery] = []
    scoped_census: list[str] = []  # datasets joined to SCOPED_PUPILS
    for dataset in sorted({m.dataset for m in chosen if m.kind is not Kind.GAP}):
        specs = [m for m in chosen if m.dataset == dataset and m.kind is not Kind.GAP]
        groups = [g for g in catalogue.groups if g.applies_to(dataset)]
        census = census_of(dataset, specs, scope)
        if census == SCOPED_PUPILS:
            scoped_census.append(dataset)
        queries += _dataset_queries(dataset, specs, groups, chosen_strategy, years, countries,
                                    scope, census)
    if scope is not None and scoped_census:
        queries.insert(0, CompiledQuery(
            f"{SCOPED_PUPILS}__prepare", 0, "pupils", (), (),
            scoped_pupils_sql(scoped_census, scope, years), materialize_as=SCOPED_PUPILS))
    gaps = [m for m in chosen if m.kind is Kind.GAP]
    if gaps:
        queries.append(CompiledQuery(GAPS_QUERY, 2, "results_base", tuple(m.id for m in gaps),
                                     ("all",), gaps_sql(gaps, years)))
    return tuple(queries)


def _check_scope(scope_las: Sequence[str] | None, specs: Sequence[MeasureSpec],
                 strategy: Strategy) -> tuple[str, ...] | None:
    if scope_las is None:
        return None
    if strategy is Strategy.PREPARED:
        raise UserError("the prepared strategy cannot compute one LA's rows",
                        fix="Use the rollup strategy (the default).")
    by_group = [m.id for m in specs if m.kind is Kind.PROGRESS and m.sd == "group"]
    if by_group:
        raise UserError(f"{', '.join(by_group)} take the SD of each pupil group's national "
                        "scores, which one LA's rows cannot give",
                        fix="Compute every LA (leave out --la).")
    return tuple(scope_las)


def census_of(dataset: str, specs: Sequence[MeasureSpec], scope: tuple[str, ...] | None) -> str:
    """The census table `dataset`'s pupils are joined to: with `scope`, SCOPED_PUPILS, unless
    its progress measures score every pupil of the nation (the estimates) from a census
    column, or from every census row (a dataset read from the census)."""
    if scope is None:
        return "pupils"
    rel = f.Relation(dataset, DATASETS[dataset].zero_when_absent)
    progress = [m for m in specs if m.kind is Kind.PROGRESS]
    if progress and (rel.zero_when_absent or any(rel.reads_census(m) for m in progress)):
        return "pupils"
    return SCOPED_PUPILS


def scoped_pupils_sql(datasets: Sequence[str], scope: Sequence[str],
                      years: Sequence[int] | None) -> str:
    """Stage 0 of one LA's rows (scope_las): the census rows its queries can join, so that
    each reads them once, not the nation's census: every census row of the LAs, and the
    census row of each pupil of `datasets` in them whose census row is elsewhere (a pupil
    who moved)."""
    in_years = f" AND year IN ({ints_sql(years)})" if years is not None else ""
    keys = " UNION ".join(f"SELECT year, pupil_id FROM {d} WHERE {_in_scope('la_code', scope)}"
                          f"{in_years}" for d in datasets
                          if not DATASETS[d].zero_when_absent)
    mine = f"SELECT * FROM pupils WHERE {_in_scope('la_code', scope)}{in_years}"
    if not keys:
        return mine
    return (f"{mine} UNION ALL SELECT p.* FROM pupils AS p JOIN ({keys}) AS k "
            "ON k.year = p.year AND k.pupil_id = p.pupil_id "
            f"WHERE p.la_code IS NULL OR NOT {_in_scope('p.la_code', scope)}")


def estimated_years(spec: MeasureSpec, published: Mapping[str, Sequence[int]]) -> tuple[int, ...]:
    """The years of progress measure `spec` whose estimates come from `published`."""
    # A group's own SD (sd: group) is not published: such a measure keeps its own estimates.
    if spec.kind is not Kind.PROGRESS or spec.sd == "group":
        return ()
    return tuple(sorted(y for y in published.get(spec.id, ()) if spec.years.contains(y)))


def _with_published(spec: MeasureSpec, published: Mapping[str, Sequence[int]]) -> MeasureSpec:
    years = estimated_years(spec, published)
    return replace(spec, published_estimate_years=years) if years else spec


def _select(catalogue: Catalogue, measure_ids: Sequence[str] | None) -> list[MeasureSpec]:
    if measure_ids is None:
        return list(catalogue.measures)
    known = {m.id for m in catalogue.measures}
    unknown = [m for m in measure_ids if m not in known]
    if unknown:
        raise UserError(f"Unknown measure(s): {', '.join(unknown)}",
                        fix="See `attain measures list` for the ids")
    wanted = set(measure_ids)
    # A gap needs the measure it is a gap of.
    wanted |= {catalogue.measure(m).of or "" for m in measure_ids
               if catalogue.measure(m).kind is Kind.GAP}
    return [m for m in catalogue.measures if m.id in wanted]


def _dataset_queries(dataset: str, specs: list[MeasureSpec], groups: list[GroupSpec],
                     strategy: Strategy, years: Sequence[int] | None,
                     countries: Sequence[str] | None,
                     scope: tuple[str, ...] | None = None,
                     census: str = "pupils") -> list[CompiledQuery]:
    ids = tuple(m.id for m in specs)
    same = repeated_aggregates(dataset, specs, years)
    if strategy in (Strategy.UNNEST, Strategy.ROLLUP):
        sql = dataset_sql(dataset, specs, groups, strategy, years, countries, same=same,
                          scope=scope, census=census)
        return [CompiledQuery(f"{dataset}__{strategy}", 1, dataset, ids,
                              tuple(g.id for g in groups), sql)]
    if strategy is Strategy.PREPARED:
        table = f"prepared_{dataset}"
        prepare = CompiledQuery(f"{dataset}__prepare", 0, dataset, ids,
                                tuple(g.id for g in groups),
                                prepared_sql(dataset, specs, groups, years, countries),
                                materialize_as=table)
        return [prepare] + [
            CompiledQuery(f"{dataset}__{g.id}", 1, dataset, ids, (g.id,),
                          aggregate_sql(specs, [g], strategy, table, flag=j, same=same))
            for j, g in enumerate(groups)]
    return [CompiledQuery(f"{dataset}__{g.id}", 1, dataset, ids, (g.id,),
                          dataset_sql(dataset, specs, [g], strategy, years, countries,
                                      same=same, scope=scope, census=census))
            for g in groups]


def _scored_ctes(dataset: str, specs: list[MeasureSpec], groups: list[GroupSpec],
                 years: Sequence[int] | None, countries: Sequence[str] | None,
                 scope: tuple[str, ...] | None = None, census: str = "pupils") -> list[str]:
    """CTEs up to `scored`: pupil rows with group flags, measure columns and progress
    scores (against national estimates, so computed before any group filter). With
    `scope`, `scored` holds only those LAs' pupils; progress measures read every pupil
    first (`scored_all`), for their estimates and national SD. `census`: the table of
    census rows joined."""
    rel = f.Relation(dataset, DATASETS[dataset].zero_when_absent, census)
    progress = [(i, m) for i, m in enumerate(specs) if m.kind is Kind.PROGRESS]
    if not progress:
        return [_src_cte(rel, specs, groups, years, countries, scope),
                "scored AS (SELECT * FROM src)"]
    # With `scope` and a census of the LAs' pupils only (census_of), every pupil's progress
    # columns come from the dataset alone (ALL_SRC: no census, no group flags), the LAs'
    # pupils' whole rows from `src`; else every pupil's whole rows, filtered where read.
    apart = scope is not None and census == SCOPED_PUPILS
    national = f.ALL_SRC if apart else "src"
    ctes = [_src_cte(rel, specs, groups, years, countries, scope if apart else None)]
    if apart:
        ctes.insert(0, _src_cte(replace(rel, census=None), specs, [], years, countries,
                                name=f.ALL_SRC, only=[i for i, _ in progress]))
    pairs = [f.progress_ctes(m, i, national) for i, m in progress]
    ctes += [est for est, _ in pairs]
    joins = " ".join(f"LEFT JOIN est_{i} ON est_{i}.year = src.year AND est_{i}.country "
                     f"= src.country AND est_{i}.pg = src.pg_{i}" for i, _ in progress)
    scores = ", ".join(score for _, score in pairs)
    if scope is None:
        return ctes + [f"scored AS (SELECT src.*, {scores} FROM src {joins})"]
    every = f"{f.ALL_SCORED} AS (SELECT src.*, {scores} FROM {national} AS src {joins})"
    if apart:
        return ctes + [every, f"scored AS (SELECT src.*, {scores} FROM src {joins})"]
    return ctes + [every, f"scored AS (SELECT * FROM {f.ALL_SCORED} "
                          f"WHERE {_in_scope('la_code', scope)})"]


def _in_scope(column: str, scope: Sequence[str]) -> str:
    return f"{column} IN ({literal_list_sql(scope)})"


def dataset_sql(dataset: str, specs: list[MeasureSpec], groups: list[GroupSpec],
                strategy: Strategy, years: Sequence[int] | None = None,
                countries: Sequence[str] | None = None, *,
                same: Mapping[str, str], scope: tuple[str, ...] | None = None,
                census: str = "pupils") -> str:
    """One query computing `specs` (all of one dataset) for `groups`, in DuckDB SQL;
    `same` is `repeated_aggregates(dataset, specs, years)`; `scope` as compile_catalogue's
    `scope_las`; `census` the table of census rows joined."""
    return aggregate_sql(specs, groups, strategy,
                         prefix=_scored_ctes(dataset, specs, groups, years, countries, scope,
                                             census),
                         same=same, scoped=scope is not None)


def repeated_aggregates(dataset: str, specs: list[MeasureSpec],
                        years: Sequence[int] | None = None) -> dict[str, str]:
    """Aggregates that repeat an earlier one over the same pupil expressions (measures of
    one cohort share their denominator), as alias -> the earlier alias. Each is summed
    once: every repeated sum is carried through every stage of the grouping."""
    rel = f.Relation(dataset, DATASETS[dataset].zero_when_absent)
    columns: dict[str, str] = {}
    grouped = [(i, m) for i, m in enumerate(specs) if m.kind in f.GROUPING_KINDS]
    for i, spec in grouped:
        for column in f.src_columns(rel, spec, i, years):
            expression, alias = _alias_split(column)
            columns[alias] = expression
    first: dict[str, str] = {}
    same: dict[str, str] = {}
    for i, spec in grouped:
        for aggregate in f.aggregates(spec, i):
            expression, alias = _alias_split(aggregate)
            key = re.sub(r"\b[a-z]+_\d+\b",
                         lambda m: f"({columns.get(m.group(), m.group())})", expression)
            if key in first:
                same[alias] = first[key]
            else:
                first[key] = alias
    return same


def _alias_split(column: str) -> tuple[str, str]:
    expression, alias = column.rsplit(" AS ", 1)
    return expression, alias


def prepared_sql(dataset: str, specs: list[MeasureSpec], groups: list[GroupSpec],
                 years: Sequence[int] | None = None,
                 countries: Sequence[str] | None = None) -> str:
    """Strategy `prepared`, stage 0: the scored pupil rows, to be stored as a table."""
    ctes = _scored_ctes(dataset, specs, groups, years, countries)
    return "WITH " + ",\n".join(ctes) + "\nSELECT * FROM scored"


def aggregate_sql(specs: list[MeasureSpec], groups: list[GroupSpec], strategy: Strategy,
                  table: str = "", *, flag: int = 0, prefix: Sequence[str] = (),
                  same: Mapping[str, str] | None = None, scoped: bool = False) -> str:
    """From `scored` (the `prefix` CTEs, or the prepared `table`) to the result rows.
    `same` names aggregates that repeat another (see `repeated_aggregates`); `scoped`:
    `scored` holds only some LAs' pupils, so only school and LA rows are made."""
    same = same or {}
    ctes = list(prefix) or [f"scored AS (SELECT * FROM {table})"]
    progress = [(i, m) for i, m in enumerate(specs) if m.kind is Kind.PROGRESS]
    grouped = [(i, m) for i, m in enumerate(specs) if m.kind in f.GROUPING_KINDS]
    pupil_level = [(i, m) for i, m in enumerate(specs) if m.kind is Kind.PERCENTILE_GAP]

    def distinct(fragments: list[str]) -> list[str]:
        return [a for a in fragments if _alias_split(a)[1] not in same]

    aggregates = distinct([agg for i, m in grouped for agg in f.aggregates(m, i)])
    if strategy is not Strategy.ROLLUP or pupil_level:
        ctes.append(_base_cte(groups, strategy, flag))
    if grouped and strategy is Strategy.ROLLUP:
        resummed = distinct([agg for i, m in grouped for agg in f.resummed(m, i)])
        ctes += _rollup_ctes(groups, aggregates, resummed)
        aggregates = resummed
    if grouped:
        ctes += _levels_ctes(aggregates,
                             distinct([agg for i, m in grouped for agg in f.rollup(m, i)]),
                             groups[0].id if strategy in SINGLE_GROUP else None,
                             "by_school" if strategy is Strategy.ROLLUP else "base", same,
                             scoped)
    ctes += [f.progress_sd_cte(m, i, f.ALL_SCORED if scoped else "scored") for i, m in progress]
    for i, m in pupil_level:
        ctes += f.percentile_ctes(m, i, scoped)
    ctes.append(f.cells_cte([f.output_arm(m, i) for i, m in enumerate(specs)]))
    return "WITH " + ",\n".join(ctes) + "\n" + f.output_select()


def _rollup_ctes(groups: list[GroupSpec], aggregates: list[str],
                 resummed: list[str]) -> list[str]:
    """Pupil sums (`aggregates`) per school and group-membership pattern (a bit mask of the
    flags of up to MASK_GROUPS groups: one `fine_<p>` per part of the groups), exploded
    into the part's groups, then summed again (`resummed`) per school and group (one row
    per school cell)."""
    parts = [range(start, min(start + MASK_GROUPS, len(groups)))
             for start in range(0, len(groups), MASK_GROUPS)]
    masks = ", ".join(
        "CAST(" + " + ".join(f"CASE WHEN g_{j} THEN {1 << (j - part.start)} ELSE 0 END"
                             for j in part) + f" AS INTEGER) AS gmask_{p}"
        for p, part in enumerate(parts))
    # Country and region follow from the school, so they are keys, not MAX() of text; the
    # pupil sums become doubles at once (exact for counts), as the integer sums' 128-bit
    # totals cost more to add up again (BENCHMARKS.md, "Fewer aggregates").
    as_doubles = ", ".join(f"CAST({e} AS DOUBLE) AS {a}"
                           for e, a in map(_alias_split, aggregates))
    keys = "year, urn, la_code, country, region_code"
    ctes = [f"masked AS (SELECT *, {masks} FROM scored)"]
    arms = []
    for p, part in enumerate(parts):
        bits = ", ".join(f"({1 << (j - part.start)}, {literal_sql(groups[j].id)})"
                         for j in part)
        ctes.append(f"fine_{p} AS (SELECT {keys}, gmask_{p} AS gmask, {as_doubles} "
                    f"FROM masked GROUP BY {keys}, gmask_{p})")
        arms.append(f"SELECT g.group_id, fine_{p}.* FROM fine_{p} JOIN (VALUES {bits}) "
                    f"AS g(bit, group_id) ON (fine_{p}.gmask & g.bit) <> 0")
    return ctes + [
        f"exploded AS ({' UNION ALL '.join(arms)})",
        f"by_school AS (SELECT group_id, {keys}, {', '.join(resummed)} FROM exploded "
        f"GROUP BY group_id, {keys})",
    ]


def _src_cte(rel: f.Relation, specs: list[MeasureSpec], groups: list[GroupSpec],
             years: Sequence[int] | None, countries: Sequence[str] | None,
             scope: tuple[str, ...] | None = None, *, name: str = "src",
             only: Sequence[int] | None = None) -> str:
    """CTE `name`: the pupil rows with their group flags and the columns of `specs` (those
    at the indices `only`, else all)."""
    k = rel.key
    columns = [f"{k}.year AS year", "s.country AS country",
               f"{k}.urn AS urn", f"{k}.la_code AS la_code",
               "l.region_code AS region_code"]
    columns += [f"({rel.expression(None, g.filter)}) AS g_{j}" for j, g in enumerate(groups)]
    chosen = [(i, m) for i, m in enumerate(specs) if only is None or i in only]
    for i, spec in chosen:
        columns += f.src_columns(rel, spec, i, years)
    where = [f"{k}.year >= {min(m.years.start for _, m in chosen)}"]
    ends = [m.years.end for _, m in chosen]
    if all(end is not None for end in ends):
        where.append(f"{k}.year <= {max(e for e in ends if e is not None)}")
    if years is not None:
        where.append(f"{k}.year IN ({ints_sql(years)})")
    if countries is not None:
        where.append(f"s.country IN ({', '.join(literal_sql(c) for c in countries)})")
    if scope is not None:
        where.append(_in_scope(f"{k}.la_code", scope))
    return (f"{name} AS (SELECT {', '.join(columns)} FROM {rel.from_sql()} "
            f"WHERE {' AND '.join(where)})")


def _base_cte(groups: list[GroupSpec], strategy: Strategy, flag: int = 0) -> str:
    if strategy in SINGLE_GROUP:
        (group,) = groups
        return (f"base AS (SELECT {literal_sql(group.id)} AS group_id, scored.* "
                f"FROM scored WHERE g_{flag})")
    return _explode_cte("base", "scored", groups)


def _explode_cte(name: str, source: str, groups: list[GroupSpec]) -> str:
    """Each row of `source` once per group whose flag g_j it has set."""
    values = ", ".join(f"({literal_sql(g.id)})" for g in groups)
    whens = " ".join(f"WHEN {literal_sql(g.id)} THEN g_{j}" for j, g in enumerate(groups))
    return (f"{name} AS (SELECT g.group_id, {source}.* FROM {source} CROSS JOIN "
            f"(VALUES {values}) AS g(group_id) WHERE CASE g.group_id {whens} END)")


def _levels_ctes(aggregates: list[str], rollups: list[str], group_id: str | None,
                 source: str = "base", same: Mapping[str, str] | None = None,
                 scoped: bool = False) -> list[str]:
    """School, LA, region and national rows by GROUPING SETS, then areas from LA rows
    (`scoped`: school and LA rows only, as the pupils are only some LAs').

    With one group per query (`group_id` given) the group is a constant, not a grouping
    key; schools are grouped by the integer URN and turned into text afterwards (hashing
    short integer keys is much cheaper)."""
    keys = "year, country" if group_id else "group_id, year, country"
    group = f"{literal_sql(group_id)} AS group_id" if group_id else "group_id"
    if scoped:
        level = "CASE WHEN GROUPING(urn) = 0 THEN 'school' ELSE 'la' END"
        area = "CASE WHEN GROUPING(urn) = 0 THEN CAST(urn AS VARCHAR) ELSE la_code END"
        sets = f"({keys}, urn), ({keys}, la_code)"
    else:
        level = ("CASE WHEN GROUPING(urn) = 0 THEN 'school' WHEN GROUPING(la_code) = 0 "
                 "THEN 'la' WHEN GROUPING(region_code) = 0 THEN 'region' ELSE 'national' END")
        area = ("CASE WHEN GROUPING(urn) = 0 THEN CAST(urn AS VARCHAR) WHEN GROUPING(la_code) "
                f"= 0 THEN la_code WHEN GROUPING(region_code) = 0 THEN region_code "
                f"ELSE {f.NATIONAL_AREA} END")
        sets = f"({keys}, urn), ({keys}, la_code), ({keys}, region_code), ({keys})"
    by_sets = (f"sets AS (SELECT {group}, year, country, {level} AS level, {area} AS area_code, "
               f"{', '.join(aggregates)} FROM {source} GROUP BY GROUPING SETS ({sets}))")
    # An LA may be in several areas (statistical neighbours, consortia), so areas are not a
    # grouping set: they are summed from the LA rows.
    by_area = (f"SELECT s.group_id, s.year, s.country, 'group_of_las' AS level, a.area_code, "
               f"{', '.join(rollups)} FROM sets AS s JOIN areas AS a ON a.la_code = s.area_code "
               f"AND a.level = 'group_of_las' WHERE s.level = 'la' "
               f"GROUP BY s.group_id, s.year, s.country, a.area_code")
    repeated = "".join(f", {first} AS {alias}" for alias, first in (same or {}).items())
    if scoped:
        return [by_sets, f"levels AS (SELECT *{repeated} FROM sets)"]
    return [by_sets, f"levels AS (SELECT *{repeated} FROM (SELECT * FROM sets UNION ALL "
                     f"{by_area}) AS l)"]


def gaps_sql(gaps: Sequence[MeasureSpec], years: Sequence[int] | None = None) -> str:
    """Stage 2: value(of, group_a) − value(of, group_b) at the same year, level and area."""
    selects = []
    for spec in gaps:
        selects.append(
            f"SELECT CAST({literal_sql(spec.id)} AS VARCHAR) AS measure_id, "
            f"CAST(a.year AS INTEGER) AS year, CAST(a.level AS VARCHAR) AS level, "
            f"CAST(a.area_code AS VARCHAR) AS area_code, CAST('all' AS VARCHAR) AS group_id, "
            f"CAST(NULL AS DOUBLE) AS numerator, CAST(NULL AS DOUBLE) AS denominator, "
            f"CAST(a.value - b.value AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS ci_low, "
            f"CAST(NULL AS DOUBLE) AS ci_high FROM results_base AS a JOIN results_base AS b "
            f"ON b.measure_id = a.measure_id AND b.year = a.year AND b.level = a.level "
            f"AND b.area_code = a.area_code WHERE a.measure_id = {literal_sql(spec.of or '')} "
            f"AND a.group_id = {literal_sql(spec.group_a or '')} "
            f"AND b.group_id = {literal_sql(spec.group_b or '')} "
            f"AND {f.year_condition('a.year', spec, years)} "
            f"AND a.value IS NOT NULL AND b.value IS NOT NULL")
    return "\nUNION ALL\n".join(selects)
