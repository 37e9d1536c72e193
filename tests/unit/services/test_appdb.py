"""Creating the app database and copying the schools registry into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
import sqlalchemy as sa

from attain.errors import UserError
from attain.services import appdb as service
from attain.store.warehouse import Warehouse

# A hand-made registry: two LAs, three schools, one an academy converted from another.
LAS = {
    "la_code": ["882", "881"],
    "new_la_code": ["E06000033", "E10000012"],
    "la_name": ["Southend-on-Sea", "Essex"],
    "region_code": ["E12000006", "E12000006"],
    "region_name": ["East of England", "East of England"],
    "country": ["E", "E"],
}
SCHOOLS = {
    "urn": [114900, 137000, 115001],
    "laestab": [8822001, 8822002, 8812003],
    "la_code": ["882", "882", "881"],
    "name": ["Old Road Primary", "Old Road Academy", "Church Lane Infant"],
    "phase": ["primary", "primary", "infant"],
    "type": ["community", "academy converter", "voluntary aided"],
    "is_academy": [False, True, False],
    "open_date": [None, dt.date(2011, 9, 1), None],
    "close_date": [dt.date(2011, 8, 31), None, None],
    "predecessor_urn": [None, 114900, None],
    "country": ["E", "E", "E"],
}


@pytest.fixture(autouse=True)
def _sqlite_in_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)


def _write_registry(folder: Path, schools: dict[str, list[object]] | None = None,
                    las: dict[str, list[object]] | None = None) -> None:
    warehouse = Warehouse(folder / "warehouse")
    warehouse.write("las", pa.table(las or LAS))
    warehouse.write("schools", pa.table(schools or SCHOOLS))


def _rows(folder: Path, sql: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(f"sqlite:///{folder / 'attain.db'}")
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.exec_driver_sql(sql)]
    finally:
        engine.dispose()


def test_init_database_creates_it_at_the_newest_revision(tmp_path: Path) -> None:
    revision = service.init_database(tmp_path)
    state = service.database_state(tmp_path)
    assert revision == state.revision and state.up_to_date
    assert (tmp_path / "attain.db").is_file()


def test_init_database_needs_the_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        service.init_database(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()


def test_first_sync_inserts_everything_and_copies_values(tmp_path: Path) -> None:
    _write_registry(tmp_path)
    service.init_database(tmp_path)
    report = service.sync_schools(tmp_path)
    assert report.local_authorities == service.SyncCounts(inserted=2)
    assert report.schools == service.SyncCounts(inserted=3)
    assert _rows(tmp_path, "SELECT urn, laestab, la_code, name, is_academy, open_date, "
                 "close_date, predecessor_urn FROM schools ORDER BY urn") == [
        (114900, 8822001, "882", "Old Road Primary", 0, None, "2011-08-31", None),
        (115001, 8812003, "881", "Church Lane Infant", 0, None, None, None),
        (137000, 8822002, "882", "Old Road Academy", 1, "2011-09-01", None, 114900),
    ]
    assert _rows(tmp_path, "SELECT la_code, name, new_la_code FROM local_authorities "
                 "ORDER BY la_code") == [("881", "Essex", "E10000012"),
                                         ("882", "Southend-on-Sea", "E06000033")]


def test_second_sync_changes_nothing(tmp_path: Path) -> None:
    _write_registry(tmp_path)
    service.init_database(tmp_path)
    service.sync_schools(tmp_path)
    before = _rows(tmp_path, "SELECT * FROM schools ORDER BY urn")
    report = service.sync_schools(tmp_path)
    assert report.schools == service.SyncCounts(unchanged=3)
    assert report.local_authorities == service.SyncCounts(unchanged=2)
    assert not report.changed
    assert _rows(tmp_path, "SELECT * FROM schools ORDER BY urn") == before


def test_sync_updates_only_changed_schools_and_keeps_removed_ones(tmp_path: Path) -> None:
    _write_registry(tmp_path)
    service.init_database(tmp_path)
    service.sync_schools(tmp_path)
    before = {r[0]: r for r in _rows(tmp_path, "SELECT urn, updated_at FROM schools")}
    renamed = {k: v[1:] for k, v in SCHOOLS.items()}  # 114900 has left the registry
    renamed["name"] = ["Old Road Academy", "Church Lane C of E Infant"]
    _write_registry(tmp_path, schools=renamed)
    report = service.sync_schools(tmp_path)
    assert report.schools == service.SyncCounts(updated=1, unchanged=1)
    after = {r[0]: r for r in _rows(tmp_path, "SELECT urn, updated_at FROM schools")}
    assert set(after) == {114900, 115001, 137000}
    assert after[137000] == before[137000] and after[114900] == before[114900]
    assert _rows(tmp_path, "SELECT name FROM schools WHERE urn = 115001") == [
        ("Church Lane C of E Infant",)]


def test_each_sync_is_audited_with_counts_only(tmp_path: Path) -> None:
    _write_registry(tmp_path)
    service.init_database(tmp_path)
    service.sync_schools(tmp_path)
    service.sync_schools(tmp_path, user="dm@southend.example")
    rows = _rows(tmp_path, 'SELECT "user", action, entity, detail FROM audit_log ORDER BY id')
    assert [r[:3] for r in rows] == [("system", "sync", "schools"),
                                     ("dm@southend.example", "sync", "schools")]
    assert '"schools": {"inserted": 0, "updated": 0, "unchanged": 3}' in str(rows[1][3])


def test_school_in_an_unknown_la_writes_nothing(tmp_path: Path) -> None:
    stray = {k: v[:1] for k, v in SCHOOLS.items()} | {"la_code": ["999"]}
    _write_registry(tmp_path, schools=stray)
    service.init_database(tmp_path)
    with pytest.raises(UserError, match="999"):
        service.sync_schools(tmp_path)
    assert _rows(tmp_path, "SELECT count(*) FROM local_authorities") == [(0,)]
    assert _rows(tmp_path, "SELECT count(*) FROM audit_log") == [(0,)]


def test_sync_needs_an_upgraded_database(tmp_path: Path) -> None:
    _write_registry(tmp_path)
    with pytest.raises(UserError, match="attain db upgrade"):
        service.sync_schools(tmp_path)


def test_sync_needs_a_schools_registry(tmp_path: Path) -> None:
    service.init_database(tmp_path)
    with pytest.raises(UserError, match="no schools registry"):
        service.sync_schools(tmp_path)


def test_downgrade_to_base_empties_the_database(tmp_path: Path) -> None:
    service.init_database(tmp_path)
    state = service.downgrade_database(tmp_path, "base")
    assert state.revision is None and not state.up_to_date
