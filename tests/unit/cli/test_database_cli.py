"""`attain db ...`, `attain backup` and `attain restore` through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from attain.cli.app import app
from attain.store import appdb
from attain.store.warehouse import Warehouse

runner = CliRunner()


@pytest.fixture(autouse=True)
def _sqlite_in_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    warehouse = Warehouse(data / "warehouse")
    warehouse.write("las", pa.table({"la_code": ["882"], "la_name": ["Southend-on-Sea"],
                                     "country": ["E"]}))
    warehouse.write("schools", pa.table({"urn": [114900], "la_code": ["882"],
                                         "name": ["Old Road Primary"], "country": ["E"]}))
    return data


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _counts(output: str, table: str) -> list[str]:
    """Inserted, updated and unchanged from the row of `table` in the printed table."""
    rows = [re.findall(r"\w+", line) for line in output.splitlines()]
    return next(row[1:] for row in rows if row[:1] == [table])


def test_upgrade_current_and_downgrade(folder: Path) -> None:
    head = appdb.script_heads()[0]
    assert _run("db", "current", "-d", str(folder)) == (
        0, f"App database sqlite:///{(folder / 'attain.db').resolve()}: revision none (empty "
        f"database) (newest is {head}: run `attain db upgrade`).\n")
    code, out = _run("db", "upgrade", "-d", str(folder))
    assert code == 0 and f"revision {head} (up to date)" in out
    code, out = _run("db", "downgrade", "base", "-d", str(folder))
    assert code == 0 and "revision none" in out


def test_sync_prints_counts(folder: Path) -> None:
    _run("db", "upgrade", "-d", str(folder))
    code, out = _run("db", "sync", "-d", str(folder))
    assert code == 0
    assert _counts(out, "schools") == ["1", "0", "0"]
    code, out = _run("db", "sync", "-d", str(folder))
    assert _counts(out, "schools") == ["0", "0", "1"]


def test_sync_before_upgrade_is_a_one_line_error(folder: Path) -> None:
    code, out = _run("db", "sync", "-d", str(folder))
    assert code == 2
    assert out.startswith("Error: ") and "attain db upgrade" in out
    assert len(out.strip().splitlines()) == 1


def test_unknown_revision_is_a_user_error(folder: Path) -> None:
    code, out = _run("db", "upgrade", "9999", "-d", str(folder))
    assert code == 2 and "'9999'" in out


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    code, out = _run("db", "upgrade", "-d", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in out
    assert not (tmp_path / "nope").exists()


def test_backup_and_restore(folder: Path, tmp_path: Path) -> None:
    _run("db", "upgrade", "-d", str(folder))
    _run("db", "sync", "-d", str(folder))
    archive = tmp_path / "b.tar.gz"
    code, out = _run("backup", str(archive), "-d", str(folder))
    assert code == 0 and "Backed up 2 file(s)" in out and "(sqlite)" in out
    code, out = _run("restore", str(archive), "-d", str(folder))
    assert code == 2 and "--force" in out
    code, out = _run("restore", str(archive), "-d", str(tmp_path / "copy"), "--force")
    assert code == 0 and "Restored 2 file(s)" in out
    code, out = _run("db", "sync", "-d", str(tmp_path / "copy"))
    assert _counts(out, "schools") == ["0", "0", "1"]


def test_restore_of_a_file_that_is_not_a_backup(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    code, out = _run("restore", str(tmp_path / "notes.txt"), "-d", str(tmp_path / "x"))
    assert code == 2 and "cannot be read as an attain backup" in out
    assert not (tmp_path / "x").exists()


def test_unsupported_database_url_is_a_user_error(folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_DATABASE_URL", "mysql://ann:s3cret@db.example.org/attain")
    code, out = _run("db", "current", "-d", str(folder))
    assert code == 2 and "SQLite or PostgreSQL, not mysql" in out
    assert "s3cret" not in out
