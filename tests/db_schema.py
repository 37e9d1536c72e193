"""Schema checks shared by the SQLite and PostgreSQL migration tests."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from attain.store import appdb
from attain.store.models import Base

# The tables of the first migration (0001).
REGISTRY_TABLES = {"local_authorities", "schools", "users", "user_schools", "audit_log"}


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def schema_diff(url: str) -> list[object]:
    """Differences between the migrated database and the models (empty when they match)."""
    engine = appdb.engine_for(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()
