"""CSRF, headers, cookies, sign-in throttling, redirects and error pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from web_site import PASSWORD, USER, sign_in

from attain.errors import UserError
from attain.web import create_app
from attain.web.access import Rule, requires


def _csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_sign_in_with_the_form_token_works(app: Flask) -> None:
    client = app.test_client()
    token = _csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/sign-in", data={"email": USER["officer"].email,
                                              "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.parametrize("token", [None, "forged"])
def test_post_without_a_valid_csrf_token_is_refused(app: Flask, token: str | None) -> None:
    data = {"email": USER["officer"].email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token
    response = app.test_client().post("/sign-in", data=data)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_wrong_password_shows_error_summary(csrf_off: Flask) -> None:
    response = csrf_off.test_client().post(
        "/sign-in", data={"email": USER["officer"].email, "password": "wrong password"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Enter a correct email address and password" in html


def test_sign_in_is_throttled_after_repeated_failures(csrf_off: Flask) -> None:
    client = csrf_off.test_client()
    for _ in range(5):
        client.post("/sign-in", data={"email": USER["viewer"].email, "password": "nope"})
    response = client.post("/sign-in", data={"email": USER["viewer"].email,
                                              "password": PASSWORD})
    assert response.status_code == 429  # even the right password, until the window passes


def test_next_parameter_cannot_leave_the_site(csrf_off: Flask) -> None:
    response = csrf_off.test_client().post(
        "/sign-in?next=https://evil.example/", data={"email": USER["admin"].email,
                                                    "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_next_parameter_returns_to_the_page_asked_for(csrf_off: Flask) -> None:
    client = csrf_off.test_client()
    asked = client.get("/measures")
    assert asked.headers["Location"] == "/sign-in?next=/measures"
    response = client.post(asked.headers["Location"], data={"email": USER["admin"].email,
                                                             "password": PASSWORD})
    assert response.headers["Location"] == "/measures"


def test_security_headers_and_nonce(csrf_off: Flask) -> None:
    response = csrf_off.test_client().get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and f'nonce="{nonce.group(1)}"' in response.get_data(as_text=True)
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP
    secure = csrf_off.test_client().get("/sign-in", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_secure_outside_testing(site: Path) -> None:
    app = create_app(site)
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(
        "/sign-in", base_url="https://localhost",
        data={"email": USER["admin"].email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_signed_out_session_no_longer_sees_data(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "officer")
    client.post("/sign-out")
    assert client.get("/").status_code == 302


def _app_with_failing_routes(site: Path) -> Flask:
    app = create_app(site, testing=True)

    @app.route("/boom")
    @requires(Rule.PUBLIC)
    def boom() -> str:
        raise RuntimeError("secret detail /etc/passwd")

    @app.route("/user-error")
    @requires(Rule.PUBLIC)
    def user_error() -> str:
        raise UserError("the file has no URN column", fix="Add a URN column.")

    return app


def test_internal_errors_show_a_reference_not_a_traceback(site: Path) -> None:
    response = _app_with_failing_routes(site).test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html and "secret detail" not in html


def test_user_errors_say_what_and_how_to_fix(site: Path) -> None:
    response = _app_with_failing_routes(site).test_client().get("/user-error")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "the file has no URN column. Add a URN column." in html


def test_route_without_a_rule_is_refused(site: Path) -> None:
    app = create_app(site, testing=True)

    @app.route("/forgotten")
    def forgotten() -> str:
        return "secret-marker"

    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "secret-marker" not in response.get_data(as_text=True)


def test_not_found_page(app: Flask) -> None:
    response = app.test_client().get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_behind_a_tls_proxy_cookies_are_secure_and_hsts_is_sent(site: Path) -> None:
    from attain.web.server import ServeOptions, build

    app = build(ServeOptions(site, behind_proxy=True))
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(
        "/sign-in", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.1"},
        data={"email": USER["admin"].email, "password": PASSWORD})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_served_directly_cookies_work_over_plain_http(site: Path) -> None:
    from attain.web.server import ServeOptions, build

    app = build(ServeOptions(site))
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(
        "/sign-in", data={"email": USER["admin"].email, "password": PASSWORD})
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers
