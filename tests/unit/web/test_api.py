"""The JSON API with Bearer tokens: the same role and school rules as the pages, the cube's
figures (worked by hand in web_site.py) with suppressed figures null, bad queries 400."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from test_routes_by_role import EXPECTED, ROLES
from web_site import ELSEWHERE_URN, MEASURE, OTHER_URN, OWN_URN, USER, build_site, sign_in

from attain.web import create_app, database
from attain.web.api_tokens import issue_token

API_ROUTES = {e: v for e, v in EXPECTED.items() if e.startswith("api.")}
CASES = [(endpoint, role, expected[i]) for endpoint, (_m, _p, expected) in API_ROUTES.items()
         for i, role in enumerate(ROLES)]


@pytest.fixture(scope="module")
def api_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Its own site: these tests add tokens and audit rows.
    return build_site(tmp_path_factory.mktemp("api-site"))


@pytest.fixture
def api_app(api_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    app = create_app(api_site, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def tokens(api_app: Flask) -> Iterator[dict[str, str]]:
    with api_app.app_context():
        session = database.session()
        issued = {label: issue_token(session, user.email, days=1, by="test").token
                  for label, user in USER.items()}
        session.commit()
    yield issued


def get(app: Flask, path: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.test_client().get(path, headers=headers)


@pytest.mark.parametrize(("endpoint", "role", "status"), CASES)
def test_api_route_for_role_with_a_token(api_app: Flask, tokens: dict[str, str],
                                         endpoint: str, role: str, status: int) -> None:
    _method, path, _ = API_ROUTES[endpoint]
    response = get(api_app, path, tokens.get(role))
    assert response.status_code == status
    assert response.is_json
    assert "Set-Cookie" not in response.headers  # a token request starts no session
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _rows(app: Flask, token: str, query: str) -> list[dict[str, Any]]:
    response = get(app, f"/api/v1/results?{query}", token)
    assert response.status_code == 200, response.get_json()
    rows: list[dict[str, Any]] = response.get_json()["rows"]
    return rows


def _by_key(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["level"], r["area_code"], r["group_id"]): r for r in rows}


def test_a_school_user_gets_aggregates_and_only_their_school(
        api_app: Flask, tokens: dict[str, str]) -> None:
    rows = _by_key(_rows(api_app, tokens["school"], f"measure={MEASURE}&year=2019"))
    # web_site.py: LA 1300/2000 = 65.0 %, LA FSM 260/500 = 52.0 %, school 18/30 = 60.0 %.
    assert rows[("la", "882", "all")]["value"] == pytest.approx(65.0)
    assert rows[("la", "882", "fsm")]["value"] == pytest.approx(52.0)
    assert rows[("national", "E92000001", "all")]["value"] == pytest.approx(65.0)
    assert rows[("school", str(OWN_URN), "all")]["value"] == pytest.approx(60.0)
    schools = {area for level, area, _g in rows if level == "school"}
    assert schools == {str(OWN_URN)}


def test_a_suppressed_figure_is_null_with_its_reason(api_app: Flask,
                                                     tokens: dict[str, str]) -> None:
    rows = _by_key(_rows(api_app, tokens["officer"], f"measure={MEASURE}&group=fsm"))
    hidden = rows[("school", str(OWN_URN), "fsm")]  # 2 / 4: denominator below 6
    assert hidden["suppressed"] == "small_denominator"
    for name in ("value", "numerator", "denominator", "diff_national", "significance"):
        assert hidden[name] is None, name
    assert hidden["national_value"] == pytest.approx(48.0)  # not derived from the cell


def test_staff_see_every_school_and_viewers_none(api_app: Flask,
                                                 tokens: dict[str, str]) -> None:
    staff = _by_key(_rows(api_app, tokens["officer"], f"measure={MEASURE}&level=school"))
    assert {area for _l, area, _g in staff} == {str(OWN_URN), str(OTHER_URN),
                                                str(ELSEWHERE_URN)}
    assert staff[("school", str(OTHER_URN), "all")]["value"] == pytest.approx(75.0)  # 45/60
    viewer = _rows(api_app, tokens["viewer"], f"measure={MEASURE}")
    assert viewer and all(r["level"] != "school" for r in viewer)


@pytest.mark.parametrize(("role", "status"), [("officer", 200), ("school", 404),
                                              ("school_other", 200), ("viewer", 403)])
def test_asking_for_one_school_follows_the_school_rule(
        api_app: Flask, tokens: dict[str, str], role: str, status: int) -> None:
    response = get(api_app, f"/api/v1/results?level=school&area={OTHER_URN}", tokens[role])
    assert response.status_code == status
    if status == 200:
        assert {r["area_code"] for r in response.get_json()["rows"]} == {str(OTHER_URN)}


def test_filters_and_pages(api_app: Flask, tokens: dict[str, str]) -> None:
    fsm = _rows(api_app, tokens["viewer"], f"measure={MEASURE}&level=la&area=882&group=fsm")
    assert [(r["year"], r["value"]) for r in fsm] == [(2019, pytest.approx(52.0))]
    national = _rows(api_app, tokens["viewer"], f"measure={MEASURE}&level=national")
    assert [(r["year"], r["value"]) for r in national] == [(2018, pytest.approx(64.0)),
                                                          (2019, pytest.approx(65.0))]
    page = get(api_app, f"/api/v1/results?measure={MEASURE}&level=national&limit=1&offset=1",
               tokens["viewer"]).get_json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [r["year"] for r in page["rows"]] == [2019]


@pytest.mark.parametrize("query", ["", "level=school", f"measure={MEASURE}&level=county",
                                   f"measure={MEASURE}&year=last", f"measure={MEASURE}&limit=0",
                                   f"measure={MEASURE}&limit=5001", "level=school&area=alpha"])
def test_a_bad_query_is_a_400_with_a_reason(api_app: Flask, tokens: dict[str, str],
                                            query: str) -> None:
    response = get(api_app, f"/api/v1/results?{query}", tokens["officer"])
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400 and body["detail"]


def test_schools_and_plans_are_scoped(api_app: Flask, tokens: dict[str, str]) -> None:
    own = get(api_app, "/api/v1/schools", tokens["school"]).get_json()["schools"]
    assert [s["urn"] for s in own] == [OWN_URN]
    staff = get(api_app, "/api/v1/schools", tokens["officer"]).get_json()["schools"]
    assert sorted(s["urn"] for s in staff) == [OWN_URN, OTHER_URN]  # the LA's (882) schools
    staff_plans = get(api_app, "/api/v1/plans", tokens["officer"]).get_json()["plans"]
    assert sorted(p["id"] for p in staff_plans) == ["la-plan-2019", "rap-alpha-2019"]
    school_plans = get(api_app, "/api/v1/plans", tokens["school"]).get_json()["plans"]
    assert [p["id"] for p in school_plans] == ["rap-alpha-2019"]
    assert get(api_app, "/api/v1/plans", tokens["school_other"]).get_json()["plans"] == []
    plan = get(api_app, "/api/v1/plans/rap-alpha-2019", tokens["school"]).get_json()
    assert plan["title"] == "Alpha Primary raising attainment plan"
    assert plan["plan"]["title"] == plan["title"]
    assert get(api_app, "/api/v1/plans/la-plan-2019", tokens["school"]).status_code == 404


def test_a_token_outranks_the_session(api_app: Flask, tokens: dict[str, str]) -> None:
    client: FlaskClient = sign_in(api_app.test_client(), "officer")
    assert client.get(f"/api/v1/schools/{OTHER_URN}").status_code == 200
    response = client.get(f"/api/v1/schools/{OTHER_URN}",
                          headers={"Authorization": f"Bearer {tokens['school']}"})
    assert response.status_code == 404
