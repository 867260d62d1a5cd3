"""Issue #7: whatever text Leat sends (NUL, too long, odd characters) is stored
fitted to its column, never a 500 after Leat has acted. Database-agnostic:
PostgreSQL refuses NUL and enforces max_length, SQLite does neither, so the
assertions check the stored values themselves, on either."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leatadmin.bookings.models import BookingRecord
from leatadmin.contacts.models import RecentContact
from leatadmin.core.fields import BirthDateField, validate_birth_date
from leatadmin.core.stored import fitted, stored_text
from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# What Leat may send: any text its API accepts (up to 255 characters), NUL included.
leat_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=255).map(lambda text: text[:120] + "\x00" + text[120:] if len(text) % 3 == 0 else text)


def storable(value: str, limit: int) -> bool:
    return "\x00" not in value and len(value) <= limit


@given(text=st.one_of(st.text(max_size=400), st.just("a" * 300 + "\x00")), limit=st.integers(min_value=2, max_value=300))
def test_stored_text_has_no_nul_or_surrogate_and_fits(text, limit):
    value = stored_text(text, limit)
    assert storable(value, limit) and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if "\x00" not in text and len(text) <= limit and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert value == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=st.text(max_size=400), name=st.text(max_size=600))
def test_a_recent_contact_with_any_leat_text_is_stored(make_staff, email, name):
    user = make_staff(None)
    row = RecentContact.objects.create(user=user, **fitted(RecentContact, {"contact_uuid": "x" * 200, "email": email, "name": name}))
    row.refresh_from_db()
    assert storable(row.name, 255) and storable(row.email, 255) and len(row.contact_uuid) <= 128


@SLOW
@given(status=leat_text, company=leat_text, source=leat_text)
def test_a_booking_with_any_text_from_leat_goes_into_the_ledger(manager, leat, anna, status, company, source):
    shop = leat.shops.list()[4]
    elsewhere = leat.bookings.create(shop_uuid=shop.uuid, contact_uuid=anna.uuid, status=status, company_name=company, source=source)
    response = manager.post(reverse("bookings:correct_elsewhere"), {"uuid": elsewhere.uuid, "number_of_people": "3", "reason": "Phoned in"})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = BookingRecord.objects.get(uuid=elsewhere.uuid)
    assert storable(record.status, 64) and storable(record.company_name, 255) and storable(record.source, 255)
    assert "\x00" not in str(record.changes.get().changes)
    assert manager.get(reverse("bookings:detail", args=[record.uuid])).status_code == 200
    assert manager.get(reverse("bookings:list"), {"q": anna.email}, **HTMX).status_code == 200


def test_a_long_name_from_leat_in_the_profile_panel(agent, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    leat.contacts.update(uuid, attributes={"firstname": "F" * 255, "lastname": "L\x00" + "L" * 250})
    response = agent.get(reverse("contacts:profile", args=[uuid]), **HTMX)
    assert response.status_code == 200
    row = RecentContact.objects.get(contact_uuid=uuid)
    assert storable(row.name, 255) and row.name.startswith("F" * 200)


def test_an_audit_entry_stores_whatever_leat_answered(agent, leat, unique_email):
    from leatadmin.audit.models import AuditEntry

    uuid = leat.contacts.create(unique_email).uuid
    leat.contacts.update(uuid, attributes={"firstname": "Old\x00" + "x" * 200})
    form = {"firstname": "New", "lastname": "", "birthdate": "", "city": "", "favourite_drink": "", "housenumber": "", "locale": "", "phonenumber": "", "postalcode": "", "address": ""}
    assert agent.post(reverse("contacts:edit", args=[uuid]), form).status_code == 302
    entry = AuditEntry.objects.get(action="contact.update")
    assert "\x00" not in entry.before["firstname"] and entry.before["firstname"].startswith("Old")


# --- 13. A birth date: not in the future, not before 1900 ----------------------------------


@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_birth_dates_between_1900_and_today(day):
    from django import forms

    try:
        validate_birth_date(day)
        BirthDateField().clean(day.isoformat())
    except forms.ValidationError:
        assert day > dt.date.today() or day < dt.date(1900, 1, 1)
    else:
        assert dt.date(1900, 1, 1) <= day <= dt.date.today() + dt.timedelta(days=1)


def test_a_birth_date_in_2999_is_refused_on_edit(agent, leat, unique_email, sandbox):
    uuid = leat.contacts.create(unique_email).uuid
    form = {"firstname": "", "lastname": "", "birthdate": "2999-01-01", "city": "", "favourite_drink": "", "housenumber": "", "locale": "", "phonenumber": "", "postalcode": "", "address": ""}
    sandbox.reset_stats()
    html = agent.post(reverse("contacts:edit", args=[uuid]), form).content.decode()
    assert 'id="id_birthdate_error">A birth date cannot be in the future.' in html
    assert "PUT contacts/{id}" not in sandbox.stats()["routes"]
