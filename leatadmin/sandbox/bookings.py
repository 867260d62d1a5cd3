"""Bookings: Leat offers create and update only (no list, no show).

Every documented field is accepted and kept (party size, company, status,
prepaid amount in cents), but Leat's answer, as its docs page shows it, is
only `{uuid, contact, external_id, source, starts_at, ends_at, created_at}`
plus `checked_in_at` once the party has checked in.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import visits
from .checks import parse_whole
from .db import Store, new_uuid, now, update_row
from .errors import ApiError, invalid
from .routes import envelope, route

TEXT_FIELDS = ("external_id", "source", "company_name", "status")

# --- Store operations ----------------------------------------------------------


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM bookings WHERE uuid = ?", (uuid,))
    if row is None:
        raise ApiError(400, "Booking not found.", 1003, {"uuid": ["The selected booking is invalid."]})
    return row


def _fields(data: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    fields = visits.timed_fields(data, errors, ("starts_at", "ends_at", "checked_in_at"), TEXT_FIELDS)
    if "number_of_people" in data:
        fields["number_of_people"] = parse_whole(data["number_of_people"], "number_of_people", errors, minimum=1)
    if "prepaid_amount" in data:
        fields["prepaid_amount"] = parse_whole(data["prepaid_amount"], "prepaid_amount", errors, minimum=0)
    return fields


def create(store: Store, data: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    fields = _fields(data, errors)
    visits.check_order(fields, None, errors)
    shop, contact = visits.owners(store, data, errors)
    with store.write() as conn:
        uuid = new_uuid()
        names = ["uuid", "contact_id", "shop_id", "created_at", *fields]
        conn.execute(
            f"INSERT INTO bookings ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            (uuid, contact["id"], shop["id"], now(), *fields.values()),
        )
        return uuid


def update(store: Store, uuid: str, data: dict[str, Any]) -> None:
    booking = get(store, uuid)
    errors: dict[str, str] = {}
    fields = _fields(data, errors)
    visits.check_order(fields, booking, errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        update_row(conn, "bookings", booking["id"], fields)


# --- JSON ------------------------------------------------------------------------


def as_json(store: Store, row: sqlite3.Row) -> dict:
    data = {
        "uuid": row["uuid"],
        "contact": visits.contact_stub(store, row["contact_id"]),
        "external_id": row["external_id"],
        "source": row["source"],
        "starts_at": row["starts_at"],
        "ends_at": row["ends_at"],
    }
    if row["checked_in_at"]:  # the docs' create example has none, the update example has one
        data["checked_in_at"] = row["checked_in_at"]
    data["created_at"] = row["created_at"]
    return data


# --- Routes ------------------------------------------------------------------------


@route("POST", "bookings")
def create_booking(store, data, args):
    return 200, envelope(as_json(store, get(store, create(store, data))))


@route("PUT", "bookings/{id}")
def update_booking(store, data, args):
    update(store, args[0], data)
    return 200, envelope(as_json(store, get(store, args[0])))
