"""The targets forms with their errors showing pass axe-core too (nothing is saved: every
submission here is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import shot, sign_in, submit, violations
from playwright.sync_api import Page
from web_site import MEASURE, OWN_URN

pytestmark = pytest.mark.browser


def test_target_forms_with_errors_have_no_wcag_violations(
        page: Page, base_url: str, axe_source: str, artifacts: Path) -> None:
    sign_in(page, base_url, "school")
    page.goto(f"/schools/{OWN_URN}/targets")
    page.select_option("#target-measure", MEASURE)
    page.fill("#target-year", "2020")
    page.fill("#target-target", "120")  # over 100%
    submit(page, "#target-submit")
    assert page.locator(".govuk-error-summary").count() == 1
    assert "above the highest possible value 100" in page.content()
    shot(page, artifacts, "school-targets-error")
    problems = {"value error": violations(page, axe_source)}
    submit(page, "#upload-submit")  # no file chosen
    assert page.locator(".govuk-error-summary").count() == 1
    problems["upload error"] = violations(page, axe_source)
    assert {k: v for k, v in problems.items() if v} == {}
