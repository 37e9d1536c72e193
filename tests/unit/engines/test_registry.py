"""Choosing an engine by name, its errors, and handing its rows to the DuckDB pipeline."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from attain.engines.duckdb import arrow_table
from attain.engines.registry import (
    EngineName,
    OpenEngine,
    engine_name,
    open_engine,
    results_into_duckdb,
)
from attain.errors import UserError
from attain.measures import RESULT_COLUMNS
from attain.store.warehouse import Warehouse
from engine_fixtures import FakeQuery, tiny_warehouse

# Pupils per year: 2018 has 1, 2019 has 2 (the warehouse below).
COUNT_PER_YEAR = FakeQuery("count", 1, """
    SELECT 'pupils' AS measure_id, year, 'national' AS level, 'E92000001' AS area_code,
           'all' AS group_id, count(*) AS numerator, count(*) AS denominator,
           100.0 AS value, NULL AS ci_low, NULL AS ci_high
    FROM ks2 GROUP BY year""")


def _warehouse(root: Path) -> Warehouse:
    return tiny_warehouse(root, schools={"urn": [1], "name": ["One"], "la_code": ["882"],
                                         "country": ["E"]})


class RowsEngine:
    """An engine whose rows are already computed (what PostgreSQL and Spark hand over)."""

    dialect = "spark"

    def __init__(self, rows: pa.Table) -> None:
        self.rows = rows

    def fetch_results(self) -> pa.Table:
        return self.rows

    def close(self) -> None:
        pass


def test_engine_names_are_the_three_engines() -> None:
    assert [str(e) for e in EngineName] == ["duckdb", "postgres", "spark"]
    assert engine_name(" Spark ") is EngineName.SPARK


def test_unknown_engine_is_a_user_error_listing_the_engines(tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        open_engine("oracle", _warehouse(tmp_path), [2019])
    assert "oracle" in err.value.what
    assert "duckdb, postgres, spark" in err.value.fix


def test_duckdb_hands_over_its_own_connection(tmp_path: Path) -> None:
    engine = open_engine("duckdb", _warehouse(tmp_path), [2019])
    try:
        assert engine.run([COUNT_PER_YEAR]) == 1  # only 2019 is read
        con = results_into_duckdb(engine)
        assert con is engine.engine.con
        rows = arrow_table(con, "SELECT year, numerator FROM results_base").to_pylist()
        assert rows == [{"year": 2019, "numerator": 2.0}]
    finally:
        engine.close()


def test_other_engines_rows_arrive_in_duckdb_with_the_warehouse(tmp_path: Path) -> None:
    rows = pa.table({c: [v] for c, v in zip(RESULT_COLUMNS, (
        "m", 2019, "school", "1", "all", 1.0, 2.0, 50.0, None, None), strict=True)})
    opened = OpenEngine(EngineName.SPARK, RowsEngine(rows), _warehouse(tmp_path), (2019,))
    con = results_into_duckdb(opened)
    got = arrow_table(con, "SELECT * FROM results_base").to_pylist()
    assert got == rows.to_pylist()
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'results_base'").fetchall())
    assert types["year"] == "INTEGER" and types["value"] == "DOUBLE"
    # The pipeline after the engine joins the warehouse (schools for school partitions).
    assert con.execute("SELECT count(*) FROM schools").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM ks2").fetchall() == [(2,)]
    opened.close()  # closes the connection it handed over too
    with pytest.raises(duckdb.Error):
        con.execute("SELECT 1")


def test_postgres_without_a_url_names_the_setting(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_WAREHOUSE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    with pytest.raises(UserError) as err:
        open_engine("postgres", _warehouse(tmp_path), [2019])
    assert "PostgreSQL engine" in err.value.what
    assert "ATTAIN_WAREHOUSE_URL" in err.value.fix


def test_unreachable_postgres_names_the_engine_and_hides_the_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 1 on this machine refuses connections at once.
    monkeypatch.setenv("ATTAIN_WAREHOUSE_URL", "postgresql://attain:secret@127.0.0.1:1/attain")
    with pytest.raises(UserError) as err:
        open_engine("postgres", _warehouse(tmp_path), [2019])
    assert "PostgreSQL engine" in err.value.what and "127.0.0.1:1" in err.value.what
    assert "secret" not in err.value.what
    assert "ATTAIN_WAREHOUSE_URL" in err.value.fix


def test_spark_without_java_names_the_engine(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-java-here"))
    with pytest.raises(UserError) as err:
        open_engine("spark", _warehouse(tmp_path), [2019])
    assert "Spark engine" in err.value.what
    assert "Java" in err.value.fix or "pyspark" in err.value.fix
