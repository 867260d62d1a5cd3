"""Contact identifiers (loyalty cards): a contact's cards, find, link, and
updating a card's name and active state.

An identifier answers as Leat's captures show one: `{name, value, active,
contact}` with `contact` null while unlinked. A contact's cards
(`GET contacts/{uuid}/contact-identifiers`) are a list of those: Leat's
captured example for that path is a copy of the tier answer, so the shape is
taken from the other identifier captures. Finding or linking an inactive
card is 60004, as Leat's page lists; updating one is how it is made active
again, so that is allowed.

Creating one (`POST contact-identifiers`) takes its value (1003 when missing
or longer than 255), an optional contact (55031) and name; without a name it
is called "Loyalty Card", as Leat's capture shows (the page says it takes
the value); a value that exists is 60006.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import contacts
from .checks import check_string, require
from .db import Store
from .errors import ApiError, invalid
from .routes import envelope, route

TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

# --- Store operations ----------------------------------------------------------


def get(store: Store, value: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM contact_identifiers WHERE value = ?", (value,))
    if row is None:
        raise ApiError(400, "Contact identifier not found.", 60003)
    return row


def active(row: sqlite3.Row) -> sqlite3.Row:
    if not row["active"]:
        raise ApiError(400, "Contact identifier inactive.", 60004)
    return row


def _value(data: dict[str, Any], fields: tuple[str, ...] = ("contact_identifier_value",)) -> str:
    errors: dict[str, str] = {}
    require(data, fields, errors)
    value = check_string(data.get("contact_identifier_value"), "contact_identifier_value", errors)
    if errors:
        raise invalid(errors)
    return str(value)


def find(store: Store, data: dict[str, Any]) -> sqlite3.Row:
    return active(get(store, _value(data)))


def link(store: Store, data: dict[str, Any]) -> str:
    value = _value(data, ("contact_identifier_value", "contact_uuid"))
    active(get(store, value))
    contact = contacts.get(store, str(data["contact_uuid"]))
    with store.write() as conn:
        if conn.execute("SELECT contact_id FROM contact_identifiers WHERE value = ?", (value,)).fetchone()["contact_id"] is not None:
            raise ApiError(400, "Contact identifier is already linked.", 60014)
        conn.execute("UPDATE contact_identifiers SET contact_id = ? WHERE value = ?", (contact["id"], value))
    return value


def create(store: Store, data: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    value = _value(data)
    name = check_string(data.get("contact_identifier_name"), "contact_identifier_name", errors)
    if errors:
        raise invalid(errors)
    contact = contacts.get(store, str(data["contact_uuid"])) if data.get("contact_uuid") else None
    with store.write() as conn:
        if conn.execute("SELECT 1 FROM contact_identifiers WHERE value = ?", (value,)).fetchone():
            raise ApiError(400, "Contact identifier already exists.", 60006)
        conn.execute(
            "INSERT INTO contact_identifiers (value, contact_id, name) VALUES (?, ?, ?)",
            (value, contact["id"] if contact else None, (name or "").strip() or "Loyalty Card"),
        )
    return value


def parse_flag(value: Any, field: str, errors: dict[str, str]) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    errors[field] = f"The {field.replace('_', ' ')} field must be true or false."
    return None


def update(store: Store, data: dict[str, Any]) -> str:
    errors: dict[str, str] = {}
    value = _value(data)
    fields: dict[str, Any] = {}
    if "contact_identifier_name" in data:
        name = check_string(data["contact_identifier_name"], "contact_identifier_name", errors)
        if not (name or "").strip() and "contact_identifier_name" not in errors:
            errors["contact_identifier_name"] = "The contact identifier name must not be empty."
        fields["name"] = (name or "").strip()
    if "contact_identifier_active" in data:
        fields["active"] = parse_flag(data["contact_identifier_active"], "contact_identifier_active", errors)
    if errors:
        raise invalid(errors)
    get(store, value)
    with store.write() as conn:
        for column, new in fields.items():
            conn.execute(f"UPDATE contact_identifiers SET {column} = ? WHERE value = ?", (new, value))
    return value


# --- JSON ------------------------------------------------------------------------


def as_json(store: Store, row: sqlite3.Row) -> dict:
    contact = None
    if row["contact_id"] is not None:
        owner = store.one("SELECT uuid, email FROM contacts WHERE id = ?", (row["contact_id"],))
        contact = {"uuid": owner["uuid"], "email": owner["email"]} if owner else None
    return {"name": row["name"], "value": row["value"], "active": bool(row["active"]), "contact": contact}


def _answer(store: Store, value: str) -> tuple[int, Any]:
    return 200, envelope(as_json(store, get(store, value)))


# --- Routes ------------------------------------------------------------------------


@route("GET", "contacts/{id}/contact-identifiers")
def contact_identifiers(store, data, args):
    contact = contacts.get(store, args[0])
    rows = store.all("SELECT * FROM contact_identifiers WHERE contact_id = ? ORDER BY value", (contact["id"],))
    return 200, envelope([as_json(store, row) for row in rows])


@route("GET", "contact-identifiers/find", register=True)
def find_route(store, data, args):
    return 200, envelope(as_json(store, find(store, data)))


@route("PUT", "contact-identifiers/link")
def link_route(store, data, args):
    return _answer(store, link(store, data))


@route("POST", "contact-identifiers", register=True)
def create_route(store, data, args):
    return _answer(store, create(store, data))


@route("PUT", "contact-identifiers")
def update_route(store, data, args):
    return _answer(store, update(store, data))
