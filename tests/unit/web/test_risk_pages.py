"""Risk pages: schools by category with every reason, one school's category and history,
accepting or overriding it (audited with before and after), concerns.

The site's own framework (web_site.FRAMEWORK_YAML) worked by hand: school 100001's KS2 RWM
expected 18/30 = 60.0% is below the 65% threshold; school 100002's 45/60 = 75.0% is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from web_site import (
    ELSEWHERE_URN,
    OTHER_URN,
    OWN_URN,
    SITE_FRAMEWORK,
    build_site,
    sign_in,
    site_app,
    site_session,
)

from attain.store.models import AuditEntry, Role
from attain.store.risk_models import CategorisationRow, ConcernRow
from attain.web.access import Decision, Principal, Rule, decide

BELOW = "KS2 RWM expected 60.0% is below the 65% threshold (2019)"
NOT_BELOW = "KS2 RWM expected 75.0% is not below the 65% threshold (2019)"
CATEGORY_URL = f"/schools/{OWN_URN}/category?year=2019&framework={SITE_FRAMEWORK}"


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of this module's own: these tests write decisions and concerns."""
    return build_site(tmp_path_factory.mktemp("risk_site"))


@pytest.fixture
def own_app(own_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    return site_app(own_site, monkeypatch, csrf=False)


@pytest.fixture
def db(own_site: Path) -> Iterator[Session]:
    with site_session(own_site) as session:
        yield session


def _client(app: Flask, role: str) -> FlaskClient:
    return sign_in(app.test_client(), role)


def _audit(db: Session, entity: str) -> list[AuditEntry]:
    db.expire_all()
    found = list(db.scalars(sa.select(AuditEntry).where(AuditEntry.entity == entity)
                            .order_by(AuditEntry.id)))
    db.commit()
    return found


def _count(db: Session, model: Any) -> int:
    db.expire_all()
    found = int(db.scalar(sa.select(sa.func.count()).select_from(model)) or 0)
    db.commit()
    return found


def test_officer_sees_schools_by_category_with_every_reason(csrf_off: Flask) -> None:
    page = _client(csrf_off, "officer").get(f"/risk?year=2019&framework={SITE_FRAMEWORK}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert BELOW in text and NOT_BELOW in text
    assert "Below the threshold" in text and "At or above the threshold" in text
    assert "Alpha Primary School" in text and "Beta Junior School" in text
    assert "Gamma Primary School" not in text  # LA 883 is not the service's LA


def test_a_year_no_framework_covers_says_why(csrf_off: Flask) -> None:
    page = _client(csrf_off, "officer").get(f"/risk?year=2005&framework={SITE_FRAMEWORK}")
    assert page.status_code == 200
    assert "does not apply to 2005" in page.get_data(as_text=True)


def test_school_user_sees_own_category_read_only(csrf_off: Flask) -> None:
    client = _client(csrf_off, "school")
    page = client.get(CATEGORY_URL)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert BELOW in text
    assert "Record the decision" not in text and "Raise a concern" not in text
    # A guessed URN of another school, or of no school, answers 404 alike.
    for urn in (OTHER_URN, ELSEWHERE_URN, 999999):
        assert client.get(f"/schools/{urn}/category?year=2019").status_code == 404
        assert client.post(f"/schools/{urn}/category/decide").status_code == 404


def test_override_is_kept_with_before_and_after_in_the_audit(own_app: Flask,
                                                            db: Session) -> None:
    client = _client(own_app, "officer")
    form = {"decision-year": "2019", "decision-framework": SITE_FRAMEWORK,
            "decision-stage": "proposed", "decision-category": "above_threshold",
            "decision-note": "Writing moderated up; agreed with the head"}
    response = client.post(f"/schools/{OWN_URN}/category/decide", data=form)
    assert response.status_code == 302
    agreed = {**form, "decision-stage": "agreed", "decision-note": "Moderation, 3 Oct"}
    assert client.post(f"/schools/{OWN_URN}/category/decide", data=agreed).status_code == 302
    entries = _audit(db, "categorisation")[-2:]
    assert [e.detail["before"] for e in entries] == [
        None, {"stage": "proposed", "category": "above_threshold",
               "note": "Writing moderated up; agreed with the head"}]
    assert entries[1].detail["after"] == {"stage": "agreed", "category": "above_threshold",
                                          "note": "Moderation, 3 Oct"}
    assert entries[1].detail["computed"] == "below_threshold"
    assert entries[1].user == "officer@la.example"
    page = client.get(CATEGORY_URL).get_data(as_text=True)
    assert "Agreed at the moderation meeting" in page and "Moderation, 3 Oct" in page


@pytest.mark.parametrize("bad", [
    {"decision-note": ""},  # an override without a reason
    {"decision-stage": "rubber_stamped"},  # not a stage
    {"decision-category": "purple"},  # not a category of the framework
])
def test_malformed_decision_re_renders_with_errors_and_saves_nothing(
        own_app: Flask, db: Session, bad: dict[str, str]) -> None:
    form = {"decision-year": "2019", "decision-framework": SITE_FRAMEWORK,
            "decision-stage": "proposed", "decision-category": "above_threshold",
            "decision-note": "why", **bad}
    client = _client(own_app, "officer")  # signing in is audited too
    before = (_count(db, CategorisationRow), _count(db, AuditEntry))
    response = client.post(f"/schools/{OWN_URN}/category/decide", data=form)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in text and "There is a problem" in text
    assert (_count(db, CategorisationRow), _count(db, AuditEntry)) == before


def test_concern_raised_escalated_and_audited(own_app: Flask, db: Session) -> None:
    client = _client(own_app, "officer")
    response = client.post(f"/schools/{OTHER_URN}/concerns", data={
        "concern-kind": "finance", "concern-detail": "Deficit budget for a second year",
        "concern-raised_on": ["3", "10", "2018"]})
    assert response.status_code == 302
    db.expire_all()
    concern = db.scalars(sa.select(ConcernRow).where(ConcernRow.urn == OTHER_URN)).one()
    db.commit()
    assert (concern.kind, concern.status, concern.raised_on.isoformat()) == \
        ("finance", "open", "2018-10-03")
    prefix = f"c{concern.id}"
    missing = client.post(f"/schools/{OTHER_URN}/concerns/{concern.id}",
                          data={f"{prefix}-action": "escalate"})
    assert missing.status_code == 400  # escalating needs the kind of escalation
    assert "Choose how the concern is escalated" in missing.get_data(as_text=True)
    done = client.post(f"/schools/{OTHER_URN}/concerns/{concern.id}", data={
        f"{prefix}-action": "escalate", f"{prefix}-escalation": "warning_notice"})
    assert done.status_code == 302
    last = _audit(db, "concern")[-1]
    assert last.detail["before"] == {"status": "open", "escalation": None}
    assert last.detail["after"] == {"status": "escalated", "escalation": "warning_notice"}
    # A concern is closed only through its own school's URL.
    assert client.post(f"/schools/{OWN_URN}/concerns/{concern.id}", data={
        f"{prefix}-action": "resolve"}).status_code == 404


def test_malformed_concern_saves_nothing(own_app: Flask, db: Session) -> None:
    client = _client(own_app, "officer")
    before = (_count(db, ConcernRow), _count(db, AuditEntry))
    response = client.post(f"/schools/{OWN_URN}/concerns", data={
        "concern-kind": "finance", "concern-detail": "",
        "concern-raised_on": ["31", "2", "2019"]})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Describe the concern" in text and "govuk-error-summary" in text
    assert (_count(db, ConcernRow), _count(db, AuditEntry)) == before


def test_a_forged_decision_without_csrf_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    sign_in(client, "officer")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/schools/{OWN_URN}/category/decide", data={
        "decision-year": "2019", "decision-framework": SITE_FRAMEWORK,
        "decision-stage": "agreed", "decision-category": "below_threshold"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_staff_rule_never_tells_a_school_user_another_school_exists() -> None:
    own = Principal(Role.SCHOOL, frozenset({OWN_URN}))
    assert decide(Rule.STAFF, own, OTHER_URN) is Decision.NOT_FOUND
    assert decide(Rule.STAFF, own, OWN_URN) is Decision.FORBIDDEN
    assert decide(Rule.STAFF, own) is Decision.FORBIDDEN
    assert decide(Rule.STAFF, Principal(Role.VIEWER), OWN_URN) is Decision.FORBIDDEN
    assert decide(Rule.STAFF, Principal(Role.OFFICER), OTHER_URN) is Decision.ALLOW
    assert decide(Rule.STAFF, None, OWN_URN) is Decision.SIGN_IN
