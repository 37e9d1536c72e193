"""What the browser tests do on a page: sign in, submit a form and wait for the next page,
run axe-core, save a screenshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page
from web_site import PASSWORD, USER

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# page.evaluate runs through the DevTools protocol, which the page's CSP does not govern
# (a <script> tag with axe inline would be refused, as it should be).
LOAD_AXE = "() => { if (!window.axe) { %s\n} }"
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
  .then(result => result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(' '))})))"""


def violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    page.evaluate(LOAD_AXE % axe_source)
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_TAGS)
    return found


def submit(page: Page, button: str = "#submit") -> None:
    """Clicks a form's submit button and waits for the page it leads to: click() returns
    before the browser has replaced the page, so a check straight after it could read the
    old one (even when the new page has the same address, as a form with errors does)."""
    follow(page, page.locator(button))


def follow(page: Page, link: Locator) -> None:
    """Clicks a link and waits for the page it leads to."""
    with page.expect_navigation(wait_until="load"):
        link.click()


def sign_in(page: Page, base_url: str, role: str) -> None:
    page.goto("/sign-in")
    page.fill("#email", USER[role].email)
    page.fill("#password", PASSWORD)
    submit(page)
    assert page.url.rstrip("/") == base_url, page.content()[:500]


def shot(page: Page, artifacts: Path, name: str) -> Path:
    safe = "".join(c if c.isalnum() else "_" for c in name).strip("_") or "home"
    path = artifacts / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
