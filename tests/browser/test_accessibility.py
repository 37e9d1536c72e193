"""axe-core (npm) on the main pages, signed in as each role, in headless Chromium: zero
violations of the WCAG 2.0/2.1/2.2 A and AA rules. Screenshots go to build/browser/ (or
$ATTAIN_TEST_ARTIFACTS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait
from web_site import MEASURE, OWN_URN, PASSWORD, USER

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})
  .then(result => done(result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(' '))}))))
  .catch(err => done([{id: 'axe-error', help: String(err), targets: []}]));
"""

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
# in Welsh (the language switch's cookie), then back to English for the next role
PAGES["officer"] += ["/language/cy?next=/", f"/language/cy?next=/schools/{OWN_URN}",
                     "/language/en?next=/measures"]


def violations(driver: WebDriver, axe_source: str) -> list[dict[str, Any]]:
    driver.execute_script(axe_source)
    found: list[dict[str, Any]] = driver.execute_async_script(RUN_AXE, WCAG_TAGS)
    return found


def submit_and_wait(driver: WebDriver) -> None:
    """Clicks the form's submit button and waits for the next page: click() returns before
    the browser has replaced the page, so a check straight after it can see the old one."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old_page))
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def sign_in(driver: WebDriver, base_url: str, role: str) -> None:
    driver.get(f"{base_url}/sign-in")
    driver.find_element(By.ID, "email").send_keys(USER[role].email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit_and_wait(driver)
    assert driver.current_url.rstrip("/") == base_url, driver.page_source[:500]


def _shot(driver: WebDriver, artifacts: Path, name: str) -> None:
    safe = "".join(c if c.isalnum() else "_" for c in name).strip("_") or "home"
    driver.save_screenshot(str(artifacts / f"{safe}.png"))


@pytest.mark.parametrize("role", sorted(PAGES))
def test_pages_have_no_wcag_violations(browser: WebDriver, base_url: str, axe_source: str,
                                       artifacts: Path, role: str) -> None:
    sign_in(browser, base_url, role)
    problems = {}
    for path in PAGES[role]:
        browser.get(base_url + path)
        _shot(browser, artifacts, f"{role}{path}")
        found = violations(browser, axe_source)
        if found:
            problems[path] = found
    assert problems == {}


def test_sign_in_and_error_pages_have_no_wcag_violations(
        browser: WebDriver, base_url: str, axe_source: str, artifacts: Path) -> None:
    problems = {}
    browser.get(f"{base_url}/sign-in")
    problems["sign-in"] = violations(browser, axe_source)
    browser.find_element(By.ID, "email").send_keys("nobody@example.com")
    submit_and_wait(browser)  # no password: the error summary shows
    assert browser.find_elements(By.CLASS_NAME, "govuk-error-summary")
    _shot(browser, artifacts, "sign-in-error")
    problems["sign-in with errors"] = violations(browser, axe_source)
    browser.get(f"{base_url}/no/such/page")
    problems["404"] = violations(browser, axe_source)
    assert {k: v for k, v in problems.items() if v} == {}


def test_govuk_frontend_javascript_runs_under_the_csp(browser: WebDriver,
                                                      base_url: str) -> None:
    browser.get(f"{base_url}/sign-in")
    classes = browser.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
    assert "govuk-frontend-supported" in classes  # the nonce'd inline script ran
    logs = browser.get_log("browser")
    assert [entry for entry in logs if "Content Security Policy" in entry["message"]] == []
    assert [entry for entry in logs if "Failed to load resource" in entry["message"]] == []


def test_axe_reports_a_violation_when_there_is_one(browser: WebDriver, base_url: str,
                                                   axe_source: str) -> None:
    """Guards the checks above against passing because axe never ran."""
    browser.get(f"{base_url}/sign-in")
    browser.execute_script(
        "const i = document.createElement('img'); i.src = '/assets/images/favicon.svg';"
        "document.querySelector('main').appendChild(i);")
    assert [v["id"] for v in violations(browser, axe_source)] == ["image-alt"]
