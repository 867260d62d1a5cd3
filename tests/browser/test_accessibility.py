"""axe-core (bundled, offline) finds no accessibility violations on the main
pages, on a desktop in Dutch and on a phone in English; and the
keyboard paths the pages promise work."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled
from tests.browser.pages import DESKTOP, PHONE, main_pages, open_page, staff_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Both languages and both widths, in two runs rather than four: axe checks the pages' structure,
# which neither the language nor the width changes alone (each run takes some 20 s of the suite).
@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "nl-NL"), (PHONE, "en-GB")], ids=["desktop-nl", "phone-en"])
def test_main_pages_have_no_accessibility_violations(live_server, browser, make_staff, anna, leat, locale, viewport):
    axe = Axe()
    pages = main_pages(live_server, make_staff, anna, leat)
    found = {}

    def phone_menu(page) -> None:  # the phone's menu, opened
        page.goto(f"{live_server.url}/visits/")
        page.locator("details.menu > summary").click()

    steps = list(pages.steps()) + ([("menu open", phone_menu)] if viewport is PHONE else [])
    for user, run in [(None, [("login", f"{live_server.url}/login/")]), (pages.supervisor, steps)]:
        context, page = staff_context(browser, live_server, user, viewport=viewport, locale=locale)
        try:
            for name, step in run:
                open_page(page, step)
                htmx_settled(page)
                result = axe.run(page)
                if result.violations_count:
                    found[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
        finally:
            context.close()
    assert not found, found


def test_the_skip_link_moves_focus_to_the_content(live_server, login, page):
    login("Supervisor")
    page.goto(f"{live_server.url}/bookings/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the content, not the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_lookup_page_focuses_its_search_box(live_server, login, page):
    login("Customer service")
    page.goto(f"{live_server.url}/contacts/")
    expect(page.locator("#id_q")).to_be_focused()


def test_the_delete_choices_are_a_fieldset_named_by_its_legend(live_server, login, page, anna):
    login("Supervisor")
    page.goto(f"{live_server.url}/contacts/{anna.uuid}/delete/")
    group = page.get_by_role("group", name="Deletion type")
    expect(group).to_be_visible()
    expect(group.get_by_role("radio")).to_have_count(2)


def test_the_phone_menu_opens_without_javascript(live_server, browser, make_staff):
    context, page = staff_context(browser, live_server, make_staff("Shop manager"), viewport=PHONE, locale="en-GB", javascript=False)
    try:
        page.goto(f"{live_server.url}/visits/")
        bookings = page.locator("header").get_by_role("link", name="Bookings")
        expect(bookings).to_be_hidden()
        page.locator("details.menu > summary").click()
        expect(bookings).to_be_visible()
        bookings.click()
        expect(page).to_have_url(f"{live_server.url}/bookings/")
    finally:
        context.close()
