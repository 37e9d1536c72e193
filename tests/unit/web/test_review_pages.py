"""Review-cycle pages: the calendar with what is due, overdue or missed, generating the
schedule, the visit record form (audited with before and after) and the self-evaluation
form a school user fills in.

The site (web_site.py) has SV1 of 2019 scheduled for school 100001, 7 January - 1 February
2019. By hand (docs/risk.md): after its window a visit is overdue until the next visit's
window opens (SV3, 1 May 2019; SV2's opens on 1 February, not after the window), then
missed; so on any day from 2019-05-01 it is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from web_site import OTHER_URN, OWN_URN, SITE_FRAMEWORK, build_site, sign_in, site_app, site_session

from attain.store.models import AuditEntry
from attain.store.risk_models import SchoolVisitRow, SelfEvaluationRow

RECORD_URL = f"/schools/{OWN_URN}/visits/2019/SV1"
VISIT_FORM = {
    "visited_on": ["14", "1", "2019"], "officer": "Sam Adviser (SSP)",
    "focus": "The achievement of pupils",
    "priority_1": "Writing in key stage 2", "impact_1": "Moderated samples show progress",
    "priority_2": "", "impact_2": "",
    "overall_effectiveness": "3", "achievement": "3", "teaching": "2",
    "characteristics": ["new_head", "falling_roll"],
    "agreed_actions": "Head to share the writing plan with governors",
}
GRADES = {"overall_effectiveness": "2", "achievement": "3", "teaching": "2",
          "behaviour_safety": "1", "leadership": "2"}


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("review_site"))


@pytest.fixture
def own_app(own_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    return site_app(own_site, monkeypatch, csrf=False)


@pytest.fixture
def db(own_site: Path) -> Iterator[Session]:
    with site_session(own_site) as session:
        yield session


def _read(db: Session, query: Any) -> list[Any]:
    db.expire_all()
    found = list(db.scalars(query))
    db.commit()
    return found


def _client(app: Flask, role: str) -> FlaskClient:
    return sign_in(app.test_client(), role)


def _visit(db: Session, urn: int, visit: str) -> SchoolVisitRow:
    return _read(db, sa.select(SchoolVisitRow).where(
        SchoolVisitRow.urn == urn, SchoolVisitRow.year == 2019,
        SchoolVisitRow.visit == visit))[0]


def test_calendar_shows_meetings_and_the_missed_visit(csrf_off: Flask) -> None:
    page = _client(csrf_off, "officer").get("/review?year=2019")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # School Review Group meetings: September, January, April, July (seed 004).
    for month in ("September 2018", "January 2019", "April 2019", "July 2019"):
        assert month in text
    assert "Alpha Primary School" in text
    missed = re.search(r'Missed</th>\s*<td class="govuk-table__cell[^"]*">(\d+)</td>', text)
    assert missed is not None and missed.group(1) == "1"


def test_generating_the_schedule_follows_the_categories(own_app: Flask, db: Session) -> None:
    # 100001 is below the threshold (SV1, SV2, SV3; its SV1 is already scheduled) and
    # 100002 is not (SV2 only): 2 + 1 = 3 visits are added.
    response = _client(own_app, "officer").post(
        "/review/schedule", data={"year": "2019", "framework": SITE_FRAMEWORK},
        follow_redirects=True)
    assert response.status_code == 200
    assert "3 visits added to the schedule for 2018/19" in response.get_data(as_text=True)
    planned = {(v.urn, v.visit) for v in _read(db, sa.select(SchoolVisitRow))}
    assert planned == {(OWN_URN, "SV1"), (OWN_URN, "SV2"), (OWN_URN, "SV3"),
                       (OTHER_URN, "SV2")}


def test_visit_record_is_saved_and_audited_with_before_and_after(own_app: Flask,
                                                                 db: Session) -> None:
    response = _client(own_app, "officer").post(RECORD_URL, data=VISIT_FORM)
    assert response.status_code == 302
    row = _visit(db, OWN_URN, "SV1")
    assert (row.visited_on.isoformat(), row.officer) == ("2019-01-14", "Sam Adviser (SSP)")
    expected = {"focus": "The achievement of pupils",
                "priorities": [{"priority": "Writing in key stage 2",
                                "impact": "Moderated samples show progress"}],
                "self_evaluation": {"overall_effectiveness": 3, "achievement": 3,
                                    "teaching": 2},
                "risk_characteristics": ["new_head", "falling_roll"],
                "agreed_actions": "Head to share the writing plan with governors"}
    assert row.record == expected
    entry = _read(db, sa.select(AuditEntry).where(AuditEntry.entity == "school_visit")
                  .order_by(AuditEntry.id.desc()))[0]
    assert entry.user == "officer@la.example"
    assert entry.detail["before"] is None
    assert entry.detail["after"]["record"] == expected
    assert entry.detail["after"]["visited_on"] == "2019-01-14"


def test_school_page_links_to_category_visits_and_self_evaluation(csrf_off: Flask) -> None:
    page = _client(csrf_off, "school").get(f"/schools/{OWN_URN}").get_data(as_text=True)
    for path in ("category", "visits", "self-evaluation"):
        assert f'href="/schools/{OWN_URN}/{path}"' in page


def test_school_user_reads_own_visits_only(own_app: Flask) -> None:
    client = _client(own_app, "school")
    page = client.get(f"/schools/{OWN_URN}/visits")
    assert page.status_code == 200
    assert "Record SV1" not in page.get_data(as_text=True)  # read-only
    assert client.get(RECORD_URL).status_code == 403
    other = _client(own_app, "school_other")
    assert other.get(f"/schools/{OWN_URN}/visits").status_code == 404
    assert other.post(RECORD_URL, data=VISIT_FORM).status_code == 404


@pytest.mark.parametrize("bad", [
    {"officer": ""},
    {"visited_on": ["31", "2", "2019"]},  # no such day
    {"overall_effectiveness": "5"},  # grades are 1-4
])
def test_malformed_visit_record_saves_nothing(own_app: Flask, db: Session,
                                              bad: dict[str, Any]) -> None:
    client = _client(own_app, "officer")
    before = (_visit(db, OWN_URN, "SV1").record,
              len(_read(db, sa.select(AuditEntry))))
    response = client.post(RECORD_URL, data={**VISIT_FORM, "agreed_actions": "changed",
                                             **bad})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in text and "There is a problem" in text
    assert (_visit(db, OWN_URN, "SV1").record,
            len(_read(db, sa.select(AuditEntry)))) == before


def test_a_visit_not_scheduled_is_not_found(own_app: Flask) -> None:
    client = _client(own_app, "officer")
    assert client.get(f"/schools/{OWN_URN}/visits/2019/SV9").status_code == 404
    assert client.get(f"/schools/{OWN_URN}/visits/2030/SV1").status_code == 404


def test_school_user_fills_in_self_evaluation(own_app: Flask, db: Session) -> None:
    client = _client(own_app, "school")
    response = client.post(f"/schools/{OWN_URN}/self-evaluation", data={
        "year": "2019", "term": "autumn", **GRADES, "validated_by": "Not me"})
    assert response.status_code == 302
    row = _read(db, sa.select(SelfEvaluationRow).where(SelfEvaluationRow.urn == OWN_URN))[0]
    grades = {k: getattr(row, k) for k in GRADES}
    assert grades == {k: int(v) for k, v in GRADES.items()}
    assert row.validated_by is None  # only LA staff validate a profile
    assert row.recorded_by == "head@alpha.example"
    entry = _read(db, sa.select(AuditEntry).where(AuditEntry.entity == "self_evaluation"))[-1]
    assert entry.detail["before"] is None
    assert entry.detail["after"]["behaviour_safety"] == 1
    page = client.get(f"/schools/{OWN_URN}/self-evaluation").get_data(as_text=True)
    assert "2019 autumn" in page


def test_impossible_self_evaluation_grade_saves_nothing(own_app: Flask, db: Session) -> None:
    client = _client(own_app, "school")
    before = len(_read(db, sa.select(SelfEvaluationRow)))
    response = client.post(f"/schools/{OWN_URN}/self-evaluation", data={
        "year": "2019", "term": "spring", **GRADES, "leadership": "5"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert len(_read(db, sa.select(SelfEvaluationRow))) == before
    assert client.get(f"/schools/{OTHER_URN}/self-evaluation").status_code == 404


def test_review_group_meeting_is_recorded_and_audited(own_app: Flask, db: Session) -> None:
    client = _client(own_app, "officer")
    bad = client.post("/review/meetings/2019/2", data={"held_on": ["", "", ""]})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.get_data(as_text=True)
    assert client.get("/review/meetings/2019/5").status_code == 404  # four a year
    response = client.post("/review/meetings/2019/2", data={
        "held_on": ["17", "1", "2019"], "minutes": "Reviewed SV1 outcomes",
        "decisions": "Alpha Primary to have a RAP"}, follow_redirects=True)
    assert response.status_code == 200
    assert "17 Jan 2019" in response.get_data(as_text=True)
    assert "Alpha Primary to have a RAP" in response.get_data(as_text=True)
    entry = _read(db, sa.select(AuditEntry).where(AuditEntry.entity == "review_meeting"))[-1]
    assert entry.entity_id == "2019-2" and entry.detail["before"] is None
    assert entry.detail["after"] == {"held_on": "2019-01-17", "minutes": "Reviewed SV1 outcomes",
                                     "decisions": "Alpha Primary to have a RAP"}
