"""The same compiled catalogue gives the same `results_base` on DuckDB and PostgreSQL.

Inputs: every fixture case of tests/measures/cases (hand-worked warehouses) and a tiny demo
LA. DuckDB is the reference; the other engines must return the same keys, numbers equal
to 1e-9 (issue 11), nulls in the same places.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from attain.engines.duckdb import DuckDBEngine, arrow_table
from attain.engines.postgres import PostgresEngine, connect, load_warehouse
from attain.measures import RESULT_COLUMNS, CompiledQuery, compile_catalogue, load_catalogue
from attain.services.compute import countries_of, relevant_measures, resolve_years
from attain.store.warehouse import Warehouse

CASES_MODULE = Path(__file__).parents[1] / "measures" / "test_cases.py"
TOLERANCE = 1e-9
Key = tuple[Any, ...]


def _cases_module() -> Any:
    spec = importlib.util.spec_from_file_location("fixture_cases", CASES_MODULE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _cases_module()


def compiled(warehouse: Warehouse, measure_ids: Sequence[str] | None = None
             ) -> tuple[CompiledQuery, ...]:
    """The queries `attain compute` would run for this warehouse (every year it holds)."""
    catalogue = load_catalogue()
    years = resolve_years(warehouse, None)
    chosen = relevant_measures(catalogue, measure_ids, years, countries_of(warehouse))
    return compile_catalogue(catalogue, measure_ids=chosen, years=years, strategy="rollup")


def keyed(table: pa.Table) -> dict[Key, tuple[Any, ...]]:
    assert table.column_names == list(RESULT_COLUMNS)
    rows = [tuple(r.values()) for r in table.to_pylist()]
    result = {r[:5]: r[5:] for r in rows}
    assert len(result) == len(rows), "duplicate keys in results_base"
    return result


def differences(reference: dict[Key, tuple], other: dict[Key, tuple]) -> list[str]:
    problems = [f"missing {k}" for k in sorted(reference.keys() - other.keys(), key=str)[:5]]
    problems += [f"extra {k}" for k in sorted(other.keys() - reference.keys(), key=str)[:5]]
    for key in sorted(reference.keys() & other.keys(), key=str):
        for name, a, b in zip(RESULT_COLUMNS[5:], reference[key], other[key], strict=True):
            same = (a is None and b is None) or (
                a is not None and b is not None and math.isclose(a, b, rel_tol=0,
                                                                 abs_tol=TOLERANCE))
            if not same:
                problems.append(f"{key} {name}: duckdb {a}, other {b}")
    return problems[:20]


def run_duckdb(warehouse: Warehouse, queries: Sequence[CompiledQuery]) -> pa.Table:
    engine = DuckDBEngine(warehouse, years=resolve_years(warehouse, None))
    try:
        engine.run(queries)
        return arrow_table(engine.con, f"SELECT {', '.join(RESULT_COLUMNS)} FROM results_base")
    finally:
        engine.close()


def run_postgres(url: str, warehouse: Warehouse, queries: Sequence[CompiledQuery]) -> pa.Table:
    con = connect(url)
    try:
        load_warehouse(con, warehouse)
        engine = PostgresEngine(con=con)
        engine.run(queries)
        return engine.fetch_results()
    finally:
        con.close()


def case_warehouse(folder: Path, path: Path) -> tuple[Warehouse, list[str]]:
    case = CASES.load_case(path)
    CASES.build_warehouse(folder, case)
    return Warehouse(folder / "warehouse"), list(case["measures"])


def estimated_case(folder: Path, real_data: Path) -> tuple[Warehouse, tuple[CompiledQuery, ...]]:
    """The ready-reckoner case with DfE's 2024 estimates imported, compiled to read them
    (as `attain compute --pupils own` does)."""
    from attain.ingest.problems import ReadOptions
    from attain.services.imports import import_file

    (path,) = [p for p in CASES.case_files() if p.stem == "ks4_p8_dfe_ready_reckoner_2024"]
    warehouse, measures = case_warehouse(folder, path)
    estimates = real_data / "dfe-ks4-ready-reckoner-2024" / "p8_pupil_coefficients_file.csv"
    assert import_file(folder, estimates, options=ReadOptions(year=2024)).status == "imported"
    queries = compile_catalogue(load_catalogue(), measure_ids=measures, years=[2024, 2025],
                                strategy="rollup", published_estimates={"ks4_p8": [2024]})
    assert "progress_estimates" in queries[0].sql()
    return warehouse, queries


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    from attain.demo.service import generate

    folder = tmp_path_factory.mktemp("demo") / "data"
    generate(folder, scale=0.002, years=range(2018, 2020))
    return Warehouse(folder / "warehouse")


@pytest.fixture(scope="module")
def demo_reference(demo_warehouse: Warehouse) -> tuple[tuple[CompiledQuery, ...], dict]:
    queries = compiled(demo_warehouse)
    reference = keyed(run_duckdb(demo_warehouse, queries))
    assert len(reference) > 10_000  # the demo LA really produced a cube
    return queries, reference


@pytest.mark.postgres
@pytest.mark.parametrize("path", CASES.case_files(), ids=lambda p: p.stem)
def test_postgres_matches_duckdb_on_fixture_case(path: Path, tmp_path: Path,
                                                 postgres_url: str) -> None:
    warehouse, measures = case_warehouse(tmp_path, path)
    queries = compiled(warehouse, measures)
    reference = keyed(run_duckdb(warehouse, queries))
    assert reference
    assert differences(reference, keyed(run_postgres(postgres_url, warehouse, queries))) == []


@pytest.mark.postgres
def test_postgres_matches_duckdb_with_published_estimates(tmp_path: Path, real_data: Path,
                                                          postgres_url: str) -> None:
    warehouse, queries = estimated_case(tmp_path, real_data)
    reference = keyed(run_duckdb(warehouse, queries))
    assert reference
    assert differences(reference, keyed(run_postgres(postgres_url, warehouse, queries))) == []


@pytest.mark.postgres
def test_postgres_matches_duckdb_on_demo_la(demo_warehouse: Warehouse, demo_reference: tuple,
                                            postgres_url: str) -> None:
    queries, reference = demo_reference
    got = keyed(run_postgres(postgres_url, demo_warehouse, queries))
    assert differences(reference, got) == []
