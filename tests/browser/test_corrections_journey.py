"""A customer calls: customer service fixes their loyalty from the contact page,
in a real browser, without leaving the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def customer(leat, unique_email):
    shop = leat.shops.list()[0]
    uuid = leat.contacts.create(unique_email).uuid
    leat.credit_receptions.create(contact_uuid=uuid, shop_uuid=shop.uuid, credits=120)
    return leat.contacts.get(uuid), shop


def test_agent_gives_points_with_a_reason_and_undoes_them(live_server, login, page, leat, customer):
    contact, shop = customer
    login("Customer service")
    page.goto(f"{live_server.url}/contacts/{contact.uuid}/")
    expect(page.locator("#credit-balance")).to_have_text("120")
    expect(page).to_have_title(re.compile(re.escape(contact.email)))  # the tab names the contact
    htmx_settled(page, "#profile")

    # Give points: the form opens in place; the balance changes without a reload.
    page.get_by_role("link", name="Give or take points").click()
    slot = page.locator("#contact-action")
    expect(slot.get_by_role("heading", name="Give or take points")).to_be_visible()
    expect(slot.get_by_role("radio", name="A number of credits")).to_be_focused()  # the first field, ready to type
    slot.get_by_role("textbox", name="Credits").fill("25")
    slot.get_by_label("Shop").select_option(shop.uuid)
    slot.get_by_label("Reason").fill("Missing points for yesterday's coffee")
    url_before = page.url
    slot.get_by_role("button", name="Send").click()
    expect(slot).to_contain_text("Gave 25 Beans (+25). The balance is now 145 Beans.")
    expect(page.locator("#credit-balance")).to_have_text("145")
    expect(page.locator("#transactions tbody tr").first).to_contain_text("+25")
    assert page.url == url_before  # no reload, no navigation

    # Undo it from its row: confirmation and a reason; the row then says it was reversed.
    htmx_settled(page, "#transactions")
    page.locator("#transactions tbody tr").first.get_by_role("link", name="Undo…").click()
    slot.get_by_label("Reason").fill("Given to the wrong customer")
    slot.get_by_label("Yes, reverse it").check()
    slot.get_by_role("button", name="Reverse it").click()
    expect(slot).to_contain_text("Reversed: Leat booked −25 Beans.")
    expect(page.locator("#credit-balance")).to_have_text("120")
    expect(page.locator("#transactions")).to_contain_text("Reversed")
    assert leat.contacts.get(contact.uuid).credit_balance == 120
