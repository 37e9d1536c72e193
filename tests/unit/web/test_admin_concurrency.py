"""The web app on its SQLite file under threads, as gunicorn's gthread worker runs it (one
app, one engine, a session per request): sign-ins (each audited), an admin changing a user
(read, then write) and readers of the users list and the audit log, all at once. No request
may fail with "database is locked" (a 500 page) and every write must land."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from web_site import PASSWORD, USER, sign_in, site_session

from attain.store.models import AuditEntry, User

SIGN_IN_THREADS, EDIT_THREADS, READ_THREADS, ROUNDS = 4, 2, 2, 4
SIGNING_IN = ("officer", "school", "school_other", "viewer")


def _run_together(tasks: list[Callable[[], list[int]]]) -> list[int]:
    barrier = threading.Barrier(len(tasks))

    def started(task: Callable[[], list[int]]) -> list[int]:
        barrier.wait()
        return task()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        futures = [pool.submit(started, task) for task in tasks]
        return [status for future in futures for status in future.result()]


def _signer(app: Flask, label: str) -> Callable[[], list[int]]:
    def run() -> list[int]:
        client = app.test_client()
        return [client.post("/sign-in", data={"email": USER[label].email,
                                              "password": PASSWORD}).status_code
                for _ in range(ROUNDS)]
    return run


def _editor(app: Flask, officer: int, number: int) -> Callable[[], list[int]]:
    def run() -> list[int]:
        client = sign_in(app.test_client(), "admin")
        return [client.post(f"/admin/users/{officer}/edit", data={
            "name": f"Officer {number}-{round_}", "role": "officer", "active": "y"}).status_code
            for round_ in range(ROUNDS)]
    return run


def _reader(app: Flask) -> Callable[[], list[int]]:
    def run() -> list[int]:
        client = sign_in(app.test_client(), "admin")
        return [client.get(page).status_code
                for _ in range(ROUNDS) for page in ("/admin/users", "/admin/audit")]
    return run


def test_sign_ins_edits_and_readers_at_once_all_succeed(fresh_app: Flask,
                                                        fresh_site: Path) -> None:
    with site_session(fresh_site) as session:
        officer = session.scalar(sa.select(User.id).where(User.email == USER["officer"].email))
    assert officer is not None
    statuses = _run_together(
        [_signer(fresh_app, label) for label in SIGNING_IN[:SIGN_IN_THREADS]]
        + [_editor(fresh_app, officer, n) for n in range(EDIT_THREADS)]
        + [_reader(fresh_app) for _ in range(READ_THREADS)])
    assert sorted(set(statuses)) == [200, 302]
    with site_session(fresh_site) as session:
        signed_in = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                   .where(AuditEntry.action == "sign_in"))
        edits = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                               .where(AuditEntry.action == "edit"))
    # every sign-in, including the editors' and readers' own, is audited
    assert signed_in == SIGN_IN_THREADS * ROUNDS + EDIT_THREADS + READ_THREADS
    assert edits == EDIT_THREADS * ROUNDS  # each save names the officer differently
