"""Shops: the list for pickers (not paginated) and one shop; and the fuller
shop Leat nests in a loyalty transaction."""

from __future__ import annotations

import sqlite3

from .db import Store
from .errors import shop_not_found
from .routes import envelope, route

# --- Store operations ----------------------------------------------------------


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM shops WHERE uuid = ?", (uuid,))
    if row is None:
        raise shop_not_found()
    return row


def all_by_id(store: Store) -> dict[int, sqlite3.Row]:
    return {row["id"]: row for row in store.all("SELECT * FROM shops")}


def listed(store: Store) -> list[sqlite3.Row]:
    return store.all("SELECT * FROM shops ORDER BY name")


# --- JSON ------------------------------------------------------------------------


def as_json(row: sqlite3.Row) -> dict:
    """`GET shops` and `GET shops/{uuid}`: `reference` may be null."""
    return {"uuid": row["uuid"], "name": row["name"], "type": row["type"], "reference": row["reference"]}


def nested_json(row: sqlite3.Row | None) -> dict | None:
    """The shop inside a loyalty transaction: an id and an address, no reference."""
    if row is None:
        return None
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "type": row["type"],
        "name": row["name"],
        "address": {
            "id": row["id"], "shop_id": row["id"], "street": row["street"], "housenumber": None, "postalcode": None,
            "city": row["city"], "state": None, "country": "NL" if row["city"] else None, "latitude": None,
            "longitude": None, "house_number": None, "postal_code": None,
        },
    }


# --- Routes ------------------------------------------------------------------------


@route("GET", "shops")
def list_shops(store, data, args):
    return 200, envelope([as_json(row) for row in listed(store)], {})


@route("GET", "shops/{id}")
def show_shop(store, data, args):
    return 200, envelope(as_json(get(store, args[0])), {})
