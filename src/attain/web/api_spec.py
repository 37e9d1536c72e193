"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json.

Tests validate it (openapi-spec-validator) and validate live responses of the app against
it (openapi-core), so it cannot drift from what the API answers.
"""

from __future__ import annotations

from typing import Any

from attain.services.results import COLUMNS

API_VERSION = "1.0.0"
LEVELS = ("school", "la", "region", "national", "group_of_las")
_TEXT_COLUMNS = frozenset({"measure_id", "level", "area_code", "group_id", "suppressed",
                           "significance", "trend3_direction", "trend5_direction", "source"})


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _result_row() -> dict[str, Any]:
    properties: dict[str, Any] = {
        name: _nullable("string") if name in _TEXT_COLUMNS else _nullable("number")
        for name in COLUMNS}
    properties.update({"measure_id": {"type": "string"}, "year": {"type": "integer"},
                       "level": {"type": "string", "enum": list(LEVELS)},
                       "area_code": {"type": "string"}, "group_id": {"type": "string"}})
    properties["suppressed"] = {
        "type": ["string", "null"],
        "description": "Why the figure is suppressed (then every figure that would reveal "
                       "it is null), or null"}
    return {"type": "object", "required": list(COLUMNS), "properties": properties,
            "additionalProperties": False}


SCHOOL = {
    "type": "object",
    "required": ["urn", "name", "la_code", "phase", "type", "is_academy", "closed"],
    "properties": {"urn": {"type": "integer"}, "name": {"type": "string"},
                   "la_code": {"type": "string"}, "phase": {"type": "string"},
                   "type": {"type": "string"}, "is_academy": {"type": ["boolean", "null"]},
                   "closed": {"type": "boolean"}},
    "additionalProperties": False,
}
PLAN_SUMMARY = {
    "type": "object",
    "required": ["id", "title", "organisation", "status", "actions"],
    "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                   "organisation": {"type": "string"}, "status": {"type": "string"},
                   "actions": {"type": "integer", "minimum": 0}},
    "additionalProperties": False,
}
PLAN = {
    "type": "object",
    "required": ["id", "title", "organisation", "status", "version", "updated_at", "plan"],
    "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                   "organisation": {"type": "string"}, "status": {"type": "string"},
                   "version": {"type": "integer"},
                   "updated_at": {"type": "string", "format": "date-time"},
                   "plan": {"type": "object",
                            "description": "The plan tree in attain's plan YAML format"}},
    "additionalProperties": False,
}
ERROR = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"status": {"type": "integer"}, "title": {"type": "string"},
                   "detail": {"type": "string"}},
    "additionalProperties": False,
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _json(schema_ref: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _errors(*codes: int) -> dict[str, Any]:
    titles = {400: "The request is not valid", 401: "No valid token",
              403: "The user's role may not see this", 404: "Not found, or not this user's"}
    return {str(code): _json("#/components/schemas/Error", titles[code]) for code in codes}


def _list_of(ref: str, key: str) -> dict[str, Any]:
    return {"type": "object", "required": [key], "additionalProperties": False,
            "properties": {key: {"type": "array", "items": {"$ref": ref}}}}


RESULT_PARAMETERS = [
    _query("measure", {"type": "string"}, "Measure id, e.g. ks2_rwm_expected. Required "
           "unless level=school and area are given."),
    _query("year", {"type": "integer"}, "Academic year, as the year it ends (2019 = "
           "2018/19)."),
    _query("level", {"type": "string", "enum": list(LEVELS)}, "Level of the figures."),
    _query("area", {"type": "string"}, "Area code: a URN for schools, an LA code for LAs."),
    _query("group", {"type": "string"}, "Pupil group id, e.g. all, fsm."),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 5000, "default": 1000},
           "Rows per page."),
    _query("offset", {"type": "integer", "minimum": 0, "default": 0}, "Rows to skip."),
]


def _paths() -> dict[str, Any]:
    return {
        "/results": {"get": {
            "summary": "Figures of the results cube that the user may see",
            "description": "Aggregates (LA, region, national) for every role; school "
                           "figures only of the schools the user may see. Suppressed "
                           "figures are null, with the reason in `suppressed`.",
            "parameters": RESULT_PARAMETERS,
            "responses": {"200": _json("#/components/schemas/ResultPage", "Matching rows"),
                          **_errors(400, 401, 403, 404)}}},
        "/schools": {"get": {
            "summary": "Schools the user may see (staff: the LA's schools)",
            "parameters": [
                _query("la", {"type": "string"}, "LA code (staff only; default: the "
                       "service's LA)."),
                _query("phase", {"type": "string"}, "Only schools of this phase."),
                _query("q", {"type": "string"}, "Part of the name, or the URN.")],
            "responses": {"200": _json("#/components/schemas/SchoolList", "Schools"),
                          **_errors(401, 403)}}},
        "/schools/{urn}": {"get": {
            "summary": "One school",
            "parameters": [{"name": "urn", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": _json("#/components/schemas/School", "The school"),
                          **_errors(401, 403, 404)}}},
        "/plans": {"get": {
            "summary": "Plans the user may see (staff: all; school users: their schools')",
            "responses": {"200": _json("#/components/schemas/PlanList", "Plans"),
                          **_errors(401, 403)}}},
        "/plans/{plan_id}": {"get": {
            "summary": "One plan, whole",
            "parameters": [{"name": "plan_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _json("#/components/schemas/Plan", "The plan"),
                          **_errors(401, 403, 404)}}},
        "/openapi.json": {"get": {
            "summary": "This document", "security": [],
            "responses": {"200": {"description": "The OpenAPI document",
                                  "content": {"application/json": {
                                      "schema": {"type": "object"}}}}}}},
    }


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "attain API", "version": API_VERSION,
                 "description": "Read-only access to attain's results, schools and plans, "
                                "with the same role and school rules as the web pages. "
                                "Create a token with `attain users token EMAIL`."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "ResultRow": _result_row(),
                "ResultPage": {
                    "type": "object", "required": ["total", "offset", "limit", "rows"],
                    "additionalProperties": False,
                    "properties": {"total": {"type": "integer"},
                                   "offset": {"type": "integer"},
                                   "limit": {"type": "integer"},
                                   "rows": {"type": "array", "items": {
                                       "$ref": "#/components/schemas/ResultRow"}}}},
                "School": SCHOOL,
                "SchoolList": _list_of("#/components/schemas/School", "schools"),
                "PlanSummary": PLAN_SUMMARY,
                "PlanList": _list_of("#/components/schemas/PlanSummary", "plans"),
                "Plan": PLAN,
                "Error": ERROR,
            },
        },
    }
