"""A shop manager makes a booking and corrects it, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_creates_corrects_checks_in_and_reads_the_history(live_server, login, page, anna, leat):
    login("Shop manager")
    shop = leat.shops.list()[3]
    page.get_by_role("link", name="Bookings").click()
    page.get_by_role("link", name="New booking").click()

    page.get_by_label("Shop").select_option(shop.uuid)
    page.get_by_label("Contact").fill("anna.devries@example.com")
    page.get_by_label("Start").fill("2026-12-31T19:00")
    page.get_by_label("End").fill("2026-12-31T23:00")
    page.get_by_label("Party size").fill("4")
    page.get_by_label("Prepaid amount (€)").fill("25,50")  # as a Dutch keyboard types it
    page.get_by_label("Company name").fill("Oudejaars BV")
    create = page.get_by_role("button", name="Create booking")
    create.click()
    expect(page).to_have_url(re.compile(r"/bookings/[^/]+/$"))
    expect(page.get_by_text("Booking created in Leat.")).to_be_visible()
    expect(page.locator("#party-size")).to_have_text("4")
    expect(page.locator("#booking-facts")).to_contain_text("€25.50")

    # A correction: party size and status, with a reason.
    page.get_by_role("link", name="Correct…").click()
    page.get_by_label("Party size").fill("6")
    page.get_by_label("Status").select_option("in progress")
    page.get_by_label("Reason for the correction").fill("Two more guests, phoned in")
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("Correction saved in Leat: Party size, Status.")).to_be_visible()
    expect(page.locator("#party-size")).to_have_text("6")

    # Check in now.
    page.get_by_role("button", name="Check in now").click()
    expect(page.get_by_text("Checked in.")).to_be_visible()
    expect(page.locator("#checked-in")).not_to_have_text("—")

    # The correction is in the history: who, why, from what to what.
    history = page.locator("#history")
    expect(history).to_contain_text("Checked in by")
    correction = history.locator("article", has_text="Two more guests, phoned in")
    expect(correction).to_contain_text("Corrected by")
    expect(correction.locator("tr", has_text="Party size")).to_contain_text("4")
    expect(correction.locator("tr", has_text="Party size")).to_contain_text("6")
    expect(correction.locator("tr", has_text="Status")).to_contain_text("Created")  # statuses in words, not Leat's codes

    # And the ledger finds it by the contact's email.
    page.get_by_role("link", name="← All bookings").click()
    page.get_by_label("Search").fill("anna.devries")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")  # the filter is sent as it changes and as it is submitted
    expect(page).to_have_url(re.compile(r"/bookings/\?ref="))  # the search by reference, never the email (#28.6)
    assert "anna" not in page.url
    row = page.locator("#results tbody tr", has_text=shop.name).filter(has_text="in progress")
    expect(row.first).to_be_visible()


def test_the_first_error_is_shown_and_focused_after_a_failed_submit(live_server, login, page, anna, leat):
    login("Shop manager")
    page.goto(f"{live_server.url}/bookings/new/")
    page.set_viewport_size({"width": 1000, "height": 400})
    page.get_by_label("Contact").fill("anna.devries@example.com")
    page.get_by_label("Prepaid amount (€)").fill("twenty")
    page.get_by_role("button", name="Create booking").click()
    shop = page.get_by_label("Shop")
    expect(shop).to_be_focused()
    expect(shop).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_prepaid_amount_error")).to_contain_text("Enter an amount in euros")
    expect(page.get_by_label("Prepaid amount (€)")).to_have_attribute("aria-describedby", re.compile("id_prepaid_amount_error"))
    # Fixed the shop: the money field is now the first error, and it is focused and on screen.
    page.get_by_label("Shop").select_option(leat.shops.list()[3].uuid)
    page.get_by_role("button", name="Create booking").click()
    money = page.get_by_label("Prepaid amount (€)")
    expect(money).to_be_focused()
    expect(money).to_be_in_viewport()
