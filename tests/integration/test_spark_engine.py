"""The Spark engine: how it splits compiled queries, and how it runs them (local Spark).

Needs pyspark and Java 17+ (`pip install -e '.[dev]'`, scripts/system-deps.sh): without
them these tests fail with the reason, they never skip.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from attain.engines.spark import SparkEngine, split_shared_ctes
from attain.errors import UserError
from attain.store.warehouse import Warehouse
from engine_fixtures import FakeQuery, tiny_warehouse

# One JVM per test process: with `pytest -n 2 --dist loadgroup` every Spark test runs in
# the same worker (starting Spark costs ~18 s of CPU).
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


def test_a_cte_read_twice_becomes_a_step_and_one_read_once_stays_inline() -> None:
    sql = ("WITH a AS (SELECT 1 AS x), u AS (SELECT 2 AS y), "
           "b AS (SELECT * FROM a CROSS JOIN u), "
           "c AS (SELECT b.x FROM b JOIN b AS b2 ON b.x = b2.x) "
           "SELECT * FROM c UNION ALL SELECT * FROM c UNION ALL SELECT x FROM a")
    steps = split_shared_ctes(sql)
    # a is read by b and by the final select; b twice by c; c twice by the final select.
    assert [s.view for s in steps] == ["a", "b", "c", None]
    assert steps[0].sql == "SELECT 1 AS x"
    assert steps[1].sql == "WITH u AS (SELECT 2 AS y) SELECT * FROM a CROSS JOIN u"
    assert "WITH" not in steps[2].sql and "WITH" not in steps[3].sql


def test_single_use_ctes_are_carried_with_what_they_need() -> None:
    sql = ("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a), c AS (SELECT x FROM b) "
           "SELECT * FROM c")
    (step,) = split_shared_ctes(sql)
    assert step.view is None
    assert step.sql == ("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a), "
                        "c AS (SELECT x FROM b) SELECT * FROM c")


def test_a_query_without_ctes_is_one_step() -> None:
    assert [s.view for s in split_shared_ctes("SELECT 1 AS x")] == [None]


# Pupils per year, computed through a CTE read twice (so it runs as a separate step).
COUNT_PER_YEAR = FakeQuery("count", 1, """
    WITH per_year AS (SELECT year, count(*) AS n FROM ks2 GROUP BY year)
    SELECT 'pupils' AS measure_id, p.year, 'national' AS level, 'E92000001' AS area_code,
           'all' AS group_id, p.n AS numerator, q.n AS denominator,
           100.0 AS value, NULL AS ci_low, NULL AS ci_high
    FROM per_year AS p JOIN per_year AS q ON q.year = p.year""")
DOUBLED = FakeQuery("doubled", 2, """
    SELECT 'doubled', year, level, area_code, group_id, NULL, NULL, 2 * numerator, NULL, NULL
    FROM results_base WHERE measure_id = 'pupils'""")
PREPARE = FakeQuery("prepare", 0, "SELECT year, pupil_id FROM ks2 WHERE urn = 1",
                    materialize_as="prepared_ks2")
FROM_PREPARED = FakeQuery("from_prepared", 1, """
    SELECT 'prepared', year, 'national', 'E92000001', 'all', count(*), count(*), 1.0,
           NULL, NULL FROM prepared_ks2 GROUP BY year""")


# C1 only: a short test run spends less CPU compiling than it wins from C2 (the whole
# Spark test run took 219 s of JVM CPU instead of 284 s, BENCHMARKS.md "Engines").
TEST_JVM = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"}


@pytest.fixture(scope="module")
def spark() -> object:
    """The process's local Spark session; a missing pyspark or Java fails the test."""
    from attain.engines.spark import session

    try:
        return session("local[2]", extra=TEST_JVM)
    except UserError as err:
        pytest.fail(f"Spark is needed here (CI installs pyspark with .[dev] and Java with "
                    f"scripts/system-deps.sh): {err.what}. {err.fix}")


def _warehouse(root: Path) -> Warehouse:
    return tiny_warehouse(root, urns=(1, 1, 2))


def _rows(engine: SparkEngine) -> set[tuple]:
    table = engine.fetch_results()
    return {(r["measure_id"], r["year"], r["numerator"]) for r in table.to_pylist()}


def test_stage_two_reads_stage_one_whatever_the_order(tmp_path: Path, spark: object) -> None:
    engine = SparkEngine(_warehouse(tmp_path), spark=spark)  # type: ignore[arg-type]
    try:
        assert engine.run([DOUBLED, COUNT_PER_YEAR]) == 4
        assert _rows(engine) == {("pupils", 2018, 1.0), ("pupils", 2019, 2.0),
                                 ("doubled", 2018, None), ("doubled", 2019, None)}
        table = engine.fetch_results()
        assert table.schema.field("year").type == pa.int32()
        doubled = {r["year"]: r["value"] for r in table.to_pylist()
                   if r["measure_id"] == "doubled"}
        assert doubled == {2018: 2.0, 2019: 4.0}  # 2 × pupils that year
    finally:
        engine.close()


def test_years_restrict_what_the_views_read(tmp_path: Path, spark: object) -> None:
    engine = SparkEngine(_warehouse(tmp_path), years=[2019], spark=spark)  # type: ignore[arg-type]
    try:
        assert engine.run([COUNT_PER_YEAR]) == 1
        assert _rows(engine) == {("pupils", 2019, 2.0)}
    finally:
        engine.close()


def test_stage_zero_tables_are_read_by_stage_one(tmp_path: Path, spark: object) -> None:
    engine = SparkEngine(_warehouse(tmp_path), spark=spark)  # type: ignore[arg-type]
    try:
        assert engine.run([FROM_PREPARED, PREPARE]) == 2  # URN 1 has one pupil a year
        assert _rows(engine) == {("prepared", 2018, 1.0), ("prepared", 2019, 1.0)}
    finally:
        engine.close()


def test_a_failing_query_is_an_internal_error_naming_it(tmp_path: Path, spark: object) -> None:
    from attain.errors import InternalError

    broken = FakeQuery("broken", 1, "SELECT no_such_column FROM ks2")
    engine = SparkEngine(_warehouse(tmp_path), spark=spark)  # type: ignore[arg-type]
    try:
        with pytest.raises(InternalError, match="broken"):
            engine.run([broken])
    finally:
        engine.close()
