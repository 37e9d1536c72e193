"""Alembic environment for attain's app database.

attain.store.appdb runs Alembic programmatically: it passes an open connection in
`config.attributes["connection"]`, so no alembic.ini is needed at run time. Every module
in MODEL_MODULES is imported so autogenerate and the schema test see every table.
"""

from __future__ import annotations

import importlib

from alembic import context
from sqlalchemy.engine import Connection

from attain.store.models import MODEL_MODULES, Base

for _module in MODEL_MODULES:
    importlib.import_module(_module)

target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from attain.store.appdb import migration_engine

        engine = migration_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as own_connection:
            _configure(own_connection)
            with context.begin_transaction():
                context.run_migrations()
        engine.dispose()
        return
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
