"""Writing bookings to Leat, and keeping the ledger and its history in step.

Every function records an audit entry (success or failure) and, on success,
a history row on the booking saying which fields changed from what to what.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.personal import DELETED_CONTACT, PersonalData
from leatadmin.core.references import new_external_id
from leatadmin.core.results import Did, Done
from leatadmin.core.stored import fitted, stored_json
from leatadmin.core.values import changed_values, without_empty
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Booking, Contact
from leatadmin.shops.selectors import shop_names

from .models import FIELDS, BookingChange, BookingRecord

Action = BookingChange.Action
TEXT_FIELDS = {"external_id", "source", "company_name", "status"}


def _ledger_values(answer: Booking, sent: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    """What the ledger keeps: Leat's answer where it says something; where it
    is silent (its examples leave fields out), what was sent, else what was known."""
    values = {}
    for name in FIELDS:
        value = getattr(answer, name)
        if value in (None, ""):
            value = sent[name] if name in sent else known.get(name)
        values[name] = ("" if value is None else value) if name in TEXT_FIELDS else (None if value == "" else value)
    return values


def _owners(answer: Booking, shop_uuid: str = "", contact_uuid: str = "", contact_email: str = "") -> dict[str, str]:
    shop_uuid = answer.shop.uuid if answer.shop else shop_uuid
    shop_name = answer.shop.name if answer.shop and answer.shop.name else shop_names().get(shop_uuid, "")
    return {
        "shop_uuid": shop_uuid,
        "shop_name": shop_name,
        "contact_uuid": answer.contact.uuid if answer.contact else contact_uuid,
        "contact_email": (answer.contact.email if answer.contact else "") or contact_email,
    }


def _history(record: BookingRecord, *, user: Any, action: str, reason: str, changes: dict[str, list], write) -> None:
    BookingChange.objects.create(booking=record, user=user, username=user.username, action=action, reason=reason, changes=stored_json(changes), audit=write.entry)


def booking_create(*, user: Any, shop_uuid: str, contact_uuid: str, contact_email: str, fields: dict[str, Any]) -> Done[BookingRecord]:
    sent = {"shop_uuid": shop_uuid, "contact_uuid": contact_uuid, **without_empty(fields)}
    sent.setdefault("external_id", new_external_id())
    try:
        with audited(user=user, action="booking.create", target_type="booking", target_label=contact_email or contact_uuid, sent=sent) as write:
            answer = leat().bookings.create(**sent)
            values = _ledger_values(answer, sent, {})
            write.target_id, write.result_id, write.after = answer.uuid, answer.uuid, {**values, "uuid": answer.uuid}
    except LeatError as error:
        if error.outcome_unknown:
            # Leat has no way to read a booking back: keep it as unconfirmed until staff settle it.
            _unconfirmed(user=user, sent=sent, shop_uuid=shop_uuid, contact_uuid=contact_uuid, contact_email=contact_email, entry=error.record)
        raise
    with transaction.atomic():
        record = BookingRecord.objects.create(**fitted(BookingRecord, {"uuid": answer.uuid, "leat_created_at": answer.created_at, **_owners(answer, shop_uuid, contact_uuid, contact_email), **values}))
        _history(record, user=user, action=Action.CREATE, reason="", changes={k: [None, v] for k, v in values.items() if v not in (None, "")}, write=write)
    return Done(Did.CREATED, record)


UNCONFIRMED_PREFIX = "unconfirmed-"


def _unconfirmed(*, user: Any, sent: dict[str, Any], shop_uuid: str, contact_uuid: str, contact_email: str, entry: Any) -> BookingRecord:
    values = {name: sent.get(name) for name in FIELDS}
    values = {name: ("" if value is None else value) if name in TEXT_FIELDS else value for name, value in values.items()}
    owners = {"shop_uuid": shop_uuid, "shop_name": shop_names().get(shop_uuid, ""), "contact_uuid": contact_uuid, "contact_email": contact_email}
    with transaction.atomic():
        record = BookingRecord.objects.create(**fitted(BookingRecord, {"uuid": UNCONFIRMED_PREFIX + sent["external_id"], "confirmed": False, **owners, **values}))
        BookingChange.objects.create(
            booking=record, user=user, username=user.username, action=Action.CREATE, audit=entry,
            reason=gettext_noop("Leat's answer was lost: unconfirmed until someone checks Leat."), changes=stored_json({k: [None, v] for k, v in values.items() if v not in (None, "")}),
        )
    return record


def booking_settle(*, user: Any, record: BookingRecord, uuid: str | None) -> Done[BookingRecord | None]:
    """Settle an unconfirmed booking: Leat has it (under `uuid`), or it does
    not (`uuid` None: the ledger forgets it). Audited like every change."""
    if uuid is None:
        with audited(user=user, action="booking.create_discarded", target_type="booking", target_id=record.uuid, target_label=record.contact_email, contact_uuid=record.contact_uuid, reason=gettext_noop("Checked in Leat after a lost answer: it was not made.")) as write:
            write.after = {"discarded": True}
            record.delete()
        return Done(Did.CHANGED, None, ("confirmed",))
    with audited(user=user, action="booking.create_settled", target_type="booking", target_id=uuid, target_label=record.contact_email, contact_uuid=record.contact_uuid, before={"uuid": record.uuid}, sent={"uuid": uuid}, reason=gettext_noop("Checked in Leat after a lost answer: it was made.")) as write:
        write.after = {"uuid": uuid, "confirmed": True}
        with transaction.atomic():
            record.uuid, record.confirmed = uuid, True
            record.save(update_fields=["uuid", "confirmed", "updated_at"])
            _history(record, user=user, action=Action.SETTLE, reason=gettext_noop("Checked in Leat: it was made."), changes={"uuid": [None, uuid]}, write=write)
    return Done(Did.CHANGED, record, ("confirmed",))


def booking_correct(*, user: Any, record: BookingRecord, fields: dict[str, Any], reason: str, action: str = Action.CORRECT) -> Done[BookingRecord]:
    """Send Leat only the fields that changed; nothing changed sends nothing."""
    known = record.values()
    changed = changed_values(known, fields)
    if not changed:
        return Done(Did.UNCHANGED, record)
    before = {k: known[k] for k in changed}
    label = record.contact_email or record.contact_uuid
    with audited(user=user, action=f"booking.{action}", target_type="booking", target_id=record.uuid, target_label=label, contact_uuid=record.contact_uuid, before=before, sent=changed, reason=reason) as write:
        answer = leat().bookings.update(record.uuid, **changed)
        values = _ledger_values(answer, changed, known)
        write.after = {k: values[k] for k in changed}
    with transaction.atomic():
        for name, value in fitted(BookingRecord, values).items():
            setattr(record, name, value)
        record.save()
        _history(record, user=user, action=action, reason=reason, changes={k: [before[k], values[k]] for k in changed}, write=write)
    return Done(Did.CHANGED, record, tuple(changed))


def booking_correct_elsewhere(*, user: Any, uuid: str, fields: dict[str, Any], reason: str) -> Done[BookingRecord]:
    """Correct a booking leatadmin did not make: blank fields stay as they are
    in Leat. Afterwards the ledger knows the booking too."""
    existing = BookingRecord.objects.filter(uuid=uuid).first()
    sent = without_empty(fields)
    if existing is not None:
        return booking_correct(user=user, record=existing, fields=sent, reason=reason)
    with audited(user=user, action=f"booking.{Action.CORRECT_ELSEWHERE}", target_type="booking", target_id=uuid, target_label=uuid, sent=sent, reason=reason) as write:
        answer = leat().bookings.update(uuid, **sent)
        values = _ledger_values(answer, sent, {})
        write.after = {k: values[k] for k in sent}
        write.target_label = answer.contact.email if answer.contact else uuid
        write.contact_uuid = answer.contact.uuid if answer.contact else ""
    with transaction.atomic():
        record = BookingRecord.objects.create(**fitted(BookingRecord, {"uuid": answer.uuid, "made_here": False, "leat_created_at": answer.created_at, **_owners(answer), **values}))
        _history(record, user=user, action=Action.CORRECT_ELSEWHERE, reason=reason, changes={k: [None, values[k]] for k in sent}, write=write)
    return Done(Did.CHANGED, record, tuple(sent))


def booking_check_in(*, user: Any, record: BookingRecord) -> Done[BookingRecord]:
    """Checked in now; a booking that had not started moves to "in progress"."""
    fields: dict[str, Any] = {"checked_in_at": timezone.localtime().replace(microsecond=0)}
    if record.status in ("", "created"):
        fields["status"] = "in progress"
    return booking_correct(user=user, record=record, fields=fields, reason="", action=Action.CHECK_IN)


def booking_complete(*, user: Any, record: BookingRecord) -> Done[BookingRecord]:
    return booking_correct(user=user, record=record, fields={"status": "completed"}, reason="", action=Action.COMPLETE)


def booking_cancel(*, user: Any, record: BookingRecord) -> Done[BookingRecord]:
    return booking_correct(user=user, record=record, fields={"status": "canceled"}, reason="", action=Action.CANCEL)


def booking_contact_deleted(sender: Any, *, contact: Contact, forget_person: bool, **kwargs: Any) -> None:
    """A contact was deleted (contacts.signals): a GDPR deletion pseudonymises their bookings."""
    if forget_person:
        booking_pseudonymise_contact(contact=contact)


def booking_pseudonymise_contact(*, contact: Contact) -> None:
    """After a GDPR deletion: the contact's bookings stay in the ledger (shop,
    times, party size, who changed what), without their email, and their
    history without their personal data."""
    person = PersonalData(contact)
    records = BookingRecord.objects.filter(Q(contact_uuid=person.uuid) | (Q(contact_email__iexact=person.email) if person.email else Q(pk__in=[])))
    for record in records:
        record.contact_email = DELETED_CONTACT
        record.company_name = person.label(record.company_name) if record.company_name else ""
        record.save(update_fields=["contact_email", "company_name"])
        for change in record.changes.all():
            BookingChange.objects.filter(pk=change.pk).update(changes=person.scrub(change.changes), reason=person.text(change.reason))
