"""The same compiled catalogue gives the same results on Spark as on DuckDB (issue 11).

Inputs: every fixture case of tests/measures/cases (hand-worked warehouses) and a tiny demo
LA. DuckDB is the reference. Spark must return the same `results_base` keys, numbers equal
to 1e-9 and nulls in the same places; after suppression (the compute pipeline's
attain.services.compute_cube, run on the rows each engine hands over) the same cells must be
suppressed for the same reasons. Runs pyspark in local mode: a missing pyspark or Java is
a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from test_engine_parity import (
    CASES,
    case_warehouse,
    compiled,
    differences,
    estimated_case,
    keyed,
    run_duckdb,
)

from attain.engines.duckdb import arrow_table
from attain.engines.registry import open_engine, results_into_duckdb
from attain.engines.spark import SparkEngine
from attain.errors import UserError
from attain.measures import CompiledQuery, load_catalogue
from attain.services import compute_cube
from attain.stats.suppression import SuppressionRule
from attain.store.warehouse import Warehouse

# One JVM per test process: with `pytest -n 2 --dist loadgroup` every Spark test runs in
# the same worker (starting Spark costs ~18 s of CPU).
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]
CUBE_KEY = ("measure_id", "year", "level", "area_code", "group_id")


# C1 only: a short test run spends less CPU compiling than it wins from C2 (the whole
# Spark test run took 219 s of JVM CPU instead of 284 s, BENCHMARKS.md "Engines").
TEST_JVM = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1"}


@pytest.fixture(scope="module")
def spark() -> Any:
    """The process's local Spark session; a missing pyspark or Java fails the test."""
    from attain.engines.spark import session

    try:
        return session("local[2]", extra=TEST_JVM)
    except UserError as err:
        pytest.fail(f"Spark is needed here (CI installs pyspark with .[dev] and Java with "
                    f"scripts/system-deps.sh): {err.what}. {err.fix}")


def run_spark(spark: Any, warehouse: Warehouse, queries: Sequence[CompiledQuery]) -> pa.Table:
    from attain.services.compute import resolve_years

    engine = SparkEngine(warehouse, years=resolve_years(warehouse, None), spark=spark)
    try:
        engine.run(queries)
        return engine.fetch_results()
    finally:
        engine.close()


def suppressed_cells(con: duckdb.DuckDBPyConnection) -> dict[tuple, str]:
    """The cube's suppressed cells and why, after the compute pipeline's suppression."""
    compute_cube.build(con, load_catalogue(), SuppressionRule())
    rows = arrow_table(con, f"SELECT {', '.join(CUBE_KEY)}, suppressed FROM cube "
                       "WHERE suppressed IS NOT NULL").to_pylist()
    return {tuple(r[k] for k in CUBE_KEY): r["suppressed"] for r in rows}


@pytest.mark.parametrize("path", CASES.case_files(), ids=lambda p: p.stem)
def test_spark_matches_duckdb_on_fixture_case(path: Path, tmp_path: Path, spark: Any) -> None:
    warehouse, measures = case_warehouse(tmp_path, path)
    queries = compiled(warehouse, measures)
    reference = keyed(run_duckdb(warehouse, queries))
    assert reference
    assert differences(reference, keyed(run_spark(spark, warehouse, queries))) == []


def test_spark_matches_duckdb_with_published_estimates(tmp_path: Path, real_data: Path,
                                                       spark: Any) -> None:
    warehouse, queries = estimated_case(tmp_path, real_data)
    reference = keyed(run_duckdb(warehouse, queries))
    assert reference
    assert differences(reference, keyed(run_spark(spark, warehouse, queries))) == []


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    from attain.demo.service import generate

    folder = tmp_path_factory.mktemp("demo") / "data"
    generate(folder, scale=0.002, years=range(2018, 2020))
    return Warehouse(folder / "warehouse")


def test_spark_matches_duckdb_on_one_la_s_rows(demo_warehouse: Warehouse, spark: Any) -> None:
    # `attain compute --la 882 --engine spark`: the queries of one LA's rows (progress
    # still scored against every pupil) give DuckDB's rows on Spark too
    from attain.measures import compile_catalogue
    from attain.services.compute import countries_of, relevant_measures, resolve_years

    catalogue = load_catalogue()
    years = resolve_years(demo_warehouse, None)
    queries = compile_catalogue(
        catalogue, measure_ids=relevant_measures(catalogue, None, years,
                                                 countries_of(demo_warehouse)),
        years=years, strategy="rollup", scope_las=["882"])
    reference = keyed(run_duckdb(demo_warehouse, queries))
    assert {k[2] for k in reference} == {"school", "la"}
    assert any(k[0] == "ks2_read_progress" for k in reference)
    assert differences(reference, keyed(run_spark(spark, demo_warehouse, queries))) == []


def test_spark_matches_duckdb_on_demo_la(demo_warehouse: Warehouse, spark: Any) -> None:
    from attain.services.compute import resolve_years

    queries = compiled(demo_warehouse)
    years = resolve_years(demo_warehouse, None)
    reference = open_engine("duckdb", demo_warehouse, years)
    other = open_engine("spark", demo_warehouse, years)  # the running local session
    assert isinstance(other.engine, SparkEngine)
    try:
        reference.run(queries)
        other.run(queries)
        duck_con, spark_con = results_into_duckdb(reference), results_into_duckdb(other)
        base = f"SELECT {', '.join(CUBE_KEY)}, numerator, denominator, value, ci_low, " \
               "ci_high FROM results_base"
        expected = keyed(arrow_table(duck_con, base))
        assert len(expected) > 10_000  # the demo LA really produced a cube
        assert differences(expected, keyed(arrow_table(spark_con, base))) == []
        hidden = suppressed_cells(duck_con)
        assert hidden  # the demo LA has small groups, so some cells are suppressed
        assert suppressed_cells(spark_con) == hidden
    finally:
        reference.close()
        other.close()
