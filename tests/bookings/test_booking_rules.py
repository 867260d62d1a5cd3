"""Issue #9, bookings: money as staff type it, the status machine, corrections
of bookings made elsewhere (by external id, with unknown old values)."""

from __future__ import annotations

import re
import secrets

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from tests.bookings.test_bookings import booking_form
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


def without_labels(html: str) -> str:
    """The page without its table cells' labels (data-label: on a phone each row is a card that labels its values)."""
    return re.sub(r' data-label="[^"]*"', "", html)


@pytest.fixture
def shop(leat):
    return leat.shops.list()[2]


def make_booking(client, shop, contact, **fields) -> BookingRecord:
    data = booking_form(client, shop=shop.uuid, contact=contact.email, starts_at="2026-12-24T18:30", ends_at="2026-12-24T21:00", status="created", external_id=f"B-{secrets.token_hex(4)}", **fields)
    response = client.post(reverse("bookings:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return BookingRecord.objects.get(uuid=response["Location"].split("/")[2])


# --- 1. Money is read as people type it ---------------------------------------------


@pytest.mark.parametrize(("typed", "cents"), [("25,50", 2550), ("€ 25,50", 2550), ("25.50", 2550), ("1.234,56", 123456), ("1,234.56", 123456), ("40", 4000)])
def test_prepaid_amount_is_booked_as_typed(manager, anna, shop, typed, cents):
    booking = make_booking(manager, shop, anna, prepaid_amount=typed)
    assert booking.prepaid_amount == cents
    assert AuditEntry.objects.get(action="booking.create", target_id=booking.uuid).sent["prepaid_amount"] == cents


@pytest.mark.parametrize(("typed", "message"), [("twenty", "Enter an amount in euros"), ("1.234", "“1.234” has 3 decimals"), ("1,234", "like 1,23 or 1,24; or 1234 if you meant"), ("-5", "cannot be negative")])
def test_prepaid_amount_that_cannot_be_read_is_an_error_at_the_field(manager, anna, shop, sandbox, typed, message):
    data = booking_form(manager, shop=shop.uuid, contact=anna.email, number_of_people="2", prepaid_amount=typed)
    sandbox.reset_stats()
    for headers in ({}, HTMX):
        response = manager.post(reverse("bookings:create"), data, **headers)
        html = response.content.decode()
        assert response.status_code == 200 and 'id="id_prepaid_amount_error">' in html and message in html.split('id="id_prepaid_amount_error">')[1]
        assert 'aria-invalid="true"' in html.split('name="prepaid_amount"')[1].split(">")[0]
    assert "POST bookings" not in sandbox.stats()["routes"]


def test_prepaid_amount_is_a_text_input_for_decimals(manager):
    html = manager.get(reverse("bookings:create")).content.decode()
    field = html.split('name="prepaid_amount"')[0].rsplit("<input", 1)[1] + html.split('name="prepaid_amount"')[1].split(">")[0]
    assert 'type="text"' in field and 'inputmode="decimal"' in field and "number" not in field


# --- 6. Bookings follow a status machine ----------------------------------------------


def test_a_canceled_booking_cannot_be_completed_and_shows_no_actions(manager, anna, shop, sandbox):
    booking = make_booking(manager, shop, anna)
    manager.post(reverse("bookings:action", args=[booking.uuid, "cancel"]))
    sandbox.reset_stats()
    response = manager.post(reverse("bookings:action", args=[booking.uuid, "complete"]))
    assert response.status_code == 409 and "canceled, which is final" in response.content.decode()
    assert sandbox.stats()["total"] == 0
    booking.refresh_from_db()
    assert booking.status == "canceled" and not AuditEntry.objects.filter(action="booking.complete").exists()
    html = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert "Mark completed" not in html and "Check in now" not in html and "Cancel booking" not in html and "Canceled is final" in html
    assert "Correct…" in html


def test_check_in_twice_keeps_the_first_check_in_time(manager, anna, shop, sandbox):
    booking = make_booking(manager, shop, anna)
    manager.post(reverse("bookings:action", args=[booking.uuid, "check-in"]))
    booking.refresh_from_db()
    first = booking.checked_in_at
    assert first and booking.status == "in progress"
    sandbox.reset_stats()
    response = manager.post(reverse("bookings:action", args=[booking.uuid, "check-in"]), **HTMX)
    assert response.status_code == 409 and "already checked in" in response.content.decode()
    assert sandbox.stats()["total"] == 0
    booking.refresh_from_db()
    assert booking.checked_in_at == first
    html = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert "Check in now" not in html and "Mark completed" in html and "Cancel booking" not in html


def test_unknown_status_from_leat_allows_no_one_click_action(manager, anna, shop, sandbox):
    booking = make_booking(manager, shop, anna)
    BookingRecord.objects.filter(pk=booking.pk).update(status="no-show")
    sandbox.reset_stats()
    for action in ("check-in", "complete", "cancel"):
        response = manager.post(reverse("bookings:action", args=[booking.uuid, action]))
        assert response.status_code == 409 and "a status leatadmin does not know" in response.content.decode()
    assert sandbox.stats()["total"] == 0
    html = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert "Check in now" not in html and "Leat's status “no-show” is not one leatadmin knows" in html


def test_irreversible_actions_ask_to_confirm(manager, anna, shop):
    booking = make_booking(manager, shop, anna)
    html = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    complete = html.split("Mark completed")[0].rsplit("<button", 1)[1]
    cancel = html.split("Cancel booking…")[0].rsplit("<button", 1)[1]
    assert "data-confirm=" in complete and "data-confirm=" in cancel


def test_status_rules():
    from leatadmin.bookings.status import allowed_actions, refusal

    def record(status, checked_in=False):
        return BookingRecord(status=status, checked_in_at="2026-01-01T10:00:00Z" if checked_in else None)

    assert allowed_actions(record("created")) == {"check-in", "complete", "cancel"}
    assert allowed_actions(record("")) == {"check-in", "complete", "cancel"}
    assert allowed_actions(record("in progress", checked_in=True)) == {"complete"}
    assert allowed_actions(record("in progress")) == {"check-in", "complete"}
    assert allowed_actions(record("completed")) == allowed_actions(record("canceled")) == allowed_actions(record("weird")) == set()
    assert refusal(record("created"), "cancel") == ""
    assert "cannot be canceled" in refusal(record("in progress"), "cancel")


# --- 13. Corrections of bookings made elsewhere -----------------------------------------


def test_correct_elsewhere_by_external_id_from_the_ledger(manager, anna, shop):
    booking = make_booking(manager, shop, anna, number_of_people="2")
    response = manager.post(reverse("bookings:correct_elsewhere"), {"uuid": booking.external_id, "number_of_people": "5", "reason": "Phoned"})
    assert response["Location"] == reverse("bookings:detail", args=[booking.uuid])
    booking.refresh_from_db()
    assert booking.number_of_people == 5


def test_correct_elsewhere_with_an_unknown_external_id_asks_for_the_uuid(manager, sandbox):
    sandbox.reset_stats()
    for headers in ({}, HTMX):
        html = manager.post(reverse("bookings:correct_elsewhere"), {"uuid": "POS-4711", "number_of_people": "5", "reason": "Phoned"}, **headers).content.decode()
        assert 'id="id_uuid_error">No booking in leatadmin&#x27;s ledger has this external id' in html and "paste the booking&#x27;s UUID" in html
    assert sandbox.stats()["total"] == 0


def test_a_booking_made_elsewhere_shows_unknown_old_values(manager, leat, anna, shop):
    elsewhere = leat.bookings.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, number_of_people=3, status="created")
    manager.post(reverse("bookings:correct_elsewhere"), {"uuid": elsewhere.uuid, "number_of_people": "4", "company_name": "Acme", "reason": "Phoned in"})
    html = without_labels(manager.get(reverse("bookings:detail", args=[elsewhere.uuid])).content.decode()).replace("\n", "")
    assert "<td>Party size</td><td>unknown</td><td>4</td>" in html and "<td>Company</td><td>unknown</td><td>Acme</td>" in html


def test_a_booking_made_here_shows_empty_old_values_as_a_dash(manager, anna, shop):
    booking = make_booking(manager, shop, anna, number_of_people="2")
    html = without_labels(manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()).replace("\n", "")
    assert "<td>Party size</td><td>—</td><td>2</td>" in html and "unknown" not in html


# --- 7. Out-of-range dates are refused at the field --------------------------------------


@pytest.mark.parametrize("params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_from": "0001-01-01", "date_to": "9999-12-31"}])
def test_bookings_filter_refuses_dates_out_of_range(manager, params):
    for headers in ({}, HTMX):
        response = manager.get(reverse("bookings:list"), params, **headers)
        assert response.status_code == 200 and "Enter a date between 1900 and 2999." in response.content.decode()


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_booking_dates_out_of_range_are_refused_at_the_field(manager, anna, shop, when):
    data = booking_form(manager, shop=shop.uuid, contact=anna.email, starts_at=when, number_of_people="2")
    html = manager.post(reverse("bookings:create"), data).content.decode()
    assert 'id="id_starts_at_error">Enter a date between 1900 and 2999.' in html


def test_an_oversized_form_token_is_a_form_error_not_a_500(manager, anna, shop, sandbox):
    data = booking_form(manager, shop=shop.uuid, contact=anna.email, number_of_people="2")
    data["token"] = "x" * 5000
    sandbox.reset_stats()
    response = manager.post(reverse("bookings:create"), data)
    assert response.status_code == 200 and "This form was altered or is broken" in response.content.decode()
    assert "POST bookings" not in sandbox.stats()["routes"]


# --- 8. Filter errors show inside the htmx swap -------------------------------------------


def test_bookings_filter_error_is_in_the_htmx_partial_and_lists_nothing(manager, anna, shop):
    booking = make_booking(manager, shop, anna)
    params = {"date_from": "2026-12-24", "date_to": "2026-12-01"}
    for headers in ({}, HTMX):
        html = manager.get(reverse("bookings:list"), params, **headers).content.decode()
        results = html.split('id="results"')[1] if not headers else html
        assert "Fix the filter to see bookings." in results and "The end date is before the start date." in results
        assert booking.external_id not in results
