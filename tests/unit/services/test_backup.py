"""Backup and restore of a data folder and its app database: a backup is taken, the data
is changed, the backup is restored, and files and tables must match the backup exactly.
On SQLite here, and on the real PostgreSQL (postgres marker)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pyarrow as pa
import pytest
import sqlalchemy as sa

from attain import settings
from attain.errors import UserError
from attain.services import appdb as appdb_service
from attain.services import backup as service
from attain.store.models import Base
from attain.store.warehouse import Warehouse

LAS = {"la_code": ["882"], "la_name": ["Southend-on-Sea"], "country": ["E"]}
SCHOOLS = {"urn": [114900, 137000], "la_code": ["882", "882"], "country": ["E", "E"],
           "name": ["Old Road Primary", "Old Road Academy"]}
PUPILS = {"year": [2011, 2012, 2012], "pupil_id": ["p1", "p1", "p2"],
          "urn": [114900, 114900, 137000], "la_code": ["882", "882", "882"]}


@pytest.fixture(autouse=True)
def _sqlite_in_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)


def _make_data(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    warehouse = Warehouse(folder / "warehouse")
    warehouse.write("las", pa.table(LAS))
    warehouse.write("schools", pa.table(SCHOOLS))
    warehouse.write("pupils", pa.table(PUPILS))
    (folder / "results").mkdir()
    (folder / "results" / "notes.txt").write_text("computed 2012\n")
    appdb_service.init_database(folder)
    appdb_service.sync_schools(folder)
    _execute(folder, "INSERT INTO users (email, name, role) VALUES ('o@la.example', 'O', "
             "'officer')")


def _change_everything(folder: Path) -> None:
    Warehouse(folder / "warehouse").write(
        "pupils", pa.table({k: v[:1] for k, v in PUPILS.items()} | {"pupil_id": ["p9"]}))
    (folder / "results" / "notes.txt").unlink()
    (folder / "results" / "new.txt").write_text("not in the backup\n")
    _execute(folder, "UPDATE schools SET name = 'Renamed' WHERE urn = 137000")
    _execute(folder, "DELETE FROM users")
    _execute(folder, "INSERT INTO users (email, name, role) VALUES ('v@la.example', 'V', "
             "'viewer')")


def _engine(folder: Path) -> sa.Engine:
    return sa.create_engine(settings.database_url(folder))


def _execute(folder: Path, sql: str) -> None:
    engine = _engine(folder)
    with engine.begin() as connection:
        connection.exec_driver_sql(sql)
    engine.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file() and p.name != "attain.db"}


def _tables(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    engine = _engine(folder)
    with engine.connect() as connection:
        names = [*Base.metadata.tables, "alembic_version"]
        result = {name: sorted((tuple(r) for r in connection.execute(
            sa.text(f'SELECT * FROM "{name}"'))), key=repr) for name in names}
    engine.dispose()
    return result


def _snapshot(folder: Path) -> tuple[dict[str, bytes], dict[str, list[tuple[object, ...]]]]:
    return _files(folder), _tables(folder)


def test_restore_brings_back_files_and_tables_exactly(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    before = _snapshot(folder)
    report = service.backup(folder, archive)
    assert (report.files, report.database) == (5, "sqlite")
    _change_everything(folder)
    assert _snapshot(folder) != before
    service.restore(archive, folder, force=True)
    assert _snapshot(folder) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_restore_into_a_new_folder(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    service.backup(folder, archive)
    report = service.restore(archive, tmp_path / "copy")
    assert report.files == 5
    assert _snapshot(tmp_path / "copy") == _snapshot(folder)


def test_manifest_lists_every_file_with_its_checksum(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    (folder / "warehouse" / "pupils" / ".part.parquet.abc.tmp").write_bytes(b"staged")
    service.backup(folder, archive)
    manifest = service.verify(archive)
    assert manifest["format"] == "attain-backup"
    assert manifest["database"] == {"kind": "sqlite", "path": "database/attain.db"}
    paths = [e["path"] for e in manifest["files"]]
    assert "data/results/notes.txt" in paths and "database/attain.db" in paths
    assert "data/attain.db" not in paths
    assert not any(p.endswith(".tmp") for p in paths)
    # sha256 of b"computed 2012\n", worked with `printf 'computed 2012\n' | sha256sum`
    notes = next(e for e in manifest["files"] if e["path"] == "data/results/notes.txt")
    assert notes["sha256"] == hashlib.sha256(b"computed 2012\n").hexdigest()


def test_restore_refuses_a_non_empty_folder_without_force(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    service.backup(folder, archive)
    _change_everything(folder)
    changed = _snapshot(folder)
    with pytest.raises(UserError, match="--force"):
        service.restore(archive, folder)
    assert _snapshot(folder) == changed


def _repack(archive: Path, target: Path, change: dict[str, bytes]) -> None:
    """Copy `archive` to `target`, replacing the content of the members named in `change`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = change.get(member.name, source.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_tampered_file_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    service.backup(folder, archive)
    _repack(archive, tmp_path / "bad.tar.gz", {"data/results/notes.txt": b"computed 2013\n"})
    _change_everything(folder)
    changed = _snapshot(folder)
    with pytest.raises(UserError, match="checksum of data/results/notes.txt"):
        service.restore(tmp_path / "bad.tar.gz", folder, force=True)
    assert _snapshot(folder) == changed


def test_truncated_archive_is_refused(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    service.backup(folder, archive)
    data = archive.read_bytes()
    (tmp_path / "cut.tar.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="cannot be read|not a complete"):
        service.restore(tmp_path / "cut.tar.gz", tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_other_tar_gz_is_not_an_attain_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("readme.txt"), io.BytesIO(b""))
    with pytest.raises(UserError, match="not an attain backup"):
        service.restore(other, tmp_path / "new")
    (tmp_path / "plain.gz").write_bytes(gzip.compress(b"hello"))
    with pytest.raises(UserError, match="cannot be read as an attain backup"):
        service.restore(tmp_path / "plain.gz", tmp_path / "new")


def test_unsafe_member_path_is_refused(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    service.backup(folder, archive)
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile(service.MANIFEST).read())  # type: ignore[union-attr]
    manifest["files"][0]["path"] = "data/../../escape.txt"
    _repack(archive, tmp_path / "evil.tar.gz",
            {service.MANIFEST: json.dumps(manifest).encode()})
    with pytest.raises(UserError, match="unsafe"):
        service.restore(tmp_path / "evil.tar.gz", tmp_path / "new")
    assert not (tmp_path.parent / "escape.txt").exists()


def test_backup_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    archive.write_bytes(b"keep me")
    with pytest.raises(UserError, match="already exists"):
        service.backup(folder, archive)
    assert archive.read_bytes() == b"keep me"
    service.backup(folder, archive, force=True)
    assert service.verify(archive)["format"] == "attain-backup"


def test_sqlite_backup_cannot_go_into_postgres(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    service.backup(folder, archive)
    monkeypatch.setenv("ATTAIN_DATABASE_URL", "postgresql+psycopg://u:p@nowhere.invalid/x")
    with pytest.raises(UserError, match="holds a sqlite app database"):
        service.restore(archive, tmp_path / "new")


@pytest.mark.postgres
def test_postgres_restore_brings_back_files_and_tables_exactly(
        tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_DATABASE_URL", postgres_url)
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    before = _snapshot(folder)
    report = service.backup(folder, archive)
    assert report.database == "postgresql"
    _change_everything(folder)
    assert _snapshot(folder) != before
    with pytest.raises(UserError, match="--force"):
        service.restore(archive, tmp_path / "empty-folder")  # the database is not empty
    service.restore(archive, folder, force=True)
    assert _snapshot(folder) == before


def test_sqlite_database_outside_the_data_folder(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "db").mkdir()
    monkeypatch.setenv("ATTAIN_DATABASE_URL", f"sqlite:///{tmp_path / 'db' / 'app.db'}")
    folder, archive = tmp_path / "data", tmp_path / "b.tar.gz"
    _make_data(folder)
    before = _snapshot(folder)
    service.backup(folder, archive)
    _change_everything(folder)
    service.restore(archive, folder, force=True)
    assert _snapshot(folder) == before
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == ["app.db"]
