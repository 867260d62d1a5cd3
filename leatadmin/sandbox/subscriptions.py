"""Subscription types and a contact's subscriptions.

Strategies as Leat's page describes them: OPT_OUT types count as subscribed
until the contact unsubscribes, OPT_IN ones as unsubscribed until it
subscribes. A DOUBLE_OPT_IN type cannot be subscribed to over the API:
subscribing makes it `PENDING_CONFIRMATION` and "sends" a confirmation mail,
recorded in the `mails` table (`GET /__sandbox/mails`); the contact
confirming it is `POST /__sandbox/subscriptions/confirm`. Types are named by
`uuid` (55030 when none matches); an older type without one cannot be named.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import contact_answers, contacts
from .checks import check_string, require
from .db import Store, now
from .errors import ApiError, invalid
from .routes import envelope, route

PENDING = "PENDING_CONFIRMATION"

# --- Store operations ----------------------------------------------------------


def type_json(row: sqlite3.Row) -> dict:
    return {
        "name": row["name"], "description": row["description"], "active": bool(row["active"]),
        "strategy": row["strategy"], "uuid": row["uuid"], "id": row["id"],
    }


def subscription_json(row: sqlite3.Row) -> dict:
    """`row` is a type with the contact's `status` (see `contact_answers.subscriptions`)."""
    return {"is_subscribed": row["status"] == "SUBSCRIBED", "status": row["status"], "subscription_type": type_json(row)}


def _target(store: Store, contact_uuid: str, data: dict[str, Any]) -> tuple[sqlite3.Row, sqlite3.Row]:
    errors: dict[str, str] = {}
    require(data, ("subscription_type_uuid",), errors)
    check_string(data.get("subscription_type_uuid"), "subscription_type_uuid", errors)
    if errors:
        raise invalid(errors)
    contact = contacts.get(store, contact_uuid)
    kind = store.one("SELECT * FROM subscription_types WHERE uuid = ?", (str(data["subscription_type_uuid"]),))
    if kind is None:
        raise ApiError(400, "Subscription type not found.", 55030)
    return contact, kind


def status(store: Store, contact_id: int, type_id: int) -> sqlite3.Row:
    return next(row for row in contact_answers.subscriptions(store, contact_id) if row["id"] == type_id)


def _set(conn: sqlite3.Connection, contact_id: int, type_id: int, value: str) -> None:
    conn.execute(
        "INSERT INTO contact_subscriptions (contact_id, type_id, status) VALUES (?, ?, ?)"
        " ON CONFLICT (contact_id, type_id) DO UPDATE SET status = excluded.status",
        (contact_id, type_id, value),
    )


def subscribe(store: Store, contact_uuid: str, data: dict[str, Any]) -> sqlite3.Row:
    contact, kind = _target(store, contact_uuid, data)
    current = status(store, contact["id"], kind["id"])["status"]
    with store.write() as conn:
        if kind["strategy"] != "DOUBLE_OPT_IN":
            _set(conn, contact["id"], kind["id"], "SUBSCRIBED")
        elif current != "SUBSCRIBED":
            _set(conn, contact["id"], kind["id"], PENDING)
            conn.execute(
                "INSERT INTO mails (contact_id, kind, subscription_type_id, created_at) VALUES (?, 'double_opt_in_confirmation', ?, ?)",
                (contact["id"], kind["id"], now()),
            )
    return status(store, contact["id"], kind["id"])


def unsubscribe(store: Store, contact_uuid: str, data: dict[str, Any]) -> sqlite3.Row:
    contact, kind = _target(store, contact_uuid, data)
    with store.write() as conn:
        _set(conn, contact["id"], kind["id"], "UNSUBSCRIBED")
    return status(store, contact["id"], kind["id"])


def confirm(store: Store, data: dict[str, Any]) -> sqlite3.Row:
    """The contact clicks the confirmation link (a sandbox control, not Leat's API)."""
    contact, kind = _target(store, str(data.get("contact_uuid") or ""), data)
    with store.write() as conn:
        conn.execute(
            "UPDATE contact_subscriptions SET status = 'SUBSCRIBED' WHERE contact_id = ? AND type_id = ? AND status = ?",
            (contact["id"], kind["id"], PENDING),
        )
    return status(store, contact["id"], kind["id"])


def mails(store: Store, params: dict[str, Any]) -> list[dict]:
    where, args = "", ()
    if params.get("contact_uuid"):
        where, args = "WHERE c.uuid = ?", (params["contact_uuid"],)
    rows = store.all(
        "SELECT m.*, c.uuid AS contact_uuid, c.email, t.uuid AS type_uuid, t.name AS type_name FROM mails m"
        f" JOIN contacts c ON c.id = m.contact_id LEFT JOIN subscription_types t ON t.id = m.subscription_type_id {where} ORDER BY m.id",
        args,
    )
    return [
        {"to": row["email"], "contact_uuid": row["contact_uuid"], "kind": row["kind"], "subscription_type_uuid": row["type_uuid"],
         "subscription_type": row["type_name"], "created_at": row["created_at"]}
        for row in rows
    ]


# --- Routes ------------------------------------------------------------------------


@route("GET", "subscription-types", register=True)
def list_types(store, data, args):
    return 200, envelope([type_json(row) for row in store.all("SELECT * FROM subscription_types ORDER BY id")])


@route("GET", "contact-subscriptions/{id}", register=True)
def list_subscriptions(store, data, args):
    contact = contacts.get(store, args[0])
    return 200, envelope([subscription_json(row) for row in contact_answers.subscriptions(store, contact["id"])], {})


@route("PUT", "contact-subscriptions/{id}/subscribe", register=True)
def subscribe_route(store, data, args):
    return 200, envelope(subscription_json(subscribe(store, args[0], data)))


@route("PUT", "contact-subscriptions/{id}/unsubscribe", register=True)
def unsubscribe_route(store, data, args):
    return 200, envelope(subscription_json(unsubscribe(store, args[0], data)))
