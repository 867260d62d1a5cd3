"""Check in, complete and cancel from an agenda row: the bookings app's own
staff actions (exactly once, audited, the stale check, a lost answer said as
unknown), back to the agenda after; and staff limited to shops refused
another shop's agenda and another shop's booking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.staff.roles import SHOP_MANAGER, SUPERVISOR
from tests.agenda.conftest import at, counts, day_url, row_button
from tests.conftest import HTMX, _client_for
from tests.core.test_staff_actions import posts

pytestmark = pytest.mark.django_db


def test_check_in_from_a_row_writes_once_and_comes_back_to_the_agenda(manager, sandbox, shop, in_leat):
    booking = in_leat(shop, at(18, 30))
    here = day_url(shop.uuid)
    url, data = row_button(manager.get(here).content.decode(), booking.uuid, "check-in")
    sandbox.reset_stats()
    first, second = manager.post(url, data), manager.post(url, data, follow=True)  # a double click without JavaScript
    assert first.status_code == 302 and first["Location"] == here
    assert second.redirect_chain[-1][0] == here and "This form was already sent; here is what it did." in second.content.decode()
    assert posts(sandbox, "PUT bookings/{id}") == 1
    assert AuditEntry.objects.filter(action="booking.check_in", target_id=booking.uuid).count() == 1
    page = manager.get(here).content.decode()
    assert counts(page)["checked-in"] == "1"
    row = page.split(f'id="booking-{booking.uuid}"')[1].split("</tr>")[0]
    assert "/check-in/" not in row and "/complete/" in row and "In progress" in row


def test_with_htmx_the_action_finishes_in_place_and_the_agenda_redraws(manager, sandbox, shop, in_leat):
    booking = in_leat(shop, at(18, 30))
    here = day_url(shop.uuid)
    url, data = row_button(manager.get(here).content.decode(), booking.uuid, "check-in")
    assert data["in_page"] == "1"
    sandbox.reset_stats()
    done = manager.post(url, data, HTTP_HX_TARGET="contact-action", **HTMX)
    assert done.status_code == 200 and "Checked in." in done.content.decode() and "<html" not in done.content.decode()
    assert "leat-changed" in done["HX-Trigger"]
    again = manager.post(url, data, HTTP_HX_TARGET="contact-action", **HTMX)
    assert again["HX-Redirect"] == here  # the same click again: taken to what it did, nothing sent
    assert posts(sandbox, "PUT bookings/{id}") == 1
    assert BookingRecord.objects.get(uuid=booking.uuid).status == "in progress"


@pytest.mark.parametrize(("action", "status"), [("complete", "completed"), ("cancel", "canceled")])
def test_complete_and_cancel_from_a_row(manager, sandbox, shop, in_leat, action, status):
    booking = in_leat(shop, at(18, 30))
    url, data = row_button(manager.get(day_url(shop.uuid)).content.decode(), booking.uuid, action)
    assert manager.post(url, data)["Location"] == day_url(shop.uuid)
    assert BookingRecord.objects.get(uuid=booking.uuid).status == status
    row = manager.get(day_url(shop.uuid)).content.decode().split(f'id="booking-{booking.uuid}"')[1].split("</tr>")[0]
    assert "<form" not in row  # final: no more one-click actions


def test_a_row_a_colleague_changed_since_sends_nothing(manager, make_staff, sandbox, shop, in_leat):
    booking = in_leat(shop, at(18, 30))
    url, data = row_button(manager.get(day_url(shop.uuid)).content.decode(), booking.uuid, "complete")
    colleague = _client_for(make_staff, SUPERVISOR)
    colleague.post(reverse("bookings:action", args=[booking.uuid, "check-in"]))
    sandbox.reset_stats()
    response = manager.post(url, data, HTTP_HX_TARGET="contact-action", **HTMX)
    form = response.content.decode()
    assert "Someone changed this since you opened the form, so nothing was sent." in form and colleague.user.username in form
    assert f'href="{day_url(shop.uuid)}"' in form  # its Cancel leads back to the agenda
    assert sandbox.stats()["total"] == 0


def test_a_lost_answer_from_a_row_is_outcome_unknown_and_not_sent_again(manager, sandbox, shop, in_leat):
    booking = in_leat(shop, at(18, 30))
    url, data = row_button(manager.get(day_url(shop.uuid)).content.decode(), booking.uuid, "cancel")
    sandbox.faults.update({"drop_writes_next": 1})
    response = manager.post(url, data, HTTP_HX_TARGET="contact-action", **HTMX)
    assert response.status_code == 202 and "Leat may have made this booking change" in response.content.decode()
    sandbox.reset_stats()
    again = manager.post(url, data, HTTP_HX_TARGET="contact-action", **HTMX)
    assert again.status_code == 202 and posts(sandbox, "PUT bookings/{id}") == 0
    assert list(AuditEntry.objects.filter(action="booking.cancel", target_id=booking.uuid).values_list("outcome", flat=True)) == ["unknown"]


def test_the_way_back_is_only_ever_one_of_leatadmins_own_pages(manager, shop, in_leat):
    booking = in_leat(shop, at(18, 30))
    url = reverse("bookings:action", args=[booking.uuid, "check-in"])
    response = manager.post(f"{url}?next=https://evil.example/agenda/", {})
    assert response.status_code == 302 and response["Location"] == reverse("bookings:detail", args=[booking.uuid])
    other = in_leat(shop, at(19, 0))
    response = manager.post(f"{reverse('bookings:action', args=[other.uuid, 'check-in'])}?next=//evil.example/", {})
    assert response["Location"] == reverse("bookings:detail", args=[other.uuid])


def test_a_manager_of_one_shop_is_refused_another_shops_agenda(limited, sandbox, shops, ledger):
    mine, theirs = shops
    client = limited(SHOP_MANAGER, mine.uuid)
    assert client.get(day_url(mine.uuid)).status_code == 200
    for response in (client.get(day_url(theirs.uuid)), client.get(reverse("agenda:today", args=[theirs.uuid]))):
        assert response.status_code == 403 and "This shop is not one of yours" in response.content.decode()
    partial = client.get(day_url(theirs.uuid), **HTMX)
    assert partial.status_code == 403 and "<html" not in partial.content.decode() and "This shop is not one of yours" in partial.content.decode()
    # The picker offers only theirs, and refuses another posted by hand.
    picker = client.get(reverse("agenda:home"), {"shop": theirs.uuid, "day": "2026-12-24"})
    assert picker.status_code == 400 and "Select a valid choice" in picker.content.decode()


def test_a_manager_of_one_shop_cannot_act_on_another_shops_booking(limited, sandbox, shops, in_leat, manager):
    mine, theirs = shops
    booking = in_leat(theirs, at(18, 30))
    url, data = row_button(manager.get(day_url(theirs.uuid)).content.decode(), booking.uuid, "check-in")  # a form from someone who may
    client = limited(SHOP_MANAGER, mine.uuid)
    sandbox.reset_stats()
    for response in (client.post(url, data), client.post(url, data, HTTP_HX_TARGET="contact-action", **HTMX)):
        assert response.status_code == 403 and "This shop is not one of yours" in response.content.decode()
    assert sandbox.stats()["total"] == 0
    assert BookingRecord.objects.get(uuid=booking.uuid).status == "created"
