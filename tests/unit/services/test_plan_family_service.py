"""Plan progress against the family of similar schools, over a tiny data folder with
results and comparisons Parquet (tests/unit/reports/family_site.py, figures worked there).

family_site.py, ks2_rwm_expected, school 100001:
  all      2018: 16 / 25 = 64.0 %, family 342 / 500 = 68.4 %
  all      2019: 18 / 30 = 60.0 %, family 420 / 600 = 70.0 %  -> 10 behind: red
  fsm      2019: 2 / 4 suppressed,  family 45.0 %              -> no data (suppressed)
  non_fsm  2019: 16 / 26 = 61.5385 %, family 72.5 %            -> 10.9615 behind: red
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.unit.reports import family_site
from tests.unit.reports.family_site import MEASURE, URN

from attain import settings
from attain.domain import plans as m
from attain.domain.results import Level
from attain.domain.tracking import Track
from attain.services import plans as service
from attain.services import reports
from attain.services.appdb import init_database
from attain.services.compute import results_warehouse

TODAY = date(2019, 9, 1)


def family_measure(text: str, group: str = "all",
                   rule: m.ComparatorRule = m.ComparatorRule.AT_LEAST_IN_LINE,
                   by: int | None = None, baseline: m.Point | None = None
                   ) -> m.MeasureOfSuccess:
    comparator = m.Comparator(rule, "similar schools", by_year=by, family=True)
    return m.MeasureOfSuccess(text, m.MeasureLink(MEASURE, Level.SCHOOL, str(URN), group),
                              baseline=baseline, comparator=comparator)


def plan_of(*measures: m.MeasureOfSuccess) -> m.Plan:
    return m.Plan("alpha", "Alpha RAP", priorities=(m.Priority("1", "RWM", objectives=(
        m.Objective("1.1", "In line with similar schools", measures=measures),)),))


def test_progress_judges_each_school_row_against_its_family(tmp_path: Path) -> None:
    folder = family_site.build(tmp_path / "site")
    plan = plan_of(family_measure("All pupils"), family_measure("FSM", "fsm"),
                   family_measure("Non-FSM", "non_fsm"))
    report = service.progress(plan, service.cube_lookup(folder), TODAY)
    found = [(p.assessment.track, p.assessment.reason) for p in report.measures]
    assert found == [
        (Track.RED, "-10 against similar schools in 2019"),  # 60.0 - 70.0
        (Track.NO_DATA, "2019 value suppressed"),
        (Track.RED, "-10.9615 against similar schools in 2019"),  # 61.5385 - 72.5
    ]
    assert report.measures[0].latest is not None and report.measures[0].latest.value == 60.0
    assert report.plan_track is Track.RED


def test_gap_to_the_family_halved_reads_the_family_at_baseline(tmp_path: Path) -> None:
    folder = family_site.build(tmp_path / "site")
    # Baseline 2018: school 64.0 against family 68.4, a gap of 4.4 that should halve to
    # 2.2 by 2020: 3.3 expected in 2019. The 2019 gap is 70.0 - 60.0 = 10.0, wider than at
    # baseline: red.
    measure = family_measure("Halve the gap", rule=m.ComparatorRule.GAP_HALVED, by=2020,
                             baseline=m.Point(64.0, 2018))
    [found] = service.progress(plan_of(measure), service.cube_lookup(folder), TODAY).measures
    assert found.assessment.track is Track.RED
    assert found.assessment.expected == pytest.approx(3.3)


def test_comparisons_without_family_columns_give_no_data_never_zero(tmp_path: Path) -> None:
    folder = family_site.build(tmp_path / "site", family_columns=())
    [found] = service.progress(plan_of(family_measure("All pupils")),
                               service.cube_lookup(folder), TODAY).measures
    assert (found.assessment.track, found.assessment.reason) == (
        Track.NO_DATA, "no 2019 value for similar schools")


def test_a_year_without_a_family_average_stays_missing(tmp_path: Path) -> None:
    folder = family_site.build(tmp_path / "site")
    # 2017: the school has 60.0 but its family average is null (not 0)
    lookup = service.cube_lookup(folder)
    assert [o.value for o in lookup(MEASURE, service.FAMILY_LEVEL, str(URN), "all")] == \
        [None, pytest.approx(68.4), pytest.approx(70.0)]
    rows = [r for r in service.plan_family_rows(folder, plan_of(family_measure("All")))
            if r["year"] == 2017]
    assert [(r["level"], r["value"]) for r in rows] == [("family", None)]


def test_rows_lookup_with_plan_family_rows_matches_cube_lookup(tmp_path: Path) -> None:
    folder = family_site.build(tmp_path / "site")
    plan = plan_of(family_measure("All pupils"), family_measure("Non-FSM", "non_fsm"))
    results = [{"measure_id": MEASURE, "year": year, "level": "school",
                "area_code": str(URN), "group_id": group, "value": value, "suppressed": None}
               for year, group, value in ((2019, "all", 60.0), (2019, "non_fsm", 16 / 26 * 100))]
    lookup = service.rows_lookup(results + service.plan_family_rows(folder, plan))
    rows = service.progress(plan, lookup, TODAY).measures
    whole = service.progress(plan, service.cube_lookup(folder), TODAY).measures
    assert [p.assessment for p in rows] == [p.assessment for p in whole]


def test_plans_without_a_family_comparator_never_read_the_comparisons(tmp_path: Path
                                                                      ) -> None:
    folder = family_site.build(tmp_path / "site")
    for file in results_warehouse(folder).files("comparisons"):
        file.write_bytes(b"not parquet")  # any read of it would fail
    national = m.MeasureOfSuccess(
        "In line with England", m.MeasureLink(MEASURE, Level.SCHOOL, str(URN)),
        comparator=m.Comparator(m.ComparatorRule.AT_LEAST_IN_LINE, "England",
                                Level.NATIONAL, "E92000001"))
    plan = plan_of(national)
    assert service.plan_family_rows(folder, plan) == []
    [found] = service.progress(plan, service.cube_lookup(folder), TODAY).measures
    # 60.0 against England's 65.0: 5 behind, beyond the 1-point tolerance
    assert (found.assessment.track, found.assessment.reason) == (
        Track.RED, "-5 against England in 2019")


FAMILY_PLAN = f"""\
id: alpha-rap
title: Alpha Primary raising-attainment plan
priorities:
  - ref: '1'
    title: Reading, writing and maths
    measures:
      - text: RWM at least in line with similar schools
        measure: {MEASURE}
        level: school
        area: '{URN}'
        comparator: {{rule: at_least_in_line, label: similar schools, family: true}}
"""


def test_the_plan_progress_report_reads_the_family_average(tmp_path: Path) -> None:
    folder = family_site.build(tmp_path / "site")
    init_database(folder)
    source = tmp_path / "alpha.yaml"
    source.write_text(FAMILY_PLAN, encoding="utf-8")
    service.import_plan(settings.database_url(folder), source, known={MEASURE})
    [tracked] = reports.plan_progress(folder, "alpha-rap", TODAY).measures
    # 60.0 against the family's 70.0 in 2019: 10 behind
    assert (tracked.assessment.track, tracked.assessment.reason) == (
        Track.RED, "-10 against similar schools in 2019")


def test_the_web_plan_lookup_reads_the_family_average(tmp_path: Path) -> None:
    from attain.services import plans_web

    folder = family_site.build(tmp_path / "site")
    plan = plan_of(family_measure("All pupils"))
    report = service.progress(plan, plans_web.plan_lookup(folder, plan), TODAY)
    # 60.0 - 70.0 (family_site.py), as through the whole-cube lookup above
    assert [(p.assessment.track, p.assessment.reason) for p in report.measures] == [
        (Track.RED, "-10 against similar schools in 2019")]
