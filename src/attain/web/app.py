"""The Flask app factory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from attain import settings
from attain.services.appdb import require_current, require_folder
from attain.web import (
    admin,
    api,
    auth,
    dashboard_pages,
    data_pages,
    database,
    errors,
    forms,
    i18n,
    navigation,
    pages,
    plans_pages,
    reports_pages,
    review_pages,
    risk_pages,
    security,
    sso,
    targets_pages,
)
from attain.web.messages import message

SECRET_KEY_ENV = "ATTAIN_SECRET_KEY"
LA_ENV = "ATTAIN_LA"
SECRET_KEY_FILE = ".web-secret-key"


def create_app(data_dir: Path | str, database_url: str | None = None,
               testing: bool = False, *, secure_cookies: bool | None = None) -> Flask:
    """The web app over a data folder; the app database must be at the newest revision.

    Cookies are marked Secure (sent over HTTPS only) unless testing, or unless
    `secure_cookies=False` for plain HTTP on loopback (`attain serve` without a TLS proxy)."""
    secure = (not testing) if secure_cookies is None else secure_cookies
    folder = Path(data_dir)
    require_folder(folder)
    url = database_url or settings.database_url(folder)
    require_current(url)
    app = Flask(__name__, static_folder="static", static_url_path="/assets")
    app.config.update(
        ATTAIN_DATA_DIR=folder, ATTAIN_LA=os.environ.get(LA_ENV) or None, TESTING=testing,
        SECRET_KEY=os.environ.get(SECRET_KEY_ENV) or _stored_secret(folder),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure, REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True, PERMANENT_SESSION_LIFETIME=8 * 3600,
        MAX_CONTENT_LENGTH=50 * 1024 * 1024)
    _templates(app)
    CSRFProtect(app)
    database.init_app(app, url)
    auth.init_app(app)
    sso.init_app(app)  # optional OpenID Connect single sign-on (ATTAIN_OIDC_*)
    security.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(risk_pages.bp)
    app.register_blueprint(review_pages.bp)
    app.register_blueprint(data_pages.bp)
    app.register_blueprint(plans_pages.bp)
    app.register_blueprint(reports_pages.bp)
    app.register_blueprint(dashboard_pages.bp)  # watchlists; `/` is pages.overview
    app.register_blueprint(targets_pages.bp)  # school targets, the challenge list
    api.init_app(app)  # the JSON API, /api/v1/ (token authentication hook first)
    i18n.init_app(app)  # English or Welsh: the language switch and Accept-Language
    return app


def _templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader([
        PackageLoader("attain.web"),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                      "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf")}),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["message"] = message
    WTFormsHelpers(app)
    app.jinja_env.globals["wtforms_errors"] = forms.error_summary  # title in Welsh too


def _stored_secret(folder: Path) -> str:
    """A signing key kept in the data folder, so sessions survive restarts and all gunicorn
    workers agree; set ATTAIN_SECRET_KEY to manage it yourself."""
    path = folder / SECRET_KEY_FILE
    try:  # O_EXCL: when several workers start at once, only the first writes the key
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()
