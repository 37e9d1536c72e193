"""The read-only JSON API, /api/v1/: results, schools and plans.

A request is authenticated by `Authorization: Bearer TOKEN` (attain.web.api_tokens), or
by the browser session of a signed-in user (same-origin reads; the API changes nothing
and sends no CORS headers). The access policy is the pages' one: every view declares a
rule, the policy hook applies it, and school figures are filtered with the same Principal.
Errors are JSON: 401 without a valid token, 403/404 as on the pages.
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, abort, current_app, g, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from attain.errors import UserError
from attain.services.plan_scope import plans_of_schools
from attain.services.plans import list_plans
from attain.services.results import COLUMNS, SUPPRESSED_SYMBOL
from attain.store.plan_models import PlanRow
from attain.web import data, database
from attain.web.access import Decision, Principal, Rule, decide, requires, rule_of
from attain.web.api_query import parse_result_query
from attain.web.api_spec import openapi_document
from attain.web.api_tokens import token_account
from attain.web.auth import SignedInUser, principal
from attain.web.workspace import folder as _folder
from attain.web.workspace import home_la as _home_la

bp = Blueprint("api", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    # First of all hooks, so the policy hook sees the token's user.
    app.before_request_funcs.setdefault(None, []).insert(0, authenticate_api_request)
    app.register_blueprint(bp)


def _problem(status: int, title: str, detail: str = "") -> Response:
    body: dict[str, Any] = {"status": status, "title": title}
    if detail:
        body["detail"] = detail
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="attain"'
    return response


def authenticate_api_request() -> Response | None:
    """Token (or session) authentication for the API's routes; others pass untouched."""
    if request.blueprint != bp.name:
        return None
    if rule_of(current_app.view_functions.get(request.endpoint or "")) is Rule.PUBLIC:
        return None
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        found = (token_account(database.session(), token.strip())
                 if scheme.lower() == "bearer" else None)
        if found is None:
            return _problem(401, "Unauthorized", "The token is not valid, has expired or "
                            "was revoked. Ask your data manager for a new one.")
        # Flask-Login's current_user is g._login_user (as login_user sets it), here for this
        # request only: nothing goes into the session cookie.
        g._login_user = SignedInUser(found)
        return None
    if not current_user.is_authenticated:
        return _problem(401, "Unauthorized", "Send a token: Authorization: Bearer TOKEN.")
    return None


@bp.errorhandler(HTTPException)
def _http_error(err: HTTPException) -> Response:
    return _problem(err.code or 500, err.name, err.description or "")


@bp.errorhandler(UserError)
def _user_error(err: UserError) -> Response:
    return _problem(400, "Bad Request", err.message)


@bp.errorhandler(Exception)
def _internal_error(err: Exception) -> Response:
    reference = uuid.uuid4().hex[:8]
    log.error("internal error %s", reference, exc_info=err)
    return _problem(500, "Internal Server Error", f"Reference {reference}")


def _who() -> Principal:
    who = principal()
    if who is None:  # the hooks have already answered 401
        abort(401)
    return who


def _require_school(who: Principal, urn: int) -> None:
    decision = decide(Rule.SCHOOL, who, urn)
    if decision is Decision.NOT_FOUND:
        abort(404)
    if decision is not Decision.ALLOW:
        abort(403)


@bp.get("/openapi.json")
@requires(Rule.PUBLIC)
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/results")
@requires(Rule.LA_AGGREGATES)
def results() -> Response:
    query = parse_result_query(request.args)
    who = _who()
    if query.school_urn is not None:
        _require_school(who, query.school_urn)
    rows = [r for r in data.results(_folder(), query.result_filter())
            if query.matches(r) and _may_see(who, r)]
    page = rows[query.offset:query.offset + query.limit]
    return jsonify({"total": len(rows), "offset": query.offset, "limit": query.limit,
                    "rows": [public_row(r) for r in page]})


def _may_see(who: Principal, row: dict[str, Any]) -> bool:
    return row["level"] != "school" or who.may_see_school(int(row["area_code"]))


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    """A cube row for the API: hidden figures and undefined numbers as null."""
    return {name: _json_value(name, row.get(name)) for name in COLUMNS}


def _json_value(name: str, value: Any) -> Any:
    if value == SUPPRESSED_SYMBOL and name != "suppressed":
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if name == "area_code" and value is not None:
        return str(value)
    return value


@bp.get("/schools")
@requires(Rule.SCHOOL_DIRECTORY)
def schools() -> Response:
    who = _who()
    session = database.session()
    found = (data.schools(session, la_code=request.args.get("la") or _home_la())
             if who.is_staff else data.schools(session, urns=who.urns))
    phase, text = request.args.get("phase", ""), request.args.get("q", "").strip().lower()
    shown = [s for s in found if (not phase or s.phase == phase)
             and (not text or text in s.name.lower() or text == str(s.urn))]
    return jsonify({"schools": [asdict(s) for s in shown]})


@bp.get("/schools/<int:urn>")
@requires(Rule.SCHOOL)
def school(urn: int) -> Response:
    found = data.school(database.session(), urn)
    if found is None:
        abort(404)
    return jsonify(asdict(found))


def _visible_plan_ids(who: Principal) -> frozenset[str] | None:
    """None: every plan (staff)."""
    return None if who.is_staff else plans_of_schools(database.session(), who.urns)


def _database_url() -> str:
    return database.engine().url.render_as_string(hide_password=False)


@bp.get("/plans")
@requires(Rule.SCHOOL_DIRECTORY)
def plans() -> Response:
    visible = _visible_plan_ids(_who())
    found = [p for p in list_plans(_database_url()) if visible is None or p.id in visible]
    return jsonify({"plans": [asdict(p) for p in found]})


@bp.get("/plans/<plan_id>")
@requires(Rule.SCHOOL_DIRECTORY)
def plan(plan_id: str) -> Response:
    visible = _visible_plan_ids(_who())
    row = database.session().scalar(sa.select(PlanRow).where(PlanRow.id == plan_id))
    if row is None or (visible is not None and plan_id not in visible):
        abort(404)
    return jsonify({"id": row.id, "title": row.title, "organisation": row.organisation,
                    "status": row.status, "version": row.version,
                    "updated_at": _utc(row.updated_at).isoformat(), "plan": row.document})


def _utc(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

