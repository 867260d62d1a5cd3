"""Writing the contact directory: from what Leat says about a contact
(a backfill page, a webhook), or forgetting a contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypedDict

from django.db import connection, transaction
from django.db.models import CharField, TextField
from django.utils import timezone

from leatadmin.core.stored import stored_text
from leatadmin.leat.models import Contact, as_dict, parse_datetime, parse_str, require_dict, require_id

from .folding import fold, phone_key, postcode_key
from .models import DirectoryContact, WebhookDelivery

UPDATED_FIELDS = ["email", "first_name", "last_name", "phone", "phone_key", "postcode", "city", "cards", "tier", "last_changed", "name_key", "first_key", "last_key", "search", "synced_at"]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


#: Each text column's length, for `stored_text` (what `core.stored.fitted` does, without
#: looking each field up again for every value of every row a backfill writes).
_LIMITS = {field.name: field.max_length for field in DirectoryContact._meta.concrete_fields if isinstance(field, (CharField, TextField))}


def directory_row(contact: Contact, *, now: dt.datetime | None = None) -> DirectoryContact:
    """The directory's row for a contact (only what search needs)."""
    return _row(contact.uuid, contact.email, contact.tier.name if contact.tier else "", contact.current_values, now)


class ListedValues(TypedDict, total=False):
    firstname: Any
    lastname: Any
    phonenumber: Any
    postalcode: Any
    city: Any
    default_contact_identifier: Any
    updated_at: Any
    created_at: Any  # the backfill's cursor


class ListedContact(TypedDict, total=False):
    """What `listed_row` reads of a listed contact, for `contacts.list(item_shape=...)`:
    the client skips the rest of Leat's JSON (97 % of a page: every attribute's
    definition, subscriptions, balances) without building it."""

    uuid: Any
    email: Any
    tier: Any
    current_values: ListedValues | list | None  # `[]` or null when empty, as `as_dict` reads it


def listed_row(data: Any, *, now: dt.datetime | None = None) -> DirectoryContact:
    """The same from a contact as Leat's JSON holds it, read as `Contact.from_api`
    reads those values: the backfill reads 100,000 contacts and needs none of
    the subscriptions and balances `Contact.from_api` parses too (5 ms a page)."""
    data = require_dict(data, "contact")
    tier = data.get("tier")
    return _row(require_id(data, "contact"), parse_str(data.get("email")), parse_str(tier.get("name")) if isinstance(tier, dict) else "",
                as_dict(data.get("current_values")), now)


def _row(uuid: str, email: str, tier: str, values: dict[str, Any], now: dt.datetime | None) -> DirectoryContact:
    first, last = _text(values.get("firstname")), _text(values.get("lastname"))
    phone, postcode, city = _text(values.get("phonenumber")), _text(values.get("postalcode")), _text(values.get("city"))
    cards = _text(values.get("default_contact_identifier"))
    email = email.strip().lower()
    try:
        changed = parse_datetime(values.get("updated_at"))
    except Exception:  # an unreadable date: the row is still worth having
        changed = None
    first_key, last_key, phone_digits = fold(first), fold(last), phone_key(phone)
    name_key = f"{first_key} {last_key}".strip()
    search = search_text(email=email, name_key=name_key, city=city, postcode=postcode, cards=cards, phone_digits=phone_digits)
    row = {
        "uuid": uuid, "email": email, "first_name": first, "last_name": last, "phone": phone, "phone_key": phone_digits, "postcode": postcode,
        "city": city, "cards": cards, "tier": tier, "name_key": name_key, "first_key": first_key, "last_key": last_key, "search": search,
    }
    now = now or timezone.now()
    return DirectoryContact(**{name: stored_text(value, _LIMITS[name]) for name, value in row.items()}, last_changed=changed or now, synced_at=now)


def search_text(*, email: str, name_key: str, city: str, postcode: str, cards: str, phone_digits: str) -> str:
    """The row's folded search text, which the database's text index covers."""
    return " ".join(part for part in (fold(email), name_key, fold(city), postcode_key(postcode), fold(cards), phone_digits) if part)


def directory_store(contacts: Iterable[Contact], *, now: dt.datetime | None = None) -> int:
    """Insert or update these contacts (one statement); returns how many."""
    return directory_write([directory_row(contact, now=now) for contact in contacts])


def directory_write(rows: Iterable[DirectoryContact]) -> int:
    """Insert or update these rows (`directory_row`) at once; returns how many."""
    unique = list({row.uuid: row for row in rows}.values())  # one row per contact: a statement may not touch a row twice
    if not unique:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql" and len(unique) >= COPY_FROM:
            _copy_upsert(unique)
        else:
            DirectoryContact.objects.bulk_create(unique, update_conflicts=True, unique_fields=["uuid"], update_fields=UPDATED_FIELDS)
    return len(unique)


COLUMNS = ["uuid", *UPDATED_FIELDS]
COPY_FROM = 10  # rows: fewer (a webhook's one) go in one statement, not three
TABLE = DirectoryContact._meta.db_table


def _copy_upsert(rows: list[DirectoryContact]) -> None:
    """PostgreSQL: the rows by COPY into a temporary table, then one upsert
    from it. `bulk_create` here writes all 1,600 values of a backfill page
    into the SQL text, quoted one by one in Python (Django's client-side
    binding): 12 ms of the app's CPU a page and as much of PostgreSQL's
    parsing it, against 2.5 ms for COPY's binary stream. The table lives as
    long as the connection."""
    names = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS directory_incoming ON COMMIT DELETE ROWS AS SELECT {names} FROM {TABLE} WITH NO DATA")
        cursor.execute("TRUNCATE directory_incoming")  # inside an outer transaction no commit has emptied it
        with cursor.cursor.copy(f"COPY directory_incoming ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([getattr(row, name) for name in COLUMNS])
        cursor.execute(
            f"INSERT INTO {TABLE} ({names}) SELECT {names} FROM directory_incoming "
            f"ON CONFLICT (uuid) DO UPDATE SET {', '.join(f'{name} = EXCLUDED.{name}' for name in UPDATED_FIELDS)}"
        )


def directory_apply(contact: Contact) -> bool:
    """A webhook's contact: stored unless the directory already has a newer
    state of it (Leat's retries and deliveries may arrive out of order)."""
    row = directory_row(contact)
    known = DirectoryContact.objects.filter(uuid=row.uuid).values_list("last_changed", flat=True).first()
    if known and row.last_changed and known > row.last_changed:
        return False
    directory_write([row])
    return True


def directory_forget(*, uuid: str) -> None:
    """Deleted (through leatadmin, or Leat no longer knows it): gone from the directory at once."""
    DirectoryContact.objects.filter(uuid=uuid).delete()


#: Leat retries a webhook five times within hours; a week of processed deliveries is plenty to spot replays.
KEEP_WEBHOOK_DELIVERIES = dt.timedelta(days=7)


def webhook_deliveries_chore(now: dt.datetime) -> str:
    """Housekeeping (core/housekeeping.py): deliveries older than a week go."""
    removed, _ = WebhookDelivery.objects.filter(received_at__lt=now - KEEP_WEBHOOK_DELIVERIES).delete()
    return f"Removed {removed} webhook deliveries."
