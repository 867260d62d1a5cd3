"""Today at my shop (#26), in a real browser: a manager assigned to one shop
opens today's agenda on a tablet at the desk (768 px), checks a booking in
from its row, cannot open another shop's booking by its URL, and opens the
shop's figures for the last 30 days: a chart and its table. And the same
check-in without JavaScript, on a phone."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from leatadmin.bookings.services import booking_create
from leatadmin.staff.models import StaffShop
from tests.browser.conftest import htmx_settled
from tests.browser.pages import PHONE
from tests.signin.support import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


def today_at(hour: int, minute: int = 0) -> dt.datetime:
    """A time today on the shop's wall clock (the browser's and the server's zone)."""
    today = timezone.localdate()
    return dt.datetime(today.year, today.month, today.day, hour, minute, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def day(make_staff, leat, anna):
    """Two shops, a booking today at each, made in Leat through leatadmin (so the ledger has them)."""
    mine, theirs = leat.shops.list()[5:7]
    maker = make_staff("Supervisor")

    def book(shop, starts_at, party):
        fields = {"starts_at": starts_at, "number_of_people": party, "status": "created", "company_name": "Desk journey BV"}
        return booking_create(user=maker, shop_uuid=shop.uuid, contact_uuid=anna.uuid, contact_email=anna.email, fields=fields).obj

    return {"mine": mine, "theirs": theirs, "booking": book(mine, today_at(12, 30), 3), "later": book(mine, today_at(23, 45), 2), "elsewhere": book(theirs, today_at(12, 30), 5)}


def assign(user, shop) -> None:
    StaffShop.objects.create(user=user, shop_uuid=shop.uuid, shop_name=shop.name)


def test_a_shop_manager_checks_a_booking_in_from_todays_agenda_on_a_tablet(live_server, login, page, day):
    page.set_viewport_size(TABLET)
    user = login("Shop manager")
    assign(user, day["mine"])
    booking, elsewhere = day["booking"], day["elsewhere"]

    # Their only shop, today: /agenda/ opens it.
    page.goto(f"{live_server.url}/agenda/")
    expect(page).to_have_url(re.compile(rf"/agenda/{day['mine'].uuid}/{timezone.localdate().isoformat()}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(day["mine"].name)
    row = page.locator(f"#booking-{booking.uuid}")
    expect(row).to_contain_text("anna.devries@example.com")
    expect(row).to_contain_text("Desk journey BV")
    expect(page.locator("#count-booked dd")).to_have_text("2")
    expect(page.locator("#count-checked-in dd")).to_have_text("0")
    # The day fits the tablet: nothing scrolls sideways, not the page and not the table.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("(() => { const s = document.querySelector('#agenda .table-scroll'); return s.scrollWidth <= s.clientWidth; })()")

    # Check in, from the row: the action finishes in place and the agenda redraws.
    htmx_settled(page, "#agenda")
    row.get_by_role("button", name="Check in").click()
    expect(page.locator("#contact-action")).to_contain_text("Checked in.")
    expect(page.locator("#count-checked-in dd")).to_have_text("1")
    expect(row).to_contain_text("In progress")
    expect(row.get_by_role("button", name="Check in")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/agenda/"))  # still on the agenda

    # Cancel, the row's third button (its own URL, the confirmation accepted): the same way.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#booking-{day['later'].uuid}").get_by_role("button", name="Cancel").click()
    expect(page.locator("#count-canceled dd")).to_have_text("1")
    expect(page.locator(f"#booking-{day['later'].uuid}")).to_contain_text("Canceled")

    # Another shop's booking, by its URL: refused with a clear page.
    response = page.goto(f"{live_server.url}/bookings/{elsewhere.uuid}/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="This shop is not one of yours")).to_be_visible()
    expect(page.get_by_text("Desk journey BV")).to_have_count(0)

    # The shop's figures, from the menu: their shop, the last 30 days (htmx, the URL follows).
    page.go_back()
    page.get_by_role("navigation").get_by_role("link", name="Figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The shop's figures")
    shop_picker = page.get_by_label("Shop", exact=True)
    expect(shop_picker.locator("option")).to_have_text(["All your shops", day["mine"].name])  # theirs only
    htmx_settled(page, "form.figures-filter")
    shop_picker.select_option(label=day["mine"].name)
    expect(page).to_have_url(re.compile(rf"shop={day['mine'].uuid}"))
    page.get_by_label("Last 30 days").check()
    expect(page).to_have_url(re.compile(r"period=30"))
    first = timezone.localdate() - dt.timedelta(days=29)
    expect(page.locator("#figures-heading")).to_have_text(re.compile(rf"^{re.escape(day['mine'].name)} · {first.day} {first:%b %Y} – "))
    chart = page.locator("svg[role=img]").filter(has=page.locator("#visits-title"))
    expect(chart).to_be_visible()  # the chart, drawn on the server
    expect(page.get_by_role("img", name="Visits and bookings per day")).to_be_visible()
    today = timezone.localdate()
    table = page.locator("#visits-table")
    expect(table).to_be_visible()  # and its table beside it
    expect(table.locator("tbody tr")).to_have_count(30)
    # Today's row: the shop's two bookings (checked in and canceled), not the other shop's.
    expect(table.locator("tbody tr").last.locator("td").first).to_have_text(f"{today.day} {today:%b %Y}")
    expect(table.locator("tbody tr").last.locator("td").nth(2)).to_have_text("2")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the figures fit the tablet"


def test_without_javascript_on_a_phone_the_check_in_comes_back_to_the_agenda(live_server, browser, make_staff, day):
    user = make_staff("Shop manager")
    assign(user, day["mine"])
    client = Client()
    client.force_login(user)
    signed_in(client, user)
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/Amsterdam", java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/agenda/")
        agenda_url = page.url
        row = page.locator(f"#booking-{day['later'].uuid}")
        expect(row).to_contain_text("anna.devries@example.com")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the rows are cards on a phone
        row.get_by_role("button", name="Check in").click()
        expect(page.locator(".messages")).to_contain_text("Checked in.")
        assert page.url == agenda_url
        expect(page.locator("#count-checked-in dd")).to_have_text("1")
        # The next day, by its link.
        page.get_by_role("link", name="Next day").click()
        expect(page).to_have_url(re.compile(rf"/{(timezone.localdate() + dt.timedelta(days=1)).isoformat()}/$"))
    finally:
        context.close()
