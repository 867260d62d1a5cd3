"""Bookings: the ledger, create, corrections with history, one-click actions."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingChange, BookingRecord
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(leat):
    return leat.shops.list()[2]


def booking_form(client, **data):
    html = client.get(reverse("bookings:create")).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    blank = dict.fromkeys(["shop", "contact", "starts_at", "ends_at", "checked_in_at", "number_of_people", "company_name", "status", "prepaid_amount", "source", "external_id"], "")
    return {**blank, "token": token, **data}


@pytest.fixture
def booking(manager, anna, shop) -> BookingRecord:
    data = booking_form(manager, shop=shop.uuid, contact=anna.email, starts_at="2026-12-24T18:30", ends_at="2026-12-24T21:00", number_of_people="6", status="created", prepaid_amount="25.50", company_name="Acme BV", external_id=f"B-{secrets.token_hex(3)}")
    response = manager.post(reverse("bookings:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return BookingRecord.objects.get(uuid=response["Location"].split("/")[2])


def test_create_booking_with_every_field(booking, leat, anna, shop):
    assert (booking.contact_email, booking.contact_uuid, booking.shop_uuid, booking.shop_name) == (anna.email, anna.uuid, shop.uuid, shop.name)
    assert (booking.number_of_people, booking.status, booking.prepaid_amount, booking.company_name) == (6, "created", 2550, "Acme BV")
    assert booking.made_here
    entry = AuditEntry.objects.get(action="booking.create")
    assert entry.sent["prepaid_amount"] == 2550 and entry.sent["number_of_people"] == 6 and entry.succeeded
    change = booking.changes.get()
    assert change.action == "create" and change.changes["number_of_people"] == [None, 6]


def test_booking_page_shows_details_history_and_actions(manager, booking):
    html = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert "€25.50" in html and "Acme BV" in html and "Created</strong> by" in html
    assert "Check in now" in html and "Cancel booking" in html and 'data-confirm="Cancel this booking in Leat?"' in html


def test_agent_sees_bookings_but_no_actions(agent, booking):
    html = agent.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert "Acme BV" in html and "Check in now" not in html and "Correct…" not in html
    assert agent.post(reverse("bookings:action", args=[booking.uuid, "check-in"])).status_code == 403
    assert agent.get(reverse("bookings:correct", args=[booking.uuid])).status_code == 403
    assert agent.get(reverse("bookings:create")).status_code == 403


def test_correct_sends_only_changes_and_keeps_the_reason(manager, booking, leat, sandbox):
    form = manager.get(reverse("bookings:correct", args=[booking.uuid])).content.decode()
    assert 'value="25.50"' in form and 'value="6"' in form
    data = {"starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "8", "status": "in progress", "prepaid_amount": "25.50", "company_name": "Acme BV", "external_id": booking.external_id, "source": "", "checked_in_at": "", "reason": "Two more guests"}
    sandbox.reset_stats()
    response = manager.post(reverse("bookings:correct", args=[booking.uuid]), data)
    assert response["Location"] == reverse("bookings:detail", args=[booking.uuid])
    assert sandbox.stats()["routes"] == {"PUT bookings/{id}": 1}
    entry = AuditEntry.objects.get(action="booking.correct")
    assert entry.sent == {"number_of_people": 8, "status": "in progress"}
    assert entry.before == {"number_of_people": 6, "status": "created"} and entry.reason == "Two more guests"
    change = BookingChange.objects.filter(booking=booking).first()
    assert change.changes == {"number_of_people": [6, 8], "status": ["created", "in progress"]}
    html = manager.get(reverse("bookings:detail", args=[booking.uuid])).content.decode()
    assert "Corrected</strong> by " + manager.user.username in html and "“Two more guests”" in html


def test_correct_without_changes_sends_nothing(manager, booking, sandbox):
    data = {"starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "6", "status": "created", "prepaid_amount": "25.5", "company_name": "Acme BV", "external_id": booking.external_id, "reason": "Checking"}
    sandbox.reset_stats()
    response = manager.post(reverse("bookings:correct", args=[booking.uuid]), data, follow=True)
    assert sandbox.stats()["total"] == 0 and "No changes, nothing was sent." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"number_of_people": "0"}, "number_of_people", "Ensure this value is greater than or equal to 1."),
        ({"prepaid_amount": "-5"}, "prepaid_amount", "The amount cannot be negative."),
        ({"prepaid_amount": "12.3456"}, "prepaid_amount", "“12.3456” has 4 decimals: type whole cents, like 12.34 or 12.35."),
        ({"prepaid_amount": "12.345"}, "prepaid_amount", "“12.345” has 3 decimals: type whole cents, like 12.34 or 12.35; or 12345 if you meant 12345 euros."),
        ({"prepaid_amount": "ten"}, "prepaid_amount", "Enter an amount in euros, e.g. 25,50 or 25.50."),
        ({"starts_at": "2026-12-24T21:00", "ends_at": "2026-12-24T20:00"}, "ends_at", "The end must be after the start."),
        ({"checked_in_at": "yesterday"}, "checked_in_at", "Enter a valid date/time."),
        ({"reason": ""}, "reason", "This field is required."),
    ],
)
def test_correct_bad_input_is_refused_before_leat(manager, booking, sandbox, data, field, message):
    form = {"starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "6", "reason": "x", **data}
    sandbox.reset_stats()
    html = manager.post(reverse("bookings:correct", args=[booking.uuid]), form, **HTMX).content.decode()
    assert f'id="id_{field}_error">{message}' in html
    assert sandbox.stats()["total"] == 0


def test_prepaid_amount_accepts_a_comma_and_a_euro_sign(manager, booking):
    form = {"starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "6", "status": "created", "company_name": "Acme BV", "external_id": booking.external_id, "prepaid_amount": "€ 30,75", "reason": "Paid more"}
    manager.post(reverse("bookings:correct", args=[booking.uuid]), form)
    booking.refresh_from_db()
    assert booking.prepaid_amount == 3075


def test_correct_while_leat_is_down_keeps_the_input(manager, booking, sandbox):
    sandbox.faults.update({"maintenance": True})
    form = {"starts_at": "2026-12-24T18:30", "ends_at": "2026-12-24T21:00", "number_of_people": "9", "reason": "Typed reason"}
    response = manager.post(reverse("bookings:correct", args=[booking.uuid]), form, **HTMX)
    html = response.content.decode()
    assert response.status_code == 503 and 'value="9"' in html and "Typed reason" in html
    assert AuditEntry.objects.filter(action="booking.correct", succeeded=False, error_status=503).exists()
    booking.refresh_from_db()
    assert booking.number_of_people == 6 and booking.changes.count() == 1


@pytest.mark.parametrize(("action", "status"), [("complete", "completed"), ("cancel", "canceled")])
def test_one_click_status_actions(manager, booking, action, status):
    response = manager.post(reverse("bookings:action", args=[booking.uuid, action]))
    assert response["Location"] == reverse("bookings:detail", args=[booking.uuid])
    booking.refresh_from_db()
    assert booking.status == status and booking.changes.first().action == action


def test_check_in_now(manager, booking):
    manager.post(reverse("bookings:action", args=[booking.uuid, "check-in"]), **HTMX)
    booking.refresh_from_db()
    assert booking.status == "in progress"
    assert abs(booking.checked_in_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_action_failure_stays_on_the_booking_with_the_reason(manager, booking, sandbox):
    sandbox.faults.update({"rate_limited": True, "retry_after": 12})
    response = manager.post(reverse("bookings:action", args=[booking.uuid, "complete"]))
    assert response.status_code == 503 and "Try again in 12 seconds" in response.content.decode()


def test_actions_are_post_only_and_known(manager, booking):
    assert manager.get(reverse("bookings:action", args=[booking.uuid, "cancel"])).status_code == 405
    assert manager.post(reverse("bookings:action", args=[booking.uuid, "explode"])).status_code == 404


def test_the_same_create_form_twice_makes_one_booking(manager, anna, shop, sandbox):
    data = booking_form(manager, shop=shop.uuid, contact=anna.uuid, number_of_people="2")
    first = manager.post(reverse("bookings:create"), data)
    second = manager.post(reverse("bookings:create"), data)
    assert second["Location"] == first["Location"]
    assert sandbox.stats()["routes"]["POST bookings"] == 1


def test_a_refused_create_can_be_sent_again_with_the_same_form(manager, anna, shop):
    data = booking_form(manager, shop=shop.uuid, contact="nobody.here@example.com", number_of_people="2")
    assert "Leat has no contact" in manager.post(reverse("bookings:create"), data).content.decode()
    data["contact"] = anna.uuid
    assert manager.post(reverse("bookings:create"), data).status_code == 302


def test_correct_a_booking_made_elsewhere(manager, leat, anna, shop, sandbox):
    elsewhere = leat.bookings.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, number_of_people=3, status="created")
    response = manager.post(reverse("bookings:correct_elsewhere"), {"uuid": elsewhere.uuid, "number_of_people": "4", "reason": "Phoned in"})
    assert response["Location"] == reverse("bookings:detail", args=[elsewhere.uuid])
    record = BookingRecord.objects.get(uuid=elsewhere.uuid)
    assert not record.made_here and record.number_of_people == 4 and record.contact_email == anna.email
    assert AuditEntry.objects.get(action="booking.correct_elsewhere").sent == {"number_of_people": 4}
    assert record.changes.get().changes == {"number_of_people": [None, 4]}


def test_correct_elsewhere_needs_a_change_and_a_known_booking(manager):
    html = manager.post(reverse("bookings:correct_elsewhere"), {"uuid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "reason": "x"}).content.decode()
    assert "Fill in at least one field to change." in html
    html = manager.post(reverse("bookings:correct_elsewhere"), {"uuid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "status": "completed", "reason": "x"}).content.decode()
    assert 'id="id_uuid_error">Leat has no booking with this identifier.' in html


def test_ledger_list_search_filter_sort_and_page(manager, booking):
    base = reverse("bookings:list")
    # A search URL is turned into one with the search by reference (#28.6): followed.
    assert booking.contact_email in manager.get(base, {"q": booking.external_id}, follow=True).content.decode()
    assert "No bookings match." in manager.get(base, {"q": "nobody-at-all"}, follow=True).content.decode()
    assert booking.external_id in manager.get(base, {"q": booking.uuid}).content.decode()
    assert booking.external_id in manager.get(base, {"shop": booking.shop_uuid, "status": "created"}).content.decode()
    html = manager.get(base, {"date_from": "2026-12-24", "date_to": "2026-12-24"}).content.decode()
    assert booking.external_id in html
    assert "No bookings match." in manager.get(base, {"date_from": "2027-01-01"}).content.decode()
    assert manager.get(base, {"sort": "-number_of_people"}).status_code == 200
    partial = manager.get(base, {"q": booking.external_id}, **HTMX).content.decode()
    assert "<html" not in partial and booking.external_id in partial
    assert "The end date is before the start date." in manager.get(base, {"date_from": "2026-12-24", "date_to": "2026-12-01"}).content.decode()
    assert manager.get(base, {"page": "999"}).status_code in (200, 404)


def test_contact_page_shows_the_contacts_bookings(agent, booking, sandbox):
    sandbox.reset_stats()
    html = agent.get(reverse("contacts:bookings", args=[booking.contact_uuid]), **HTMX).content.decode()
    assert booking.external_id in html and "€25.50" in html
    assert sandbox.stats()["total"] == 0
    assert 'id="bookings"' in agent.get(reverse("contacts:detail", args=[booking.contact_uuid])).content.decode()


def test_a_contact_without_bookings_gets_a_sentence_not_an_empty_table(agent, anna, sandbox):
    html = agent.get(reverse("contacts:bookings", args=[anna.uuid]), **HTMX).content.decode()
    assert "No bookings known to leatadmin." in html and "<table" not in html
    assert "No bookings known to leatadmin." in agent.get(reverse("contacts:detail", args=[anna.uuid])).content.decode()


def test_unknown_booking_is_404(manager):
    assert manager.get(reverse("bookings:detail", args=["nope"])).status_code == 404


def test_status_from_leat_outside_the_documented_four_is_kept(manager, booking):
    BookingRecord.objects.filter(pk=booking.pk).update(status="no-show")
    html = manager.get(reverse("bookings:correct", args=[booking.uuid])).content.decode()
    assert '<option value="no-show" selected>no-show (from Leat)</option>' in html


def test_demo_bookings_are_made_through_the_services(make_staff, capsys):
    from django.core.management import call_command

    make_staff("Shop manager", username="manager")
    call_command("seed_demo_bookings")
    assert BookingRecord.objects.count() == 8
    first = BookingRecord.objects.get(external_id="DEMO-001")
    assert first.number_of_people == 4 and first.checked_in_at and first.changes.count() == 3
    assert AuditEntry.objects.filter(action="booking.create", succeeded=True).count() == 8
    call_command("seed_demo_bookings")
    assert "already has bookings" in capsys.readouterr().out
