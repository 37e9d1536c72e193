"""What the risk, review and data pages share about the request: the data folder, the app
database URL, the home LA, the signed-in principal and the academic year asked for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, current_app, request

from attain.web import data, database
from attain.web.access import Principal
from attain.web.auth import principal

FIRST_YEAR, LAST_YEAR = 1990, 2100


def folder() -> Path:
    found: Path = current_app.config["ATTAIN_DATA_DIR"]
    return found


def database_url() -> str:
    """The app database the request session uses, password included (the risk services
    open their own sessions on it)."""
    return database.engine().url.render_as_string(hide_password=False)


def home_la() -> str | None:
    return data.home_la(database.session(), current_app.config.get("ATTAIN_LA"))


def who() -> Principal:
    found = principal()
    if found is None:  # the policy hook has already redirected anyone not signed in
        abort(403)
    return found


def user_email() -> str:
    from flask_login import current_user

    email: str = current_user.account.email
    return email


def academic_year(today: date) -> int:
    """The academic year as the year it ends: September 2025 - August 2026 is 2026."""
    return today.year + 1 if today.month >= 9 else today.year


def year_arg(default: int) -> int:
    """`?year=` if it is a plausible year, else `default`."""
    asked = request.args.get("year", "")
    if asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR:
        return int(asked)
    return default


def end_request_transaction() -> None:
    """Finish the request session's transaction before a service writes on its own
    connection: on SQLite, an open read transaction would make that write wait for a
    lock this request holds (nothing is pending here; objects stay loaded)."""
    database.session().commit()
