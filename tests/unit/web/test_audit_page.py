"""The audit log page (/admin/audit): filters by user, object and dates, 50 entries a page
newest first, a GOV.UK error summary for a bad date, and admins only.

The entries are hand-made here, with times and users chosen so each filter keeps a known set.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_site import sign_in, site_session

from attain.store.models import AuditEntry
from attain.web.audit_context import changed_keys, shown_pages

HAND_MADE = (
    # (at, user, action, entity, entity_id, before, after)
    (datetime(2019, 9, 1, 9, 0, tzinfo=UTC), "ann@la.example", "edit", "plan", "p-1",
     {"title": "Old", "owner": "Ann"}, {"title": "New", "owner": "Ann"}),
    (datetime(2019, 9, 15, 12, 0, tzinfo=UTC), "bob@la.example", "add", "visit", "v-7",
     None, {"grade": 2}),
    (datetime(2019, 10, 3, 23, 59, tzinfo=UTC), "ann@la.example", "close", "concern", "c-3",
     {"status": "open"}, {"status": "closed"}),
)


def _add(folder: Path, entries: list[AuditEntry]) -> None:
    with site_session(folder) as session:
        session.add_all(entries)
        session.commit()


@pytest.fixture
def admin(fresh_app: Flask, fresh_site: Path) -> FlaskClient:
    _add(fresh_site, [AuditEntry(at=at, user=user, action=action, entity=entity,
                                 entity_id=entity_id, detail={"before": b, "after": a})
                      for at, user, action, entity, entity_id, b, a in HAND_MADE])
    return sign_in(fresh_app.test_client(), "admin")


def _rows(page: str) -> list[list[str]]:
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0] if "<tbody" in page else ""
    return [[re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in
             re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _objects(client: FlaskClient, query: str) -> list[str]:
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    return [row[3] for row in _rows(response.get_data(as_text=True))]


def test_filter_by_user_keeps_that_users_entries_newest_first(admin: FlaskClient) -> None:
    assert _objects(admin, "user=ANN@la") == ["concern c-3", "plan p-1"]


def test_filter_by_object_and_by_object_id(admin: FlaskClient) -> None:
    assert _objects(admin, "entity=visit") == ["visit v-7"]
    assert _objects(admin, "entity=plan&entity_id=p-1") == ["plan p-1"]
    assert _objects(admin, "entity=plan&entity_id=p-2") == []


def test_filter_by_date_range_includes_both_end_days(admin: FlaskClient) -> None:
    # 2019-09-15 .. 2019-10-03: the visit (15 Sept noon) and the concern (3 Oct 23:59)
    assert _objects(admin, "date_from=2019-09-15&date_to=2019-10-03") == [
        "concern c-3", "visit v-7"]
    assert _objects(admin, "date_to=2019-09-14") == ["plan p-1"]


def test_each_row_shows_time_user_action_object_and_changed_keys(admin: FlaskClient) -> None:
    page = admin.get("/admin/audit?user=ann@").get_data(as_text=True)
    # the plan's title changed, its owner did not
    assert _rows(page)[1] == ["2019-09-01 09:00:00", "ann@la.example", "edit", "plan p-1",
                              "title"]
    assert changed_keys({"before": None, "after": {"grade": 2}}) == ["grade"]


def test_fifty_entries_a_page_with_gov_uk_pagination(admin: FlaskClient,
                                                     fresh_site: Path) -> None:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    # 120 entries, one a minute: pages of 50, 50 and 20
    _add(fresh_site, [AuditEntry(at=start + timedelta(minutes=n), user="bulk@la.example",
                                 action="edit", entity="plan", entity_id=str(n), detail=None)
                      for n in range(120)])
    first = admin.get("/admin/audit?user=bulk").get_data(as_text=True)
    assert [row[3] for row in _rows(first)] == [f"plan {n}" for n in range(119, 69, -1)]
    assert "govuk-pagination" in first
    assert 'href="/admin/audit?user=bulk&amp;page=2"' in first
    last = admin.get("/admin/audit?user=bulk&page=3").get_data(as_text=True)
    assert [row[3] for row in _rows(last)] == [f"plan {n}" for n in range(19, -1, -1)]
    assert "120 changes, page 3 of 3" in last


@pytest.mark.parametrize("label", ["officer", "school", "school_other", "viewer"])
def test_only_admins_may_see_the_audit_log(fresh_app: Flask, label: str) -> None:
    client = sign_in(fresh_app.test_client(), label)
    assert client.get("/admin/audit").status_code == 403


@pytest.mark.parametrize("query", ["date_from=2019-13-40", "date_to=yesterday",
                                   "date_from=2019-10-04&date_to=2019-10-03"])
def test_a_bad_date_shows_the_error_summary_and_no_entries(admin: FlaskClient,
                                                           query: str) -> None:
    response = admin.get(f"/admin/audit?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert _rows(page) == []


def test_long_logs_show_first_last_and_neighbouring_pages() -> None:
    # GOV.UK pagination pattern: 1 … 4 5 6 … 10 when on page 5 of 10
    assert shown_pages(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert shown_pages(1, 3) == [1, 2, 3]
    assert shown_pages(2, 2) == [1, 2]
