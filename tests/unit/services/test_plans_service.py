"""Plans in the app database: import (all-or-nothing), edits with version check, audit,
due actions and progress against fixture rows in the results-cube contract shape."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from attain.domain import plans as m
from attain.domain.tracking import Track
from attain.errors import UserError
from attain.ingest.plans_tree import PlanImportError
from attain.services import plans as service
from attain.store import appdb
from attain.store.models import Base

EXAMPLES = Path(__file__).parents[3] / "examples" / "plans"
SEEDS = ("redditch-2012", "oxfordshire-2003", "durham-2009", "caerphilly-2018")


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'attain.db'}"
    appdb.upgrade(database)
    return database


def _count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def test_migration_0002_matches_the_models_and_downgrades(url: str) -> None:
    engine = appdb.engine_for(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert list(compare_metadata(context, Base.metadata)) == []
    engine.dispose()
    appdb.downgrade(url, "0001")
    assert "plans" not in sa.inspect(sa.create_engine(url)).get_table_names()
    appdb.upgrade(url)
    assert appdb.current(url) == appdb.script_heads()[0]


def test_the_four_seed_plans_import_and_list(url: str) -> None:
    for name in SEEDS:
        service.import_plan(url, EXAMPLES / f"{name}.yaml", user="ann@la.gov.uk")
    listed = {row.id: row.actions for row in service.list_plans(url)}
    assert listed == {"caerphilly-2018": 198, "durham-2009": 8, "oxfordshire-2003": 41,
                      "redditch-2012": 11}
    stored = service.get_plan(url, "oxfordshire-2003")
    assert stored == service.read_plan_file(EXAMPLES / "oxfordshire-2003.yaml")


def test_rejected_import_leaves_the_database_unchanged(url: str, tmp_path: Path) -> None:
    service.import_plan(url, EXAMPLES / "redditch-2012.yaml")
    before = (_count(url, "plans"), _count(url, "plan_actions"), _count(url, "audit_log"))
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "durham-2009.yaml").read_text(encoding="utf-8")
                   .replace("target: April 2010", "target: Aprl 2010"), encoding="utf-8")
    with pytest.raises(PlanImportError, match="Aprl 2010"):
        service.import_plan(url, bad)
    with pytest.raises(UserError, match="already exists"):
        service.import_plan(url, EXAMPLES / "redditch-2012.yaml")
    after = (_count(url, "plans"), _count(url, "plan_actions"), _count(url, "audit_log"))
    assert after == before


def test_action_update_is_versioned_and_audited(url: str) -> None:
    service.import_plan(url, EXAMPLES / "redditch-2012.yaml", user="ann@la.gov.uk")
    change = service.ActionChange(m.ActionStatus.IN_PROGRESS, progress_text="Flyer drafted",
                                  rag=m.Rag.GREEN, on=date(2012, 12, 3))
    assert service.update_action(url, "redditch-2012", "1.3.1", 1, change,
                                 user="bob@la.gov.uk") == 2
    # A second editor still holding version 1 is refused, not silently overwritten.
    with pytest.raises(UserError, match="changed by someone else"):
        service.update_action(url, "redditch-2012", "1.3.1", 1,
                              service.ActionChange(m.ActionStatus.COMPLETE), user="cat")
    action = next(a for k, a in service.indexed_actions(service.get_plan(url, "redditch-2012"))
                  if k == "1.3.1")
    assert action.status is m.ActionStatus.IN_PROGRESS
    assert action.progress[-1] == m.ProgressEntry(action.progress[-1].on, "Flyer drafted",
                                                  "bob@la.gov.uk", m.Rag.GREEN)
    assert str(action.progress[-1].on) == "2012-12-03"
    entries = service.history(url, "redditch-2012")
    assert [(e.user, e.action, e.entity_id) for e in entries] == [
        ("ann@la.gov.uk", "create", "redditch-2012"),
        ("bob@la.gov.uk", "update", "redditch-2012/1.3.1")]
    assert "status" not in entries[1].detail["before"]  # not_started is the default
    assert entries[1].detail["after"]["status"] == "in_progress"


def test_on_hold_needs_a_reason_when_edited(url: str) -> None:
    service.import_plan(url, EXAMPLES / "redditch-2012.yaml")
    with pytest.raises(UserError, match="on hold without a reason"):
        service.update_action(url, "redditch-2012", "1.3.1", 1,
                              service.ActionChange(m.ActionStatus.ON_HOLD))


def test_due_finds_overdue_and_soon_due_actions_for_an_owner(url: str) -> None:
    service.import_plan(url, EXAMPLES / "redditch-2012.yaml")
    # On 20 Jan 2013 the three "Jan 2013" WCC actions are due (not yet overdue) and the
    # "February 2013" one is for Worcester University, so not WCC's.
    found = service.due(url, owner="wcc", weeks=2, today=date(2013, 1, 20))
    assert [(d.key, d.overdue) for d in found] == [("1.3.1", False), ("1.4.1", False),
                                                    ("1.4.2", False)]
    later = service.due(url, weeks=1, today=date(2013, 3, 1))
    assert [(d.key, d.overdue) for d in later] == [("1.3.1", True), ("1.4.1", True),
                                                    ("1.4.2", True), ("2.3.1", True)]


TRACKED = """\
id: tracked
title: KS2 plan
priorities:
  - ref: '1'
    title: Literacy
    objectives:
      - ref: '1'
        text: Raise KS2
        measures:
          - text: KS2 L4+ En and Ma from 70% (2012) to 76% (2015)
            measure: ks2_l4_eng_maths
            level: la
            area: '885'
            baseline: {year: 2012, value: 70}
            target: {year: 2015, value: 76}
          - text: at least in line with the national figure
            measure: ks2_l4_eng_maths
            level: la
            area: '885'
            comparator: {rule: at_least_in_line, label: England, level: national,
              area: E92000001}
"""


def test_progress_reads_results_rows(tmp_path: Path) -> None:
    path = tmp_path / "tracked.yaml"
    path.write_text(TRACKED, encoding="utf-8")
    plan = service.read_plan_file(path, known={"ks2_l4_eng_maths"})
    rows = [  # results contract rows (fixture values)
        {"measure_id": "ks2_l4_eng_maths", "year": 2013, "level": "la", "area_code": "885",
         "group_id": "all", "value": 71.0, "suppressed": None},
        {"measure_id": "ks2_l4_eng_maths", "year": 2014, "level": "la", "area_code": "885",
         "group_id": "all", "value": 73.0, "suppressed": None},
        {"measure_id": "ks2_l4_eng_maths", "year": 2014, "level": "national",
         "area_code": "E92000001", "group_id": "all", "value": 75.0, "suppressed": None},
    ]
    report = service.progress(plan, service.rows_lookup(rows), date(2014, 9, 1))
    # 2014: expected 74 on the line 70 -> 76; made 3 of the 4 needed (>= half): amber.
    # Against England: 73 vs 75 is 2 behind, beyond the 1-point tolerance: red.
    assert [p.assessment.track for p in report.measures] == [Track.AMBER, Track.RED]
    assert report.measures[0].latest.year == 2014
    assert report.objective_tracks["1/1"] is Track.RED
    assert report.plan_track is Track.RED


@pytest.mark.postgres
def test_migrations_and_import_on_postgresql(postgres_url: str) -> None:
    url = postgres_url.replace("postgresql://", "postgresql+psycopg://", 1) \
        if postgres_url.startswith("postgresql://") else postgres_url
    appdb.upgrade(url)
    service.import_plan(url, EXAMPLES / "durham-2009.yaml")
    assert service.get_plan(url, "durham-2009").priorities[0].objectives[0].actions[7].ref \
        == "T8"
    appdb.downgrade(url, "0001")
    appdb.upgrade(url)
    assert service.list_plans(url) == []


def test_review_records_progress_and_sets_the_next_date_from_the_cadence(
        url: str, tmp_path: Path) -> None:
    from attain.services import plans_reviews

    path = tmp_path / "rap.yaml"
    path.write_text(TRACKED.replace("title: KS2 plan\n", "title: KS2 plan\ncadence: four_weekly\n"),
                    encoding="utf-8")
    service.import_plan(url, path, known={"ks2_l4_eng_maths"})
    review = m.Review(date(2013, 1, 10), "Raising attainment group",
                      objectives=(m.ObjectiveReview("1", "1", "Tracking in place",
                                                    "Visit SV2", m.Rag.AMBER),))
    saved = plans_reviews.add_review(url, "tracked", review, user="ann@la.gov.uk")
    # Four-weekly: 10 January 2013 + 28 days = 7 February 2013.
    assert str(saved.next_review) == "2013-02-07"
    assert service.get_plan(url, "tracked").reviews == (saved,)
    assert [e.action for e in service.history(url, "tracked")] == ["create", "review"]
    wrong = m.Review(date(2013, 2, 7), objectives=(m.ObjectiveReview("1", "9", "?"),))
    with pytest.raises(UserError, match="unknown objective 1/9"):
        plans_reviews.add_review(url, "tracked", wrong)


def test_digest_is_sent_to_a_real_smtp_server(url: str) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from attain.services import plans_reviews

    class Keep(Sink):
        def __init__(self) -> None:
            self.messages: list[tuple[list[str], str]] = []

        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            self.messages.append((list(envelope.rcpt_tos),  # type: ignore[attr-defined]
                                  envelope.content.decode()))  # type: ignore[attr-defined]
            return "250 OK"

    service.import_plan(url, EXAMPLES / "redditch-2012.yaml")
    items = service.due(url, owner="WCC", weeks=4, today=date(2013, 2, 10))
    handler = Keep()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = plans_reviews.Smtp("127.0.0.1", port, "attain@la.gov.uk")
        plans_reviews.send_digest(smtp, "wcc@la.gov.uk", "WCC", items, date(2013, 2, 10), 4)
    finally:
        controller.stop()
    [(recipients, content)] = handler.messages
    assert recipients == ["wcc@la.gov.uk"]
    assert "Subject: attain: 3 overdue and 0 due actions" in content
    assert "redditch-2012 1.3.1 [Jan 2013]" in content


def test_replace_keeps_one_plan_and_audits_before_and_after(url: str, tmp_path: Path) -> None:
    service.import_plan(url, EXAMPLES / "redditch-2012.yaml")
    edited = tmp_path / "redditch.yaml"
    edited.write_text((EXAMPLES / "redditch-2012.yaml").read_text(encoding="utf-8")
                      .replace("target: February 2013", "target: March 2013"), encoding="utf-8")
    service.import_plan(url, edited, user="ann", replace=True)
    assert (_count(url, "plans"), _count(url, "plan_actions")) == (1, 11)
    last = service.history(url, "redditch-2012")[-1]
    assert (last.user, last.action) == ("ann", "update")
    before = last.detail["before"]["priorities"][1]["objectives"][2]["actions"][0]["target"]
    after = last.detail["after"]["priorities"][1]["objectives"][2]["actions"][0]["target"]
    assert (before, after) == ("February 2013", "March 2013")
