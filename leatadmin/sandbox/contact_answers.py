"""A contact as Leat's JSON answers it (`GET contacts/{uuid}` and every
route that returns a contact, `GET contacts` pages and webhook deliveries):
attributes, system values, tier, subscriptions and the links Leat adds, plus
`money`, Leat's way of writing a euro amount. Apart from `contacts` (store
operations and routes) because several areas build this answer, it only
reads the store, and it is made to be cheap for a page of 100 contacts
(`answers_text`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

from . import attributes
from .db import Store


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
