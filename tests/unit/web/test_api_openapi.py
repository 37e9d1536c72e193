"""The OpenAPI document is valid OpenAPI 3.1 (openapi-spec-validator), and the live app's
requests and responses, for every role and the error cases, match it (openapi-core)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_spec_validator import validate
from web_site import MEASURE, OTHER_URN, OWN_URN, USER, build_site
from werkzeug.test import TestResponse

from attain.web import create_app, database
from attain.web.api_spec import openapi_document
from attain.web.api_tokens import issue_token

LIVE_REQUESTS = (
    f"/api/v1/results?measure={MEASURE}",
    f"/api/v1/results?measure={MEASURE}&group=fsm",
    f"/api/v1/results?measure={MEASURE}&level=national&limit=1&offset=1",
    f"/api/v1/results?level=school&area={OWN_URN}",
    f"/api/v1/results?level=school&area={OTHER_URN}",
    "/api/v1/results?level=county&measure=x",
    "/api/v1/schools",
    "/api/v1/schools?phase=primary&q=alpha",
    f"/api/v1/schools/{OWN_URN}",
    "/api/v1/schools/999999",
    "/api/v1/plans",
    "/api/v1/plans/rap-alpha-2019",
    "/api/v1/plans/no-such-plan",
    "/api/v1/openapi.json",
)


@pytest.fixture(scope="module")
def spec_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("openapi-site"))


@pytest.fixture
def spec_app(spec_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    return create_app(spec_site, testing=True)


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(openapi_document())


def test_the_document_is_valid_openapi() -> None:
    validate(openapi_document())


def test_the_served_document_is_the_document(spec_app: Flask) -> None:
    response = spec_app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == openapi_document()


def _check(openapi: OpenAPI, response: TestResponse) -> None:
    request = WerkzeugOpenAPIRequest(response.request)
    if response.status_code < 400:  # the spec rejects bad queries, as the app does
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(response))


@pytest.mark.parametrize("role", [None, *USER])
def test_live_responses_match_the_document(spec_app: Flask, openapi: OpenAPI,
                                           role: str | None) -> None:
    headers = {}
    if role is not None:
        with spec_app.app_context():
            s = database.session()
            headers["Authorization"] = f"Bearer {issue_token(s, USER[role].email).token}"
            s.commit()
    client = spec_app.test_client()
    statuses = set()
    for path in LIVE_REQUESTS:
        response = client.get(path, headers=headers)
        statuses.add(response.status_code)
        _check(openapi, response)
    assert 200 in statuses
    assert statuses - {200}  # errors are checked too


def test_a_response_that_breaks_the_document_is_caught(spec_app: Flask,
                                                       openapi: OpenAPI) -> None:
    # The check can fail: the same live response with one field of the wrong type.
    with spec_app.app_context():
        s = database.session()
        token = issue_token(s, USER["officer"].email).token
        s.commit()
    response = spec_app.test_client().get(f"/api/v1/schools/{OWN_URN}",
                                          headers={"Authorization": f"Bearer {token}"})
    _check(openapi, response)
    response.set_data(response.get_data(as_text=True).replace(f'"urn":{OWN_URN}',
                                                             f'"urn":"{OWN_URN}"'))
    with pytest.raises(OpenAPIError):
        _check(openapi, response)
