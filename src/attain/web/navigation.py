"""The service navigation: only the sections the signed-in user may open."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for

from attain.web.access import Decision, Rule, decide
from attain.web.auth import principal
from attain.web.messages import message

# (endpoint, message key, rule, endpoints that belong to the section)
SECTIONS = (
    ("pages.overview", "nav.overview", Rule.LA_AGGREGATES, ("pages.overview",)),
    ("pages.schools", "nav.schools", Rule.SCHOOL_DIRECTORY, ("pages.school",)),
    ("pages.measures", "nav.measures", Rule.LA_AGGREGATES, ("pages.measure",)),
    ("plans.index", "nav.plans", Rule.PLANS, ("plans.",)),
    ("reports.index", "nav.reports", Rule.LA_AGGREGATES, ("reports.",)),
    ("risk.categories", "nav.risk", Rule.STAFF, ("risk.",)),
    ("targets.challenge", "nav.targets", Rule.STAFF, ("targets.",)),
    ("review.calendar", "nav.review", Rule.STAFF, ("review.calendar", "review.schedule")),
    ("data.upload", "nav.data", Rule.ADMIN, ("data.",)),
    ("admin.users", "nav.users", Rule.ADMIN, ("admin.users", "admin.new_user", "admin.edit_user")),
    ("admin.audit", "nav.audit", Rule.ADMIN, ("admin.audit",)),
)


def navigation() -> list[dict[str, Any]]:
    who = principal()
    if who is None:
        return [{"href": url_for("auth.sign_in"), "text": message("nav.sign_in"),
                 "active": request.endpoint == "auth.sign_in"}]
    current = request.endpoint or ""
    return [{"href": url_for(endpoint), "text": message(key),
             "active": current.startswith(prefixes)}
            for endpoint, key, rule, prefixes in SECTIONS
            if decide(rule, who) is Decision.ALLOW]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["navigation"] = navigation
