"""Issue #9: after a GDPR deletion leatadmin keeps who did what and when, but
no longer the person's email, name, city or phone (audit log, booking ledger)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingChange, BookingRecord
from tests.bookings.test_bookings import booking_form

pytestmark = pytest.mark.django_db

PERSONAL = {"firstname": "Grietje", "lastname": "Pseudoniem", "city": "Zwolle-Oost", "phonenumber": "+31612345678"}


def everything_kept() -> str:
    audit = [{f.name: getattr(entry, f.name) for f in AuditEntry._meta.fields if f.name not in ("user",)} for entry in AuditEntry.objects.all()]
    ledger = [{f.name: getattr(record, f.name) for f in BookingRecord._meta.fields} for record in BookingRecord.objects.all()]
    history = [{"changes": change.changes, "reason": change.reason} for change in BookingChange.objects.all()]
    return json.dumps([audit, ledger, history], default=str, ensure_ascii=False).lower()


@pytest.fixture
def person(agent, manager, leat, unique_email):
    uuid = leat.contacts.create(unique_email).uuid
    form = {"firstname": "", "lastname": "", "birthdate": "", "city": "", "favourite_drink": "", "housenumber": "", "locale": "", "phonenumber": "", "postalcode": "", "address": "", **PERSONAL}
    assert agent.post(reverse("contacts:edit", args=[uuid]), form).status_code == 302
    shop = leat.shops.list()[1]
    data = booking_form(manager, shop=shop.uuid, contact=unique_email, number_of_people="2", company_name="Grietje Pseudoniem", external_id="GDPR-1")
    assert manager.post(reverse("bookings:create"), data).status_code == 302
    record = BookingRecord.objects.get(external_id="GDPR-1")
    manager.post(reverse("bookings:correct", args=[record.uuid]), {"starts_at": "", "ends_at": "", "number_of_people": "3", "company_name": "Grietje Pseudoniem", "status": "created", "external_id": "GDPR-1", "reason": f"Grietje phoned from {unique_email}"})
    return uuid, unique_email


def test_gdpr_deletion_pseudonymises_the_audit_log_and_the_ledger(supervisor, agent, manager, person):
    uuid, email = person
    before = everything_kept()
    assert email in before and "grietje" in before and "zwolle-oost" in before and "+31612345678" in before
    response = supervisor.post(reverse("contacts:delete", args=[uuid]), {"type": "GDPR", "confirm_email": email})
    assert response.status_code == 302
    kept = everything_kept()
    for value in (email, "grietje", "pseudoniem", "zwolle-oost", "+31612345678"):
        assert value not in kept, value
    # Who did what and when is still there.
    actions = set(AuditEntry.objects.values_list("action", "username"))
    assert {("contact.update", agent.user.username), ("booking.create", manager.user.username), ("booking.correct", manager.user.username), ("contact.delete_gdpr", supervisor.user.username)} <= actions
    deletion = AuditEntry.objects.get(action="contact.delete_gdpr")
    assert deletion.target_id == uuid and deletion.target_label == "(deleted contact)" and deletion.succeeded
    record = BookingRecord.objects.get(external_id="GDPR-1")
    assert record.contact_uuid == uuid and record.contact_email == "(deleted contact)" and record.number_of_people == 3
    assert record.changes.count() == 2
    supervisor.get(reverse("contacts:lookup"))  # the one-time "deletion scheduled" message, shown once
    html = supervisor.get(reverse("bookings:detail", args=[record.uuid])).content.decode()
    assert email not in html and "Grietje" not in html


def test_default_deletion_keeps_the_record_as_it_was(supervisor, person):
    uuid, email = person
    supervisor.post(reverse("contacts:delete", args=[uuid]), {"type": "DEFAULT", "confirm_email": email})
    assert email in everything_kept() and BookingRecord.objects.get(external_id="GDPR-1").contact_email == email


def test_pseudonymising_a_contact_without_email_touches_no_one_else(person):
    from leatadmin.audit.services import audit_pseudonymise_contact
    from leatadmin.bookings.services import booking_pseudonymise_contact
    from leatadmin.leat.models import Contact

    before = everything_kept()
    anonymous = Contact(uuid="3f0e4b9a-0000-4000-8000-000000000000", email="", current_values={"firstname": "", "is_anonymous": True})
    assert audit_pseudonymise_contact(contact=anonymous) == 0
    booking_pseudonymise_contact(contact=anonymous)
    assert everything_kept() == before
