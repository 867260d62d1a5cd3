"""A customer lost their card, wants money back and no more mail: a supervisor
replaces the card, tops up and refunds prepaid and unsubscribes them, in a real
browser, without leaving the contact page (with test_corrections_journey.py:
give points and undo them, the whole customer-service journey)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_replaces_a_card_and_tops_up_prepaid_in_place(live_server, login, page, leat, unique_email):
    shop = leat.shops.list()[0]
    contact = leat.contacts.create(unique_email)
    leat.identifiers.link("CARD-200047", contact_uuid=contact.uuid)
    login("Supervisor")
    page.goto(f"{live_server.url}/contacts/{contact.uuid}/")
    expect(page.locator("#cards")).to_contain_text("CARD-200047")
    expect(page.locator("#prepaid")).to_contain_text("No prepaid transactions.")
    htmx_settled(page, "#cards")
    url_before = page.url
    slot = page.locator("#contact-action")

    # Block the lost card and link the new one: the cards panel refreshes itself.
    page.locator("#cards").get_by_role("link", name="Block and replace…").click()
    expect(slot.get_by_role("heading", name="Block a lost card and link its replacement")).to_be_visible()
    slot.get_by_label("New card").fill("CARD-200048")
    slot.get_by_label("Reason").fill("Lost at the gym")
    slot.get_by_role("button", name="Block and replace").click()
    expect(slot).to_contain_text("Card CARD-200047 is blocked. The new card CARD-200048 is linked to this contact.")
    expect(page.locator("#cards tbody tr", has_text="CARD-200047")).to_contain_text("Blocked")
    expect(page.locator("#cards tbody tr", has_text="CARD-200048")).to_contain_text("Active")

    # Top up €25,50 as people type it; the history and the profile's balance follow.
    htmx_settled(page, "#prepaid")
    page.locator("#prepaid").get_by_role("link", name="Top up or refund…").click()
    slot.get_by_label("Amount (€)").fill("25,50")
    slot.get_by_label("Shop").select_option(shop.uuid)
    slot.get_by_label("Reason").fill("Paid cash")
    slot.get_by_role("button", name="Book it").click()
    expect(slot).to_contain_text("Topped up €25.50. The prepaid balance is now €25.50.")
    expect(page.locator("#prepaid-balance")).to_have_text("€25.50")
    expect(page.locator("#prepaid tbody tr").first).to_contain_text("+€25.50")

    # A refund of more than the balance is refused at the amount; nothing is sent.
    htmx_settled(page, "#prepaid")
    page.locator("#prepaid").get_by_role("link", name="Top up or refund…").click()
    slot.get_by_label("Refund (pay money back)").check()
    slot.get_by_label("Amount (€)").fill("30")
    slot.get_by_label("Shop").select_option(shop.uuid)
    slot.get_by_label("Reason").fill("Customer wants it back")
    slot.get_by_role("button", name="Book it").click()
    expect(slot).to_contain_text("A refund can be at most the prepaid balance, €25.50.")

    # A refund that fits goes through, typed the Dutch way; the balance follows.
    slot.get_by_label("Amount (€)").fill("5,25")
    slot.get_by_role("button", name="Book it").click()
    expect(page.locator("#prepaid-balance")).to_have_text("€20.25")
    expect(page.locator("#prepaid tbody tr").first).to_contain_text("−€5.25")

    # No more mail: unsubscribe from an opt-out type (subscribed until unsubscribed).
    htmx_settled(page, "#subscriptions")
    row = page.locator("#subscriptions tbody tr", has_text="Never miss out")  # "News", not "Newsletter (2019)"
    expect(row).to_contain_text("Subscribed")
    row.get_by_role("link", name="Unsubscribe…").click()
    slot.get_by_label("Reason").fill("Customer asked on the phone")
    slot.get_by_role("button", name="Unsubscribe").click()
    expect(slot).to_contain_text("Unsubscribed from News.")
    expect(page.locator("#subscriptions tbody tr", has_text="Never miss out")).to_contain_text("Not subscribed")
    assert page.url == url_before  # no reload, no navigation
    assert leat.contacts.prepaid_balance(contact.uuid).balance_in_cents == 2025
    assert re.search(r"/contacts/[^/]+/$", page.url)
