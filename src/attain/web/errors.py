"""Errors mapped once at the web edge: a GOV.UK error page, never a traceback."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from attain.errors import UserError
from attain.web.messages import message

log = logging.getLogger(__name__)


def _page(status: int, title: str, lines: list[str]) -> ResponseReturnValue:
    return render_template("error.html", title=title, lines=lines), status


def user_error(err: UserError) -> ResponseReturnValue:
    return _page(400, message("error.bad_request"), [err.message])


def csrf_error(_err: CSRFError) -> ResponseReturnValue:
    return _page(400, message("error.bad_request"), [message("error.csrf")])


def http_error(err: HTTPException) -> ResponseReturnValue:
    status = err.code or 500
    if status == 403:
        return _page(403, message("error.forbidden"), [])
    if status == 404:
        return _page(404, message("error.not_found"), [message("error.not_found_hint")])
    if status >= 500:
        return internal_error(err)
    return _page(status, message("error.bad_request"), [])


def internal_error(err: BaseException) -> ResponseReturnValue:
    reference = uuid.uuid4().hex[:8]
    # The log holds the exception for the data manager; the page only the reference.
    log.error("internal error %s", reference, exc_info=err)
    return _page(500, message("error.internal"),
                 [message("error.internal_hint", reference=reference)])


def init_app(app: Flask) -> None:
    app.register_error_handler(UserError, user_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, internal_error)
