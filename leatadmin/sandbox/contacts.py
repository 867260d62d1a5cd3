"""Contacts: lookup, creation (plain, async, find-or-create, anonymous),
claiming (with merge), typed attribute updates, scheduled deletion, balances.

Deleting schedules the removal: the contact stays findable for
`store.deletion_delay` seconds, then `Store.purge_due_deletions` (run before
every request) removes it, as Leat's deletion job does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

from . import attributes, transactions
from .contact_rows import by_email, get
from .db import Store, check_email, check_string, new_uuid, now
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


# --- JSON ------------------------------------------------------------------------


def money(cents: int) -> str:
    return f"€{cents // 100}.{cents % 100:02d}"


def _euros(cents: int) -> int | float:
    return cents // 100 if cents % 100 == 0 else cents / 100


def _system_values(row: sqlite3.Row, tier: sqlite3.Row | None, subscriptions: list[sqlite3.Row]) -> dict[str, Any]:
    values = {
        "email": row["email"],
        "channel": row["channel"],
        "status": row["status"],
        "tier": str(tier["id"]) if tier else None,
        "is_anonymous": bool(row["is_anonymous"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "loyalty_balance": row["credit_balance"],
        "previous_loyalty_balance": row["previous_credit_balance"],
        "loyalty_number_of_transactions": row["tx_count"],
        "loyalty_total_credits_received": row["tx_received"],
        "loyalty_first_transaction_date": row["tx_first"],
        "loyalty_last_transaction_date": row["tx_last"],
        "loyalty_associated_shops": row["tx_shops"] or None,
        "prepaid_balance": _euros(row["prepaid_cents"]),
    }
    for sub in subscriptions:
        values[f"subscription_status_{sub['id']}"] = sub["status"]
    return values


#: A contact's status for each subscription type: its own, else the type's default.
SUBSCRIPTIONS = (
    "SELECT c.id AS contact_id, t.*, coalesce(s.status, CASE t.strategy WHEN 'OPT_OUT' THEN 'SUBSCRIBED' ELSE 'UNSUBSCRIBED' END) AS status "
    "FROM contacts c CROSS JOIN subscription_types t LEFT JOIN contact_subscriptions s ON s.type_id = t.id AND s.contact_id = c.id "
    "WHERE c.id IN ({ids}) ORDER BY c.id, t.id"
)


def _subscriptions_of(store: Store, ids: list[int]) -> dict[int, list[sqlite3.Row]]:
    found: dict[int, list[sqlite3.Row]] = {contact_id: [] for contact_id in ids}
    for row in store.all(SUBSCRIPTIONS.format(ids=", ".join("?" * len(ids))), tuple(ids)):
        found[row["contact_id"]].append(row)
    return found


def subscriptions(store: Store, contact_id: int) -> list[sqlite3.Row]:
    return _subscriptions_of(store, [contact_id])[contact_id]


@dataclass(frozen=True)
class _Account:
    """What every contact's answer shares: the attribute definitions (and the
    JSON of each inside a contact's `attributes` list) and the tiers."""

    known: list[attributes.Definition]
    nested: list[str]
    tiers: dict[int, sqlite3.Row]


def _account(store: Store) -> _Account:
    known = attributes.definitions(store)
    nested = [json.dumps(attributes.nested_json(d), separators=(",", ":")) for d in known]
    return _Account(known, nested, {row["id"]: row for row in store.all("SELECT * FROM tiers")})


def _answers(store: Store, rows: list[sqlite3.Row]) -> Iterator[tuple[dict, list[str], _Account]]:
    """Each contact's answer with an empty `attributes` list, and that list's
    values (one per definition). Everything the contacts share is read once and
    what each needs beside its row (subscriptions, card) in one query for all:
    a page of 100 costs a handful of queries, not hundreds."""
    if not rows:
        return
    account = _account(store)
    ids = [row["id"] for row in rows]
    subscriptions_of = _subscriptions_of(store, ids)
    cards = dict(store.all(
        f"SELECT contact_id, min(value) FROM contact_identifiers WHERE contact_id IN ({', '.join('?' * len(ids))}) GROUP BY contact_id", tuple(ids),
    ))
    for row in rows:
        yield (*_answer_parts(row, account, subscriptions_of[row["id"]], cards.get(row["id"])), account)


def _answer_parts(row: sqlite3.Row, account: _Account, subs: list[sqlite3.Row], card: str | None) -> tuple[dict, list[str]]:
    tier = account.tiers.get(row["tier_id"]) if row["tier_id"] else None
    known = account.known
    values = attributes.raw_values(known, attributes.stored(row), _system_values(row, tier, subs))
    shown = {d.name: attributes.display(d, values[d.name]) for d in known}
    uuid = row["uuid"]
    # Values Leat adds beside the attributes: links and codes for the contact.
    extras: dict[str, Any] = {
        "uuid": uuid,
        "add_to_wallet": f"https://leat.example/add-to-wallet/loyalty?uuid={uuid}",
        "subscription_preferences_url": f"https://leat.example/subscription-preferences/{uuid}",
        "custom_app_login_url": f"https://leat.example/home?token=sandbox-{uuid}",
        "custom_app_login_code": 100000 + row["id"] % 900000,
        "default_contact_identifier": card,
    }
    for sub in subs:
        if sub["strategy"] == "DOUBLE_OPT_IN":
            extras[f"double_opt_in_confirmation_url_{sub['id']}"] = (
                f"https://leat.example/double-opt-in-confirmation?contact_uuid={uuid}&subscription_type={sub['id']}"
            )
    display_extras = {name: "" if value is None else str(value) for name, value in extras.items()}
    display_extras["uuid"] = ""  # Leat shows no uuid
    answer = {
        "id": row["id"],
        "uuid": uuid,
        "email": row["email"],
        "attributes": [],
        "tier": None
        if tier is None
        else {"uuid": tier["uuid"], "name": tier["name"], "description": tier["description"], "position": tier["position"], "media": None},
        "subscriptions": [
            {
                "is_subscribed": sub["status"] == "SUBSCRIBED",
                "status": sub["status"],
                "subscription_type": {
                    "name": sub["name"], "description": sub["description"], "active": bool(sub["active"]),
                    "strategy": sub["strategy"], "uuid": sub["uuid"], "id": sub["id"],
                },
            }
            for sub in subs
        ],
        "credit_balance": {"balance": row["credit_balance"], "id": row["id"]},
        "prepaid_balance": {"balance_in_cents": row["prepaid_cents"]},
        "current_values": {**values, **extras},
        "current_display_values": {**shown, **display_extras},
    }
    return answer, [attributes.as_string(values[d.name]) for d in known]


def answers(store: Store, rows: list[sqlite3.Row]) -> list[dict]:
    """Full contacts, as `GET contacts/{uuid}` and every route that returns one."""
    found = []
    for answer, values, account in _answers(store, rows):
        answer["attributes"] = [{"value": value, "attribute": attributes.nested_json(d)} for value, d in zip(values, account.known, strict=True)]
        found.append(answer)
    return found


def as_json(store: Store, row: sqlite3.Row) -> dict:
    return answers(store, [row])[0]


def answers_text(store: Store, rows: list[sqlite3.Row]) -> list[str]:
    """`answers` as JSON text, made cheaply: a contact's `attributes` list
    repeats each definition in full (about 14 of a contact's 19 kB), so each
    definition is serialised once for all and only the values per contact. A
    page of 100 contacts is then a few milliseconds, not the 20 ms json.dumps
    spends on 1.9 MB. `tests/sandbox` checks it reads back as `answers`."""
    found = []
    for answer, values, account in _answers(store, rows):
        listed = ",".join(f'{{"value":{encode_basestring_ascii(value)},"attribute":{nested}}}' for value, nested in zip(values, account.nested, strict=True))
        # The first `"attributes":[]` is the key: inside a string its quotes would be escaped.
        found.append(json.dumps(answer, separators=(",", ":")).replace('"attributes":[]', f'"attributes":[{listed}]', 1))
    return found


def _answer(store: Store, uuid: str) -> tuple[int, Any]:
    return 200, envelope(as_json(store, get(store, uuid)))


# --- Routes (literal paths before `contacts/{id}`) ---------------------------------


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
