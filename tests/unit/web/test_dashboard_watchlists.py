"""The watchlist pages: create, rename, choose schools, delete; every change audited
with before and after; form errors as the GOV.UK error summary with nothing saved;
another user's list is a 404; a forged form (no CSRF token) is a 400. And the dashboard's
sparkline, worked by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from web_site import OTHER_URN, OWN_URN, USER, sign_in, site_session

from attain.store.models import AuditEntry
from attain.store.watchlist_models import WatchlistRow, WatchlistSchoolRow
from attain.web import create_app
from attain.web.dashboard_context import sparkline


def _stored(site: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with site_session(site) as db:
        lists = [tuple(r) for r in db.execute(sa.select(
            WatchlistRow.id, WatchlistRow.name, WatchlistRow.is_default).order_by(WatchlistRow.id))]
        schools = [tuple(r) for r in db.execute(sa.select(
            WatchlistSchoolRow.watchlist_id, WatchlistSchoolRow.urn).order_by(
            WatchlistSchoolRow.watchlist_id, WatchlistSchoolRow.urn))]
    return lists, schools


def _audit(site: Path) -> list[tuple[str, str, str | None, Any]]:
    with site_session(site) as db:
        return [(e.user, e.action, e.entity_id, e.detail) for e in db.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity == "watchlist")
            .order_by(AuditEntry.id))]


@pytest.fixture
def officer(fresh_app: Flask) -> FlaskClient:
    return sign_in(fresh_app.test_client(), "officer")


def test_create_choose_schools_rename_and_delete_are_audited(
        officer: FlaskClient, fresh_site: Path) -> None:
    email = USER["officer"].email
    made = officer.post("/watchlists/new", data={"name": "My schools"})
    assert made.status_code == 302 and made.location == "/watchlists/1/schools"
    chosen = officer.post("/watchlists/1/schools", data={"schools": [str(OWN_URN),
                                                                      str(OTHER_URN)]})
    assert chosen.status_code == 302 and chosen.location == "/?scope=1"
    assert officer.post("/watchlists/1/edit", data={"name": "North cluster",
                                                    "make_default": "y"}).status_code == 302
    assert _stored(fresh_site) == ([(1, "North cluster", True)],
                                   [(1, OWN_URN), (1, OTHER_URN)])
    page = officer.get("/watchlists").get_data(as_text=True)
    assert "North cluster" in page and 'href="/watchlists/1/schools"' in page
    assert officer.post("/watchlists/1/delete", data={}).status_code == 302
    assert _stored(fresh_site) == ([], [])
    audit = _audit(fresh_site)
    assert [(user, action, entity) for user, action, entity, _ in audit] == [
        (email, "create", "1"), (email, "edit_schools", "1"), (email, "edit", "1"),
        (email, "delete", "1")]
    assert audit[1][3] == {"before": {"name": "My schools", "is_default": True, "schools": []},
                           "after": {"name": "My schools", "is_default": True,
                                     "schools": [OWN_URN, OTHER_URN]}}
    assert audit[3][3]["after"] is None and audit[3][3]["before"]["name"] == "North cluster"


def test_the_schools_form_ticks_the_lists_schools_and_offers_only_the_las(
        officer: FlaskClient) -> None:
    officer.post("/watchlists/new", data={"name": "My schools"})
    officer.post("/watchlists/1/schools", data={"schools": [str(OTHER_URN)]})
    page = officer.get("/watchlists/1/schools").get_data(as_text=True)
    assert f'value="{OTHER_URN}" checked' in page
    assert f'value="{OWN_URN}"' in page and f'value="{OWN_URN}" checked' not in page
    assert "Gamma Primary School" not in page  # a school of another LA


@pytest.mark.parametrize(("path", "data", "error"), [
    ("/watchlists/new", {"name": "   "}, "Enter a name for the list"),
    ("/watchlists/new", {"name": "x" * 121}, "The name must be 120 characters or fewer"),
    ("/watchlists/new", {"name": "my schools"},
     "You already have a list called my schools: give another name"),
    ("/watchlists/1/edit", {"name": ""}, "Enter a name for the list"),
    ("/watchlists/1/schools", {"schools": ["200001"]}, "200001"),  # another LA's school
])
def test_bad_input_shows_the_error_summary_and_saves_nothing(
        officer: FlaskClient, fresh_site: Path, path: str, data: dict[str, Any],
        error: str) -> None:
    officer.post("/watchlists/new", data={"name": "My schools"})
    before, audited = _stored(fresh_site), len(_audit(fresh_site))
    response = officer.post(path, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "There is a problem" in page and error in page
    assert _stored(fresh_site) == before and len(_audit(fresh_site)) == audited


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/watchlists/1/edit"), ("POST", "/watchlists/1/edit"),
    ("GET", "/watchlists/1/schools"), ("POST", "/watchlists/1/schools"),
    ("GET", "/watchlists/1/delete"), ("POST", "/watchlists/1/delete"),
    ("GET", "/watchlists/99/edit")])
def test_another_users_list_is_not_found(fresh_app: Flask, fresh_site: Path, method: str,
                                         path: str) -> None:
    sign_in(fresh_app.test_client(), "officer").post("/watchlists/new",
                                                     data={"name": "My schools"})
    admin = sign_in(fresh_app.test_client(), "admin")
    assert admin.open(path, method=method, data={"name": "Taken"}).status_code == 404
    assert "You have no lists yet" in admin.get("/watchlists").get_data(as_text=True)
    assert _stored(fresh_site)[0] == [(1, "My schools", True)]


def test_a_forged_form_without_its_csrf_token_is_refused(fresh_site: Path,
                                                         fresh_app: Flask) -> None:
    sign_in(fresh_app.test_client(), "officer").post("/watchlists/new",
                                                     data={"name": "My schools"})
    app = create_app(fresh_site, testing=True)
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    sign_in(client, "officer")
    app.config["WTF_CSRF_ENABLED"] = True
    before, audited = _stored(fresh_site), len(_audit(fresh_site))
    for path, data in (("/watchlists/new", {"name": "Forged"}),
                       ("/watchlists/1/delete", {}),
                       ("/watchlists/1/schools", {"schools": [str(OWN_URN)]})):
        assert client.post(path, data=data).status_code == 400
    assert _stored(fresh_site) == before and len(_audit(fresh_site)) == audited


def test_school_users_and_viewers_have_no_lists(csrf_off: Flask) -> None:
    for label in ("school", "viewer"):
        client = sign_in(csrf_off.test_client(), label)
        assert client.get("/watchlists").status_code == 403
        assert client.post("/watchlists/new", data={"name": "Mine"}).status_code == 403


def test_sparkline_points_and_text_alternative(csrf_off: Flask) -> None:
    # 80 x 24 box, 3 px padding: x from 3 to 77 over 2017-2019 (3, 40, 77); y from 3 (the
    # highest, 65.0) to 21 (the lowest, 60.0): 62.0 is 3 + (65 - 62) / 5 * 18 = 13.8.
    # The suppressed 2016 figure ("c") is left out.
    with csrf_off.test_request_context("/"):
        cell = sparkline("Alpha, KS2 RWM", [(2016, "c"), (2017, 60.0), (2018, 62.0),
                                            (2019, 65.0)], 1)
        lonely = sparkline("Alpha, KS2 RWM", [(2019, 65.0)], 1)
    assert 'points="3.0,21.0 40.0,13.8 77.0,3.0"' in cell["html"]
    assert 'role="img"' in cell["html"] and "style=" not in cell["html"]
    assert 'aria-label="Alpha, KS2 RWM by year: 2017 60.0, 2018 62.0, 2019 65.0"' in cell["html"]
    assert lonely == {"text": "x"}


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/watchlists"), ("GET", "/watchlists/new"), ("POST", "/watchlists/new"),
    ("GET", "/watchlists/1/edit"), ("GET", "/watchlists/1/schools"),
    ("GET", "/watchlists/1/delete")])
def test_watchlist_pages_show_no_english_catalogue_text_in_welsh(
        officer: FlaskClient, method: str, path: str) -> None:
    from test_welsh_forms_tables import _english_only, _texts

    officer.post("/watchlists/new", data={"name": "Fy ysgolion"})
    officer.get("/language/cy?next=/")
    response = officer.open(path, method=method, data={})
    texts = _texts(response.get_data(as_text=True))
    assert response.status_code in (200, 400) and texts
    assert sorted(set(texts) & _english_only()) == []
