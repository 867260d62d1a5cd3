"""Check in, complete, cancel and settle are staff actions like every other
write (#30): a double click writes once, a click on a page a colleague has
since changed sends nothing, and a lost answer is "outcome unknown"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from tests.bookings.test_bookings import booking_form
from tests.conftest import _client_for
from tests.core.test_staff_actions import posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[2]


@pytest.fixture
def booking(manager, anna, shop) -> BookingRecord:
    response = manager.post(reverse("bookings:create"), booking_form(manager, shop=shop.uuid, contact=anna.email, starts_at="2026-12-24T18:30", number_of_people="2", status="created"))
    return BookingRecord.objects.get(uuid=response["Location"].split("/")[2])


def button(html: str, action: str) -> dict:
    """What the booking page's button for `action` posts."""
    form = html.split(f"/{action}/\"")[1].split("</form>")[0]
    return dict(re.findall(r'name="(token|version)" value="([^"]*)"', form))


def test_a_double_click_on_check_in_writes_once(manager, sandbox, booking):
    page = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    data = button(page, "check-in")
    url = reverse("bookings:action", args=[booking.uuid, "check-in"])
    sandbox.reset_stats()
    first, second = manager.post(url, data), manager.post(url, data, follow=True)
    assert first.status_code == 302 and "This form was already sent; here is what it did." in second.content.decode()
    assert posts(sandbox, "PUT bookings/{id}") == 1
    assert AuditEntry.objects.filter(action="booking.check_in").count() == 1


def test_a_click_on_a_page_a_colleague_changed_since_sends_nothing(manager, make_staff, sandbox, booking):
    page = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    mine = button(page, "complete")
    colleague = _client_for(make_staff, "Supervisor")
    colleague.post(reverse("bookings:action", args=[booking.uuid, "check-in"]))
    sandbox.reset_stats()
    response = manager.post(reverse("bookings:action", args=[booking.uuid, "complete"]), mine)
    html = response.content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in html and colleague.user.username in html
    assert sandbox.stats()["total"] == 0
    booking.refresh_from_db()
    assert booking.status == "in progress"


def test_a_lost_answer_on_cancel_is_outcome_unknown_and_not_sent_again(manager, sandbox, booking):
    page = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    data = button(page, "cancel")
    url = reverse("bookings:action", args=[booking.uuid, "cancel"])
    sandbox.faults.update({"drop_writes_next": 1})
    response = manager.post(url, data)
    assert response.status_code == 202 and "Leat may have made this booking change" in response.content.decode()
    again = manager.post(url, data)
    assert again.status_code == 202 and posts(sandbox, "PUT bookings/{id}") == 0
    assert list(AuditEntry.objects.filter(action="booking.cancel").values_list("outcome", flat=True)) == ["unknown"]


def test_settling_twice_settles_once(manager, sandbox, booking_form_data):
    sandbox.faults.update({"drop_writes_next": 1})
    manager.post(reverse("bookings:create"), booking_form_data)
    record = BookingRecord.objects.get(confirmed=False)
    page = manager.get(reverse("bookings:detail", args=[record.uuid])).content.decode()
    token = re.search(r'/settle/".*?name="token" value="([^"]+)"', page, re.S).group(1)
    url = reverse("bookings:settle", args=[record.uuid])
    data = {"token": token, "made": "yes", "uuid": "22222222-3333-4444-5555-666666666666"}
    assert manager.post(url, data).status_code == 302
    manager.post(url, data)
    assert AuditEntry.objects.filter(action="booking.create_settled").count() == 1


@pytest.fixture
def booking_form_data(manager, anna, shop):
    return booking_form(manager, shop=shop.uuid, contact=anna.email, starts_at="2026-12-24T18:30", number_of_people="2", status="created")
