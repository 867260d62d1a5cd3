"""Writing the contact directory: from what Leat says about a contact
(a backfill page, a webhook), or forgetting a contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from leatadmin.core.stored import fitted
from leatadmin.leat.models import Contact, parse_datetime

from .folding import fold, phone_key, postcode_key
from .models import DirectoryContact

UPDATED_FIELDS = ["email", "first_name", "last_name", "phone", "phone_key", "postcode", "city", "cards", "tier", "last_changed", "name_key", "first_key", "last_key", "search", "synced_at"]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def directory_row(contact: Contact, *, now: dt.datetime | None = None) -> DirectoryContact:
    """The directory's row for a contact as Leat sent it (only what search needs)."""
    values = contact.current_values
    first, last = _text(values.get("firstname")), _text(values.get("lastname"))
    phone, postcode, city = _text(values.get("phonenumber")), _text(values.get("postalcode")), _text(values.get("city"))
    cards = " ".join(sorted({_text(card) for card in (values.get("default_contact_identifier"),) if _text(card)}))
    email = contact.email.strip().lower()
    try:
        changed = parse_datetime(values.get("updated_at"))
    except Exception:  # an unreadable date: the row is still worth having
        changed = None
    name_key = fold(f"{first} {last}".strip())
    search = " ".join(part for part in (fold(email), name_key, fold(city), postcode_key(postcode), fold(cards), phone_key(phone)) if part)
    row = fitted(DirectoryContact, {
        "uuid": contact.uuid, "email": email, "first_name": first, "last_name": last, "phone": phone, "phone_key": phone_key(phone), "postcode": postcode,
        "city": city, "cards": cards, "tier": contact.tier.name if contact.tier else "", "name_key": name_key, "first_key": fold(first), "last_key": fold(last), "search": search,
    })
    now = now or timezone.now()
    return DirectoryContact(**row, last_changed=changed or now, synced_at=now)


def directory_store(contacts: Iterable[Contact], *, now: dt.datetime | None = None) -> int:
    """Insert or update these contacts (one statement); returns how many."""
    rows = {}
    for contact in contacts:
        rows[contact.uuid] = directory_row(contact, now=now)
    DirectoryContact.objects.bulk_create(rows.values(), update_conflicts=True, unique_fields=["uuid"], update_fields=UPDATED_FIELDS)
    return len(rows)


def directory_apply(contact: Contact) -> bool:
    """A webhook's contact: stored unless the directory already has a newer
    state of it (Leat's retries and deliveries may arrive out of order)."""
    row = directory_row(contact)
    known = DirectoryContact.objects.filter(uuid=contact.uuid).values_list("last_changed", flat=True).first()
    if known and row.last_changed and known > row.last_changed:
        return False
    directory_store([contact])
    return True


def directory_forget(*, uuid: str) -> None:
    """Deleted (through leatadmin, or Leat no longer knows it): gone from the directory at once."""
    DirectoryContact.objects.filter(uuid=uuid).delete()
