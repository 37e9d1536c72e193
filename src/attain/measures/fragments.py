"""SQL fragments of one measure: its columns in `src`, its aggregates and its output rows.

Everything is written in the DuckDB dialect and rendered per dialect by sqlglot later.
Column names: c_i cohort flag (0/1 for proportions), h_i numerator flag (0/1), v_i value,
rn_i/rd_i rate parts, o_i/pg_i/e_i progress outcome, prior group and estimate flag, s_i
pupil progress score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlglot import exp

from attain.domain.datasets import DATASETS, PROGRESS_ESTIMATES
from attain.domain.sql import ints_sql, literal_sql
from attain.measures.expressions import Scope, check_expression, qualify
from attain.measures.spec import Kind, MeasureSpec, Param, YearRange

WILSON_Z = 1.959964
NORMAL_Z = 1.96
NATIONAL_AREA = "CASE country WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004' END"
PUBLISHED_ESTIMATES = PROGRESS_ESTIMATES.name
ALL_SCORED = "scored_all"  # every pupil's scores, when `scored` holds only some LAs'
ALL_SRC = "src_all"  # every pupil's progress columns, when `src` holds only some LAs' pupils
GROUPING_KINDS = (Kind.PROPORTION, Kind.TRANSITION, Kind.MEAN, Kind.RATE, Kind.PROGRESS)


@dataclass(frozen=True)
class Relation:
    """How a dataset's rows are joined to the census, schools and LAs."""

    dataset: str
    zero_when_absent: bool
    # The table of census rows joined (compile_catalogue's scope_las); None: none, for
    # expressions that read no census column (Relation.reads_census).
    census: str | None = "pupils"

    @property
    def key(self) -> str:
        return "p" if self.zero_when_absent else "d"

    def from_sql(self) -> str:
        ds, k, census = self.dataset, self.key, self.census
        if census is None:
            head = f"{ds} AS d"
        elif self.zero_when_absent:
            head = (f"{census} AS p LEFT JOIN {ds} AS d ON d.year = p.year "
                    "AND d.pupil_id = p.pupil_id")
        else:
            head = (f"{ds} AS d LEFT JOIN {census} AS p ON p.year = d.year "
                    "AND p.pupil_id = d.pupil_id")
        return (f"{head} JOIN schools AS s ON s.urn = {k}.urn "
                f"LEFT JOIN las AS l ON l.la_code = {k}.la_code")

    def expression(self, spec: MeasureSpec | None, text: str) -> str:
        """An expression snippet, parameters substituted, columns qualified, as SQL."""
        return _expression_sql(self.dataset, self.zero_when_absent,
                               spec.params if spec else (), text)


    def reads_census(self, spec: MeasureSpec) -> bool:
        """Whether the pupil-level expressions of progress measure `spec` (cohort, outcome,
        prior group, estimate cohort) read a census column."""
        texts = (spec.cohort, spec.outcome, spec.prior_group, spec.estimate_cohort)
        return any(_reads_census(self.dataset, self.zero_when_absent, spec.params, text)
                   for text in texts if text)


def _reads_census(dataset: str, zero_when_absent: bool, params: tuple[Param, ...],
                  text: str) -> bool:
    qualified = _qualified(dataset, zero_when_absent, params, text)
    return any(column.table == "p" for column in qualified.find_all(exp.Column))


# A measure's expressions are rendered several times in one compile (its columns, the
# repeated-aggregate check, the cohort of each kind of column): ~0.2 s of sqlglot each time.
@lru_cache(maxsize=4096)
def _expression_sql(dataset: str, zero_when_absent: bool, params: tuple[Param, ...],
                    text: str) -> str:
    return _qualified(dataset, zero_when_absent, params, text).sql(dialect="duckdb")


@lru_cache(maxsize=4096)
def _qualified(dataset: str, zero_when_absent: bool, params: tuple[Param, ...],
               text: str) -> exp.Expr:
    """The expression checked, its columns qualified (d dataset, p census); callers read
    it and never change it."""
    scope = Scope(DATASETS[dataset])
    checked = check_expression(text, scope, {p.name: p for p in params}, None)
    if checked.node is None or checked.problems:
        raise ValueError(f"invalid expression {text!r}: {checked.problems}")
    return qualify(checked.node, scope, zero_when_absent)


def year_condition(column: str, spec: MeasureSpec, years: Sequence[int] | None,
                   span: YearRange | None = None) -> str:
    """`column` within `span` (default: the measure's years) and within `years`."""
    span = span or spec.years
    parts = [f"{column} >= {span.start}"]
    if span.end is not None:
        parts.append(f"{column} <= {span.end}")
    if span.excluded:
        parts.append(f"{column} NOT IN ({', '.join(str(y) for y in span.excluded)})")
    if years is not None:
        parts.append(f"{column} IN ({ints_sql(years)})")
    return " AND ".join(parts)


def cohort_condition(rel: Relation, spec: MeasureSpec, years: Sequence[int] | None) -> str:
    parts = [year_condition(f"{rel.key}.year", spec, years)]
    codes = spec.country.codes
    if len(codes) == 1:
        parts.append(f"s.country = {literal_sql(codes[0])}")
    if spec.cohort:
        parts.append(f"({rel.expression(spec, spec.cohort)})")
    return " AND ".join(parts)


def src_columns(rel: Relation, spec: MeasureSpec, i: int, years: Sequence[int] | None
                ) -> list[str]:
    cond = cohort_condition(rel, spec, years)
    e = rel.expression
    # Proportions use 0/1 flags: SUM(c * h) and SUM(c) aggregate faster than COUNT(CASE).
    if spec.kind is Kind.PROPORTION:
        return [f"CASE WHEN {cond} THEN 1 ELSE 0 END AS c_{i}",
                f"CASE WHEN {e(spec, spec.numerator or 'NULL')} THEN 1 ELSE 0 END AS h_{i}"]
    if spec.kind is Kind.TRANSITION:
        prior, outcome = e(spec, spec.prior or "NULL"), e(spec, spec.outcome or "NULL")
        return [f"CASE WHEN {cond} AND ({prior}) IS NOT NULL AND ({outcome}) IS NOT NULL "
                f"THEN 1 ELSE 0 END AS c_{i}",
                f"CASE WHEN ({outcome}) >= ({prior}) + {spec.steps} THEN 1 ELSE 0 END AS h_{i}"]
    if spec.kind in (Kind.MEAN, Kind.PERCENTILE_GAP):
        return [f"CASE WHEN {cond} THEN {e(spec, spec.value or 'NULL')} END AS v_{i}"]
    if spec.kind is Kind.RATE:
        return [f"CASE WHEN {cond} THEN {e(spec, spec.numerator or 'NULL')} END AS rn_{i}",
                f"CASE WHEN {cond} THEN {e(spec, spec.denominator or 'NULL')} END AS rd_{i}"]
    if spec.kind is Kind.PROGRESS:
        estimate = e(spec, spec.estimate_cohort) if spec.estimate_cohort else "TRUE"
        return [f"({cond}) AS c_{i}", f"{e(spec, spec.outcome or 'NULL')} AS o_{i}",
                f"{e(spec, spec.prior_group or 'NULL')} AS pg_{i}", f"({estimate}) AS e_{i}"]
    raise ValueError(f"{spec.kind} measures have no columns")


def rollup(spec: MeasureSpec, i: int) -> list[str]:
    """The aggregates again, summed over LA rows (every aggregate is a sum or a count)."""
    return [f"SUM(s.{name}) AS {name}" for name in _names(spec, i)]


def resummed(spec: MeasureSpec, i: int) -> list[str]:
    """The aggregates again, summed over rows that already hold them."""
    return [f"SUM({name}) AS {name}" for name in _names(spec, i)]


def _names(spec: MeasureSpec, i: int) -> list[str]:
    return [a.rsplit(" AS ", 1)[1] for a in aggregates(spec, i)]


def aggregates(spec: MeasureSpec, i: int) -> list[str]:
    if spec.kind in (Kind.PROPORTION, Kind.TRANSITION):
        return [f"SUM(c_{i} * h_{i}) AS n_{i}", f"SUM(c_{i}) AS d_{i}"]
    if spec.kind is Kind.MEAN:
        # A sum of squares rather than STDDEV_SAMP, so that areas can be rolled up from LAs.
        return [f"SUM(v_{i}) AS n_{i}", f"COUNT(v_{i}) AS d_{i}", f"SUM(v_{i} * v_{i}) AS sq_{i}"]
    if spec.kind is Kind.RATE:
        return [f"SUM(rn_{i}) AS n_{i}", f"SUM(rd_{i}) AS d_{i}"]
    if spec.kind is Kind.PROGRESS:
        squares = [f"SUM(s_{i} * s_{i}) AS sq_{i}"] if spec.sd == "group" else []
        return [f"SUM(s_{i}) AS n_{i}", f"COUNT(s_{i}) AS d_{i}", *squares]
    raise ValueError(f"{spec.kind} measures are not aggregated by grouping sets")


def progress_ctes(spec: MeasureSpec, i: int, source: str = "src") -> tuple[str, str]:
    """The national estimates CTE (mean outcome per year, country, prior group, from the
    pupil rows of CTE `source`) and the pupil score expression that uses it (of a row
    aliased `src`, with the optional outlier cap)."""
    published = spec.published_estimate_years
    worked = "" if not published else f" AND year NOT IN ({ints_sql(published)})"
    est = (f"est_{i} AS (SELECT year, country, pg_{i} AS pg, AVG(o_{i}) AS est, "
           f"STDDEV_SAMP(o_{i}) AS sd FROM {source} WHERE c_{i} AND e_{i} "
           f"AND pg_{i} IS NOT NULL "
           f"AND o_{i} IS NOT NULL{worked} GROUP BY year, country, pg_{i}")
    if published:  # no within-group SD is published, so no outlier cap for those years
        est += (f" UNION ALL SELECT year, country, prior_group AS pg, estimate AS est, "
                f"CAST(NULL AS DOUBLE) AS sd FROM {PUBLISHED_ESTIMATES} "
                f"{_published_where(spec)}")
    est += ")"
    raw = f"(src.o_{i} - est_{i}.est)"
    if spec.outlier_z is not None:
        z = spec.outlier_z
        when = (f"{year_condition('src.year', spec, None, spec.outlier_years)} AND "
                if spec.outlier_years is not None else "")
        raw = (f"(CASE WHEN {when}est_{i}.sd > 0 AND {raw} / est_{i}.sd < {z} "
               f"THEN est_{i}.sd * {z} ELSE {raw} END)")
    score = (f"CASE WHEN src.c_{i} AND src.o_{i} IS NOT NULL AND est_{i}.est IS NOT NULL "
             f"THEN {raw} / {spec.divisor} END AS s_{i}")
    return est, score


def progress_sd_cte(spec: MeasureSpec, i: int, scored: str = "scored") -> str:
    """National SD of pupil scores per year (and per pupil group with `sd: group`), from
    the pupils of CTE `scored`."""
    if spec.sd == "group":  # from the national sums, as for means
        return (f"psd_{i} AS (SELECT group_id, year, country, "
                f"{sample_sd(f'n_{i}', f'd_{i}', f'sq_{i}')} AS sd "
                f"FROM levels WHERE level = 'national')")
    published = spec.published_estimate_years
    worked = "" if not published else f"WHERE year NOT IN ({ints_sql(published)}) "
    sd = (f"psd_{i} AS (SELECT year, country, STDDEV_SAMP(s_{i}) AS sd FROM {scored} "
          f"{worked}GROUP BY year, country")
    if published:
        sd += (f" UNION ALL SELECT year, country, MAX(score_sd) AS sd FROM {PUBLISHED_ESTIMATES} "
               f"{_published_where(spec)} GROUP BY year, country")
    return sd + ")"


def _published_where(spec: MeasureSpec) -> str:
    return (f"WHERE measure_id = {literal_sql(spec.id)} AND year IN "
            f"({ints_sql(spec.published_estimate_years)})")


def sample_sd(total: str, count: str, squares: str) -> str:
    """Sample SD from a sum, a count and a sum of squares (columns that roll up by SUM)."""
    return (f"CASE WHEN {count} > 1 THEN SQRT(GREATEST(CAST({squares} AS DOUBLE) - "
            f"CAST({total} AS DOUBLE) * {total} / {count}, 0) / ({count} - 1)) END")


def output_arm(spec: MeasureSpec, i: int) -> str:
    """One measure's cells as (measure_id, ci kind, cell key, n, d, sd, v) for `cells`."""
    source, n, d, sd = "levels AS c", f"c.n_{i}", f"c.d_{i}", "NULL"
    ci = "none"
    value = f"CAST({n} AS DOUBLE) / {d}"
    if spec.kind in (Kind.PROPORTION, Kind.TRANSITION):
        ci, value = "wilson", f"100.0 * {n} / {d}"
    elif spec.kind is Kind.MEAN:
        ci, sd = "normal", sample_sd(n, d, f"c.sq_{i}")
    elif spec.kind is Kind.RATE:
        value = f"{spec.per} * {n} / {d}"
    elif spec.kind is Kind.PROGRESS:
        ci, sd = "normal", "q.sd"
        on = "q.year = c.year AND q.country = c.country"
        on += " AND q.group_id = c.group_id" if spec.sd == "group" else ""
        source = f"levels AS c LEFT JOIN psd_{i} AS q ON {on}"
    elif spec.kind is Kind.PERCENTILE_GAP:
        source, n = f"pa_{i} AS c", "NULL"
        value = "100 * (c.med - c.low) / NULLIF(c.med, 0)"
    else:
        raise ValueError(f"{spec.kind} measures are computed in stage 2")
    return (f"SELECT {literal_sql(spec.id)} AS measure_id, '{ci}' AS ci, c.year, c.level, "
            f"c.area_code, c.group_id, CAST({n} AS DOUBLE) AS n, CAST({d} AS DOUBLE) AS d, "
            f"CAST({sd} AS DOUBLE) AS sd, CAST({value} AS DOUBLE) AS v "
            f"FROM {source} WHERE {d} > 0 AND c.area_code IS NOT NULL")


def _wilson(sign: str) -> str:
    z, z2 = WILSON_Z, WILSON_Z * WILSON_Z
    return (f"100 * (p + {z2} / (2 * d) {sign} {z} * SQRT(p * (1 - p) / d + {z2} / (4 * d * d)))"
            f" / (1 + {z2} / d)")


def cells_cte(arms: list[str]) -> str:
    return f"cells AS (SELECT *, CAST(n AS DOUBLE) / d AS p FROM ({' UNION ALL '.join(arms)}) AS u)"


def output_select() -> str:
    """The rows of `cells` in the results contract, with their confidence intervals:
    Wilson for proportions, mean ± 1.96 × SD / √n for means and progress."""
    half = f"{NORMAL_Z} * sd / SQRT(d)"
    low = f"CASE ci WHEN 'wilson' THEN {_wilson('-')} WHEN 'normal' THEN v - {half} END"
    high = f"CASE ci WHEN 'wilson' THEN {_wilson('+')} WHEN 'normal' THEN v + {half} END"
    return ("SELECT CAST(measure_id AS VARCHAR) AS measure_id, CAST(year AS INTEGER) AS year, "
            "CAST(level AS VARCHAR) AS level, CAST(area_code AS VARCHAR) AS area_code, "
            "CAST(group_id AS VARCHAR) AS group_id, CAST(n AS DOUBLE) AS numerator, "
            "CAST(d AS DOUBLE) AS denominator, CAST(v AS DOUBLE) AS value, "
            f"CAST({low} AS DOUBLE) AS ci_low, CAST({high} AS DOUBLE) AS ci_high FROM cells")


def percentile_ctes(spec: MeasureSpec, i: int, scoped: bool = False) -> list[str]:
    """Per cell, the median and the mean of the lowest `percentile`% (n = ceil(count ×
    percentile / 100)) of the values, from their histogram: each distinct value's count
    `k` and the running count `upto` (values up to and including it). The value at
    0-based position p is the smallest whose `upto` exceeds p; the median averages
    positions floor((count - 1) / 2) and ceil((count - 1) / 2), as MEDIAN does; the lowest
    n take min(k, n - values before) of each value. Ranking every pupil in a window took
    two thirds of the EYFS query, whose points take few distinct values (BENCHMARKS.md).
    `scoped`: `base` holds only some LAs' pupils, so only school and LA cells."""
    v = f"v_{i}"
    arms = [
        f"SELECT group_id, year, 'school' AS level, CAST(urn AS VARCHAR) AS area_code, {v} AS v "
        f"FROM base WHERE {v} IS NOT NULL",
        f"SELECT group_id, year, 'la', la_code, {v} FROM base WHERE {v} IS NOT NULL",
    ]
    if not scoped:
        arms += [
            f"SELECT group_id, year, 'region', region_code, {v} FROM base "
            f"WHERE {v} IS NOT NULL AND region_code IS NOT NULL",
            f"SELECT group_id, year, 'national', {NATIONAL_AREA}, {v} FROM base "
            f"WHERE {v} IS NOT NULL",
            f"SELECT b.group_id, b.year, 'group_of_las', a.area_code, b.{v} FROM base AS b "
            f"JOIN areas AS a ON a.la_code = b.la_code AND a.level = 'group_of_las' "
            f"WHERE b.{v} IS NOT NULL",
        ]
    cell = "group_id, year, level, area_code"
    lowest = f"CEIL(cnt * {spec.percentile} / 100.0)"

    def at(position: str) -> str:
        return f"MIN(CASE WHEN upto > {position} THEN v END)"

    return [
        f"pl_{i} AS ({' UNION ALL '.join(arms)})",
        # v as DOUBLE: Spark would otherwise do the divisions below in DECIMAL(.., 6)
        f"ph_{i} AS (SELECT {cell}, CAST(v AS DOUBLE) AS v, COUNT(*) AS k FROM pl_{i} "
        f"GROUP BY {cell}, v)",
        f"pr_{i} AS (SELECT {cell}, v, k, SUM(k) OVER (PARTITION BY {cell} ORDER BY v "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto, "
        f"SUM(k) OVER (PARTITION BY {cell}) AS cnt FROM ph_{i})",
        f"pa_{i} AS (SELECT {cell}, MAX(cnt) AS d_{i}, "
        f"({at('FLOOR((cnt - 1) / 2.0)')} + {at('CEIL((cnt - 1) / 2.0)')}) / 2.0 AS med, "
        f"SUM(v * GREATEST(0, LEAST(k, {lowest} - (upto - k)))) / MAX({lowest}) AS low "
        f"FROM pr_{i} GROUP BY {cell})",
    ]
