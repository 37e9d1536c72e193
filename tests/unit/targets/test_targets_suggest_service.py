"""Suggested targets from the results cube and the school's similar-schools family."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from attain.errors import UserError
from attain.services import targets
from attain.services.compute import results_warehouse
from attain.store.warehouse import Warehouse

URNS = [100001, 100002, 100003, 100004, 100005]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    # Roll sizes 2..6, so by size alone 100001's nearest three are 100002-100004.
    rows = [(u, f"{u}-{i}") for k, u in enumerate(URNS) for i in range(k + 2)]
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("schools", pa.table({"urn": URNS, "la_code": ["882"] * 5, "name": list("ABCDE"),
                                      "phase": ["secondary"] * 5, "country": ["E"] * 5}))
        tx.write("pupils", pa.table({"year": [2024] * len(rows), "pupil_id": [r[1] for r in rows],
                                     "urn": [r[0] for r in rows], "la_code": ["882"] * len(rows),
                                     "fsm": [True] * len(rows)}))
    # Persistent absence of FSM pupils: the school 20, 19, 18; family in 2024 10, 14, 18;
    # 100005 (not in the family) 2.
    cube = [(100001, 2022, 20.0), (100001, 2023, 19.0), (100001, 2024, 18.0),
            (100002, 2024, 10.0), (100003, 2024, 14.0), (100004, 2024, 18.0),
            (100005, 2024, 2.0)]
    keys = {"measure_id": ["abs_persistent"] * len(cube), "year": [c[1] for c in cube],
            "level": ["school"] * len(cube), "area_code": [str(c[0]) for c in cube],
            "group_id": ["fsm"] * len(cube)}
    with results_warehouse(tmp_path).transaction() as tx:
        tx.write("results", pa.table({**keys, "value": [c[2] for c in cube]}))
        # services.results.read needs a comparisons file beside the results.
        tx.write("comparisons", pa.table(keys))
    return tmp_path


def test_suggested_persistent_absence_targets_for_fsm_pupils(folder: Path) -> None:
    found = targets.suggest_targets(folder, 100001, "abs_persistent", 2024, group_id="fsm",
                                    family_size=3, variables=("pupils",))
    assert found.family == ["100002", "100003", "100004"]
    # Lower is better: goal = 25th percentile of 10, 14, 18 = 12; 18 - 6k/3 = 16, 14, 12
    # beats the school's own trend (-1 a year: 17, 16, 15).
    assert [(t.year, t.value) for t in found.targets] == [(2025, 16.0), (2026, 14.0),
                                                          (2027, 12.0)]


def test_unknown_measure_is_a_user_error(folder: Path) -> None:
    with pytest.raises(UserError, match="unknown measure"):
        targets.suggest_targets(folder, 100001, "no_such", 2024)


def test_suggested_persistent_absence_targets_for_looked_after_pupils(folder: Path) -> None:
    # Seed 002 asks for three-year targets for e-FSM and looked-after pupils. Looked-after
    # pupils' persistent absence: the school 30, 27, 24 (least-squares slope -3 a year); its
    # family (100002-100004, by size as above) 30, 34, 38 in 2024, so the goal is their 25th
    # percentile, 32: worse than the school already is. The trend wins: 24 - 3k = 21, 18, 15.
    cube = [(100001, 2022, 30.0), (100001, 2023, 27.0), (100001, 2024, 24.0),
            (100002, 2024, 30.0), (100003, 2024, 34.0), (100004, 2024, 38.0)]
    keys = {"measure_id": ["abs_persistent"] * len(cube), "year": [c[1] for c in cube],
            "level": ["school"] * len(cube), "area_code": [str(c[0]) for c in cube],
            "group_id": ["lac"] * len(cube)}
    with results_warehouse(folder).transaction() as tx:
        tx.write("results", pa.table({**keys, "value": [c[2] for c in cube]}))
        tx.write("comparisons", pa.table(keys))
    found = targets.suggest_targets(folder, 100001, "abs_persistent", 2024, group_id="lac",
                                    family_size=3, variables=("pupils",))
    assert found.family == ["100002", "100003", "100004"]
    assert [(t.year, t.value) for t in found.targets] == [
        (2025, pytest.approx(21.0)), (2026, pytest.approx(18.0)), (2027, pytest.approx(15.0))]
    assert {t.goal for t in found.targets} == {32.0}
