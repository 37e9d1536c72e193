"""`attain compute --engine postgres` writes the same results cube as the embedded DuckDB.

The measure queries run on PostgreSQL (after the warehouse load); suppression, comparisons
and the write run in DuckDB either way, so the two cubes must agree row for row: the same
keys, numbers within 1e-9 and the same suppression reasons (issue 11).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_engine_parity import CASES

from attain.errors import UserError
from attain.services.compute import compute, results_warehouse
from engine_fixtures import load_into_postgres

KEY = ("measure_id", "year", "level", "area_code", "group_id")
# A fixture case with small cells (suppression and complementary suppression happen) and
# one with progress scores against national estimates.
CASE_NAMES = ("ks2_levels_2011_2013", "ks4_p8_dfe_ready_reckoner_2024")


def cube_rows(folder: Path) -> dict[tuple[Any, ...], dict[str, Any]]:
    rows = results_warehouse(folder).read("results").to_pylist()
    return {tuple(r[k] for k in KEY): r for r in rows}


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return bool(a == b)


@pytest.mark.postgres
@pytest.mark.parametrize("name", CASE_NAMES)
def test_compute_on_postgres_writes_the_duckdb_cube(name: str, tmp_path: Path,
                                                    postgres_url: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (path,) = [p for p in CASES.case_files() if p.stem == name]
    case = CASES.load_case(path)
    on_duckdb, on_postgres = tmp_path / "duckdb", tmp_path / "postgres"
    CASES.build_warehouse(on_duckdb, case)
    shutil.copytree(on_duckdb, on_postgres)
    load_into_postgres(on_postgres, postgres_url, monkeypatch)

    compute(on_duckdb, measure_ids=case["measures"])
    compute(on_postgres, measure_ids=case["measures"], engine="postgres")

    reference, got = cube_rows(on_duckdb), cube_rows(on_postgres)
    assert reference and got.keys() == reference.keys()
    assert any(r["suppressed"] for r in reference.values()) or name.startswith("ks4")
    different = [(key, column) for key, row in reference.items() for column in row
                 if not same(row[column], got[key][column])]
    assert different == []


def test_an_unreachable_engine_is_a_user_error_and_the_results_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (path,) = [p for p in CASES.case_files() if p.stem == CASE_NAMES[0]]
    case = CASES.load_case(path)
    CASES.build_warehouse(tmp_path, case)
    compute(tmp_path, measure_ids=case["measures"])
    before = cube_rows(tmp_path)
    # port 1 on loopback: nothing listens there
    monkeypatch.setenv("ATTAIN_WAREHOUSE_URL", "postgresql://attain@127.0.0.1:1/none")
    with pytest.raises(UserError, match="ATTAIN_WAREHOUSE_URL"):
        compute(tmp_path, measure_ids=case["measures"], engine="postgres")
    assert cube_rows(tmp_path) == before
