"""An agreed category records the moderation meeting it was agreed at (its id, date and who
signed off), the category history shows it, and the audit log keeps it.

Fixture (risk_fixtures.data_folder, LA 882, 2012 KS4 floor): school 300 is computed below
the floor. School Review Group meeting 1 of 2011/12 was held on 14 September 2011.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from risk_fixtures import data_folder
from sqlalchemy.orm import Session

from attain.domain.risk import Categorisation
from attain.errors import UserError
from attain.risk import store
from attain.risk.moderation import Moderation
from attain.services import risk as service
from attain.services import school_review
from attain.services.appdb import init_database
from attain.settings import database_url
from attain.store import appdb
from attain.store.models import AuditEntry
from attain.store.risk_models import CategorisationRow

FLOOR = "england_floor_ks4_2010_2014"
HELD = date(2011, 9, 14)
SIGNER = "Head of School Improvement"


def _setup(root: Path) -> tuple[str, Categorisation]:
    folder = data_folder(root)
    init_database(folder)
    url = database_url(folder)
    store.record_meeting(url, 2012, 1, HELD, "Floor standard schools reviewed",
                         "300 agreed below the floor", "clerk@la")
    results = service.categorise(folder, la="882", year=2012, framework_id=FLOOR)
    return url, next(r for r in results if r.school.urn == 300).results[0]


def _rows(url: str, table: type[Any]) -> list[Any]:
    with appdb.connected(appdb.engine_for(url)) as connection, Session(bind=connection) as s:
        return list(s.scalars(sa.select(table)))


def test_agreed_category_keeps_the_meeting_and_who_signed_off(tmp_path: Path) -> None:
    url, result = _setup(tmp_path)
    assert result.category == "below_floor"
    store.save_decision(url, result, "computed", "officer@la")
    store.save_decision(url, result, "agreed", "officer@la", meeting=(2012, 1),
                        signed_off_by=SIGNER)
    history = school_review.decision_history(url, 300)
    assert [(r.stage, r.category) for r, _ in history] == [("computed", "below_floor"),
                                                           ("agreed", "below_floor")]
    meeting_id = next(r.meeting_id for r, _ in history if r.stage == "agreed")
    assert history[0][1] is None
    assert history[1][1] == Moderation(meeting_id, 2012, 1, HELD, SIGNER)
    assert history[1][0].decided_by == SIGNER
    assert history[1][1].describe() == (
        f"School Review Group 1, 2011/12 (meeting {meeting_id}), held 14 September 2011, "
        f"signed off by {SIGNER}")
    audit = [e for e in _rows(url, AuditEntry) if e.entity == "categorisation"][-1]
    assert audit.user == "officer@la"          # who entered it
    assert audit.detail["moderation"] == {"meeting_id": meeting_id, "year": 2012, "number": 1,
                                          "held_on": "2011-09-14", "signed_off_by": SIGNER}


def test_signed_off_by_defaults_to_the_user(tmp_path: Path) -> None:
    url, result = _setup(tmp_path)
    store.save_decision(url, result, "agreed", "moderator@la", meeting=(2012, 1))
    (_, agreed_at), = school_review.decision_history(url, 300)
    assert agreed_at is not None and agreed_at.signed_off_by == "moderator@la"


@pytest.mark.parametrize(("stage", "meeting", "message"), [
    ("agreed", (2012, 2), "School Review Group meeting 2 of 2012 is not recorded"),
    ("agreed", (2013, 1), "School Review Group meeting 1 of 2013 is not recorded"),
    ("proposed", (2012, 1), "a proposed category is not agreed at a moderation meeting"),
])
def test_a_meeting_not_held_or_a_stage_other_than_agreed_is_refused(
        tmp_path: Path, stage: str, meeting: tuple[int, int], message: str) -> None:
    url, result = _setup(tmp_path)
    with pytest.raises(UserError, match=message):
        store.save_decision(url, result, stage, "officer@la", meeting=meeting)
    assert _rows(url, CategorisationRow) == []


def test_the_web_history_table_shows_the_meeting(tmp_path: Path) -> None:
    from attain.web.risk_context import history_table

    url, result = _setup(tmp_path)
    store.save_decision(url, result, "proposed", "officer@la")
    store.save_decision(url, result, "agreed", "officer@la", meeting=(2012, 1),
                        signed_off_by=SIGNER)
    table = history_table(school_review.decision_history(url, 300), "Decisions")
    assert table["head"][-1]["text"] == "Moderation meeting"
    newest, oldest = table["rows"]
    assert newest[-1]["text"].startswith("School Review Group 1, 2011/12 (meeting ")
    assert newest[-1]["text"].endswith("held 14 September 2011, signed off by " + SIGNER)
    assert oldest[-1]["text"] == "–"
