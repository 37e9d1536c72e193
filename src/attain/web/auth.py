"""Signing in and out (Flask-Login), and the hook that applies the access policy to every
request before its view runs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from attain.store.models import AuditEntry, Role
from attain.web import database
from attain.web.access import Decision, Principal, Rule, decide, requires, rule_of
from attain.web.accounts import Account, account, authenticate, normalise_email
from attain.web.forms import SignInForm
from attain.web.messages import message
from attain.web.passwords import OWASP_MINIMUM
from attain.web.throttle import SignInThrottle

bp = Blueprint("auth", __name__)
THROTTLE_KEY = "attain_sign_in_throttle"
ARGON2_COST_KEY = "ATTAIN_ARGON2_COST"  # an attain.web.passwords.Argon2Cost


@dataclass(frozen=True)
class SignedInUser(UserMixin):  # type: ignore[misc]
    account: Account

    def get_id(self) -> str:
        return str(self.account.id)

    @property
    def is_active(self) -> bool:
        return self.account.active

    @property
    def principal(self) -> Principal:
        a = self.account
        return Principal(a.role, a.urns, a.can_see_pupils)


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    app.extensions[THROTTLE_KEY] = SignInThrottle()
    app.before_request(enforce_policy)
    app.register_blueprint(bp)


def _load_user(user_id: str) -> SignedInUser | None:
    found = account(database.session(), int(user_id)) if user_id.isdigit() else None
    return SignedInUser(found) if found is not None and found.active else None


def principal() -> Principal | None:
    return current_user.principal if current_user.is_authenticated else None


def enforce_policy() -> Response | None:
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return None  # no route matched: Flask answers 404/405 itself
    rule = Rule.PUBLIC if request.endpoint == "static" else rule_of(view)
    if rule is None:
        abort(403)  # deny by default: a route without a rule is a bug
    urn = (request.view_args or {}).get("urn")
    decision = decide(rule, principal(), urn)
    if decision is Decision.SIGN_IN:
        flash(message("sign_in.needed"))
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if decision is Decision.FORBIDDEN:
        abort(403)
    if decision is Decision.NOT_FOUND:
        abort(404)
    return None


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/"):
        return url_for("pages.overview")
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@requires(Rule.PUBLIC)
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    failed = throttled = False
    if form.validate_on_submit():
        key = normalise_email(form.email.data or "")
        throttle: SignInThrottle = current_app.extensions[THROTTLE_KEY]
        throttled = throttle.blocked(key)
        found = None if throttled else authenticate(
            database.session(), key, form.password.data or "",
            current_app.config.get(ARGON2_COST_KEY, OWASP_MINIMUM))
        if found is not None:
            throttle.succeeded(key)
            return _signed_in(found)
        if not throttled:
            throttle.failed(key)
        failed = True
    error = (message("sign_in.throttled", minutes=15) if throttled
             else message("sign_in.failed") if failed else None)
    status = 429 if throttled else 200
    return render_template("sign_in.html", form=form, sign_in_error=error), status


def _signed_in(found: Account) -> Response:
    return signed_in(found)


def signed_in(found: Account, *, method: str | None = None,
              target: str | None = None) -> Response:
    """Start the session of `found` and audit it; `method` names a sign-in other than the
    password (single sign-on: attain.web.sso), `target` the page to go to (else ?next=)."""
    login_user(SignedInUser(found))
    session = database.session()
    # End the read transaction first, so the audit insert starts its own: on SQLite a
    # transaction that reads and then writes fails at once ("database is locked") when
    # another sign-in writes at the same time, where a write-first one waits its turn.
    session.commit()
    session.add(AuditEntry(user=found.email, action="sign_in", entity="user",
                           entity_id=str(found.id),
                           detail={"method": method} if method else None))
    session.commit()
    return redirect(_safe_next(target if target is not None else request.args.get("next")))


@bp.route("/sign-out", methods=["POST"])
@requires(Rule.SIGNED_IN)
def sign_out() -> Response:
    logout_user()
    flash(message("sign_out.done"))
    return redirect(url_for("auth.sign_in"))


def role_of_current_user() -> Role | None:
    who = principal()
    return who.role if who else None
