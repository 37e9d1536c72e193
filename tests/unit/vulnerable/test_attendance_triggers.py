"""Attendance intervention triggers: a fall of more than 1 point from the previous year."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from attain.services import vulnerable
from attain.store.warehouse import Warehouse
from attain.vulnerable.triggers import attendance_triggers


def test_only_falls_of_more_than_one_point_trigger() -> None:
    now = {1: 94.0, 2: 95.0, 3: 93.5, 4: 96.0}
    before = {1: 95.0, 2: 96.5, 3: 96.0}  # falls 1.0 (not more), 1.5, 2.5; 4 is new
    found = attendance_triggers(now, before, 2024)
    assert [(t.urn, t.fall) for t in found] == [(3, 2.5), (2, 1.5)]


def test_triggers_from_the_warehouse(tmp_path: Path) -> None:
    # School 1: 2023 15/300 absent = 95.0%, 2024 21/300 = 93.0% (falls 2 points).
    # School 2: 2023 15/300 = 95.0%, 2024 18/300 = 94.0% (falls 1.0: not more than 1).
    rows = [(2023, 1, 15), (2024, 1, 21), (2023, 2, 15), (2024, 2, 18)]
    table = pa.table({"year": [r[0] for r in rows], "pupil_id": ["p"] * 4,
                      "urn": [r[1] for r in rows], "la_code": ["882"] * 4,
                      "sessions_possible": [300] * 4, "sessions_authorised": [r[2] for r in rows],
                      "sessions_unauthorised": [0] * 4})
    Warehouse(tmp_path / "warehouse").write("attendance", table)
    found = vulnerable.attendance_triggers(tmp_path, 2024, "882")
    assert [t.urn for t in found] == [1]
    assert found[0].attendance == pytest.approx(93.0)
    assert found[0].fall == pytest.approx(2.0)
