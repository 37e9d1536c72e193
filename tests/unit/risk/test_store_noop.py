"""Saving a self-evaluation or a risk characteristic exactly as it is stored writes nothing
and audits nothing (issue 10); any difference is saved with before and after."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.risk import store
from attain.store import appdb
from attain.store.models import AuditEntry
from attain.store.risk_models import RiskCharacteristicRow, SelfEvaluationRow

GRADES = {"overall_effectiveness": 2, "achievement": 3, "teaching": 2,
          "behaviour_safety": 1, "leadership": 2}


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'attain.db'}"
    appdb.upgrade(database)
    return database


def _audit(url: str, entity: str) -> list[dict[str, object]]:
    engine = sa.create_engine(url)
    try:
        with Session(engine) as s:
            return [e.detail for e in s.scalars(sa.select(AuditEntry).where(
                AuditEntry.entity == entity).order_by(AuditEntry.id))]
    finally:
        engine.dispose()


def _recorded_by(url: str, table: type[SelfEvaluationRow] | type[RiskCharacteristicRow]
                 ) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with Session(engine) as s:
            return [r.recorded_by for r in s.scalars(sa.select(table))]
    finally:
        engine.dispose()


def test_an_unchanged_self_evaluation_is_not_saved_again(url: str) -> None:
    assert store.save_self_evaluation(url, 300, 2012, "autumn", GRADES, "head@school")
    assert not store.save_self_evaluation(url, 300, 2012, "autumn", dict(GRADES),
                                          "officer@la")
    assert len(_audit(url, "self_evaluation")) == 1
    assert _recorded_by(url, SelfEvaluationRow) == ["head@school"]  # the row is untouched


def test_a_changed_self_evaluation_or_validation_is_saved(url: str) -> None:
    store.save_self_evaluation(url, 300, 2012, "autumn", GRADES, "head@school")
    assert store.save_self_evaluation(url, 300, 2012, "autumn", GRADES, "officer@la",
                                      validated_by="SSP")
    assert store.save_self_evaluation(url, 300, 2012, "autumn", {**GRADES, "teaching": 3},
                                      "officer@la", validated_by="SSP")
    # the same grades for another term are a new record, not "unchanged"
    assert store.save_self_evaluation(url, 300, 2012, "spring", GRADES, "head@school")
    details = _audit(url, "self_evaluation")
    assert len(details) == 4
    assert details[2]["before"] == {**GRADES, "validated_by": "SSP"}
    assert details[2]["after"] == {**GRADES, "teaching": 3, "validated_by": "SSP"}


def test_an_unchanged_characteristic_is_not_saved_again(url: str) -> None:
    assert store.save_characteristic(url, 300, 2012, "new_head", True, "officer@la",
                                      note="Started in September")
    assert not store.save_characteristic(url, 300, 2012, "new_head", True, "other@la",
                                         note="Started in September")
    assert len(_audit(url, "risk_characteristic")) == 1
    assert _recorded_by(url, RiskCharacteristicRow) == ["officer@la"]


def test_a_changed_characteristic_or_note_is_saved_with_before_and_after(url: str) -> None:
    store.save_characteristic(url, 300, 2012, "new_head", True, "officer@la")
    assert store.save_characteristic(url, 300, 2012, "new_head", True, "officer@la",
                                      note="Acting head")
    assert store.save_characteristic(url, 300, 2012, "new_head", False, "officer@la",
                                     note="Acting head")
    assert store.save_characteristic(url, 301, 2012, "new_head", False, "officer@la")
    details = _audit(url, "risk_characteristic")
    assert len(details) == 4
    assert details[0]["before"] is None
    assert details[2]["before"] == {"present": True, "note": "Acting head"}
    assert details[2]["after"] == {"present": False, "note": "Acting head"}
