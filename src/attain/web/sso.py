"""Optional single sign-on with OpenID Connect (Authlib's Flask client), e.g. for an LA on
Microsoft Entra ID.

Single sign-on only proves who someone is: the ID token's email must belong to an attain
user that an admin added (roles and schools still come from attain). An unknown, inactive
or disallowed address is refused with a clear page and an audit entry. Authlib checks the
state (in the session), the ID token's RS256 signature against the provider's JWKS, its
nonce, expiry and issuer; the audience is checked here explicitly (Authlib's default only
checks it through `azp`). The code exchange uses PKCE (S256).

Off unless ATTAIN_OIDC_METADATA_URL and ATTAIN_OIDC_CLIENT_ID are set (attain.settings);
when off, the sign-in page has no button and both routes answer 404.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from attain import settings
from attain.errors import UserError
from attain.store.models import AuditEntry, User
from attain.web import database
from attain.web.access import Rule, requires
from attain.web.accounts import Account, account, normalise_email
from attain.web.auth import signed_in
from attain.web.messages import message

log = logging.getLogger(__name__)
bp = Blueprint("sso", __name__)
CONFIG_KEY = "attain_sso"
CLIENT = "oidc"  # the name of the Authlib client, and of the sign-in method in the audit log
NEXT_KEY = "attain_sso_next"
SCOPE = "openid email profile"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Each call to the provider (metadata, keys, token): a stuck provider must not hold a worker.
PROVIDER_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class SsoConfig:
    metadata_url: str
    client_id: str
    client_secret: str
    email_domains: frozenset[str] = frozenset()  # empty: any address the provider vouches for

    @classmethod
    def from_settings(cls) -> SsoConfig | None:
        """The configuration from the environment, or None when single sign-on is off."""
        url, client = settings.OIDC_METADATA_URL.value(), settings.OIDC_CLIENT_ID.value()
        if not url.strip() or not client.strip():
            return None
        domains = frozenset(d.strip().lower().lstrip("@")
                            for d in settings.OIDC_EMAIL_DOMAINS.value().split(",") if d.strip())
        config = cls(url.strip(), client.strip(), settings.OIDC_CLIENT_SECRET.value(), domains)
        config.check()
        return config

    def check(self) -> None:
        parts = urlsplit(self.metadata_url)
        if parts.scheme != "https" and not (parts.scheme == "http"
                                            and parts.hostname in LOOPBACK):
            raise UserError(f"{settings.OIDC_METADATA_URL.env} must be an https:// address, "
                            f"not {self.metadata_url!r}",
                            fix="Give the identity provider's OpenID Connect discovery URL "
                                "(docs/web.md, Single sign-on).")

    def allows(self, email: str) -> bool:
        return not self.email_domains or email.rpartition("@")[2] in self.email_domains


@dataclass(frozen=True)
class Refusal(Exception):
    """Single sign-on did not sign anyone in: `reason` for the audit log, `text` for them."""

    reason: str
    text: str
    email: str | None = None
    status: int = 403


def init_app(app: Flask, config: SsoConfig | None = None) -> None:
    """Register the routes (always, so every route has its rule) and, when configured, the
    Authlib client. `config` defaults to the environment's settings."""
    config = config if config is not None else SsoConfig.from_settings()
    if config is not None:
        oauth = OAuth(app)
        oauth.register(CLIENT, client_id=config.client_id, client_secret=config.client_secret,
                       server_metadata_url=config.metadata_url,
                       client_kwargs={"scope": SCOPE, "code_challenge_method": "S256",
                                      "default_timeout": PROVIDER_TIMEOUT_SECONDS})
        app.extensions[CONFIG_KEY] = config
    app.jinja_env.globals["sso_enabled"] = sso_enabled
    app.register_blueprint(bp)


def sso_enabled() -> bool:
    return current_app.extensions.get(CONFIG_KEY) is not None


def _config() -> SsoConfig:
    config: SsoConfig | None = current_app.extensions.get(CONFIG_KEY)
    if config is None:
        abort(404)
    return config


def _client() -> Any:
    return current_app.extensions["authlib.integrations.flask_client"].create_client(CLIENT)


@bp.route("/sign-in/sso")
@requires(Rule.PUBLIC)
def start() -> ResponseReturnValue:
    """Send the browser to the identity provider (Authlib keeps state and nonce in the
    session)."""
    _config()
    session[NEXT_KEY] = request.args.get("next") or ""
    try:
        response: Response = _client().authorize_redirect(
            url_for("sso.callback", _external=True))
    except (requests.RequestException, ValueError, KeyError) as err:
        log.warning("single sign-on: the identity provider's metadata failed: %s", err)
        return _refused(Refusal("provider_unavailable", message("sso.unavailable"), status=503))
    return response


@bp.route("/sign-in/sso/callback")
@requires(Rule.PUBLIC)
def callback() -> ResponseReturnValue:
    config = _config()
    try:
        email = _verified_email(config)
        found = _account(email)
    except Refusal as refusal:
        return _refused(refusal)
    target = session.pop(NEXT_KEY, None)
    return signed_in(found, method=CLIENT, target=target)


def _verified_email(config: SsoConfig) -> str:
    """The email of the ID token the provider issued for this sign-in, once every check
    passed."""
    client = _client()
    try:
        issuer = client.load_server_metadata().get("issuer")
        if not issuer:
            raise ValueError("the provider's metadata has no issuer")
        options = {"iss": {"essential": True, "value": issuer},
                   "aud": {"essential": True, "value": config.client_id}}
        token = client.authorize_access_token(claims_options=options)
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError,
            RuntimeError) as err:
        # The reason goes to the log for the data manager; the page says only that it failed.
        log.warning("single sign-on refused: %s", err)
        raise Refusal("invalid_response", message("sso.failed")) from None
    claims = token.get("userinfo") or {}
    email = normalise_email(str(claims.get("email") or ""))
    if "@" not in email or claims.get("email_verified") is False:
        raise Refusal("no_verified_email", message("sso.no_email"))
    if not config.allows(email):
        raise Refusal("domain_not_allowed", message("sso.domain", email=email), email)
    return email


def _account(email: str) -> Account:
    db = database.session()
    user_id = db.scalar(sa.select(User.id).where(User.email == email))
    found = account(db, user_id) if user_id is not None else None
    if found is None or not found.active:
        raise Refusal("unknown_user", message("sso.unknown", email=email), email)
    return found


def _refused(refusal: Refusal) -> ResponseReturnValue:
    db = database.session()
    db.commit()  # end any read transaction, so the insert starts its own (see auth)
    db.add(AuditEntry(user=refusal.email or "anonymous", action="sign_in_refused",
                      entity="user", entity_id=None,
                      detail={"method": CLIENT, "reason": refusal.reason}))
    db.commit()
    return render_template("sso/refused.html", text=refusal.text), refusal.status
