"""The main journeys, walked in headless Chromium the way a user would (links and forms, not
typed addresses, past the sign-in): an officer reviews a school and records a visit; a head
teacher updates the school's self-evaluation; a councillor downloads the standards report.
axe-core checks every page on the way (WCAG 2.2 A and AA, zero violations) and each page is
saved as a screenshot in build/browser/. The outcomes are checked on the pages and in the
app database they were written to."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest
from browsing import follow, shot, sign_in, submit, violations
from playwright.sync_api import Download, Page
from sqlalchemy import select
from sqlalchemy.orm import Session
from web_site import OWN_URN, USER, site_session

from attain.store.models import AuditEntry
from attain.store.risk_models import SchoolVisitRow, SelfEvaluationRow

pytestmark = pytest.mark.browser
SCHOOL_NAME = "Alpha Primary School"  # OWN_URN in web_site.py
LA_NAME = "Southend-on-Sea"  # LA 882 in web_site.py
Check = Callable[[str], None]


@pytest.fixture
def check(page: Page, axe_source: str, artifacts: Path) -> Check:
    """check(name): screenshot of the page in view, and axe-core must find nothing on it."""

    def run(name: str) -> None:
        shot(page, artifacts, f"journey-{name}")
        assert violations(page, axe_source) == [], (name, page.url)

    return run


def test_an_officer_reviews_a_school_and_records_a_visit(
        page: Page, base_url: str, site: Path, check: Check) -> None:
    sign_in(page, base_url, "officer")
    check("officer-overview")
    follow(page, page.get_by_role("link", name="Schools", exact=True))
    check("officer-schools")
    follow(page, page.get_by_role("link", name=SCHOOL_NAME))
    assert page.url == f"{base_url}/schools/{OWN_URN}"
    assert page.locator("h1").inner_text() == SCHOOL_NAME
    # 18 of 30 pupils, 60.0%, worked in web_site.py: the school's results are on its page
    assert "60.0" in page.locator("main").inner_text()
    check("officer-school")
    follow(page, page.locator("main a[href$='/visits']"))
    check("officer-school-visits")
    follow(page, page.get_by_role("link", name="Record SV1"))
    check("officer-record-visit")

    submit(page)  # nothing entered: the error summary, and nothing saved
    assert page.locator(".govuk-error-summary").count() == 1
    assert "Enter a real date" in page.locator(".govuk-error-summary").inner_text()
    check("officer-record-visit-errors")
    with site_session(site) as session:
        assert _visit(session).visited_on is None

    page.fill("#visited_on-day", "21")
    page.fill("#visited_on-month", "1")
    page.fill("#visited_on-year", "2019")
    page.fill("#officer", "Pat Adviser")
    page.fill("#priority_1", "Guided writing in Year 6")
    page.fill("#impact_1", "Writing books show longer, better-organised pieces.")
    page.select_option("#teaching", "2")
    page.get_by_label("Budget deficit").check()
    page.fill("#agreed_actions", "Moderate Year 6 writing with Beta Junior before Easter.")
    submit(page)

    assert page.url == f"{base_url}/schools/{OWN_URN}/visits"
    main = page.locator("main").inner_text()
    assert f"Visit SV1 recorded for {SCHOOL_NAME}" in page.content()
    for shown in ("21 Jan 2019", "Pat Adviser", "Guided writing in Year 6",
                  "Writing books show longer, better-organised pieces.", "Budget deficit",
                  "Moderate Year 6 writing with Beta Junior before Easter.", "Done"):
        assert shown in main, shown
    check("officer-visit-recorded")

    with site_session(site) as session:
        visit = _visit(session)
        assert (visit.visited_on, visit.officer) == (date(2019, 1, 21), "Pat Adviser")
        assert visit.record["self_evaluation"] == {"teaching": 2}
        assert visit.record["risk_characteristics"] == ["budget_deficit"]
        [entry] = _audit(session, "school_visit")  # the write is audited, before and after
        assert (entry.user, entry.action) == (USER["officer"].email, "record")
        assert entry.detail is not None and entry.detail["before"] is None
        assert entry.detail["after"]["officer"] == "Pat Adviser"


def _visit(session: Session) -> SchoolVisitRow:
    return session.execute(select(SchoolVisitRow).filter_by(
        urn=OWN_URN, year=2019, visit="SV1")).scalar_one()


def _audit(session: Session, entity: str) -> list[AuditEntry]:
    return list(session.execute(select(AuditEntry).filter_by(
        entity=entity, entity_id=str(OWN_URN))).scalars())


GRADES = {"overall_effectiveness": 2, "achievement": 3, "teaching": 2,
          "behaviour_safety": 1, "leadership": 2}


def test_a_school_user_updates_the_self_evaluation(
        page: Page, base_url: str, site: Path, check: Check) -> None:
    sign_in(page, base_url, "school")
    follow(page, page.get_by_role("link", name="Schools", exact=True))
    follow(page, page.get_by_role("link", name=SCHOOL_NAME))
    check("school-school")
    follow(page, page.locator("main a[href$='/self-evaluation']"))
    assert page.url == f"{base_url}/schools/{OWN_URN}/self-evaluation"
    assert page.locator("#validated_by").count() == 0  # only LA staff validate
    check("school-self-evaluation")

    page.fill("#year", "2026")
    page.get_by_label("Spring").check()
    submit(page)  # no grades: the error summary, and nothing saved
    assert page.locator(".govuk-error-summary").count() == 1
    check("school-self-evaluation-errors")
    with site_session(site) as session:
        assert _self_evaluations(session) == []

    page.get_by_label("Spring").check()
    for field, grade in GRADES.items():
        page.check(f"#{field}" if grade == 1 else f"#{field}-{grade}")
    submit(page)
    assert f"Self-evaluation saved for {SCHOOL_NAME}" in page.content()

    page.reload()  # a fresh read from the server: it persisted
    row = page.locator("main table tbody tr", has_text="2026 spring")
    cells = row.locator("td").all_inner_texts()
    assert cells[:5] == [str(g) for g in GRADES.values()]
    assert USER["school"].email in cells
    check("school-self-evaluation-saved")

    with site_session(site) as session:
        saved = _self_evaluations(session)
        assert [(r.year, r.term, r.recorded_by) for r in saved] == [
            (2026, "spring", USER["school"].email)]
        assert {k: getattr(saved[0], k) for k in GRADES} == GRADES
        assert saved[0].validated_by is None
        [entry] = _audit(session, "self_evaluation")
        assert (entry.user, entry.action) == (USER["school"].email, "record")
        assert entry.detail is not None and entry.detail["after"]["leadership"] == 2


def _self_evaluations(session: Session) -> list[SelfEvaluationRow]:
    return list(session.execute(select(SelfEvaluationRow).filter_by(
        urn=OWN_URN)).scalars())


def _download(page: Page, file_format: str) -> Download:
    page.select_option("#standards-la_code", "882")
    page.select_option("#standards-year", "2019")
    page.check(f"input[name='standards-file_format'][value='{file_format}']")
    with page.expect_download() as info:
        page.click("#standards-submit")
    return info.value


def test_a_councillor_downloads_the_standards_report(
        page: Page, base_url: str, artifacts: Path, check: Check) -> None:
    sign_in(page, base_url, "viewer")
    check("viewer-overview")
    follow(page, page.get_by_role("link", name="Reports", exact=True))
    assert page.url == f"{base_url}/reports"
    assert page.locator("#standards-submit").count() == 1
    assert page.locator("form[action='/reports/school']").count() == 0  # no school profiles
    check("viewer-reports")

    pdf = _download(page, "pdf")
    assert pdf.suggested_filename == "standards-882-2019.pdf"
    content = Path(pdf.path()).read_bytes()
    pdf.save_as(artifacts / pdf.suggested_filename)
    assert content[:5] == b"%PDF-"
    # Words, not lines: where a line wraps depends on the fonts the machine has.
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content))
                             .pages).split())
    assert LA_NAME in text
    # LA 882: 1300/2000 = 65.0% in 2019 against 65.0% nationally (web_site.py)
    assert "65.0% compared with 65.0% nationally" in text

    word = _download(page, "docx")
    assert word.suggested_filename == "standards-882-2019.docx"
    content = Path(word.path()).read_bytes()
    word.save_as(artifacts / word.suggested_filename)
    assert content[:4] == b"PK\x03\x04"  # a zip container ...
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()  # ... of Word
    document = docx.Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert LA_NAME in paragraphs
    assert page.url == f"{base_url}/reports"  # a download leaves the page as it was
