"""A real server on loopback and a real headless Chromium (Debian `chromium`, driven by
Playwright through its executable path: no `playwright install`, no downloaded browser),
for the accessibility checks and the main journeys."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "web"))
from web_site import TEST_ARGON2_COST, build_site  # noqa: E402

from attain.web import create_app  # noqa: E402
from attain.web.auth import ARGON2_COST_KEY  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ATTAIN_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
VIEWPORT: ViewportSize = {"width": 1280, "height": 1000}
WAIT_MS = 30_000


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root first.")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made site of the web unit tests (tests/unit/web/web_site.py)."""
    folder: Path = build_site(tmp_path_factory.mktemp("browser-site"))
    return folder


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    for name in ("ATTAIN_DATABASE_URL", "ATTAIN_LA"):
        os.environ.pop(name, None)
    app = create_app(site, testing=True)
    app.config[ARGON2_COST_KEY] = TEST_ARGON2_COST  # sign-in rehashes: cheaply, in tests
    app.config["WTF_CSRF_ENABLED"] = True  # the browser posts the forms' real tokens
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("ATTAIN_TEST_ARTIFACTS", ROOT / "build" / "browser"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """One Debian Chromium for the session; each test gets its own context (cookies)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` "
                    "(scripts/system-deps.sh).")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def console(page: Page) -> list[ConsoleMessage]:
    """The page's console messages (CSP refusals and failed loads among them)."""
    messages: list[ConsoleMessage] = []
    page.on("console", lambda message: messages.append(message))
    return messages


@pytest.fixture
def page(chromium: Browser, base_url: str) -> Iterator[Page]:
    context = chromium.new_context(base_url=base_url, viewport=VIEWPORT,
                                   accept_downloads=True, locale="en-GB")
    context.set_default_timeout(WAIT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()
