"""App database migrations on a real PostgreSQL (started by scripts/test.sh): upgrade,
downgrade, upgrade again; the models match the migrated schema; DDL is transactional."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from attain.store import appdb
from db_schema import REGISTRY_TABLES, schema_diff, table_names

pytestmark = pytest.mark.postgres

def test_upgrade_downgrade_and_upgrade_again(postgres_url: str) -> None:
    assert appdb.current(postgres_url) is None
    appdb.upgrade(postgres_url)
    assert appdb.is_current(postgres_url)
    assert table_names(postgres_url) >= REGISTRY_TABLES
    appdb.downgrade(postgres_url, "base")
    assert appdb.current(postgres_url) is None
    assert table_names(postgres_url) == set()
    appdb.upgrade(postgres_url)
    assert appdb.is_current(postgres_url)
    assert table_names(postgres_url) >= REGISTRY_TABLES


def test_models_match_the_migrated_schema(postgres_url: str) -> None:
    appdb.upgrade(postgres_url)
    assert schema_diff(postgres_url) == []


def test_a_failed_migration_leaves_the_database_unchanged(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # a clash the last step of 0001 will hit
        connection.exec_driver_sql("CREATE TABLE audit_log (id INTEGER)")
    engine.dispose()
    with pytest.raises(sa.exc.ProgrammingError, match="already exists"):
        appdb.upgrade(postgres_url)
    assert appdb.current(postgres_url) is None
    assert table_names(postgres_url) == {"audit_log"}


def test_roles_and_foreign_keys_are_enforced(postgres_url: str) -> None:
    appdb.upgrade(postgres_url)
    engine = appdb.engine_for(postgres_url)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO users (email, name, role) VALUES ('a@example.org', 'A', 'king')")
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO schools (urn, la_code, name, country, updated_at) "
            "VALUES (100001, '999', 'No such LA School', 'E', now())")
    engine.dispose()
