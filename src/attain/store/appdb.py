"""The app database: engines and Alembic migrations run programmatically.

The migrations ship inside the package (attain/store/migrations), so no alembic.ini is
needed at run time. Each upgrade or downgrade runs in one transaction: PostgreSQL has
transactional DDL, and SQLite gets it from the engine set-up below, so a failed
migration leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection, Engine

from attain.errors import UserError

MIGRATIONS = Path(__file__).with_name("migrations")


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unreadable database URL)"


# A writer waits this long for another's write lock before "database is locked"; writes
# are short (a form save, an audit entry), an import's bulk write may take seconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Statements that only read, or that end or nest a transaction someone else began.
_SQLITE_PASS_THROUGH = frozenset({"SELECT", "PRAGMA", "EXPLAIN", "VALUES", "BEGIN", "COMMIT",
                                  "END", "ROLLBACK", "RELEASE"})


def _first_keyword(statement: str) -> str:
    words = statement.lstrip(" \t\r\n(").split(None, 1)
    return words[0].upper() if words else ""


def _sqlite_connection_setup(engine: Engine, foreign_keys: bool) -> None:
    # pysqlite starts transactions itself, lazily and never around DDL; take BEGIN/COMMIT
    # over (the recipe in SQLAlchemy's SQLite dialect documentation). WAL lets readers run
    # beside a writer; the busy timeout makes a second writer wait instead of failing.
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")


def _sqlite_migration_transactions(engine: Engine) -> None:
    # A migration is one transaction (atomic DDL) holding the write lock from its start.
    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_write_transactions(engine: Engine) -> None:
    """Reads run outside any transaction (each statement sees the latest commit); the
    first write opens one with BEGIN IMMEDIATE, which waits for the write lock.

    A deferred transaction that read first and then writes is refused at once, without the
    busy timeout, when another connection is writing (SQLite's deadlock rule, and a stale
    snapshot in WAL mode): the "database is locked" of several gunicorn threads."""
    @sa.event.listens_for(engine, "before_cursor_execute")
    def _before_execute(connection: Connection, _cursor: Any, statement: str,
                        *_args: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        if dbapi_connection is None or dbapi_connection.in_transaction:
            return
        if _first_keyword(statement) not in _SQLITE_PASS_THROUGH:
            dbapi_connection.execute("BEGIN IMMEDIATE")


SUPPORTED = ("sqlite", "postgresql")
_URL_FIX = ("Set ATTAIN_DATABASE_URL to e.g. postgresql+psycopg://user:pass@host/db, "
            "or leave it empty for a SQLite file in the data folder.")


def parse_url(url: str) -> sa.URL:
    """The parsed URL of a supported database (SQLite or PostgreSQL), or a UserError."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise UserError("the app database URL cannot be read", fix=_URL_FIX) from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise UserError(f"attain's app database must be SQLite or PostgreSQL, not "
                        f"{parsed.get_backend_name()}", fix=_URL_FIX)
    return parsed


def _make_engine(url: str, *, foreign_keys: bool) -> Engine:
    try:
        engine = sa.create_engine(parse_url(url), pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as err:
        raise UserError(f"the app database URL {describe_url(url)} is not usable ({err})",
                        fix=_URL_FIX) from None
    if engine.dialect.name == "sqlite":
        _sqlite_connection_setup(engine, foreign_keys)
    return engine


def engine_for(url: str) -> Engine:
    """An engine for the application, safe for threads: on SQLite, foreign keys are
    enforced and write transactions take the write lock when they start."""
    engine = _make_engine(url, foreign_keys=True)
    if engine.dialect.name == "sqlite":
        _sqlite_write_transactions(engine)
    return engine


def migration_engine(url: str) -> Engine:
    """An engine for migrations: on SQLite, foreign keys are off while batch migrations
    copy tables (Alembic's advice), as a table rebuild would otherwise cascade."""
    engine = _make_engine(url, foreign_keys=False)
    if engine.dialect.name == "sqlite":
        _sqlite_migration_transactions(engine)
    return engine


@contextmanager
def connected(engine: Engine, *, begin: bool = True) -> Iterator[Connection]:
    """A connection (in a transaction unless begin=False); connection failures become a
    UserError naming the database, never a traceback."""
    try:
        with engine.begin() if begin else engine.connect() as connection:
            yield connection
    except sa.exc.OperationalError as err:
        if not _is_connection_failure(err):
            raise
        raise UserError(
            f"cannot open the app database {describe_url(str(engine.url))}",
            fix="Check that the data folder exists (or ATTAIN_DATABASE_URL points to a "
            "running PostgreSQL server you may log in to).",
        ) from None
    finally:
        engine.dispose()


def _is_connection_failure(err: sa.exc.OperationalError) -> bool:
    return bool(err.connection_invalidated) or err.statement is None or (
        "unable to open database file" in str(err.orig)
    )


def alembic_config(connection: Connection | None = None, url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_heads() -> tuple[str, ...]:
    """The newest revision(s) the shipped migrations know."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def _run(url: str, action: str, revision: str) -> None:
    engine = migration_engine(url)
    with connected(engine) as connection:
        config = alembic_config(connection)
        try:
            getattr(command, action)(config, revision)
        except CommandError as err:
            raise UserError(
                f"cannot {action} the app database to {revision!r}: {err}",
                fix="Use `head`, `base` or a revision shown by `attain db current`.",
            ) from None


def make_revision(url: str, message: str, rev_id: str) -> None:
    """For developers: write a new migration in attain/store/migrations/versions by
    comparing the models with the database at `url` (which should be at head)."""
    with connected(migration_engine(url)) as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True,
                         rev_id=rev_id)


def upgrade(url: str, revision: str = "head") -> None:
    _run(url, "upgrade", revision)


def downgrade(url: str, revision: str) -> None:
    _run(url, "downgrade", revision)


def current(url: str) -> str | None:
    """The database's revision, or None for a database never migrated."""
    sqlite_file = sqlite_path(url)
    if sqlite_file is not None and not sqlite_file.exists():
        return None  # do not create an empty file just by asking
    with connected(engine_for(url), begin=False) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL; None for other databases and in-memory SQLite."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def database_kind(url: str) -> str:
    """`sqlite` or `postgresql` (the SQLAlchemy backend name)."""
    return parse_url(url).get_backend_name()


def is_current(url: str) -> bool:
    return current(url) in script_heads()


# --- PostgreSQL client tools (pg_dump, pg_restore) -----------------------------------

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def _pg_bin_dirs() -> list[Path]:
    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in path.parent.name.split(".") if p.isdigit())

    found = sorted((p for p in Path("/").glob(PG_BIN_GLOB.lstrip("/")) if p.is_dir()),
                   key=version, reverse=True)
    test_bin = os.environ.get("ATTAIN_TEST_PG_BIN")
    return ([Path(test_bin)] if test_bin else []) + found


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, in $ATTAIN_TEST_PG_BIN, or in
    the newest /usr/lib/postgresql/<version>/bin."""
    on_path = shutil.which(name)
    if on_path:
        return on_path
    for folder in _pg_bin_dirs():
        if (folder / name).is_file():
            return str(folder / name)
    raise UserError(f"the PostgreSQL program {name} was not found",
                    fix="Install the PostgreSQL client (e.g. `apt-get install "
                    "postgresql-client`) or put its bin folder on PATH.")


def run_pg_tool(name: str, url: str, args: Sequence[str]) -> None:
    """Run pg_dump or pg_restore against the database of `url`. The password goes in
    the environment, never on the command line where other users could see it."""
    parsed = parse_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = parsed.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    result = subprocess.run([pg_tool(name), *args, f"--dbname={dsn}"], env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [ln.strip() for ln in result.stderr.splitlines() if ln.strip()]
        errors = [ln for ln in lines if "error:" in ln] or lines or ["no message"]
        raise UserError(
            f"{name} failed on {describe_url(url)}: {errors[0]}",
            fix="Check ATTAIN_DATABASE_URL, that the server is running, and that the "
            "PostgreSQL client is at least as new as the server.",
        )
