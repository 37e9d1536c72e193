"""Priority actions of the standards report, filled from linked action plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.reports.conftest import DEMO_LA, REPORT_YEAR
from tests.unit.reports.readback import docx_text

from attain.services import plans as plans_service
from attain.services import reports
from attain.services.appdb import init_database
from attain.services.reports import ReportFormat

PLANS = Path(__file__).parents[3] / "examples" / "plans"


@pytest.fixture(scope="module")
def durham() -> object:
    return plans_service.read_plan_file(PLANS / "durham-2009.yaml")


def test_durham_plan_speaks_to_the_sections_of_its_linked_measures(durham: object) -> None:
    from attain.reports.plan_links import priority_actions

    # Durham's objective 1 links EYFS (NI 72, NI 92), KS2 (L4 E&M, 2 levels of progress),
    # KS3 science (no KS3 section), KS4 (5A*-C E&M) and looked-after measures (NI 99-101)
    # for LA 840; its eight actions T1-T8 run April 2009 - March 2012, none complete.
    found = priority_actions([durham], "840", 2011, reports.measure_topics())  # type: ignore[list-item]
    assert set(found) == {"eyfs", "ks2", "ks4", "groups"}
    ks2 = found["ks2"]
    assert ks2[0].startswith("Raise aspirations and help everyone achieve (ECM outcome")
    assert len([line for line in ks2 if line.startswith("Action: ")]) == 8
    assert any("Identify underperforming children in Early Years" in line for line in ks2)


@pytest.mark.parametrize(("la", "year"), [
    ("882", 2011),   # another LA's plan
    ("840", 2014),   # the plan ended in March 2012, before 2013/14 and 2014/15
    ("840", 2009),   # 2008/09 and 2009/10: April 2009 is inside, so linked (control)
])
def test_only_the_las_current_plans_are_linked(durham: object, la: str, year: int) -> None:
    from attain.reports.plan_links import linked_to

    assert linked_to(durham, la, year) is (la == "840" and year == 2009)  # type: ignore[arg-type]


PLAN_FOR_DEMO = """
id: southend-ks2
title: Southend primary improvement plan
organisation: Southend-on-Sea
period: 2019/20
priorities:
  - ref: '1'
    title: Reading, writing and maths at KS2
    objectives:
      - ref: '1a'
        text: Raise attainment in writing at the end of KS2
        measures:
          - text: KS2 RWM at the expected standard at least in line with England
            measure: ks2_rwm_expected
            level: la
            area: '882'
        actions:
          - text: Moderate year 6 writing in every primary school
            responsible: Primary adviser
            target: Spring term 2020
          - text: Writing conference for year 6 teachers
            responsible: Primary adviser
            target: October 2019
            status: complete
"""


def test_standards_report_lists_the_linked_plans_actions(demo_folder: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_DATABASE_URL", f"sqlite:///{tmp_path / 'attain.db'}")
    init_database(tmp_path)
    plan_file = tmp_path / "southend.yaml"
    plan_file.write_text(PLAN_FOR_DEMO, encoding="utf-8")
    from attain import settings

    plans_service.import_plan(settings.database_url(tmp_path), plan_file)
    out = tmp_path / "standards.docx"
    reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.DOCX, out)
    paragraphs, _ = docx_text(out)
    ks2 = paragraphs.split("Key Stage 2 – priority actions")[1].split("Key Stage 4")[0]
    assert "Moderate year 6 writing in every primary school" in ks2
    assert "Writing conference" not in ks2  # complete: not a priority action any more
    ks1 = paragraphs.split("Key Stage 1 – priority actions")[1].split("Key Stage 2")[0]
    assert "to be completed by the officer" in ks1
