"""Single sign-on (attain.web.sso) against a real, minimal OpenID Connect provider.

The provider below runs on loopback in a thread: discovery document, JWKS, an
authorization endpoint that redirects back with a code, and a token endpoint that checks
the client secret and the PKCE verifier and issues an RS256-signed ID token. Nothing of
Authlib is mocked: attain fetches the metadata and keys and validates the token itself.
Each refusal test changes one thing about the ID token the provider issues.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import requests
import sqlalchemy as sa
from flask import Flask, jsonify, redirect, request
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from web_site import USER, site_app, site_session
from werkzeug.serving import make_server

from attain.errors import UserError
from attain.store.models import AuditEntry

CLIENT_ID, CLIENT_SECRET = "attain-test-client", "test-secret-not-for-production"
KEY_ID = "provider-key-1"


class Provider:
    """A minimal OpenID Connect provider (authorization code flow with PKCE) on loopback."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
        self.signing_key = self.key
        self.email = USER["officer"].email
        # claims of the next ID token to change or add (None: leave the claim out)
        self.changes: dict[str, Any] = {}
        self.codes: dict[str, dict[str, str]] = {}
        self.server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.signing_key, self.email, self.changes = self.key, USER["officer"].email, {}

    def _app(self) -> Flask:
        app = Flask("provider")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self._metadata)
        app.add_url_rule("/jwks", view_func=self._jwks)
        app.add_url_rule("/authorize", view_func=self._authorize)
        app.add_url_rule("/token", view_func=self._token, methods=["POST"])
        return app

    def _metadata(self) -> Any:
        return jsonify({
            "issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"]})

    def _jwks(self) -> Any:
        return jsonify({"keys": [self.key.as_dict(private=False)]})

    def _authorize(self) -> Any:
        args = request.args
        if (args.get("client_id") != CLIENT_ID or args.get("response_type") != "code"
                or "openid" not in (args.get("scope") or "").split()
                or args.get("code_challenge_method") != "S256"):
            return "bad authorization request", 400
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": args.get("nonce", ""), "email": self.email,
                            "redirect_uri": args["redirect_uri"],
                            "challenge": args["code_challenge"]}
        query = urlencode({"code": code, "state": args["state"]})
        return redirect(f"{args['redirect_uri']}?{query}")

    def _token(self) -> Any:
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
            return jsonify({"error": "invalid_client"}), 401
        grant = self.codes.pop(request.form.get("code", ""), None)
        if (grant is None or request.form.get("redirect_uri") != grant["redirect_uri"]
                or _s256(request.form.get("code_verifier", "")) != grant["challenge"]):
            return jsonify({"error": "invalid_grant"}), 400
        now = int(time.time())
        claims = {"iss": self.url, "sub": "user-1", "aud": CLIENT_ID, "iat": now,
                  "exp": now + 300, "nonce": grant["nonce"], "email": grant["email"],
                  "email_verified": True}
        claims.update(self.changes)
        claims = {name: value for name, value in claims.items() if value is not None}
        id_token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, self.signing_key)
        return jsonify({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                        "expires_in": 300, "id_token": id_token})

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    running = Provider()
    yield running
    running.stop()


@pytest.fixture
def sso_app(provider: Provider, fresh_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    provider.reset()
    monkeypatch.setenv("ATTAIN_OIDC_METADATA_URL",
                       f"{provider.url}/.well-known/openid-configuration")
    monkeypatch.setenv("ATTAIN_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ATTAIN_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.delenv("ATTAIN_OIDC_EMAIL_DOMAINS", raising=False)
    return site_app(fresh_site, monkeypatch)


def _round_trip(client: FlaskClient, start: str = "/sign-in/sso") -> tuple[str, Any]:
    """Follow the browser's way: attain -> provider's authorization endpoint (real HTTP)
    -> back to attain's callback. Returns the callback URL and attain's answer."""
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    location = to_provider.headers["Location"]
    assert location.startswith(f"{urlsplit(location).scheme}://127.0.0.1:")
    back = requests.get(location, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/sign-in/sso/callback"
    path = f"{callback.path}?{callback.query}"
    return path, client.get(path)


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200


def _audit(site: Path) -> list[AuditEntry]:
    with site_session(site) as session:
        return list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def test_sign_in_page_offers_the_button_when_configured(sso_app: Flask) -> None:
    page = sso_app.test_client().get("/sign-in?next=/schools").get_data(as_text=True)
    assert "Sign in with your organisation account" in page
    assert 'href="/sign-in/sso?next=/schools"' in page


def test_a_known_user_signs_in_and_goes_to_the_page_asked_for(
        sso_app: Flask, fresh_site: Path) -> None:
    client = sso_app.test_client()
    _path, answer = _round_trip(client, "/sign-in/sso?next=/schools")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/schools"
    assert client.get("/schools").status_code == 200  # an officer's page
    last = _audit(fresh_site)[-1]
    assert (last.user, last.action, last.detail) == (USER["officer"].email, "sign_in",
                                                     {"method": "oidc"})


def test_roles_come_from_attain_not_the_provider(sso_app: Flask, provider: Provider) -> None:
    provider.email = USER["viewer"].email.upper()  # case differs: still the same user
    provider.changes = {"roles": ["admin"]}  # a provider's roles claim is ignored
    client = sso_app.test_client()
    assert _round_trip(client)[1].status_code == 302
    assert client.get("/schools").status_code == 403  # viewers do not see schools
    assert client.get("/admin/users").status_code == 403


@pytest.mark.parametrize(("label", "changes"), [
    ("wrong nonce", {"nonce": "not-the-nonce-attain-sent"}),
    ("missing nonce", {"nonce": None}),
    ("wrong audience", {"aud": "another-client"}),
    # Authlib's default checks the audience only through azp: attain checks aud itself
    ("wrong audience, azp set", {"aud": "another-client", "azp": CLIENT_ID}),
    ("wrong issuer", {"iss": "http://127.0.0.1:9/another-tenant"}),
    ("expired", {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}),
])
def test_a_token_that_fails_a_check_is_refused(
        sso_app: Flask, provider: Provider, fresh_site: Path, label: str,
        changes: dict[str, Any]) -> None:
    provider.changes = changes
    client = sso_app.test_client()
    _path, answer = _round_trip(client)
    assert answer.status_code == 403, label
    assert "did not confirm who you are" in answer.get_data(as_text=True)
    assert not _signed_in(client)
    last = _audit(fresh_site)[-1]
    assert (last.action, last.detail) == ("sign_in_refused",
                                          {"method": "oidc", "reason": "invalid_response"})


def test_a_token_signed_by_another_key_is_refused(sso_app: Flask, provider: Provider) -> None:
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
    client = sso_app.test_client()
    assert _round_trip(client)[1].status_code == 403
    assert not _signed_in(client)


def test_a_forged_or_replayed_state_is_refused(sso_app: Flask) -> None:
    sso_app.config["WTF_CSRF_ENABLED"] = False  # to sign out between the two
    client = sso_app.test_client()
    path, answer = _round_trip(client)
    assert answer.status_code == 302
    assert client.post("/sign-out").status_code == 302
    assert not _signed_in(client)
    assert client.get(path).status_code == 403  # the state was used up
    forged = path.replace("state=", "state=x")
    assert client.get(forged).status_code == 403
    assert not _signed_in(client)


def test_an_unknown_email_is_refused_with_a_clear_message(
        sso_app: Flask, provider: Provider, fresh_site: Path) -> None:
    provider.email = "stranger@la.example"
    client = sso_app.test_client()
    _path, answer = _round_trip(client)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert "There is no attain user with the email address stranger@la.example" in page
    assert not _signed_in(client)
    last = _audit(fresh_site)[-1]
    assert (last.user, last.action, last.detail) == (
        "stranger@la.example", "sign_in_refused", {"method": "oidc", "reason": "unknown_user"})


def test_an_unverified_email_is_refused(sso_app: Flask, provider: Provider) -> None:
    provider.changes = {"email_verified": False}
    client = sso_app.test_client()
    assert _round_trip(client)[1].status_code == 403
    assert not _signed_in(client)


def test_only_the_allowed_email_domains_sign_in(
        provider: Provider, fresh_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    provider.reset()
    monkeypatch.setenv("ATTAIN_OIDC_METADATA_URL",
                       f"{provider.url}/.well-known/openid-configuration")
    monkeypatch.setenv("ATTAIN_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("ATTAIN_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("ATTAIN_OIDC_EMAIL_DOMAINS", "la.example")
    app = site_app(fresh_site, monkeypatch)
    provider.email = USER["school"].email  # an attain user, but of alpha.example
    client = app.test_client()
    answer = _round_trip(client)[1]
    assert answer.status_code == 403
    assert "is not an address of an organisation that uses attain" in answer.get_data(
        as_text=True)
    provider.email = USER["officer"].email
    assert _round_trip(client)[1].status_code == 302


def test_the_refusal_page_is_in_welsh_when_chosen(sso_app: Flask, provider: Provider) -> None:
    provider.email = "stranger@la.example"
    client = sso_app.test_client()
    client.get("/language/cy?next=/sign-in")
    page = html.unescape(_round_trip(client)[1].get_data(as_text=True))
    assert "Nid oes defnyddiwr attain gyda'r cyfeiriad e-bost stranger@la.example" in page


def test_sso_off_has_no_button_and_no_routes(app: Flask) -> None:
    client = app.test_client()
    assert "organisation account" not in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/sign-in/sso").status_code == 404
    assert client.get("/sign-in/sso/callback?code=x&state=y").status_code == 404


def test_an_unreachable_provider_gets_a_clear_page(
        fresh_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a loopback port with nothing listening on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("ATTAIN_OIDC_METADATA_URL",
                       f"http://127.0.0.1:{port}/.well-known/openid-configuration")
    monkeypatch.setenv("ATTAIN_OIDC_CLIENT_ID", CLIENT_ID)
    client = site_app(fresh_site, monkeypatch).test_client()
    answer = client.get("/sign-in/sso")
    assert answer.status_code == 503
    assert "cannot be reached" in answer.get_data(as_text=True)


def test_a_plain_http_provider_off_loopback_is_refused(
        fresh_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_OIDC_METADATA_URL",
                       "http://login.example/.well-known/openid-configuration")
    monkeypatch.setenv("ATTAIN_OIDC_CLIENT_ID", CLIENT_ID)
    with pytest.raises(UserError, match="https"):
        site_app(fresh_site, monkeypatch)
