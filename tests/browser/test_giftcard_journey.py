"""At the counter, in a real browser: a gift card's balance read, 12,50 paid
with it, the card topped up and the last transaction undone, all in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def card(leat):
    """A new digital card of "Leat Coffee gift card" (at most €150.00) holding €37.50."""
    program = next(program for program in leat.giftcard_programs.list() if program.name == "Leat Coffee gift card")
    made = leat.giftcards.create(giftcard_program_uuid=program.uuid)
    leat.giftcard_transactions.create(giftcard_uuid=made.uuid, amount_in_cents=3750, shop_uuid=leat.shops.list()[0].uuid)
    return made


def test_pay_top_up_and_undo_on_the_cards_page(live_server, login, page, leat, card, shop):
    login("Supervisor")
    page.goto(f"{live_server.url}/giftcards/{card.uuid}/")
    expect(page.locator("#balance")).to_have_text("€37.50")
    htmx_settled(page, "#giftcard")
    url_before = page.url
    slot = page.locator("#contact-action")

    # Pay 12,50 as typed: the form opens in place and the page follows.
    page.get_by_role("link", name="Pay with it…").click()
    expect(slot.get_by_role("heading", name="Pay with the gift card or top it up")).to_be_visible()
    expect(slot.get_by_role("radio", name="Pay with it (take an amount off)")).to_be_checked()
    slot.get_by_role("textbox", name="Amount (€)").fill("12,50")
    slot.get_by_label("Shop").select_option(shop.uuid)
    slot.get_by_label("Reason").fill("Coffee and cake")
    slot.get_by_role("button", name="Book it").click()
    expect(slot).to_contain_text("Paid €12.50 with the gift card. Its balance is now €25.00.")
    expect(page.locator("#balance")).to_have_text("€25.00")
    expect(page.locator("#giftcard-transactions tbody tr").first).to_contain_text("−€12.50")

    # Top up: above the program's maximum is refused at the field, then a right amount.
    htmx_settled(page, "#giftcard")
    page.get_by_role("link", name="Top up…").click()
    expect(slot.get_by_role("radio", name="Top up (add money)")).to_be_checked()
    slot.get_by_role("textbox", name="Amount (€)").fill("130")
    slot.get_by_label("Shop").select_option(shop.uuid)
    slot.get_by_label("Reason").fill("Birthday present")
    slot.get_by_role("button", name="Book it").click()
    expect(slot).to_contain_text("top up at most €125.00")
    slot.get_by_role("textbox", name="Amount (€)").fill("20")
    slot.get_by_role("button", name="Book it").click()
    expect(slot).to_contain_text("Its balance is now €45.00.")
    expect(page.locator("#balance")).to_have_text("€45.00")

    # Undo the last transaction from its row.
    htmx_settled(page, "#giftcard-transactions")
    page.locator("#giftcard-transactions tbody tr").first.get_by_role("link", name="Undo…").click()
    expect(slot).to_contain_text("Undoes the gift card's last transaction, +€20.00")
    slot.get_by_label("Reason").fill("Typed the wrong amount")
    slot.get_by_role("button", name="Undo it").click()
    expect(slot).to_contain_text("Undone: Leat booked −€20.00. The gift card's balance is now €25.00.")
    expect(page.locator("#balance")).to_have_text("€25.00")
    assert page.url == url_before  # no reload, no navigation
    assert leat.giftcards.get(card.uuid).amount_in_cents == 2500
