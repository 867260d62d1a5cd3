"""A customer-service agent's day, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_looks_up_pages_filters_and_edits_a_contact(live_server, login, page, leat, anna):
    login("Customer service")

    # The lookup page opens with its search box focused: the agent types at once.
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("  Anna.DeVries@example.com ")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/contacts/{anna.uuid}/$"))

    # Every panel fills itself.
    expect(page.locator("#profile h1")).to_contain_text("anna.devries@example.com")
    expect(page.locator("#credit-balance")).to_have_text(f"{anna.credit_balance:,}")
    expect(page.locator("#prepaid-balance")).to_have_text("€20.00")
    expect(page.locator("#transactions")).to_contain_text("1–10 of 1,200")
    expect(page.locator("#visits table")).to_be_visible()
    htmx_settled(page, "#transactions")

    # Page through the transactions: the URL follows, and back works.
    page.locator("#transactions").get_by_role("link", name="Next ›").click()
    expect(page.locator("#transactions")).to_contain_text("11–20 of 1,200")
    expect(page).to_have_url(re.compile(r"\?tx_page=2$"))
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/contacts/{anna.uuid}/$"))
    expect(page.locator("#transactions")).to_contain_text("1–10 of 1,200")
    htmx_settled(page, "#tx-filter")

    # Filter to rewards only, 25 a page: one swap, the URL keeps the filter, a reload keeps it too.
    page.get_by_label("Type").select_option("reward_receptions")
    expect(page).to_have_url(re.compile(r"tx_type=reward_receptions"))
    expect(page.locator("#transactions tbody")).not_to_contain_text("Credits received")
    htmx_settled(page, "#tx-filter")
    page.get_by_label("Per page").select_option("25")
    expect(page.locator("#transactions")).to_contain_text("1–25 of")
    page.reload()
    expect(page.get_by_label("Type")).to_have_value("reward_receptions")
    expect(page.locator("#transactions tbody tr")).to_have_count(25)

    # Edit the last name and see the change on the contact page.
    try:
        page.get_by_role("link", name="Edit attributes").click()
        page.get_by_label("Last name").fill("de Vries-Bakker")
        page.get_by_role("button", name="Save changes").click()
        expect(page).to_have_url(re.compile(rf"/contacts/{anna.uuid}/$"))
        expect(page.get_by_text("Changes saved in Leat: Last name.")).to_be_visible()
        expect(page.locator("#profile h1")).to_contain_text("Anna de Vries-Bakker")
    finally:
        leat.contacts.update(anna.uuid, attributes={"lastname": "de Vries"})


def test_a_failing_panel_can_be_retried_without_reloading(live_server, login, page, sandbox, anna):
    login("Customer service")
    sandbox.faults.update({"path_status": {"loyalty-transactions": 503}})
    page.goto(f"{live_server.url}/contacts/{anna.uuid}/")
    expect(page.locator("#transactions")).to_contain_text("Leat is down for maintenance.")
    expect(page.locator("#profile h1")).to_contain_text("anna.devries@example.com")  # the rest still works
    sandbox.faults.reset()
    page.locator("#transactions").get_by_role("link", name="Retry").click()
    expect(page.locator("#transactions")).to_contain_text("1–10 of 1,200")
