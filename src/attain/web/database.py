"""One SQLAlchemy session per request over the app database (SQLite or PostgreSQL).

The engine is shared by the worker's threads. On SQLite (attain.store.appdb.engine_for)
reads run outside any transaction and the first write takes the write lock (BEGIN
IMMEDIATE) until the commit: commit a write as soon as it is made, before slow work."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from attain.store import appdb

ENGINE_KEY = "attain_engine"


def init_app(app: Flask, url: str) -> None:
    app.extensions[ENGINE_KEY] = appdb.engine_for(url)
    app.teardown_appcontext(_close)


def engine() -> Engine:
    found: Engine = current_app.extensions[ENGINE_KEY]
    return found


def session() -> Session:
    """The request's session; closed (and rolled back if not committed) at teardown."""
    if "db_session" not in g:
        g.db_session = Session(bind=engine(), expire_on_commit=False)
    found: Session = g.db_session
    return found


def _close(_error: BaseException | None) -> None:
    found = g.pop("db_session", None)
    if found is not None:
        found.close()
