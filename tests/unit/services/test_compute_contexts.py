"""The school contexts kept beside the cube (attain.services.compute_contexts).

Warehouse: schools 1 and 2 in LA 882, 3 and 4 in LA 999, all primary, in 2023 and 2024;
their rolls (the `pupils` context variable, one census row per pupil) are ROLLS.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from attain.services.compute_contexts import CONTEXTS_FILE, contexts_redrawn, save_contexts
from attain.similar.context import school_context
from attain.store.warehouse import Warehouse

ROLLS = {1: 10, 2: 12, 3: 15, 4: 30}
LA_OF = {1: "882", 2: "882", 3: "999", 4: "999"}


def _census(rolls: dict[int, int], years: tuple[int, ...] = (2023, 2024)) -> pa.Table:
    pupils = [(year, urn, f"{year}-{urn}-{i}") for year in years
              for urn, n in rolls.items() for i in range(n)]
    n = len(pupils)
    return pa.table({"year": [p[0] for p in pupils], "urn": [p[1] for p in pupils],
                     "pupil_id": [p[2] for p in pupils],
                     "la_code": [LA_OF[p[1]] for p in pupils], "fsm": [False] * n,
                     "disadvantaged": [False] * n, "sen": ["N"] * n, "eal": [False] * n})


@pytest.fixture()
def warehouse(tmp_path: Path) -> Warehouse:
    wh = Warehouse(tmp_path / "warehouse")
    with wh.transaction() as tx:
        tx.write("schools", pa.table({"urn": list(ROLLS), "la_code": list(LA_OF.values()),
                                      "name": list("ABCD"), "phase": ["primary"] * 4,
                                      "country": ["E"] * 4}))
        tx.write("pupils", _census(ROLLS))
    return wh


def _rolls(context: pa.Table) -> dict[tuple[int, int], int]:
    return {(r["year"], r["urn"]): r["pupils"] for r in context.to_pylist()}


def _grow(warehouse: Warehouse, more: dict[int, int]) -> None:
    """Census rows for `more` extra pupils at some schools, in both years."""
    with warehouse.transaction() as tx:
        tx.write("pupils", _census({u: ROLLS[u] + more.get(u, 0) for u in ROLLS}))


def test_saving_replaces_the_years_saved_only(warehouse: Warehouse, tmp_path: Path) -> None:
    results = tmp_path / "results"
    with warehouse.connect() as con:
        save_contexts(results, school_context(con, [2023, 2024]))
    _grow(warehouse, {1: 5})
    with warehouse.connect() as con:
        save_contexts(results, school_context(con, [2024]))
    stored = _rolls(pq.read_table(results / CONTEXTS_FILE))
    assert stored[(2023, 1)] == 10  # 2023 as first saved
    assert stored[(2024, 1)] == 15  # 2024 saved again: 10 + 5
    assert len(stored) == 8


def test_an_la_s_schools_come_from_the_census_the_others_as_stored(
        warehouse: Warehouse, tmp_path: Path) -> None:
    results = tmp_path / "results"
    with warehouse.connect() as con:
        save_contexts(results, school_context(con, [2023, 2024]))
    _grow(warehouse, {1: 5, 3: 7})  # one school of each LA grows after the compute
    with warehouse.connect() as con:
        redrawn = _rolls(contexts_redrawn(con, results, [2023, 2024], [1, 2]))
        fresh = _rolls(school_context(con, [2023, 2024]))
    assert redrawn[(2024, 1)] == 15  # LA 882's school 1: from the census now
    assert redrawn[(2024, 3)] == 15  # LA 999's school 3: as stored, not 22
    assert fresh[(2024, 3)] == 22
    assert redrawn.keys() == fresh.keys()


def test_a_year_not_stored_is_worked_out_whole(warehouse: Warehouse, tmp_path: Path) -> None:
    results = tmp_path / "results"
    with warehouse.connect() as con:
        save_contexts(results, school_context(con, [2023]))
    _grow(warehouse, {3: 7})
    with warehouse.connect() as con:
        redrawn = _rolls(contexts_redrawn(con, results, [2023, 2024], [1, 2]))
    assert redrawn[(2023, 3)] == 15  # stored
    assert redrawn[(2024, 3)] == 22  # no 2024 stored: every school from the census
