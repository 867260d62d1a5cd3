"""Visits: list (paged by Leat, filterable by contact), show, create, update.

Leat's visit answers carry no shop: the sandbox keeps the shop a visit was
made at (it is required on create) but never sends it. An unknown visit is
400/1003 with a `uuid` field error (Leat's pages document no other answer).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import contacts, shops
from .checks import check_string, last_page, page_args, parse_when
from .db import Store, new_uuid, now, update_row
from .errors import ApiError, invalid
from .routes import envelope, route

TEXT_FIELDS = ("external_id", "source")

# --- Store operations (the timing and owner rules are shared with bookings) -------


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM visits WHERE uuid = ?", (uuid,))
    if row is None:
        raise ApiError(400, "Visit not found.", 1003, {"uuid": ["The selected visit is invalid."]})
    return row


def listed(store: Store, params: dict[str, Any]) -> tuple[list[sqlite3.Row], int, int, int]:
    page, limit = page_args(params, default_limit=30, max_limit=500)
    where, args = "", ()
    if params.get("contact_uuid"):
        where, args = "WHERE contact_id = ?", (contacts.get(store, str(params["contact_uuid"]))["id"],)
    (total,) = store.one(f"SELECT count(*) FROM visits {where}", args)
    rows = store.all(
        f"SELECT * FROM visits {where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (*args, limit, (page - 1) * limit),
    )
    return rows, page, limit, total


def timed_fields(data: dict[str, Any], errors: dict[str, str], times: tuple[str, ...], texts: tuple[str, ...]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in times:
        if name in data:
            fields[name] = parse_when(data[name], name, errors)
    for name in texts:
        if name in data:
            fields[name] = check_string(data[name], name, errors)
    return fields


def check_order(fields: dict[str, Any], current: Any, errors: dict[str, str]) -> None:
    starts = fields.get("starts_at", current["starts_at"] if current is not None else None)
    ends = fields.get("ends_at", current["ends_at"] if current is not None else None)
    if starts and ends and ends <= starts and "ends_at" not in errors:
        errors["ends_at"] = "The ends at must be a date after starts at."


def owners(store: Store, data: dict[str, Any], errors: dict[str, str]) -> tuple[sqlite3.Row, sqlite3.Row]:
    """Required shop and contact; raises 1003 with every field error found so far."""
    for field in ("shop_uuid", "contact_uuid"):
        if not data.get(field):
            errors[field] = f"The {field.replace('_', ' ')} field is required."
    if errors:
        raise invalid(errors)
    return shops.get(store, str(data["shop_uuid"])), contacts.get(store, str(data["contact_uuid"]))


def _check_external_id(conn: sqlite3.Connection, external_id: str | None, own_id: int | None) -> None:
    if external_id:
        row = conn.execute("SELECT id FROM visits WHERE external_id = ?", (external_id,)).fetchone()
        if row is not None and row["id"] != own_id:
            raise invalid({"external_id": "The external id has already been taken."})


def create(store: Store, data: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    fields = timed_fields(data, errors, ("starts_at", "ends_at"), TEXT_FIELDS)
    check_order(fields, None, errors)
    shop, contact = owners(store, data, errors)
    with store.write() as conn:
        _check_external_id(conn, fields.get("external_id"), None)
        uuid = new_uuid()
        conn.execute(
            "INSERT INTO visits (uuid, contact_id, shop_id, external_id, source, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid, contact["id"], shop["id"], fields.get("external_id"), fields.get("source"), fields.get("starts_at"), fields.get("ends_at"), now()),
        )
        return uuid


def update(store: Store, uuid: str, data: dict[str, Any]) -> None:
    visit = get(store, uuid)
    errors: dict[str, str] = {}
    fields = timed_fields(data, errors, ("starts_at", "ends_at"), TEXT_FIELDS)
    check_order(fields, visit, errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        _check_external_id(conn, fields.get("external_id"), visit["id"])
        update_row(conn, "visits", visit["id"], fields)


# --- JSON ------------------------------------------------------------------------


def contact_stub(store: Store, contact_id: int | None) -> dict | None:
    if contact_id is None:
        return None
    row = store.one("SELECT uuid, email FROM contacts WHERE id = ?", (contact_id,))
    return {"uuid": row["uuid"], "email": row["email"]} if row else None


def as_json(store: Store, row: sqlite3.Row) -> dict:
    return {
        "uuid": row["uuid"],
        "contact": contact_stub(store, row["contact_id"]),
        "external_id": row["external_id"],
        "source": row["source"],
        "starts_at": row["starts_at"],
        "ends_at": row["ends_at"],
        "created_at": row["created_at"],
    }


# --- Routes ------------------------------------------------------------------------


@route("GET", "visits")
def list_visits(store, data, args):
    rows, page, limit, total = listed(store, data)
    meta = {"current_page": page, "last_page": last_page(total, limit), "per_page": limit, "total": total}
    return 200, envelope([as_json(store, row) for row in rows], meta)


@route("GET", "visits/{id}")
def show_visit(store, data, args):
    return 200, envelope(as_json(store, get(store, args[0])))


@route("POST", "visits")
def create_visit(store, data, args):
    return 200, envelope(as_json(store, get(store, create(store, data))))


@route("PUT", "visits/{id}")
def update_visit(store, data, args):
    update(store, args[0], data)
    return 200, envelope(as_json(store, get(store, args[0])))
