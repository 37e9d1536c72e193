"""Saving a plan's objective or action form exactly as it was shown writes nothing: no new
version, no audit entry, and the plan page says "No changes ... nothing was saved" in a
GOV.UK notification banner (issue 10). A real change still saves and audits."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from web_site import LA_PLAN, RAP_PLAN, sign_in, site_session

from attain.store.models import AuditEntry
from attain.store.plan_models import PlanActionRow, PlanRow


class _FormValues(HTMLParser):
    """What a browser submits for the page's form: text inputs, hidden inputs, checked
    radios and checkboxes, textareas, selected options."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        name = found.get("name", "")
        if tag == "input" and name:
            if found.get("type") in ("radio", "checkbox") and "checked" not in found:
                return
            if found.get("type") not in ("submit", "button", "file"):
                self.values.setdefault(name, []).append(found.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.values.setdefault(self._select, []).append(found.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            # a textarea's content starts after one newline the browser drops
            self.values[self._textarea][-1] += data


def _shown_form(client: FlaskClient, path: str) -> dict[str, list[str]]:
    response = client.get(path)
    assert response.status_code == 200
    parser = _FormValues()
    parser.feed(response.get_data(as_text=True))
    values = {k: [v.removeprefix("\n") for v in vs] for k, vs in parser.values.items()}
    values.pop("csrf_token", None)
    return values


def _state(folder: Path) -> tuple[dict[str, int], dict[tuple[str, str], int], int]:
    """Plan versions, action versions and the number of plan audit entries."""
    with site_session(folder) as s:
        plans = {r.id: r.version for r in s.scalars(sa.select(PlanRow))}
        actions = {(r.plan_id, r.key): r.version for r in s.scalars(sa.select(PlanActionRow))}
        audited = s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.entity.startswith("plan")))
        return plans, actions, int(audited or 0)


def _banner(client: FlaskClient, response: Any) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "govuk-notification-banner" in page
    return page


def test_an_action_saved_unchanged_writes_nothing_and_says_so(fresh_app: Flask,
                                                              fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    for plan_id, key, ref in ((LA_PLAN, "1.1.1", "A1"), (LA_PLAN, "1.1.2", "A2"),
                              (RAP_PLAN, "1.1.1", "R1")):
        path = f"/plans/{plan_id}/actions/{key}/edit"
        shown = _shown_form(client, path)
        assert shown["text"] and shown["version"]  # the parser read the form
        before = _state(fresh_site)
        page = _banner(client, client.post(path, data=shown))
        assert f"No changes to action {ref}: nothing was saved" in page
        assert _state(fresh_site) == before


def test_an_action_with_a_change_is_still_saved(fresh_app: Flask, fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    path = f"/plans/{LA_PLAN}/actions/1.1.2/edit"
    shown = _shown_form(client, path)
    plans, actions, audited = _state(fresh_site)
    page = _banner(client, client.post(path, data={**shown, "responsible": "Maths hub lead"}))
    assert "Action A2 saved" in page
    assert _state(fresh_site) == ({**plans, LA_PLAN: plans[LA_PLAN] + 1},
                                  {**actions, (LA_PLAN, "1.1.2"): actions[(LA_PLAN, "1.1.2")]
                                   + 1}, audited + 1)


def test_an_objective_saved_unchanged_writes_nothing_and_says_so(fresh_app: Flask,
                                                                 fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    for plan_id, ref in ((LA_PLAN, "1a"), (RAP_PLAN, "1")):
        path = f"/plans/{plan_id}/objectives/1.1/edit"
        shown = _shown_form(client, path)
        assert shown["measures-0-target_value"] in (["68"], ["70"])  # measures were read
        before = _state(fresh_site)
        page = _banner(client, client.post(path, data=shown))
        assert f"No changes to objective {ref}: nothing was saved" in page
        assert _state(fresh_site) == before


def test_an_objective_with_a_changed_measure_is_still_saved(fresh_app: Flask,
                                                            fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    path = f"/plans/{LA_PLAN}/objectives/1.1/edit"
    shown = _shown_form(client, path)
    plans, actions, audited = _state(fresh_site)
    page = _banner(client, client.post(path, data={**shown, "measures-0-target_value": "69"}))
    assert "Objective 1a saved" in page
    assert _state(fresh_site) == ({**plans, LA_PLAN: plans[LA_PLAN] + 1}, actions,
                                  audited + 1)
