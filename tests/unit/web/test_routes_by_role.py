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
API_401 = 401  # the JSON API without a session or a valid token

# endpoint: (method, path, expected status per role in ROLES order)
EXPECTED: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "static": ("GET", "/assets/govuk/govuk-frontend.min.css", (200, 200, 200, 200, 200, 200)),
    "auth.sign_in": ("GET", "/sign-in", (200, 200, 200, 200, 200, 200)),
    "auth.sign_out": ("POST", "/sign-out", (SIGN_IN, 302, 302, 302, 302, 302)),
    # single sign-on: public (Rule.PUBLIC), and 404 for everyone while it is not configured,
    # as in this site (tests/unit/web/test_sso.py signs in through a real OIDC provider)
    "sso.start": ("GET", "/sign-in/sso", (404, 404, 404, 404, 404, 404)),
    "sso.callback": ("GET", "/sign-in/sso/callback?code=x&state=y",
                     (404, 404, 404, 404, 404, 404)),
    "pages.overview": ("GET", "/", (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.schools": ("GET", "/schools", (SIGN_IN, 200, 200, 200, 200, 403)),
    "pages.school_page": ("GET", f"/schools/{OWN_URN}", (SIGN_IN, 200, 200, 200, 404, 403)),
    "pages.measures": ("GET", "/measures", (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.measure_page": ("GET", f"/measures/{MEASURE}", (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.measure_csv": ("GET", f"/measures/{MEASURE}.csv",
                          (SIGN_IN, 200, 200, 200, 200, 200)),
    "pages.measure_xlsx": ("GET", f"/measures/{MEASURE}.xlsx",
                           (SIGN_IN, 200, 200, 200, 200, 200)),
    "admin.users": ("GET", "/admin/users", (SIGN_IN, 200, 403, 403, 403, 403)),
    "admin.new_user": ("GET", "/admin/users/new", (SIGN_IN, 200, 403, 403, 403, 403)),
    "admin.audit": ("GET", "/admin/audit", (SIGN_IN, 200, 403, 403, 403, 403)),
    # user 2 is the site's officer (web_site.USERS order)
    "admin.edit_user": ("GET", "/admin/users/2/edit", (SIGN_IN, 200, 403, 403, 403, 403)),
    # risk categories and concerns (an empty POST is malformed: 400; no such concern: 404)
    "risk.categories": ("GET", "/risk", (SIGN_IN, 200, 200, 403, 403, 403)),
    "risk.school_category": ("GET", f"/schools/{OWN_URN}/category",
                             (SIGN_IN, 200, 200, 200, 404, 403)),
    "risk.decide": ("POST", f"/schools/{OWN_URN}/category/decide",
                    (SIGN_IN, 400, 400, 403, 404, 403)),
    "risk.raise_concern": ("POST", f"/schools/{OWN_URN}/concerns",
                           (SIGN_IN, 400, 400, 403, 404, 403)),
    "risk.close_concern": ("POST", f"/schools/{OWN_URN}/concerns/999",
                           (SIGN_IN, 404, 404, 403, 404, 403)),
    # the review cycle (the site has SV1 2019 scheduled for OWN_URN, reviewing its RAP)
    "review.calendar": ("GET", "/review?year=2019", (SIGN_IN, 200, 200, 403, 403, 403)),
    "review.schedule": ("POST", "/review/schedule", (SIGN_IN, 400, 400, 403, 403, 403)),
    "review.school_visits": ("GET", f"/schools/{OWN_URN}/visits",
                             (SIGN_IN, 200, 200, 200, 404, 403)),
    "review.record_visit": ("GET", f"/schools/{OWN_URN}/visits/2019/SV1",
                            (SIGN_IN, 200, 200, 403, 404, 403)),
    "review.self_evaluation": ("GET", f"/schools/{OWN_URN}/self-evaluation",
                               (SIGN_IN, 200, 200, 200, 404, 403)),
    "review.record_meeting": ("GET", "/review/meetings/2019/1",
                              (SIGN_IN, 200, 200, 403, 403, 403)),
    # data uploads: admin only (an unknown upload: 404)
    "data.upload": ("GET", "/data/upload", (SIGN_IN, 200, 403, 403, 403, 403)),
    "data.confirm": ("POST", "/data/uploads/AAAAAAAAAAAAAAAAAAAAAAAA/confirm",
                     (SIGN_IN, 404, 403, 403, 403, 403)),
    "data.history": ("GET", "/data/imports", (SIGN_IN, 200, 403, 403, 403, 403)),
    # JSON API (a session or a Bearer token; no valid one: 401, never a redirect)
    "api.openapi": ("GET", "/api/v1/openapi.json", (200, 200, 200, 200, 200, 200)),
    # the language switch: sets a cookie and goes back (here to the sign-in page)
    "i18n.choose": ("GET", "/language/cy?next=/sign-in", (302, 302, 302, 302, 302, 302)),
    "api.results": ("GET", f"/api/v1/results?measure={MEASURE}",
                    (API_401, 200, 200, 200, 200, 200)),
    "api.schools": ("GET", "/api/v1/schools", (API_401, 200, 200, 200, 200, 403)),
    "api.school": ("GET", f"/api/v1/schools/{OWN_URN}", (API_401, 200, 200, 200, 404, 403)),
    "api.plans": ("GET", "/api/v1/plans", (API_401, 200, 200, 200, 200, 403)),
    "api.plan": ("GET", "/api/v1/plans/rap-alpha-2019", (API_401, 200, 200, 200, 404, 403)),
    # action plans: rap-alpha-2019 is OWN_URN's RAP (its SV1 reviews it); objectives and
    # imports are LA staff's
    "plans.index": ("GET", "/plans", (SIGN_IN, 200, 200, 200, 200, 403)),
    "plans.view": ("GET", "/plans/rap-alpha-2019", (SIGN_IN, 200, 200, 200, 404, 403)),
    "plans.edit_objective": ("GET", "/plans/rap-alpha-2019/objectives/1.1/edit",
                             (SIGN_IN, 200, 200, 403, 403, 403)),
    "plans.edit_action": ("GET", "/plans/rap-alpha-2019/actions/1.1.1/edit",
                          (SIGN_IN, 200, 200, 200, 404, 403)),
    "plans.add_progress": ("GET", "/plans/rap-alpha-2019/actions/1.1.1/progress",
                           (SIGN_IN, 200, 200, 200, 404, 403)),
    "plans.export": ("GET", "/plans/rap-alpha-2019.xlsx", (SIGN_IN, 200, 200, 200, 404, 403)),
    "plans.import_plan": ("GET", "/plans/import", (SIGN_IN, 200, 200, 403, 403, 403)),
    # reports: published LA reports for every role; a school's profile as its school page
    "reports.index": ("GET", "/reports", (SIGN_IN, 200, 200, 200, 200, 200)),
    "reports.standards": ("GET", "/reports/standards?standards-la_code=882&standards-year="
                          "2019&standards-file_format=xlsx", (SIGN_IN, 200, 200, 200, 200, 200)),
    "reports.datasheet": ("GET", "/reports/datasheet?datasheet-la_code=882&datasheet-year="
                          "2019&datasheet-file_format=xlsx", (SIGN_IN, 200, 200, 200, 200, 200)),
    "reports.school": ("GET", f"/reports/school?school-urn={OWN_URN}&school-year=2019"
                       "&school-file_format=xlsx", (SIGN_IN, 200, 200, 200, 404, 403)),
    # watchlists: LA staff's own lists of schools (the site has none: a list id is a 404,
    # as is another user's list; an empty POST is malformed: 400)
    "watchlists.index": ("GET", "/watchlists", (SIGN_IN, 200, 200, 403, 403, 403)),
    "watchlists.new": ("POST", "/watchlists/new", (SIGN_IN, 400, 400, 403, 403, 403)),
    "watchlists.edit": ("GET", "/watchlists/1/edit", (SIGN_IN, 404, 404, 403, 403, 403)),
    "watchlists.schools": ("GET", "/watchlists/1/schools", (SIGN_IN, 404, 404, 403, 403, 403)),
    "watchlists.delete": ("POST", "/watchlists/1/delete", (SIGN_IN, 404, 404, 403, 403, 403)),
    # targets: a school's own (staff any school's); the challenge list and uploads for any
    # school are LA staff's (an empty POST is malformed: 400)
    "targets.school": ("GET", f"/schools/{OWN_URN}/targets", (SIGN_IN, 200, 200, 200, 404, 403)),
    "targets.save_target": ("POST", f"/schools/{OWN_URN}/targets",
                            (SIGN_IN, 400, 400, 400, 404, 403)),
    "targets.upload_school": ("POST", f"/schools/{OWN_URN}/targets/upload",
                              (SIGN_IN, 400, 400, 400, 404, 403)),
    "targets.challenge": ("GET", "/targets", (SIGN_IN, 200, 200, 403, 403, 403)),
    "targets.upload": ("POST", "/targets/upload", (SIGN_IN, 400, 400, 403, 403, 403)),
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
