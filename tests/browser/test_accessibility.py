"""axe-core (npm) on the main pages, signed in as each role, in headless Chromium (Debian's,
driven by Playwright): zero violations of the WCAG 2.0/2.1/2.2 A and AA rules. Screenshots go
to build/browser/ (or $ATTAIN_TEST_ARTIFACTS). Other helpers add their pages to PAGES."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import shot, sign_in, submit, violations
from playwright.sync_api import ConsoleMessage, Page
from web_site import MEASURE, OWN_URN

pytestmark = pytest.mark.browser

PAGES = {
    "officer": ["/", "/schools", f"/schools/{OWN_URN}", "/measures", f"/measures/{MEASURE}"],
    "admin": ["/admin/users", "/admin/users/new"],
    "school": [f"/schools/{OWN_URN}?measure={MEASURE}", "/schools"],
    "viewer": ["/", f"/measures/{MEASURE}"],
}
# the plans and reports pages
PAGES["officer"] += ["/plans", "/plans/la-plan-2019", "/plans/la-plan-2019/objectives/1.1/edit",
                     "/plans/la-plan-2019/actions/1.1.1/edit",
                     "/plans/la-plan-2019/actions/1.1.1/progress", "/plans/import", "/reports"]
PAGES["school"] += ["/plans/rap-alpha-2019", "/reports"]
PAGES["viewer"] += ["/reports"]
# the risk, review-cycle and data pages
PAGES["officer"] += ["/risk?year=2019&framework=site_ks2_rwm_2019",
                     f"/schools/{OWN_URN}/category?year=2019&framework=site_ks2_rwm_2019",
                     "/review?year=2019", f"/schools/{OWN_URN}/visits",
                     f"/schools/{OWN_URN}/visits/2019/SV1",
                     f"/schools/{OWN_URN}/self-evaluation", "/review/meetings/2019/1"]
PAGES["school"] += [f"/schools/{OWN_URN}/category?year=2019", f"/schools/{OWN_URN}/visits",
                    f"/schools/{OWN_URN}/self-evaluation"]
PAGES["admin"] += ["/data/upload", "/data/imports"]
# the dashboard's scope switch and the watchlist pages
PAGES["officer"] += ["/?scope=all", "/watchlists", "/watchlists/new"]
# the schools list sorted and filtered, and the measure explorer's levels
PAGES["officer"] += ["/schools?sort=urn&order=descending&phase=primary&status=open",
                     "/schools?below_floor=yes", f"/measures/{MEASURE}?level=school",
                     f"/measures/{MEASURE}?level=national&group=all"]
PAGES["school"] += [f"/measures/{MEASURE}?level=school&group=fsm"]
PAGES["viewer"] += [f"/measures/{MEASURE}?level=la&group=fsm&year=2019"]
# the audit log and changing a user (user 2: the site's officer)
PAGES["admin"] += ["/admin/audit", "/admin/users/2/edit"]
# the targets pages: a school's form and upload, and the challenge list
PAGES["officer"] += ["/targets", f"/schools/{OWN_URN}/targets"]
PAGES["school"] += [f"/schools/{OWN_URN}/targets?measure={MEASURE}&year=2020"]
# in Welsh (the language switch's cookie), then back to English for the next role
PAGES["officer"] += ["/language/cy?next=/", f"/language/cy?next=/schools/{OWN_URN}",
                     "/language/en?next=/measures"]
# forms in Welsh (labels, hints, date and password widgets from the catalogue)
PAGES["admin"] += ["/language/cy?next=/admin/users/new",
                   f"/language/cy?next=/schools/{OWN_URN}/visits/2019/SV1",
                   "/language/en?next=/"]


@pytest.mark.parametrize("role", sorted(PAGES))
def test_pages_have_no_wcag_violations(page: Page, base_url: str, axe_source: str,
                                       artifacts: Path, role: str) -> None:
    sign_in(page, base_url, role)
    problems = {}
    for path in PAGES[role]:
        response = page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        shot(page, artifacts, f"{role}{path}")
        found = violations(page, axe_source)
        if found:
            problems[path] = found
    assert problems == {}


def test_sign_in_and_error_pages_have_no_wcag_violations(
        page: Page, axe_source: str, artifacts: Path) -> None:
    problems = {}
    page.goto("/sign-in")
    problems["sign-in"] = violations(page, axe_source)
    page.fill("#email", "nobody@example.com")
    submit(page)  # no password: the error summary shows
    assert page.locator(".govuk-error-summary").count() == 1
    shot(page, artifacts, "sign-in-error")
    problems["sign-in with errors"] = violations(page, axe_source)
    response = page.goto("/no/such/page")
    assert response is not None and response.status == 404
    problems["404"] = violations(page, axe_source)
    assert {k: v for k, v in problems.items() if v} == {}


def _complaints(console: list[ConsoleMessage]) -> list[str]:
    return [m.text for m in console
            if "Content Security Policy" in m.text or "Failed to load resource" in m.text]


def test_govuk_frontend_javascript_runs_under_the_csp(page: Page,
                                                      console: list[ConsoleMessage]) -> None:
    page.goto("/sign-in")
    page.wait_for_load_state("networkidle")
    classes = page.locator("body").get_attribute("class") or ""
    assert "govuk-frontend-supported" in classes  # the nonce'd inline script ran
    assert _complaints(console) == []


def test_the_csp_refuses_an_inline_script_without_the_nonce(
        page: Page, console: list[ConsoleMessage]) -> None:
    """Guards the check above: Chromium reports a refused script on the console we read."""
    page.goto("/sign-in")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("() => { const s = document.createElement('script');"
                      "s.textContent = 'document.body.dataset.ran = 1';"
                      "document.body.appendChild(s); }")
    assert page.locator("body").get_attribute("data-ran") is None
    assert any("Content Security Policy" in text for text in _complaints(console))


def test_axe_reports_a_violation_when_there_is_one(page: Page, axe_source: str) -> None:
    """Guards the checks above against passing because axe never ran."""
    page.goto("/sign-in")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = '/assets/images/favicon.svg';"
        "document.querySelector('main').appendChild(i); }")
    assert [v["id"] for v in violations(page, axe_source)] == ["image-alt"]
