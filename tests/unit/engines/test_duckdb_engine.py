"""The DuckDB engine runs compiled queries into `results_base` without fetching rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from attain.engines.duckdb import DuckDBEngine, arrow_table
from attain.errors import InternalError
from attain.store.warehouse import Warehouse
from engine_fixtures import FakeQuery, tiny_warehouse

COUNT_PER_YEAR = FakeQuery("count", 1, """
    SELECT 'pupils' AS measure_id, year, 'national' AS level, 'E92000001' AS area_code,
           'all' AS group_id, count(*) AS numerator, count(*) AS denominator,
           100.0 AS value, NULL AS ci_low, NULL AS ci_high
    FROM ks2 GROUP BY year""")
DOUBLED = FakeQuery("doubled", 2, """
    SELECT 'doubled', year, level, area_code, group_id, NULL, NULL, 2 * numerator, NULL, NULL
    FROM results_base WHERE measure_id = 'pupils';""")


def _warehouse(root: Path) -> Warehouse:
    return tiny_warehouse(root)


def _rows(engine: DuckDBEngine) -> set[tuple]:
    table = arrow_table(engine.con, "SELECT measure_id, year, value FROM results_base")
    return {tuple(r.values()) for r in table.to_pylist()}


def test_stage_two_runs_after_stage_one_whatever_the_order(tmp_path: Path) -> None:
    engine = DuckDBEngine(_warehouse(tmp_path))
    assert engine.run([DOUBLED, COUNT_PER_YEAR]) == 4
    assert _rows(engine) == {("pupils", 2018, 100.0), ("pupils", 2019, 100.0),
                             ("doubled", 2018, 2.0), ("doubled", 2019, 4.0)}


def test_years_restrict_what_the_views_read(tmp_path: Path) -> None:
    engine = DuckDBEngine(_warehouse(tmp_path), years=[2019], materialise=True)
    engine.run([COUNT_PER_YEAR])
    assert _rows(engine) == {("pupils", 2019, 100.0)}


def test_missing_dataset_is_an_empty_typed_view(tmp_path: Path) -> None:
    engine = DuckDBEngine(_warehouse(tmp_path))
    assert engine.run([FakeQuery("ks4", 1, COUNT_PER_YEAR.text.replace("ks2", "ks4"))]) == 0


def test_progress_reports_each_query_then_done(tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    DuckDBEngine(_warehouse(tmp_path)).run([COUNT_PER_YEAR, DOUBLED],
                                           progress=lambda s, f: seen.append((s, f)))
    assert seen == [("count", 0.0), ("doubled", 0.5), ("done", 1.0)]


def test_failing_query_names_itself(tmp_path: Path) -> None:
    engine = DuckDBEngine(_warehouse(tmp_path))
    with pytest.raises(InternalError, match="broken"):
        engine.run([FakeQuery("broken", 1, "SELECT no_such_column FROM ks2")])


def test_queries_run_at_once_all_land_before_stage_two(tmp_path: Path) -> None:
    # Five stage-1 queries run two at a time, each on its own cursor. Per year the
    # tiny warehouse has 1 pupil in 2018 and 2 in 2019 (as above), so the sum of the five
    # counts is 5 and 10.
    counts = [FakeQuery(f"count{i}", 1, COUNT_PER_YEAR.text.replace("'pupils'", f"'c{i}'"))
              for i in range(5)]
    total = FakeQuery("total", 2, """
        SELECT 'total', year, 'national', 'E92000001', 'all', sum(numerator), NULL,
               sum(numerator), NULL, NULL
        FROM results_base WHERE measure_id LIKE 'c%' GROUP BY year""")
    engine = DuckDBEngine(_warehouse(tmp_path))
    assert engine.run([total, *counts]) == 12
    assert {r for r in _rows(engine) if r[0] == "total"} == {("total", 2018, 5.0),
                                                           ("total", 2019, 10.0)}
