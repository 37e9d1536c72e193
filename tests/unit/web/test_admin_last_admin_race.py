"""Two admins demoting each other at the same moment, on SQLite and PostgreSQL: the second
change is refused, so an active admin always remains (attain.web.account_edits counts the
admins after its write, inside the write transaction; on PostgreSQL it locks the admins'
rows first, so the second change waits for the first and then sees it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.store import appdb
from attain.store.models import Role, User
from attain.web.account_edits import AccountChange, LastAdminError, edit_user
from attain.web.accounts import NewUser, add_user

CHEAP_HASH = "pbkdf2:sha256:1000"
POLLS, POLL_SECONDS = 600, 0.05
DEMOTED = AccountChange(name="", role=Role.OFFICER, urns=(), can_see_pupils=False,
                        active=True)


def _two_admins(url: str) -> tuple[int, int]:
    appdb.upgrade(url)
    engine = appdb.engine_for(url)
    with Session(engine) as session:
        ids = tuple(add_user(session, NewUser(f"{who}@la.example", Role.ADMIN,
                                              "a long enough password"),
                             by="test", hash_method=CHEAP_HASH).id for who in ("ann", "bob"))
        session.commit()
    engine.dispose()
    return ids[0], ids[1]


def _demote(url: str, target: int, by: str) -> Callable[[], str]:
    def run() -> str:
        engine = appdb.engine_for(url)
        try:
            with Session(engine) as session:
                try:
                    edit_user(session, target, DEMOTED, by=by)
                except LastAdminError:
                    session.rollback()
                    return "refused"
                session.commit()
                return "saved"
        finally:
            engine.dispose()
    return run


def _until_blocked_on_postgresql(url: str, second: Future[str]) -> None:
    """Wait until the second change waits for a lock (or has finished: then it did not)."""
    monitor = sa.create_engine(url)
    try:
        with monitor.connect() as connection:
            for _ in range(POLLS):
                waiting = connection.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'")).scalar()
                if waiting or second.done():
                    return
                time.sleep(POLL_SECONDS)
    finally:
        monitor.dispose()


def _race(url: str, until_blocked: Callable[[Future[str]], None]) -> None:
    """Ann demotes Bob and has not committed yet when Bob demotes Ann."""
    ann, bob = _two_admins(url)
    engine = appdb.engine_for(url)
    with Session(engine) as first, ThreadPoolExecutor(max_workers=1) as pool:
        edit_user(first, bob, DEMOTED, by="ann@la.example")
        second = pool.submit(_demote(url, ann, "bob@la.example"))
        until_blocked(second)
        first.commit()
        assert second.result() == "refused"
    with Session(engine) as session:
        admins = session.scalars(sa.select(User.email).where(
            User.role == Role.ADMIN, User.active.is_(True))).all()
    engine.dispose()
    assert admins == ["ann@la.example"]


def test_admins_demoting_each_other_at_once_leave_one_admin_on_sqlite(tmp_path: Path) -> None:
    # Ann's transaction holds SQLite's write lock: Bob's change waits for it, whenever it
    # gets there, and then counts the admins after Ann's change.
    _race(f"sqlite:///{tmp_path / 'attain.db'}", lambda _second: None)


@pytest.mark.postgres
def test_admins_demoting_each_other_at_once_leave_one_admin_on_postgresql(
        postgres_url: str) -> None:
    _race(postgres_url, lambda second: _until_blocked_on_postgresql(postgres_url, second))
