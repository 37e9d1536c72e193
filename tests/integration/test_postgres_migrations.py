"""App database migrations on a real PostgreSQL (started by scripts/test.sh): upgrade,
downgrade, upgrade again; the models match the migrated schema; DDL is transactional."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from attain.store import appdb
from attain.store.models import Base

pytestmark = pytest.mark.postgres

TABLES = {"local_authorities", "schools", "users", "user_schools", "audit_log"}


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _schema_diff(url: str) -> list[object]:
    engine = appdb.engine_for(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_upgrade_downgrade_and_upgrade_again(postgres_url: str) -> None:
    assert appdb.current(postgres_url) is None
    appdb.upgrade(postgres_url)
    assert appdb.is_current(postgres_url)
    assert _tables(postgres_url) >= TABLES
    appdb.downgrade(postgres_url, "base")
    assert appdb.current(postgres_url) is None
    assert _tables(postgres_url) == set()
    appdb.upgrade(postgres_url)
    assert appdb.is_current(postgres_url)
    assert _tables(postgres_url) >= TABLES


def test_models_match_the_migrated_schema(postgres_url: str) -> None:
    appdb.upgrade(postgres_url)
    assert _schema_diff(postgres_url) == []


def test_a_failed_migration_leaves_the_database_unchanged(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # a clash the last step of 0001 will hit
        connection.exec_driver_sql("CREATE TABLE audit_log (id INTEGER)")
    engine.dispose()
    with pytest.raises(sa.exc.ProgrammingError, match="already exists"):
        appdb.upgrade(postgres_url)
    assert appdb.current(postgres_url) is None
    assert _tables(postgres_url) == {"audit_log"}


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
