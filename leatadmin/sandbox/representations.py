"""Leat's JSON shapes, built from the store's rows.

Faithful to the documented examples, including their looseness: single
objects carry `meta: []`, transaction dates use a space instead of `T`,
the transactions `limit` comes back as a string, undocumented extra fields
appear (a visit's `shop`), and nested optional objects are null.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from .store import EDITABLE_ATTRIBUTES, Store


def envelope(data: Any, meta: Any = None) -> dict:
    return {"data": data, "meta": [] if meta is None else meta}


def _display_date(value: str | None) -> str:
    if not value:
        return ""
    return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d, %H:%M")


def _spaced(value: str | None) -> str | None:
    """Loyalty transactions come with a space between date and time."""
    return value.replace("T", " ", 1) if value else value


def shop(row: sqlite3.Row | None, *, with_address: bool = False) -> dict | None:
    if row is None:
        return None
    data = {"id": row["id"], "uuid": row["uuid"], "type": row["type"], "name": row["name"], "reference": row["reference"]}
    if with_address:
        data["address"] = {
            "id": row["id"], "shop_id": row["id"], "street": None, "housenumber": None, "postalcode": None,
            "city": row["city"], "state": None, "country": "NL", "latitude": None, "longitude": None,
            "house_number": None, "postal_code": None,
        }
    return data


def contact(store: Store, row: sqlite3.Row) -> dict:
    attributes = json.loads(row["attributes"] or "{}")
    tier = store.tier(row["tier_id"])
    subscriptions = store.subscriptions(row["id"])
    identifier = store.identifier(row["id"])
    prepaid_euros = row["prepaid_cents"] // 100
    values: dict[str, Any] = {name: attributes.get(name) for name in EDITABLE_ATTRIBUTES}
    values.update(
        {
            "uuid": row["uuid"],
            "email": row["email"],
            "status": row["status"],
            "tier": str(tier["id"]) if tier else None,
            "channel": row["channel"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "is_anonymous": bool(row["is_anonymous"]),
            "loyalty_balance": row["credit_balance"],
            "prepaid_balance": prepaid_euros,
            "previous_loyalty_balance": row["previous_credit_balance"],
            "default_contact_identifier": identifier,
            "loyalty_number_of_transactions": row["tx_count"],
            "loyalty_total_credits_received": row["tx_received"],
            "loyalty_first_transaction_date": row["tx_first"],
            "loyalty_last_transaction_date": row["tx_last"],
            "add_to_wallet": f"https://leat.com/add-to-wallet/loyalty?uuid={row['uuid']}",
            "subscription_preferences_url": f"http://piggy.eu/subscription-preferences/{row['uuid']}",
        }
    )
    for sub in subscriptions:
        values[f"subscription_status_{sub['id']}"] = sub["status"]
    display = {name: "" if value is None else str(value) for name, value in values.items()}
    display.update(
        {
            "status": row["status"].title(),
            "tier": tier["name"] if tier else "",
            "channel": (row["channel"] or "").replace("_", " ").title().replace("Oauth Api", "Oauth API"),
            "created_at": _display_date(row["created_at"]),
            "updated_at": _display_date(row["updated_at"]),
            "is_anonymous": "True" if row["is_anonymous"] else "False",
            "loyalty_first_transaction_date": _display_date(row["tx_first"]),
            "loyalty_last_transaction_date": _display_date(row["tx_last"]),
            "uuid": "",
        }
    )
    for sub in subscriptions:
        display[f"subscription_status_{sub['id']}"] = sub["status"].title()
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "email": row["email"],
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
            for sub in subscriptions
        ],
        "credit_balance": {"balance": row["credit_balance"]},
        "prepaid_balance": {"balance_in_cents": row["prepaid_cents"]},
        "current_values": values,
        "current_display_values": display,
    }


def money(cents: int) -> str:
    return f"€{cents // 100}.{cents % 100:02d}"


def transaction(store: Store, row: sqlite3.Row, contact_row: sqlite3.Row | None, shops: dict[int, sqlite3.Row]) -> dict:
    data = {
        "uuid": row["uuid"],
        "credits": row["credits"],
        "created_at": _spaced(row["created_at"]),
        "type": row["type"],
        "contact_identifier": None,
        "contact": None
        if contact_row is None
        else {"uuid": contact_row["uuid"], "email": contact_row["email"], "credit_balance": {"id": contact_row["id"], "balance": contact_row["credit_balance"]}},
        "shop": shop(shops.get(row["shop_id"]), with_address=True),
        "unit_value": float(row["unit_value"]) if row["unit_value"] is not None else None,
        "unit": {"id": 1, "name": "euro", "label": "Euro", "prefix": "€", "is_default": True},
    }
    if row["type"] == "reward_reception":
        data["reward"] = {"title": row["reward_title"]}
    return data


def _contact_stub(store: Store, contact_id: int | None) -> dict | None:
    if contact_id is None:
        return None
    row = store.one("SELECT uuid, email FROM contacts WHERE id = ?", (contact_id,))
    return {"uuid": row["uuid"], "email": row["email"]} if row else None


def visit(store: Store, row: sqlite3.Row) -> dict:
    return {
        "uuid": row["uuid"],
        "contact": _contact_stub(store, row["contact_id"]),
        "shop": shop(store.shop_by_id(row["shop_id"])),
        "external_id": row["external_id"],
        "source": row["source"],
        "starts_at": row["starts_at"],
        "ends_at": row["ends_at"],
        "created_at": row["created_at"],
    }


def booking(store: Store, row: sqlite3.Row) -> dict:
    data = visit(store, row)
    data.update(
        {
            "checked_in_at": row["checked_in_at"],
            "number_of_people": row["number_of_people"],
            "company_name": row["company_name"],
            "status": row["status"],
            "prepaid_amount": row["prepaid_amount"],
        }
    )
    return data
