"""Contacts: lookup, creation (plain, async, find-or-create, anonymous),
claiming (with merge), typed attribute updates, scheduled deletion, balances.
How a contact reads as JSON is in `contact_answers`.

Deleting schedules the removal: the contact stays findable for
`store.deletion_delay` seconds, then `Store.purge_due_deletions` (run before
every request) removes it, as Leat's deletion job does.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from . import attributes, transactions
from .checks import check_email, check_string
from .contact_answers import as_json, money
from .contact_rows import by_email, get
from .db import Store, new_uuid, now
from .errors import ApiError, contact_not_found, invalid
from .routes import envelope, route

DELETION_TYPES = ("DEFAULT", "GDPR")

# --- Store operations ----------------------------------------------------------


def _check_limit(store: Store, conn: sqlite3.Connection) -> None:
    if store.contact_limit is not None:
        (count,) = conn.execute("SELECT count(*) FROM contacts").fetchone()
        if count >= store.contact_limit:
            raise ApiError(400, "Usage limit reached.", 60000)


def _insert(store: Store, conn: sqlite3.Connection, email: str, *, anonymous: bool = False, referral_code: str | None = None) -> str:
    _check_limit(store, conn)
    uuid, stamp = new_uuid(), now()
    conn.execute(
        "INSERT INTO contacts (uuid, email, is_anonymous, channel, referral_code, created_at, updated_at) VALUES (?, ?, ?, 'OAUTH_API', ?, ?, ?)",
        (uuid, email, int(anonymous), referral_code, stamp, stamp),
    )
    return uuid


def create(store: Store, data: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    email = check_email(data.get("email"), errors)
    referral_code = check_string(data.get("referral_code"), "referral_code", errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        if by_email(store, email) is not None:
            raise ApiError(400, "Contact already exists.", 60005)
        return _insert(store, conn, email, referral_code=referral_code or None)


def find_or_create(store: Store, data: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    email = check_email(data.get("email"), errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        existing = by_email(store, email)
        return existing["uuid"] if existing else _insert(store, conn, email)


def find(store: Store, data: dict[str, Any]) -> sqlite3.Row:
    errors: dict[str, str] = {}
    email = check_email(data.get("email"), errors)
    if errors:
        raise invalid(errors)
    row = by_email(store, email)
    if row is None:
        raise contact_not_found()
    return row


def create_anonymous(store: Store, data: dict[str, Any]) -> str:
    """An anonymous contact, optionally linked to an existing, unlinked identifier."""
    errors: dict[str, str] = {}
    value = check_string(data.get("contact_identifier_value"), "contact_identifier_value", errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        if value:
            card = conn.execute("SELECT contact_id FROM contact_identifiers WHERE value = ?", (value,)).fetchone()
            if card is None:
                raise ApiError(400, "Contact identifier not found.", 60003)
            if card["contact_id"] is not None:
                raise ApiError(400, "Contact identifier is already linked.", 60014)
        uuid = _insert(store, conn, f"anonymous-{new_uuid()}@anonymous.leat.invalid", anonymous=True)
        if value:
            conn.execute("UPDATE contact_identifiers SET contact_id = (SELECT id FROM contacts WHERE uuid = ?) WHERE value = ?", (uuid, value))
        return uuid


def claim_anonymous(store: Store, uuid: str, data: dict[str, Any]) -> str:
    """Give an anonymous contact a real email; merge if that email exists."""
    errors: dict[str, str] = {}
    email = check_email(data.get("email"), errors)
    anonymous = get(store, uuid)
    if not anonymous["is_anonymous"]:
        raise ApiError(400, "Contact not anonymous.", 60016)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        target = by_email(store, email)
        if target is None:
            conn.execute("UPDATE contacts SET email = ?, is_anonymous = 0, updated_at = ? WHERE id = ?", (email, now(), anonymous["id"]))
            return uuid
        # Merge: everything the anonymous contact earned moves to the real one.
        for table in ("transactions", "prepaid_transactions", "visits", "bookings", "contact_identifiers", "mails"):
            conn.execute(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (target["id"], anonymous["id"]))
        conn.execute(
            "UPDATE contacts SET prepaid_cents = prepaid_cents + ?, updated_at = ? WHERE id = ?",
            (anonymous["prepaid_cents"], now(), target["id"]),
        )
        transactions.refresh_summary(conn, target["id"])
        conn.execute("DELETE FROM contacts WHERE id = ?", (anonymous["id"],))
        return target["uuid"]


def update(store: Store, uuid: str, data: dict[str, Any]) -> None:
    """Attribute values, validated by each attribute's type (1003 per field)."""
    contact = get(store, uuid)
    given = data.get("attributes")
    if not isinstance(given, dict) or not given:
        raise invalid({"attributes": "The attributes field is required and must be an object."})
    values, errors = attributes.validate(attributes.definitions(store), given)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        current = attributes.stored(contact)
        current.update(values)
        current = {name: value for name, value in current.items() if value is not None}
        conn.execute("UPDATE contacts SET attributes = ?, updated_at = ? WHERE id = ?", (json.dumps(current), now(), contact["id"]))


def schedule_deletion(store: Store, uuid: str, data: dict[str, Any]) -> None:
    contact = get(store, uuid)
    if data.get("type") not in DELETION_TYPES:
        raise invalid({"type": "The selected type is invalid. Options are DEFAULT and GDPR."})
    if contact["delete_after"] is None:
        with store.write() as conn:
            conn.execute("UPDATE contacts SET delete_after = ? WHERE id = ?", (store.clock() + store.deletion_delay, contact["id"]))


# --- Routes (literal paths before `contacts/{id}`) ---------------------------------


def _answer(store: Store, uuid: str) -> tuple[int, Any]:
    return 200, envelope(as_json(store, get(store, uuid)))


@route("GET", "contacts/find-one-by", register=True)
def find_one_by(store, data, args):
    return 200, envelope(as_json(store, find(store, data)))


@route("GET", "contacts/find-or-create", register=True)
def find_or_create_route(store, data, args):
    return _answer(store, find_or_create(store, data))


@route("GET", "contacts/find-or-create/async", register=True)
def find_or_create_async(store, data, args):
    return 200, envelope({"uuid": find_or_create(store, data)})


@route("POST", "contacts", register=True)
def create_contact(store, data, args):
    return 200, envelope({"uuid": create(store, data)}, {})


@route("POST", "contacts/async", register=True)
def create_contact_async(store, data, args):
    # No capture: answers like `POST contacts`.
    return 200, envelope({"uuid": create(store, data)}, {})


@route("POST", "contacts/anonymous", register=True)
def create_anonymous_route(store, data, args):
    return 200, envelope({"uuid": create_anonymous(store, data)}, {})


@route("PUT", "contacts/{id}/claim", register=True)
def claim(store, data, args):
    return _answer(store, claim_anonymous(store, args[0], data))


@route("GET", "contacts/{id}", register=True)
def get_contact(store, data, args):
    return _answer(store, args[0])


@route("PUT", "contacts/{id}", register=True)
def update_contact(store, data, args):
    update(store, args[0], data)
    return _answer(store, args[0])


@route("POST", "contacts/{id}/delete", register=True)
def delete_contact(store, data, args):
    schedule_deletion(store, args[0], data)
    return 200, {"data": None, "meta": {}}


@route("GET", "contacts/{id}/credit-balance", register=True)
def credit_balance(store, data, args):
    return 200, envelope({"balance": get(store, args[0])["credit_balance"]}, {})


@route("GET", "contacts/{id}/prepaid-balance", register=True)
def prepaid_balance(store, data, args):
    cents = get(store, args[0])["prepaid_cents"]
    return 200, envelope({"balance_in_cents": cents, "balance": money(cents)})


# The Register page's spelling of the same route.
route("GET", "contacts/{id}/prepaid/balance", register=True)(prepaid_balance)
