"""The contact page in one streamed request (#14), as a browser gets it:
panels land in their places without JavaScript, and a slow Leat route
holds back only its own panel."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.signin.support import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANELS = ("profile", "transactions", "visits", "bookings", "cards", "subscriptions", "prepaid", "collectables", "vouchers")


def placeholders_left(page) -> int:
    """Slots of the page's shell that no panel has filled (their spinner still shows)."""
    return page.evaluate(
        "() => [...document.querySelector('.contact-page').shadowRoot.querySelectorAll('slot')]"
        ".filter((slot) => slot.name !== 'action' && !slot.assignedElements().length).length"
    )


def test_without_javascript_every_panel_is_in_its_place_and_paging_and_filters_work(live_server, browser, make_staff, anna):
    user = make_staff("Customer service")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Log in").click()
        page.get_by_label("Code").fill(code_for(user))  # the second factor (#24), without JavaScript too
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server.url}/contacts/{anna.uuid}/")

        assert placeholders_left(page) == 0
        # Reading order follows the shell's slots, whatever order the panels arrived in.
        order = page.evaluate(
            "() => [...document.querySelector('.contact-page').shadowRoot.querySelectorAll('slot')]"
            ".flatMap((slot) => slot.assignedElements().map((el) => el.getAttribute('slot')))"
        )
        assert [name for name in order if name != "action"] == list(PANELS)
        expect(page.locator("#profile h1")).to_contain_text("anna.devries@example.com")
        expect(page.locator("#cards")).to_contain_text("CARD-300000")
        expect(page.locator("#transactions")).to_contain_text("1–10 of 1,200")

        page.locator("#transactions").get_by_role("link", name="Next ›").click()
        expect(page).to_have_url(re.compile(r"\?tx_page=2$"))
        expect(page.locator("#transactions")).to_contain_text("11–20 of 1,200")

        page.locator("#transactions").get_by_label("Type").select_option("reward_receptions")
        page.locator("#transactions").get_by_role("button", name="Apply").click()
        expect(page).to_have_url(re.compile(r"tx_type=reward_receptions"))
        expect(page.locator("#transactions tbody")).not_to_contain_text("Credits received")
    finally:
        context.close()


def test_a_slow_leat_route_holds_back_only_its_panel(live_server, login, page, sandbox, anna):
    login("Customer service")
    sandbox.faults.update({"path_latency_ms": {"loyalty-transactions": 2500}})
    page.goto(f"{live_server.url}/contacts/{anna.uuid}/", wait_until="commit")
    # Everything else is on screen while the transactions are still on their way.
    expect(page.locator("#profile h1")).to_contain_text("anna.devries@example.com")
    expect(page.locator("#cards")).to_contain_text("CARD-300000")
    assert page.locator("#transactions").count() == 0 and placeholders_left(page) == 1
    # Its spinner turns, after half a second: a shorter wait shows no motion (and costs no frames).
    spinner = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.contact-page').shadowRoot.querySelector('slot[name=transactions] [part=spinner]'));"
        " return [s.animationName, s.animationDelay]; }"
    )
    assert spinner == ["spin", "0.5s"]
    # Then the slow panel fills its place, and the page works as usual.
    expect(page.locator("#transactions")).to_contain_text("1–10 of 1,200", timeout=15_000)
    assert placeholders_left(page) == 0
    # The filters' hidden htmx indicator does not turn until a request is under way.
    assert page.evaluate("() => getComputedStyle(document.querySelector('#transactions .htmx-indicator')).animationName") == "none"
    expect(page).to_have_title(re.compile("Anna de Vries|anna.devries"))
