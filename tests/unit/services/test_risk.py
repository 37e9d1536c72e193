"""Categorising an LA's schools from a hand-made data folder (cube + registry + app db)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from attain.domain.ofsted import Grade, Inspection
from attain.domain.risk import INSUFFICIENT_DATA
from attain.errors import UserError
from attain.risk import store
from attain.services import risk
from attain.services.appdb import init_database
from attain.services.compute import results_warehouse
from attain.settings import database_url
from attain.store.warehouse import Warehouse

# Schools of LA 882: three secondaries and one primary; 300 converted from 299 (closed).
SCHOOLS = {"urn": [299, 300, 301, 302, 303], "la_code": ["882"] * 5,
           "name": ["Old High", "New Academy", "West High", "East High", "Little Primary"],
           "phase": ["secondary", "secondary", "secondary", "secondary", "primary"],
           "predecessor_urn": [None, 299, None, None, None],
           "close_date": [date(2011, 8, 31), None, None, None, None],
           "country": ["E"] * 5}
# KS4 2012 (hand-made): 300 36.2% and progress below national -> below the floor;
# 301 exactly 40%; 302 suppressed (small denominator).
CUBE = [("ks4_5ac_em", "300", 36.2, None), ("ks4_3lp_eng", "300", 60.0, None),
        ("ks4_3lp_maths", "300", 55.0, None), ("ks4_5ac_em", "301", 40.0, None),
        ("ks4_3lp_eng", "301", 60.0, None), ("ks4_3lp_maths", "301", 55.0, None),
        ("ks4_5ac_em", "302", None, "small_denominator")]
NATIONAL = {"ks4_5ac_em": 59.4, "ks4_3lp_eng": 68.0, "ks4_3lp_maths": 68.0}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    Warehouse(tmp_path / "warehouse").write("schools", pa.table(SCHOOLS))
    rows = [(m, 2012, "school", urn, "all", v, s) for m, urn, v, s in CUBE]
    rows += [(m, 2012, "national", "E92000001", "all", v, None) for m, v in NATIONAL.items()]
    results_warehouse(tmp_path).write("results", pa.table({
        k: [r[i] for r in rows] for i, k in enumerate(
            ("measure_id", "year", "level", "area_code", "group_id", "value", "suppressed"))}))
    results_warehouse(tmp_path).write("comparisons", pa.table({
        "measure_id": [r[0] for r in rows], "year": [2012] * len(rows),
        "level": [r[2] for r in rows], "area_code": [r[3] for r in rows],
        "group_id": ["all"] * len(rows), "national_value": [NATIONAL[r[0]] for r in rows]}))
    return tmp_path


def by_urn(results: list[risk.SchoolResult]) -> dict[int, str]:
    return {r.school.urn: r.results[0].category for r in results}


def test_floor_standard_for_the_la(folder: Path) -> None:
    results = risk.categorise(folder, la="882", year=2012,
                              framework_id="england_floor_ks4_2010_2014")
    # the primary and the closed predecessor are not categorised
    assert by_urn(results) == {300: "below_floor", 301: "above_floor", 302: INSUFFICIENT_DATA}
    reasons = [r.text for r in results[0].results[0].reasons]
    assert reasons[0] == "KS4 5+A*-C EM 36.2% is below the 40% floor standard (2012)"
    suppressed = results[2].results[0].reasons[0].text
    assert "suppressed (small_denominator)" in suppressed


def test_southend_reads_the_app_database_and_predecessor_inspections(folder: Path) -> None:
    init_database(folder)
    url = database_url(folder)
    store.save_inspections(url, [Inspection(299, date(2011, 5, 1), Grade.INADEQUATE),
                                 Inspection(301, date(2010, 5, 1), Grade.GOOD)],
                           "test", "officer@la")
    for urn, grades in ((300, (2, 2, 2, 2, 2)), (301, (3, 3, 2, 2, 2)), (302, (2, 2, 2, 2, 2))):
        store.save_self_evaluation(url, urn, 2012, "autumn", dict(zip(
            ("overall_effectiveness", "achievement", "teaching", "behaviour_safety",
             "leadership"), grades, strict=True)), "officer@la")
    store.save_characteristic(url, 300, 2012, "new_head", True, "officer@la")
    results = risk.categorise(folder, la="882", year=2012, framework_id="southend_ilt_2012")
    # 300 inherits 299's inspection (no category) -> watch (new head);
    # 302 was never inspected: whether it is in an Ofsted category is unknown, so
    # insufficient data, not universal; 303 has no self-evaluation.
    assert by_urn(results) == {300: "watch", 301: "objectives", 302: INSUFFICIENT_DATA,
                               303: INSUFFICIENT_DATA}


def test_override_needs_a_reason_and_history_is_kept(folder: Path) -> None:
    init_database(folder)
    url = database_url(folder)
    result = risk.categorise(folder, la="882", year=2012,
                             framework_id="england_floor_ks4_2010_2014")[0].results[0]
    store.save_decision(url, result, "computed", "system")
    with pytest.raises(UserError, match="needs a reason"):
        store.save_decision(url, result, "proposed", "officer@la", category="above_floor")
    store.save_decision(url, result, "agreed", "moderation@la", category="above_floor",
                        note="remarked papers")
    rows = store.decisions(url, 300)
    assert [(r.stage, r.category, r.decided_by) for r in rows] == [
        ("computed", "below_floor", "system"), ("agreed", "above_floor", "moderation@la")]


def test_unknown_framework_and_wrong_year_are_user_errors(folder: Path) -> None:
    with pytest.raises(UserError, match="unknown framework"):
        risk.categorise(folder, la="882", year=2012, framework_id="nope")
    with pytest.raises(UserError, match="does not apply to 2012"):
        risk.categorise(folder, la="882", year=2012, framework_id="england_floor_ks4_2015")


def test_an_invalid_la_framework_stops_everything(folder: Path) -> None:
    (folder / "frameworks").mkdir()
    (folder / "frameworks" / "ours.yaml").write_text(
        "id: ours\ntitle: T\nsource: S\ncategories:\n  - id: x\n    label: X\n"
        "    when: {input: self_evaluation.teaching, eq: 0}\n"
        "  - {id: ok, label: OK, otherwise: true}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"ours.yaml:7: impossible-grade"):
        risk.categorise(folder, la="882", year=2012)


def test_open_concerns_feed_an_la_framework(folder: Path) -> None:
    init_database(folder)
    url = database_url(folder)
    (folder / "frameworks").mkdir()
    (folder / "frameworks" / "concerns.yaml").write_text(
        "id: la_concerns\ntitle: T\nsource: S\ncategories:\n  - id: concern\n"
        "    label: Concern\n    when: {input: concerns.open, ge: 1, "
        "reason: '{value} open concern(s)'}\n  - id: escalated\n    label: Escalated\n"
        "    when: {input: concerns.escalated, ge: 1}\n  - {id: ok, label: OK, otherwise: true}\n",
        encoding="utf-8")
    first = store.raise_concern(url, 301, "finance", "deficit budget", date(2012, 3, 1), "o@la")
    second = store.raise_concern(url, 301, "not_engaging", "missed SV2", date(2012, 4, 1),
                                 "o@la")

    def reasons_of_301() -> list[str]:
        found = risk.categorise(folder, la="882", year=2012, framework_id="la_concerns")
        return [r.text for r in next(r.results[0] for r in found
                                     if r.school.urn == 301).reasons]

    def concern_of_301() -> str:
        return reasons_of_301()[0]

    assert concern_of_301() == "2 open concern(s)"
    store.close_concern(url, first, date(2012, 5, 1), "o@la", "warning_notice")
    assert concern_of_301() == "2 open concern(s)"   # escalated is still open
    store.close_concern(url, second, date(2012, 5, 1), "o@la")
    assert concern_of_301() == "1 open concern(s)"
    store.close_concern(url, first, date(2012, 6, 1), "o@la")
    assert reasons_of_301() == ["0 open concern(s)", "Escalated concerns 0 is below 1"]
    with pytest.raises(UserError, match="unknown escalation"):
        store.close_concern(url, first, date(2012, 5, 1), "o@la", "sack_the_head")


def test_review_group_meeting_is_kept_in_its_window(folder: Path) -> None:
    init_database(folder)
    url = database_url(folder)
    store.record_meeting(url, 2013, 2, date(2013, 1, 15), "RAPs reviewed", "301 to amber",
                         "chair@la")
    from sqlalchemy import select

    from attain.store.risk_models import ReviewMeetingRow
    with store.session(url) as s:
        row = s.scalars(select(ReviewMeetingRow)).one()
        assert (row.due_from, row.due_to, row.decisions) == (
            date(2013, 1, 1), date(2013, 1, 31), "301 to amber")
    with pytest.raises(UserError, match="no review-group meeting 5"):
        store.record_meeting(url, 2013, 5, date(2013, 1, 15), "", "", "chair@la")
