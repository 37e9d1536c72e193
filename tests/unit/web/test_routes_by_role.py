"""Every route × every role (and a school user of another school), allow or deny.

A route added to the app without a row here fails `test_every_route_is_listed`, and a
view without an access rule is refused by the policy hook, so both must be decided.
"""

from __future__ import annotations

import pytest
from flask import Flask
from web_site import MEASURE, OWN_URN, sign_in

from attain.web.access import rule_of

ROLES = ("anonymous", "admin", "officer", "school", "school_other", "viewer")
SIGN_IN = 302  # not signed in: redirected to the sign-in page

# endpoint: (method, path, expected status per role in ROLES order)
EXPECTED: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "static": ("GET", "/assets/govuk/govuk-frontend.min.css", (200, 200, 200, 200, 200, 200)),
    "auth.sign_in": ("GET", "/sign-in", (200, 200, 200, 200, 200, 200)),
    "auth.sign_out": ("POST", "/sign-out", (SIGN_IN, 302, 302, 302, 302, 302)),
    "pages.overview": ("GET", "/", (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.schools": ("GET", "/schools", (SIGN_IN, 200, 200, 200, 200, 403)),
    "pages.school_page": ("GET", f"/schools/{OWN_URN}", (SIGN_IN, 200, 200, 200, 404, 403)),
    "pages.measures": ("GET", "/measures", (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.measure_page": ("GET", f"/measures/{MEASURE}", (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.measure_csv": ("GET", f"/measures/{MEASURE}.csv",
                          (SIGN_IN, 200, 200, 200, 200, 200)),
    "admin.users": ("GET", "/admin/users", (SIGN_IN, 200, 403, 403, 403, 403)),
    "admin.new_user": ("GET", "/admin/users/new", (SIGN_IN, 200, 403, 403, 403, 403)),
}
CASES = [(endpoint, role, expected[i])
         for endpoint, (_m, _p, expected) in EXPECTED.items() for i, role in enumerate(ROLES)]


def test_every_route_is_listed_and_has_a_rule(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTED)
    unruled = [e for e in endpoints if e != "static" and rule_of(app.view_functions[e]) is None]
    assert unruled == []


@pytest.mark.parametrize(("endpoint", "role", "status"), CASES)
def test_route_for_role(csrf_off: Flask, endpoint: str, role: str, status: int) -> None:
    method, path, _ = EXPECTED[endpoint]
    client = csrf_off.test_client()
    if role != "anonymous":
        sign_in(client, role)
    response = client.open(path, method=method)
    assert response.status_code == status
    if role == "anonymous" and status == SIGN_IN:
        assert response.headers["Location"].startswith("/sign-in")
