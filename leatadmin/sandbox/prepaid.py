"""Prepaid transactions: the list (paged like Laravel, as Leat's page shows),
booking one (cents; negative for a refund or a payment) and reversing one.

The contact's `prepaid_cents` is the sum of its prepaid transactions and
changes with them in one database transaction; each transaction keeps the
balance it left, which Leat shows per item (`prepaid_balance`).

Where Leat's page is silent, the sandbox decides: an amount of 0 and an
amount that would take the balance below zero are 1003 about
`amount_in_cents`; the list is newest first. Reversing books a new
transaction of the opposite amount (docs: "a new Prepaid Transaction with
the same data as initially used, but for the negative amount issued") and
answers with that new transaction (no capture says otherwise); reversing
twice, reversing a reversal, or an unknown uuid are 1003 about
`prepaid_transaction_uuid`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import contact_answers, contacts, identifiers, shops, transactions
from .checks import check_string, last_page, page_args, parse_integer, require, reversible
from .db import Store, new_uuid, now
from .errors import ApiError, invalid
from .routes import envelope, route

# --- Store operations ----------------------------------------------------------


def book(conn: sqlite3.Connection, contact_id: int, amount: int, *, shop_id: int, card: str | None, reverses_id: int | None = None, field: str = "amount_in_cents") -> int:
    (balance,) = conn.execute("SELECT prepaid_cents FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    if balance + amount < 0:
        raise invalid({field: "The prepaid balance is not sufficient for this amount."})
    cursor = conn.execute(
        "INSERT INTO prepaid_transactions (uuid, contact_id, shop_id, amount_cents, balance_after_cents, contact_identifier, created_at, reverses_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uuid(), contact_id, shop_id, amount, balance + amount, card, now(), reverses_id),
    )
    conn.execute("UPDATE contacts SET prepaid_cents = ?, updated_at = ? WHERE id = ?", (balance + amount, now(), contact_id))
    if reverses_id is not None:
        conn.execute("UPDATE prepaid_transactions SET reversed_by_id = ? WHERE id = ?", (cursor.lastrowid, reverses_id))
    return cursor.lastrowid


def create(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("amount_in_cents", "shop_uuid"), errors)
    amount = parse_integer(data.get("amount_in_cents"), "amount_in_cents", errors)
    if amount == 0:
        errors["amount_in_cents"] = "The amount in cents must not be 0."
    if data.get("contact_uuid") in (None, "") and data.get("contact_identifier_value") in (None, ""):
        errors["contact_uuid"] = "The contact uuid field is required when contact identifier value is not present."
    card_value = check_string(data.get("contact_identifier_value"), "contact_identifier_value", errors)
    if errors:
        raise invalid(errors)
    contact = contacts.get(store, str(data["contact_uuid"])) if data.get("contact_uuid") else None
    if card_value:
        card = identifiers.active(identifiers.get(store, card_value))
        if card["contact_id"] is None:
            raise ApiError(400, "Contact identifier is not linked to a contact.", 60011)
        if contact is not None and card["contact_id"] != contact["id"]:
            raise invalid({"contact_identifier_value": "The contact identifier is linked to another contact."})
        contact_id = card["contact_id"]
    else:
        contact_id = contact["id"]
    shop = shops.get(store, str(data["shop_uuid"]))
    with store.write() as conn:
        return book(conn, contact_id, amount, shop_id=shop["id"], card=card_value or None)


def reverse(store: Store, uuid: str) -> int:
    field = "prepaid_transaction_uuid"
    with store.write() as conn:
        row = conn.execute("SELECT * FROM prepaid_transactions WHERE uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise invalid({field: "The selected prepaid transaction uuid is invalid."})
        reversible(row, field, "prepaid transaction")
        return book(conn, row["contact_id"], -row["amount_cents"], shop_id=row["shop_id"], card=row["contact_identifier"], reverses_id=row["id"], field=field)


SELECT = (
    "SELECT p.*, s.uuid AS shop_uuid, s.name AS shop_name, s.reference AS shop_reference, c.uuid AS contact_uuid, c.email,"
    " ci.name AS card_name, ci.active AS card_active FROM prepaid_transactions p"
    " LEFT JOIN shops s ON s.id = p.shop_id LEFT JOIN contacts c ON c.id = p.contact_id"
    " LEFT JOIN contact_identifiers ci ON ci.value = p.contact_identifier"
)


def listed(store: Store, params: dict[str, Any]) -> tuple[list[sqlite3.Row], int, int, int]:
    page, limit = page_args(params, default_limit=10, max_limit=30)
    where, args = transactions.owner_filters(store, params, "p")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    (total,) = store.one(f"SELECT count(*) FROM prepaid_transactions p {clause}", tuple(args))
    rows = store.all(f"{SELECT} {clause} ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?", (*args, limit, (page - 1) * limit))
    return rows, page, limit, total


# --- JSON ------------------------------------------------------------------------


def as_json(row: sqlite3.Row, *, with_contact: bool) -> dict:
    """As `POST prepaid-transactions` answers; list items also carry their contact."""
    item = {
        "uuid": row["uuid"],
        "amount_in_cents": row["amount_cents"],
        "prepaid_balance": {"balance_in_cents": row["balance_after_cents"], "balance": contact_answers.money(row["balance_after_cents"])},
        "created_at": row["created_at"],
        "shop": None if row["shop_uuid"] is None else {"id": row["shop_id"], "uuid": row["shop_uuid"], "reference": row["shop_reference"], "name": row["shop_name"]},
        "contact_identifier": None
        if row["contact_identifier"] is None
        else {"name": row["card_name"] or "Loyalty Card", "value": row["contact_identifier"], "active": bool(row["card_active"] if row["card_active"] is not None else True)},
    }
    if with_contact:
        item["contact"] = None if row["contact_uuid"] is None else {"uuid": row["contact_uuid"], "email": row["email"]}
    return item


def _answer(store: Store, transaction_id: int) -> tuple[int, Any]:
    return 200, envelope(as_json(store.one(f"{SELECT} WHERE p.id = ?", (transaction_id,)), with_contact=False))


# --- Routes ------------------------------------------------------------------------


@route("GET", "prepaid-transactions", register=True)
def list_route(store, data, args):
    rows, page, limit, total = listed(store, data)
    meta = {"current_page": page, "from": (page - 1) * limit + 1 if rows else None, "last_page": last_page(total, limit), "per_page": limit, "total": total}
    return 200, envelope([as_json(row, with_contact=True) for row in rows], meta)


@route("POST", "prepaid-transactions", register=True)
def create_route(store, data, args):
    return _answer(store, create(store, data))


@route("POST", "prepaid-transactions/{id}/reverse", register=True)
def reverse_route(store, data, args):
    return _answer(store, reverse(store, args[0]))
