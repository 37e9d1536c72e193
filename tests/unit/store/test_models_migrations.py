"""App database migrations on SQLite: upgrade, downgrade, upgrade again; the models
match the migrated schema exactly; a failed migration changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from attain.errors import UserError
from attain.store import appdb
from db_schema import REGISTRY_TABLES, schema_diff, table_names


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'attain.db'}"


def test_upgrade_downgrade_and_upgrade_again(url: str) -> None:
    assert appdb.current(url) is None
    appdb.upgrade(url)
    assert appdb.current(url) in appdb.script_heads()
    assert table_names(url) >= REGISTRY_TABLES
    appdb.downgrade(url, "base")
    assert appdb.current(url) is None
    assert table_names(url) == set()
    appdb.upgrade(url)
    assert appdb.is_current(url)
    assert table_names(url) >= REGISTRY_TABLES


def test_first_revision_creates_the_registry_users_and_audit(url: str) -> None:
    appdb.upgrade(url, "0001")
    assert appdb.current(url) == "0001"
    assert table_names(url) == REGISTRY_TABLES


def test_models_match_the_migrated_schema(url: str) -> None:
    appdb.upgrade(url)
    assert schema_diff(url) == []


def test_schema_comparison_sees_a_table_missing_from_the_migrations(url: str) -> None:
    appdb.upgrade(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE audit_log")
    engine.dispose()
    diff = schema_diff(url)
    assert ("add_table", "audit_log") in [(d[0], d[1].name) for d in diff if isinstance(d, tuple)]


def test_a_failed_migration_leaves_the_database_unchanged(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # a clash the last step of 0001 will hit
        connection.exec_driver_sql("CREATE TABLE audit_log (id INTEGER)")
    engine.dispose()
    with pytest.raises(sa.exc.OperationalError, match="already exists"):
        appdb.upgrade(url)
    assert appdb.current(url) is None
    assert table_names(url) == {"audit_log"}


def test_unknown_revision_is_a_user_error(url: str) -> None:
    with pytest.raises(UserError, match="'nope'"):
        appdb.upgrade(url, "nope")
    assert appdb.current(url) is None


def test_foreign_keys_and_roles_are_enforced(url: str) -> None:
    appdb.upgrade(url)
    engine = appdb.engine_for(url)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO schools (urn, la_code, name, country, updated_at) "
            "VALUES (100001, '999', 'No such LA School', 'E', '2026-01-01')")
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO users (email, name, role) VALUES ('a@example.org', 'A', 'king')")
    engine.dispose()


def test_current_does_not_create_a_database_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    assert appdb.current(url) is None
    assert not (tmp_path / "none.db").exists()


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot open the app database"):
        appdb.upgrade(f"sqlite:///{tmp_path / 'missing' / 'attain.db'}")


def test_password_is_hidden_in_messages() -> None:
    shown = appdb.describe_url("postgresql+psycopg://ann:s3cret@db.example.org/attain")
    assert "s3cret" not in shown
    assert "ann" in shown
