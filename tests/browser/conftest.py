"""Playwright driving Debian's chromium against pytest-django's live server.

`playwright install` cannot download browsers here, so the system chromium
is launched with flags that keep it off the (closed) network.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.signin.support import code_for

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def login(live_server, make_staff, page):
    def login_as(role: str):
        user = make_staff(role)
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/2fa/authenticate/" in url)  # then the second factor (#24)
        page.get_by_label("Code").fill(code_for(user))
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login/" not in url and "/2fa/" not in url)
        page.wait_for_load_state("load")  # app.js wired up (its "/" shortcut) before a test presses keys
        return user

    return login_as


def htmx_settled(page, selector: str = "body") -> None:
    """Wait until htmx has no request, swap or settle under way and has wired
    up `selector` (htmx keeps its data on the elements it processed)."""
    page.wait_for_function(
        """(selector) => {
            const el = document.querySelector(selector);
            return window.htmx && el && el["htmx-internal-data"] !== undefined
                && !document.querySelector(".htmx-request, .htmx-settling, .htmx-swapping");
        }""",
        arg=selector,
    )
