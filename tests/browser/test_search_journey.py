"""Finding a customer by whatever they give, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from leatadmin.directory.backfill import backfill_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def search(page, text: str) -> None:
    # The lookup page focuses its own search box; "/" is how every page reaches the header's.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("/")
    box = page.locator("#lookup-email")
    expect(box).to_be_focused()
    box.fill(text)
    box.press("Enter")


def test_agent_finds_a_contact_by_part_of_a_name_by_phone_and_by_card(live_server, login, page, anna):
    backfill_start()  # the directory, from the sandbox
    login("Customer service")

    # Part of a name, in other case and without accents: a ranked list, walked with the keyboard.
    search(page, "DE VRIES")
    results = page.locator("#search-results")
    expect(results).to_contain_text("anna.devries@example.com")
    expect(results).to_contain_text("Anna de Vries")
    assert "vries" not in page.url.lower()  # the search never goes into a URL
    page.locator("#lookup-email").focus()
    page.keyboard.press("ArrowDown")
    first = results.locator("a[data-result]").first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    results.locator("a[data-result]", has_text="anna.devries@example.com").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/contacts/{anna.uuid}/$"))

    # The phone number read out in another notation: the single exact hit opens the contact.
    digits = anna.current_values["phonenumber"].replace("+31 6 ", "")
    search(page, f"06-{digits[:4]} {digits[4:]}")
    expect(page).to_have_url(re.compile(rf"/contacts/{anna.uuid}/$"))
    expect(page.locator("#profile h1")).to_contain_text("anna.devries@example.com")

    # A loyalty card number, found through Leat.
    page.goto(live_server.url + "/contacts/")
    search(page, "CARD-300000")
    expect(page).to_have_url(re.compile(rf"/contacts/{anna.uuid}/$"))

    # An unlinked card says so.
    search(page, "CARD-200050")
    expect(page.locator("#card-problem")).to_contain_text("not linked to a contact yet")
