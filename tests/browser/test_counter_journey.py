"""At the counter, in a real browser (#29): a voucher code typed as the
customer shows it opens its page and is redeemed once, a second tab is told
who redeemed it when, and a reward the customer claimed is marked collected.
(The gift card at the counter: test_giftcard_journey.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def customer_with_voucher(leat, unique_email):
    contact = leat.contacts.get(leat.contacts.create(unique_email).uuid)
    promotion = next(promotion for promotion in leat.promotions.list() if promotion.name == "Goodwill: free pastry")
    voucher = leat.vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact.uuid, code="JOURNEY-7Q2K9")
    return contact, voucher


def test_a_voucher_typed_as_shown_is_redeemed_once(live_server, login, page, shop, customer_with_voucher):
    contact, voucher = customer_with_voucher
    user = login("Customer service")
    page.goto(f"{live_server.url}/contacts/")
    page.get_by_role("searchbox").first.fill("journey 7q2k9")  # lower case, a space for the dash
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/vouchers/{voucher.uuid}/")
    expect(page.locator("#voucher-status")).to_have_text("Active")

    # A second tab opens the redemption too, before the first sends it.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/vouchers/{voucher.uuid}/redeem/")
    other.get_by_label("Shop").select_option(shop.uuid)

    htmx_settled(page, "#voucher")
    page.locator("#redeem").click()
    slot = page.locator("#contact-action")
    slot.get_by_label("Shop").select_option(shop.uuid)
    slot.get_by_role("button", name="Redeem").click()
    expect(slot).to_contain_text("Voucher JOURNEY-7Q2K9 is redeemed.")
    expect(page.locator("#voucher-status")).to_have_text("Redeemed")
    expect(page.locator("#redeemed")).to_contain_text(user.username)

    other.get_by_role("button", name="Redeem").click()
    refusal = other.locator(".form")
    expect(refusal).to_contain_text("already been redeemed")
    expect(refusal).to_contain_text(user.username)
    other.close()


def test_a_reward_waiting_is_marked_collected(live_server, login, page, leat, customer, shop):
    reward = next(reward for reward in leat.rewards.list(contact_uuid=customer.uuid) if reward.title == "Free coffee")
    leat.reward_receptions.create(contact_uuid=customer.uuid, reward_uuid=reward.uuid, shop_uuid=shop.uuid)
    login("Shop manager")
    page.goto(f"{live_server.url}/contacts/{customer.uuid}/")
    panel = page.locator("#collectables")
    expect(panel).to_contain_text("Free coffee")
    htmx_settled(page, "#collectables")
    panel.get_by_role("link", name="Mark collected…").click()
    slot = page.locator("#contact-action")
    slot.get_by_role("button", name="Mark collected").click()
    expect(slot).to_contain_text("Free coffee marked collected.")
    expect(panel).to_contain_text("Collected")
    assert not leat.collectable_rewards.list(customer.uuid)
