"""axe-core (bundled, offline) finds no accessibility violations on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_pages_have_no_accessibility_violations(live_server, login, page, anna):
    axe = Axe()
    page.goto(f"{live_server.url}/login/")
    assert axe.run(page).violations_count == 0
    login("Supervisor")
    found = {}
    for path in ["/contacts/", "not found", f"/contacts/{anna.uuid}/", "/visits/", "/visits/new/", "/bookings/", "/bookings/new/", "/audit/"]:
        if path == "not found":  # the lookup posts the email (never in a URL)
            page.goto(f"{live_server.url}/contacts/")
            page.fill("#lookup-email", "nobody@example.com")
            page.press("#lookup-email", "Enter")
        else:
            page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        htmx_settled(page)
        result = axe.run(page)
        if result.violations_count:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
    assert not found, found
