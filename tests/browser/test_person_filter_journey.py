"""#28.6 in a real browser: a list filtered by a customer's email pages,
sorts, swaps, reloads and goes back, and the browser never asks for a URL
with the email in it (the filter form is posted; htmx follows the redirect)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "anna.devries@example.com"


def requested(page) -> list[str]:
    """Every URL the page asks for from now on (documents, htmx, downloads)."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_the_booking_ledger_filtered_by_email_pages_reloads_and_goes_back(live_server, login, page, anna):
    for n in range(30):
        BookingRecord.objects.create(uuid=f"journey-{n}", contact_uuid=anna.uuid, contact_email=EMAIL, shop_name="Arcade", starts_at=timezone.now(), number_of_people=2, external_id=f"LA-JOURNEY-{n}")
    BookingRecord.objects.create(uuid="journey-other", contact_uuid="c-other", contact_email="someone.else@example.com", starts_at=timezone.now(), number_of_people=2)
    login("Supervisor")
    urls = requested(page)
    page.goto(f"{live_server.url}/bookings/")
    page.get_by_label("Search").fill(EMAIL)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")  # typing, then the button, sends the filter as it changes and as it is submitted
    expect(page).to_have_url(re.compile(r"/bookings/\?ref=[\w-]+$"))
    results = page.locator("#results")
    expect(results).to_contain_text("1–25 of 30")
    expect(results).not_to_contain_text("someone.else")

    results.get_by_role("link", name="2", exact=True).click()  # an htmx swap that pushes its URL
    expect(results).to_contain_text("26–30 of 30")
    expect(page).to_have_url(re.compile(r"\?ref=[\w-]+&page=2$"))
    results.get_by_role("link", name=re.compile("^Shop")).click()  # sorting keeps the filter too
    expect(page).to_have_url(re.compile(r"ref=[\w-]+&page=1&sort=shop_name$"))
    expect(results).to_contain_text("1–25 of 30")

    page.reload()
    expect(page.get_by_label("Search")).to_have_value(EMAIL)
    expect(page.locator("#results")).to_contain_text("1–25 of 30")
    page.go_back()
    expect(page).to_have_url(re.compile(r"page=2$"))
    expect(page.locator("#results")).to_contain_text("26–30 of 30")
    assert [url for url in urls if "anna" in url.lower()] == []


def test_the_audit_log_filtered_by_email_exports_the_same_entries(live_server, login, page, anna):
    for n in range(3):
        AuditEntry.objects.create(username="someone", action="contact.update", target_type="contact", target_id=anna.uuid, target_label=EMAIL, contact_uuid=anna.uuid, sent={"n": n}, succeeded=True, outcome="succeeded")
    AuditEntry.objects.create(username="someone", action="contact.update", target_type="contact", target_id="other", target_label="someone.else@example.com", succeeded=True, outcome="succeeded")
    login("Supervisor")
    urls = requested(page)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Contact, visit or booking").fill(EMAIL)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")  # typing, then the button, sends the filter as it changes and as it is submitted
    expect(page).to_have_url(re.compile(r"/audit/\?ref=[\w-]+$"))
    expect(page.locator("#results tbody tr")).to_have_count(3)
    export = page.locator("#export")
    expect(export).to_have_attribute("href", re.compile(r"^/audit/export\.csv\?ref=[\w-]+$"))
    with page.expect_download() as download:
        export.click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [row["target"] for row in rows] == [EMAIL] * 3
    assert [url for url in urls if "anna" in url.lower()] == []
