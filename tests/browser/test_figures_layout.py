"""The shop's figures (#26) in a real browser: a manager limited to one shop
opens its figures on a tablet (768 px) and a phone, a chart and its table
beside or under it, nothing wider than the screen; changes the period
(htmx swaps the figures alone, the URL follows); and the same without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leatadmin.staff.models import StaffShop
from tests.browser.pages import PHONE, staff_context
from tests.figures.conftest import book, newcomer, quiet_days, shops  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def manager_of_a(make_staff, quiet_days):  # noqa: F811
    user = make_staff("Shop manager")
    StaffShop.objects.create(user=user, shop_uuid=quiet_days["a"].uuid, shop_name=quiet_days["a"].name)
    return user


def wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_managers_figures_fit_the_screen_and_the_period_changes_in_place(browser, live_server, manager_of_a, quiet_days, viewport):  # noqa: F811
    context, page = staff_context(browser, live_server, manager_of_a, viewport=viewport, locale="en-GB")
    try:
        page.goto(f"{live_server.url}/figures/?period=days&date_from=2020-03-10&date_to=2020-03-11")
        expect(page.get_by_role("img", name="Visits and bookings per day")).to_be_visible()
        expect(page.locator("#visits-table")).to_contain_text("27")
        assert wide(page) <= viewport["width"], "nothing wider than the screen"
        page.get_by_label("Last 30 days").check()  # htmx: the figures alone, the URL kept
        expect(page).to_have_url(re.compile(r"period=30"))
        expect(page.locator("#figures-heading")).to_contain_text("All your shops")
        expect(page.get_by_role("img", name="Credits given and taken back per day")).to_be_visible()
        assert wide(page) <= viewport["width"]
    finally:
        context.close()


def test_without_javascript_the_form_reloads_the_page_with_its_tables(browser, live_server, manager_of_a, quiet_days):  # noqa: F811
    context, page = staff_context(browser, live_server, manager_of_a, viewport=PHONE, locale="nl-NL", javascript=False)
    try:
        page.goto(f"{live_server.url}/figures/")
        page.get_by_label("Gekozen dagen").check()
        page.get_by_label("Van", exact=True).fill("2020-03-10")
        page.get_by_label("Tot en met", exact=True).fill("2020-03-11")
        page.get_by_role("button", name="Tonen").click()
        expect(page.locator("#purchases-table")).to_contain_text("€\u00a029,00")
        expect(page.locator("#visits-table")).to_contain_text("10-03-2020")
    finally:
        context.close()
