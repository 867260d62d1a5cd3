"""A Dutch member of staff, in a real browser that asks for Dutch: the pages
speak Dutch with Dutch money and numbers, a top-up is typed as `12,50`, and
switching to English in the header holds for the next page and the next log-in."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled
from tests.signin.support import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NBSP = "\u00a0"


@pytest.fixture
def dutch_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_dutch_staff_work_in_dutch_and_can_switch_to_english(live_server, make_staff, dutch_page, leat, unique_email):
    page = dutch_page
    shop = leat.shops.list()[0]
    contact = leat.contacts.create(unique_email)
    leat.credit_receptions.create(contact_uuid=contact.uuid, shop_uuid=shop.uuid, credits=1500)
    user = make_staff("Supervisor")
    recovery = RecoveryCodes.activate(user).get_unused_codes()

    # The log-in page follows the browser.
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill("pw")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(code_for(user))  # the second factor (#24)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Klant zoeken")).to_be_visible()

    # The contact's panels: Dutch words, numbers and money.
    page.goto(f"{live_server.url}/contacts/{contact.uuid}/")
    expect(page.locator("#credit-balance")).to_have_text("1.500")
    expect(page.locator("#prepaid-balance")).to_have_text(f"€{NBSP}0,00")
    htmx_settled(page, "#profile")
    expect(page.locator("#profile")).to_contain_text("Gegevens wijzigen")

    # A top-up typed the Dutch way; the answer in Dutch money.
    htmx_settled(page, "#prepaid")
    page.locator("#prepaid").get_by_role("link", name="Opwaarderen of terugbetalen…").click()
    slot = page.locator("#contact-action")
    expect(slot.get_by_role("heading", name="Tegoed opwaarderen of terugbetalen")).to_be_visible()
    slot.get_by_label("Bedrag (€)").fill("1.212,50")
    slot.get_by_label("Vestiging").select_option(shop.uuid)
    slot.get_by_label("Reden").fill("Cadeaubon ingewisseld")
    slot.get_by_role("button", name="Boeken").click()
    expect(slot).to_contain_text(f"€{NBSP}1.212,50 opgewaardeerd. Het tegoed is nu €{NBSP}1.212,50.")
    expect(page.locator("#prepaid-balance")).to_have_text(f"€{NBSP}1.212,50")

    # Switch to English in the header: this page, the next ones, and the next log-in.
    page.get_by_role("button", name="EN English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    htmx_settled(page, "#profile")
    expect(page.locator("#prepaid-balance")).to_have_text("€1,212.50")
    expect(page.locator("#credit-balance")).to_have_text("1,500")
    expect(page.locator("#profile")).to_contain_text("Edit attributes")
    page.goto(f"{live_server.url}/visits/")
    expect(page.get_by_role("heading", name="Visits", exact=True)).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Username").fill(user.username)  # the browser remembers the choice for the log-in page
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(recovery[0])  # a recovery code: the app's code of these 30 seconds is used already
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Find a contact")).to_be_visible()

    # And back to Dutch.
    page.get_by_role("button", name="NL Nederlands").click()
    expect(page.get_by_role("heading", name="Klant zoeken")).to_be_visible()
