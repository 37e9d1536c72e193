"""The interface language: English or Welsh (Cymraeg), as Welsh public bodies must offer.

Flask-Babel holds the request's locale: the language the user chose with the switch in
the header (a cookie), else the best match of the browser's Accept-Language, else
English. The texts stay in the one catalogue, attain.web.messages; message(key) returns
the Welsh text (attain.web.messages_cy) when the locale is Welsh.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_babel import Babel, LazyString, get_locale
from werkzeug.wrappers import Response

from attain.web.access import Rule, requires

ENGLISH, WELSH = "en", "cy"
LANGUAGES = (ENGLISH, WELSH)
COOKIE = "attain_language"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Each language's name in itself, as GOV.UK language switchers show them.
NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or ENGLISH


def current_language() -> str:
    """`en` or `cy`: English outside a request or in an app without Babel."""
    if not has_request_context() or "babel" not in current_app.extensions:
        return ENGLISH
    if "attain_language" not in g:  # a page asks for every message: look it up once
        locale = get_locale()
        g.attain_language = (locale.language if locale is not None
                             and locale.language in LANGUAGES else ENGLISH)
    language: str = g.attain_language
    return language


def language_links() -> list[dict[str, str | bool]]:
    """The header's switch: each language, in its own name, with `lang` for screen readers."""
    here = request.full_path.rstrip("?") if has_request_context() else "/"
    current = current_language()
    return [{"code": code, "name": NAMES[code], "current": code == current,
             "href": url_for("i18n.choose", code=code, next=here)} for code in LANGUAGES]


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/"):
        return url_for("pages.overview")
    return target


@bp.route("/language/<code>")
@requires(Rule.PUBLIC)
def choose(code: str) -> Response:
    """Remember the chosen language in a cookie and go back to the page."""
    if code not in LANGUAGES:
        abort(404)
    response = redirect(_safe_next(request.args.get("next")))
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def _vary(response: Response) -> Response:
    # A page's language depends on these request headers: caches must keep them apart.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.after_request(_vary)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["language_links"] = language_links
    app.register_blueprint(bp)


def lazy_message(key: str) -> Any:
    """A message looked up when shown, not when defined: for form labels and buttons, which
    are defined once at import but shown in each request's language."""
    from attain.web.messages import message  # messages imports this module

    return LazyString(message, key)
