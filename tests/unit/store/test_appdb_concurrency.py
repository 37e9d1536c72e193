"""The app database on SQLite under threads, as `attain serve --threads N` uses it: one
engine per process, one session per request. Writers that read first (an audit entry after
looking the user up; a new user after checking the email is free) and plain readers run at
once on the real file; none may fail with "database is locked".

Before WAL, a busy timeout and write transactions that take the write lock up front, the
read-then-write pattern deadlocked (SQLite refuses, without waiting, to upgrade a read
transaction while another connection writes) and these tests failed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from attain.services.appdb import init_database
from attain.store import appdb
from attain.store.models import AuditEntry, Role, User
from attain.web.accounts import NewUser, add_user

WRITERS, READERS, ROUNDS = 8, 4, 12
CHEAP_HASH = "pbkdf2:sha256:1000"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    init_database(tmp_path)
    found = appdb.engine_for(f"sqlite:///{(tmp_path / 'attain.db').resolve()}")
    yield found
    found.dispose()


def _run_together(tasks: list[Callable[[], None]]) -> None:
    """Start every task at once (a barrier) and re-raise the first failure."""
    barrier = threading.Barrier(len(tasks))

    def started(task: Callable[[], None]) -> None:
        barrier.wait()
        task()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        for future in [pool.submit(started, task) for task in tasks]:
            future.result()


def _audit_writer(engine: Engine, number: int) -> Callable[[], None]:
    def write() -> None:
        for round_ in range(ROUNDS):
            with Session(engine) as session:
                session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
                session.add(AuditEntry(user=f"writer{number}", action="test", entity="user",
                                       entity_id=str(round_)))
                session.commit()
    return write


def _user_writer(engine: Engine, number: int) -> Callable[[], None]:
    def write() -> None:
        for round_ in range(ROUNDS // 3):
            with Session(engine) as session:
                add_user(session, NewUser(f"user{number}-{round_}@la.example", Role.VIEWER,
                                          "a long enough password"),
                         by="test", hash_method=CHEAP_HASH)
                session.commit()
    return write


def _reader(engine: Engine) -> Callable[[], None]:
    def read() -> None:
        for _ in range(ROUNDS * 2):
            with Session(engine) as session:
                session.scalars(sa.select(AuditEntry).limit(20)).all()
                session.scalar(sa.select(sa.func.count()).select_from(User))
    return read


def test_concurrent_audit_writers_and_readers_never_see_a_locked_database(
        engine: Engine) -> None:
    _run_together([_audit_writer(engine, n) for n in range(WRITERS)]
                  + [_reader(engine) for _ in range(READERS)])
    with Session(engine) as session:
        written = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "test"))
    assert written == WRITERS * ROUNDS


def test_concurrent_new_users_and_readers_never_see_a_locked_database(engine: Engine) -> None:
    _run_together([_user_writer(engine, n) for n in range(WRITERS)]
                  + [_reader(engine) for _ in range(READERS)])
    with Session(engine) as session:
        users = session.scalar(sa.select(sa.func.count()).select_from(User))
        added = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                               .where(AuditEntry.action == "add"))
    assert users == added == WRITERS * (ROUNDS // 3)


def test_the_sqlite_file_is_in_wal_mode_with_a_busy_timeout(engine: Engine) -> None:
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert mode == "wal"
    assert timeout == appdb.SQLITE_BUSY_TIMEOUT_MS
