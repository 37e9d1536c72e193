"""Submitted targets feed plan measures of success: a linked measure without a target takes
the school's or LA's submitted one; with its own target, both are shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from attain.domain import plans as m
from attain.domain.results import Level
from attain.domain.tracking import Track
from attain.services import plans as plan_service
from attain.services import targets
from attain.services.compute import results_warehouse
from attain.store.warehouse import Warehouse
from attain.targets.plan_targets import (
    Source,
    SubmittedTarget,
    plan_targets,
    with_submitted_targets,
)

RWM = "ks2_rwm_expected"


def _link(level: Level = Level.SCHOOL, area: str = "100001", group: str = "all"
          ) -> m.MeasureLink:
    return m.MeasureLink(RWM, level, area, group)


def _plan(*measures: m.MeasureOfSuccess) -> m.Plan:
    objective = m.Objective("O1", "Raise attainment", measures=measures)
    return m.Plan("p", "Plan", priorities=(m.Priority("P1", "KS2", objectives=(objective,)),))


def _fake_lookup(link: m.MeasureLink, year: int | None) -> SubmittedTarget | None:
    """School 100001 submitted 68 for 2025 and 72 for 2026; nothing else."""
    submitted = {2025: 68.0, 2026: 72.0}
    if (link.level, link.area_code, link.measure_id) != (Level.SCHOOL, "100001", RWM):
        return None
    chosen = max(submitted) if year is None else year
    if chosen not in submitted:
        return None
    return SubmittedTarget(Level.SCHOOL, "100001", RWM, chosen, submitted[chosen], 1)


NO_TARGET = m.MeasureOfSuccess("RWM up", _link(), baseline=m.Point(60.0, 2024))
OWN_TARGET = m.MeasureOfSuccess("RWM to 75% by 2025", _link(), target=m.Point(75.0, 2025))
FSM_GROUP = m.MeasureOfSuccess("FSM pupils up", _link(group="fsm"))
UNLINKED = m.MeasureOfSuccess("Better teaching")
LATE_BASELINE = m.MeasureOfSuccess("From 2027", _link(), baseline=m.Point(61.0, 2027))


def test_a_measure_without_a_target_takes_the_latest_submitted_one() -> None:
    filled = with_submitted_targets(_plan(NO_TARGET, OWN_TARGET, FSM_GROUP, UNLINKED,
                                          LATE_BASELINE), _fake_lookup)
    got = [x.target for x in filled.priorities[0].objectives[0].measures]
    # Own target kept; groups other than `all` have no submitted target; a submitted
    # target before the baseline year is not used.
    assert got == [m.Point(72.0, 2026), m.Point(75.0, 2025), None, None, None]
    one_year = with_submitted_targets(_plan(NO_TARGET), _fake_lookup, year=2025)
    assert one_year.priorities[0].objectives[0].measures[0].target == m.Point(68.0, 2025)


def test_plan_targets_show_both_for_the_plan_targets_year() -> None:
    rows = plan_targets(_plan(NO_TARGET, OWN_TARGET, FSM_GROUP, UNLINKED), _fake_lookup)
    assert [(r.where, r.source) for r in rows] == [
        ("P1/O1", Source.SUBMITTED), ("P1/O1", Source.BOTH), ("P1/O1", None)]
    both = rows[1]
    # The submitted target of the plan target's year (2025), beside the plan's own.
    assert both.submitted is not None and both.submitted.value == 68.0
    assert both.target == m.Point(75.0, 2025)
    assert rows[0].target == m.Point(72.0, 2026)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    urns = [100001, 100002, 100003, 100004]
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("schools", pa.table({"urn": urns, "la_code": ["882", "882", "882", "999"],
                                      "name": list("ABCD"), "phase": ["primary"] * 4,
                                      "country": ["E"] * 4}))
    # School cohorts (denominators): A 28 in 2024 then 30 in 2025; B 10 in 2025; C none;
    # D (another LA) 50. LA 882: 60% in 2024, 65% in 2025.
    cube = [("school", "100001", 2024, 28.0, 55.0), ("school", "100001", 2025, 30.0, 60.0),
            ("school", "100002", 2025, 10.0, 70.0), ("school", "100004", 2025, 50.0, 50.0),
            ("la", "882", 2024, 100.0, 60.0), ("la", "882", 2025, 110.0, 65.0)]
    keys = {"measure_id": [RWM] * len(cube), "year": [c[2] for c in cube],
            "level": [c[0] for c in cube], "area_code": [c[1] for c in cube],
            "group_id": ["all"] * len(cube)}
    with results_warehouse(tmp_path).transaction() as tx:
        tx.write("results", pa.table({**keys, "denominator": [c[3] for c in cube],
                                      "value": [c[4] for c in cube]}))
    csv = tmp_path / "targets.csv"
    csv.write_text("urn,measure_id,year,target\n"
                   f"100001,{RWM},2025,65\n100001,{RWM},2026,70\n100002,{RWM},2026,80\n"
                   f"100003,{RWM},2026,99\n100004,{RWM},2026,10\n")
    targets.import_file(tmp_path, csv)
    return tmp_path


def test_la_target_is_the_cohort_weighted_sum_of_its_schools(folder: Path) -> None:
    lookup = targets.submitted_target_lookup(folder)
    la = lookup(_link(Level.LA, "882"), None)
    # 2026 (latest): A 70 x 30 (its 2025 cohort) + B 80 x 10, over 40 pupils = 72.5. C has
    # no cohort in the results cube and D is in LA 999, so neither counts.
    assert la == SubmittedTarget(Level.LA, "882", RWM, 2026, pytest.approx(72.5), 2)
    # In 2025 only A submitted: its own target.
    assert lookup(_link(Level.LA, "882"), 2025).value == pytest.approx(65.0)
    assert lookup(_link(Level.SCHOOL, "100002"), None).value == 80.0
    assert lookup(_link(Level.SCHOOL, "100002"), 2025) is None
    assert lookup(_link(Level.LA, "999"), 2025) is None


def test_plan_progress_tracks_against_the_submitted_la_target(folder: Path) -> None:
    measure = m.MeasureOfSuccess("KS2 RWM", _link(Level.LA, "882"), baseline=m.Point(60.0, 2024))
    plan = _plan(measure)
    untracked = plan_service.progress(plan, plan_service.cube_lookup(folder), date(2025, 9, 1))
    assert untracked.measures[0].assessment.track is Track.NO_DATA
    report = plan_service.progress_with_targets(folder, plan, date(2025, 9, 1))
    # Baseline 60 (2024) to the LA target 72.5 (2026): 66.25 expected by 2025; 65 made 5 of
    # the 6.25 points needed, at least half: amber.
    assessment = report.measures[0].assessment
    assert assessment.track is Track.AMBER
    assert assessment.expected == pytest.approx(66.25)
    rows = targets.plan_targets(folder, plan)
    assert rows[0].source is Source.SUBMITTED and rows[0].target == m.Point(72.5, 2026)


def test_without_submitted_targets_the_plan_is_unchanged(tmp_path: Path) -> None:
    plan = _plan(NO_TARGET)
    assert targets.plan_with_targets(tmp_path, plan) == plan
    assert targets.plan_targets(tmp_path, plan)[0].source is None
