"""The Spark engine: the spark rendering of the compiled queries over the Parquet warehouse.

Each dataset is a temporary view over its Parquet files, read where they are (local disk,
or a path every executor sees on a cluster). Spark inlines a common table expression at
every place it is read, and the compiled GROUPING SETS queries read `levels` once per
measure: the plan then holds dozens of copies of the pupil joins and planning one query
took 14-45 s on a demo LA. So each CTE read twice or more runs as a step of its own whose
rows are checkpointed into a temporary view (`split_shared_ctes`); see BENCHMARKS.md,
"Engines". Rows stay in Spark until `fetch_results` hands `results_base` over as Arrow.
`spark.master` comes from ATTAIN_SPARK_MASTER (default local[2]).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pyarrow as pa
import sqlglot
from sqlglot import exp

from attain import settings
from attain.engines import RESULTS_BASE, Progress, Query, ordered
from attain.errors import InternalError, UserError
from attain.measures import RESULT_COLUMNS
from attain.store.warehouse import Warehouse, arrow_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

ENGINE = "Spark engine"
DIALECT = "spark"
SPARK_MASTER = settings.SPARK_MASTER
BASE_TYPES = ("STRING", "INT", "STRING", "STRING", "STRING") + ("DOUBLE",) * 5
RESULT_SCHEMA = pa.schema([(c, t) for c, t in zip(
    RESULT_COLUMNS, (pa.string(), pa.int32(), pa.string(), pa.string(), pa.string())
    + (pa.float64(),) * 5, strict=True)])
SESSION_CONFIG = {
    # The queries have DuckDB's semantics: x / 0 is NULL, not an error (ANSI mode, the
    # default from Spark 4, raises).
    "spark.sql.ansi.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    # With constraint propagation on, the union of the checkpointed query results failed
    # inside Spark 4.3.0 (Union.rewriteConstraints: "key not found: group_id#...") on the
    # Progress 8 fixture cases; the compiled queries have no filters it could add.
    "spark.sql.constraintPropagation.enabled": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}
# Only in local mode (measured at 10% of England, local[2]: BENCHMARKS.md, "Engines"):
# - few shuffle partitions: the default 200 costs more in task start-up than the
#   aggregation itself on one machine's data;
# - the executor lives in the driver JVM, so the driver heap is all there is: headroom for
#   the checkpointed steps above 10% of England (the default is 1g; at 10% the JVM peaked
#   at 1.6 GB resident with it, 2.7 GB with 4g, and GC time was the same);
# - C1 only (no C2 JIT): a run is many short generated plans, and C2 spent more CPU
#   compiling them than it saved (JVM CPU at 10%: 88 s instead of 119 s, start-up 12 s
#   instead of 19 s).
# Settings passed in `extra` (or an already running JVM) take precedence.
LOCAL_CONFIG = {
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "4g",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",
}
_SPARK_TYPES = {pa.int32(): "INT", pa.float64(): "DOUBLE", pa.string(): "STRING",
                pa.bool_(): "BOOLEAN", pa.date32(): "DATE"}


def java_missing() -> bool:
    """True when pyspark would find no `java` (JAVA_HOME/bin/java, else java on PATH)."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return not (Path(home) / "bin" / "java").exists()
    return shutil.which("java") is None


def session(master: str | None = None, app_name: str = "attain",
            extra: Mapping[str, str] | None = None) -> SparkSession:
    """The process's SparkSession (created on first use with SESSION_CONFIG and `extra`;
    JVM options in `extra` apply only if this call starts the JVM)."""
    master = master or SPARK_MASTER.value()
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UserError(f"the {ENGINE} needs pyspark, which is not installed",
                        fix="pip install pyspark (it needs a Java 17+ runtime too).") from None
    if java_missing():
        raise UserError(f"the {ENGINE} needs Java 17 or later and found no `java`",
                        fix="Install a Java runtime (Debian: apt-get install "
                        "default-jre-headless) or set JAVA_HOME to one.")
    builder = SparkSession.builder.master(master).appName(app_name)
    config = SESSION_CONFIG | (LOCAL_CONFIG if master.startswith("local") else {}) \
        | dict(extra or {})
    for key, value in config.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # py4j / JVM start-up errors share no useful base class
        raise UserError(f"the {ENGINE} could not start Spark with master {master!r}: "
                        f"{_first_line(err)}",
                        fix=f"Set {SPARK_MASTER.env} to local[N] or to a reachable cluster "
                        "master (spark://host:7077), and check `java -version` is 17+.") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return (text.splitlines()[0] if text else type(err).__name__)[:300]


def register_views(spark: SparkSession, warehouse: Warehouse,
                   years: Sequence[int] | None = None) -> None:
    """One temporary view per dataset over its Parquet files (only `years` for datasets
    partitioned by year); empty typed views for missing data."""
    for name, ds in warehouse.datasets.items():
        paths = warehouse.files(name, years)
        schema = ddl(arrow_schema(ds))
        if paths:
            frame = spark.read.schema(schema).parquet(*(p.as_posix() for p in paths))
        else:
            frame = spark.createDataFrame([], schema)
        frame.createOrReplaceTempView(name)


def ddl(schema: pa.Schema) -> str:
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)


@dataclass(frozen=True)
class Step:
    """One statement of a split query; `view` names the temporary view its rows become
    (None: the query's result)."""

    view: str | None
    sql: str


def split_shared_ctes(text: str) -> tuple[Step, ...]:
    """Spark SQL `text` as steps: one per CTE read twice or more (in definition order),
    then the final select; a CTE read once stays inline in the step that reads it."""
    tree = sqlglot.parse_one(text, read=DIALECT)
    bodies = {str(cte.alias): cte.this for cte in tree.ctes} \
        if isinstance(tree, exp.Query) else {}
    if not bodies:
        return (Step(None, text),)
    reads = _reads(tree, set(bodies))
    shared = {n for n in bodies if reads.count(n) >= 2}
    final = tree.copy()
    final.set(_with_key(final), None)
    ordered_steps = [(n, bodies[n]) for n in bodies if n in shared] + [(None, final)]
    return tuple(Step(view, _with_inline(body, bodies, shared))
                 for view, body in ordered_steps)


def _with_key(node: exp.Expr) -> str:
    return "with_" if "with_" in node.arg_types else "with"  # sqlglot >= 28 says with_


def _reads(node: exp.Expr, names: set[str]) -> list[str]:
    return [t.name for t in node.find_all(exp.Table) if t.name in names and not t.db]


def _with_inline(body: exp.Expr, bodies: dict[str, exp.Expr],
                 shared: set[str]) -> str:
    """`body` as SQL, with the single-use CTEs it needs (directly or through each other)."""
    names = set(bodies)
    wanted: set[str] = set()
    todo = [n for n in _reads(body, names) if n not in shared]
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += [n for n in _reads(bodies[name], names) if n not in shared]
    statement = body.copy()
    if wanted:
        ctes = [exp.CTE(this=bodies[n].copy(), alias=exp.TableAlias(this=exp.to_identifier(n)))
                for n in bodies if n in wanted]
        statement.set(_with_key(statement), exp.With(expressions=ctes))
    return statement.sql(dialect=DIALECT)


class SparkEngine:
    """Runs compiled queries in a SparkSession over a warehouse."""

    dialect = DIALECT

    def __init__(self, warehouse: Warehouse, *, years: Sequence[int] | None = None,
                 spark: SparkSession | None = None) -> None:
        self.spark = spark if spark is not None else session()
        self.warehouse = warehouse
        self.years = tuple(years) if years is not None else None
        self._views: set[str] = set()
        register_views(self.spark, warehouse, years)

    def run(self, queries: Sequence[Query], *, progress: Progress | None = None) -> int:
        """Run stage 0/1 queries, store their rows as `results_base`, then stage 2."""
        todo = ordered(queries)
        parts: list[DataFrame] = []
        base: DataFrame | None = None
        for done, query in enumerate(todo):
            if progress:
                progress(query.name, done / max(len(todo), 1))
            if query.stage == 2 and base is None:
                base = self._publish(parts)
                parts = [base]
            target = getattr(query, "materialize_as", None)
            frame = self._run_query(query, final_view=target)
            if not target:
                parts.append(frame)
        base = self._publish(parts)
        if progress:
            progress("done", 1.0)
        return int(base.count())

    def _run_query(self, query: Query, final_view: str | None = None) -> DataFrame:
        """The query's rows, checkpointed (its shared CTEs run first, each checkpointed)."""
        steps = split_shared_ctes(query.sql(self.dialect).strip().rstrip(";"))
        step_views: list[str] = []
        try:
            for step in steps:
                frame = self.spark.sql(step.sql)
                if step.view is None:
                    if final_view is None:
                        frame = frame.toDF(*RESULT_COLUMNS).selectExpr(*_result_casts())
                    frame = self._checkpoint(frame)
                    break
                self._checkpoint(frame).createOrReplaceTempView(step.view)
                step_views.append(step.view)
        except UserError:
            raise
        except Exception as err:  # AnalysisException, Py4JJavaError, ...
            self._raise(f"measure query {query.name}", err)
        finally:
            for view in step_views:
                self.spark.catalog.dropTempView(view)
        if final_view:
            frame.createOrReplaceTempView(final_view)
            self._views.add(final_view)
        return frame

    def _checkpoint(self, frame: DataFrame) -> DataFrame:
        # A local checkpoint is the rows with no plan behind them: later steps plan
        # against a leaf, not against the whole query again.
        return frame.localCheckpoint(eager=True)

    def _publish(self, parts: list[DataFrame]) -> DataFrame:
        """`results_base` := the union of `parts` (each already computed)."""
        base = self.spark.createDataFrame([], ddl(RESULT_SCHEMA))
        for part in parts:
            base = base.unionByName(part)
        try:
            base = self._checkpoint(base)
        except Exception as err:
            self._raise("collecting the results", err)
        base.createOrReplaceTempView(RESULTS_BASE)
        self._views.add(RESULTS_BASE)
        return base

    def _raise(self, what: str, err: BaseException) -> NoReturn:
        try:
            stopped = bool(self.spark.sparkContext._jsc.sc().isStopped())
        except Exception:  # the JVM itself is gone
            stopped = True
        if stopped:
            raise UserError(f"the {ENGINE} lost its Spark context (master "
                            f"{self.spark.sparkContext.master!r}) during {what}",
                            fix=f"Check {SPARK_MASTER.env} names a running master with free "
                            "executors, and the Spark logs.") from None
        raise InternalError(f"{what} failed in Spark: {str(err).strip()[:2000]}") from err

    def fetch_results(self) -> pa.Table:
        """`results_base` as Arrow, with exactly the compiler's result columns and types."""
        table = self.spark.table(RESULTS_BASE).select(*RESULT_COLUMNS).toArrow()
        return table.cast(RESULT_SCHEMA)

    def close(self) -> None:
        """Drop this engine's views; the session stays for the next engine in the process
        (starting a JVM costs seconds)."""
        for view in sorted(self._views):
            self.spark.catalog.dropTempView(view)
        self._views.clear()


def _result_casts() -> list[str]:
    return [f"CAST(`{c}` AS {t}) AS `{c}`" for c, t in zip(RESULT_COLUMNS, BASE_TYPES,
                                                           strict=True)]
