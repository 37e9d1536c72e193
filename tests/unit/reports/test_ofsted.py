"""The Ofsted and categorisation sections, from fixture inspections, decisions and visits in
an app database, against hand counts; "no data" when the app database holds none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from tests.unit.reports.conftest import DEMO_LA, REPORT_YEAR
from tests.unit.reports.readback import all_text, docx_text, xlsx_cells

from attain import settings
from attain.domain.ofsted import Grade, Inspection, OfstedCategory
from attain.domain.risk import Categorisation, Reason, ReasonKind
from attain.reports.appdata import registry
from attain.risk import store as risk_store
from attain.risk.inspection_cube import open_schools as open_schools_on
from attain.risk.inspection_cube import predecessors_of
from attain.risk.inspection_measures import inspection_rows
from attain.risk.review import ScheduledVisit
from attain.services import plans as plans_service
from attain.services import reports
from attain.services.appdb import init_database
from attain.services.reports import ReportFormat

FRAMEWORK = "southend_ilt_2012"
RAP_PLAN = """
id: rap-a
title: Raising achievement plan, school A
priorities:
  - ref: '1'
    title: Writing
    objectives:
      - ref: '1'
        text: Raise writing at KS2
        actions:
          - text: Four-weekly writing moderation
            target: October 2018
          - text: Phonics training for KS1 staff
            target: Summer term 2020
          - text: Governors' standards committee
            status: complete
"""


def open_schools(folder: Path, year: int) -> list[int]:
    """The LA's schools open on 31 August of the year, read straight from the registry."""
    files = [p.as_posix() for p in (folder / "warehouse" / "schools").glob("*.parquet")]
    found = duckdb.execute(
        "SELECT urn FROM read_parquet(?) WHERE la_code = ? AND (open_date IS NULL OR "
        "open_date <= ?) AND (close_date IS NULL OR close_date >= ?) ORDER BY urn",
        [files, DEMO_LA, date(year, 8, 31), date(year, 8, 31)]).fetchall()
    return [int(u) for (u,) in found]


def measure_figures(folder: Path, year: int) -> tuple[float, float | None]:
    """The LA's good-or-better numerator and denominator as the inspection measures count
    them (`attain risk inspection-measures`: inspection_cube.open_schools + inspection_rows)."""
    rows = registry(folder)
    found = inspection_rows(year, open_schools_on(rows, year),
                            risk_store.all_inspections(settings.database_url(folder)),
                            predecessors_of(rows))
    good = next(r for r in found if (r["measure_id"], r["level"], r["area_code"],
                                     r["group_id"]) == ("ofsted_good_or_better_schools",
                                                        "la", DEMO_LA, "all"))
    return good["numerator"], good["denominator"]


@pytest.fixture(scope="module")
def with_database(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Fixture inspections of three of the LA's schools (A, B, C), decisions and a visit."""
    root = tmp_path_factory.mktemp("ofsted_db")
    patch = pytest.MonkeyPatch()
    patch.setenv("ATTAIN_DATABASE_URL", f"sqlite:///{root / 'attain.db'}")
    init_database(root)
    url = settings.database_url(root)
    every_year = set(open_schools(demo_folder, 2017)).intersection(
        open_schools(demo_folder, 2018), open_schools(demo_folder, 2019))
    a, b, c, d = sorted(every_year)[:4]
    risk_store.save_inspections(url, [
        Inspection(a, date(2017, 3, 1), Grade.GOOD),
        Inspection(b, date(2016, 5, 1), Grade.OUTSTANDING),
        Inspection(b, date(2018, 11, 20), Grade.REQUIRES_IMPROVEMENT),
        Inspection(c, date(2018, 1, 10), Grade.INADEQUATE,
                   category=OfstedCategory.SPECIAL_MEASURES),
        Inspection(d, date(2019, 10, 1), Grade.GOOD),  # after 31 August 2019: not counted
    ], "fixture", "tester")
    computed = Categorisation(FRAMEWORK, a, REPORT_YEAR, "objectives", "Objectives", (
        Reason(ReasonKind.FIRED, "Ofsted overall effectiveness 3 at the last inspection"),
        Reason(ReasonKind.NOT_MET, "not in an Ofsted category")))
    risk_store.save_decision(url, computed, "computed", "tester")
    risk_store.save_decision(url, computed, "agreed", "moderator", category="watch",
                             note="New head; moderated")
    risk_store.save_decision(url, Categorisation(FRAMEWORK, c, REPORT_YEAR, "rap", "RAP", (
        Reason(ReasonKind.FIRED, "in an Ofsted category"),)), "agreed", "moderator")
    plan_file = root / "rap.yaml"
    plan_file.write_text(RAP_PLAN, encoding="utf-8")
    plans_service.import_plan(url, plan_file)
    risk_store.save_schedule(url, [ScheduledVisit(a, REPORT_YEAR, "SV1", "Achievement",
                                                  date(2018, 10, 1), date(2018, 11, 30))],
                             "tester")
    risk_store.record_visit(url, a, REPORT_YEAR, "SV1", date(2018, 10, 15), "J Adviser", {},
                            "tester", plan_id="rap-a")
    yield (a, b, c, d)
    patch.undo()


def test_standards_ofsted_section_equals_a_hand_count(demo_folder: Path, tmp_path: Path,
                                                      with_database: tuple[int, ...]) -> None:
    out = tmp_path / "standards.xlsx"
    reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.XLSX, out)
    rows = {r[0]: r for r in xlsx_cells(out)["Ofsted"][2:]}
    # As at 31 August: 2017 A good, B outstanding (2 of 2); 2018 A good, B outstanding,
    # C inadequate in special measures (2 of 3); 2019 A good, B requires improvement,
    # C inadequate (1 of 3); D's inspection of October 2019 falls after 2019.
    # Columns: year, open, graded, good, %, England %, in category, no overall grade.
    for year, graded, good, percent, category in (("2017", 2, 2, 100.0, 0),
                                                  ("2018", 3, 2, 66.7, 1),
                                                  ("2019", 3, 1, 33.3, 1)):
        opened = len(open_schools(demo_folder, int(year)))
        assert rows[year] == (year, opened, graded, good, percent, "no data", category,
                              opened - graded)
        # the same N of M as the inspection measures (the database is the demo folder's)
        assert (good, graded) == measure_figures(demo_folder, int(year))
    categories = xlsx_cells(out)["Categories"][2:]
    # A: agreed "watch" overrides computed; C: agreed "rap".
    assert sorted(categories) == sorted([
        ('Southend "Improving Learning Together" school review (2012/13)',
         "Judged 1 or 2, with risk characteristics", "agreed", 1),
        ('Southend "Improving Learning Together" school review (2012/13)',
         "Raising Achievement Plan (judgement of 4 or Ofsted category)", "agreed", 1)])


def test_standards_sentences_say_the_same(demo_folder: Path, tmp_path: Path,
                                          with_database: tuple[int, ...]) -> None:
    out = tmp_path / "standards.docx"
    reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.DOCX, out)
    paragraphs, _ = docx_text(out)
    assert ("As at 31 August 2019, 1 of 3 schools with an overall grade were judged good or "
            "outstanding at their most recent inspection (33.3%).") in paragraphs
    assert "1 school was in an Ofsted category" in paragraphs


def test_school_profile_shows_history_category_visits_and_rap(
        demo_folder: Path, tmp_path: Path, with_database: tuple[int, ...]) -> None:
    a = with_database[0]
    out = tmp_path / "school.docx"
    reports.school(demo_folder, a, REPORT_YEAR, ReportFormat.DOCX, out,
                   today=date(2019, 7, 1))
    paragraphs, tables = docx_text(out)
    history = next(t for t in tables if t[0][0] == "Inspected")
    assert history[1:] == [["01 Mar 2017", str(a), "single word", "Good", "none",
                            "no data"]]
    assert "Judged 1 or 2, with risk characteristics (agreed," in paragraphs
    assert "Reason: Ofsted overall effectiveness 3 at the last inspection" in paragraphs
    visits = next(t for t in tables if t[0][0] == "Visit")
    assert visits[1][0] == "SV1" and visits[1][3:] == ["15 Oct 2018", "J Adviser", "done"]
    # RAP on 1 July 2019: October 2018 passed (overdue), Summer 2020 open, one complete.
    rap = next(t for t in tables if t[0][0] == "Action status")
    assert sorted(rap[1:]) == [["Complete", "1"], ["Not started", "1"], ["Overdue", "1"]]


def test_without_an_app_database_the_sections_say_no_data(
        demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    out = tmp_path / "standards.html"
    reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.HTML, out)
    text = all_text("html", out)
    section = text.split("Ofsted and categorisation")[1].split("Schools below floor")[0]
    assert "no data" in section and "%" not in section
