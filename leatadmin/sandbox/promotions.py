"""Promotions: what vouchers are made from, with their limits.

`GET promotions` lists every promotion, active or not: Leat's captured
answer has no field that says which (`name`, `description`,
`voucher_limit`, `limit_per_contact`, `expiration_duration` in seconds,
`uuid`, and the account's custom promotion `attributes`), so the sandbox
sends none either. It keeps an `active` flag of its own: a promotion that
ended refuses new vouchers with 80020 "Promotion is inactive." (the code
Leat's page gives for redeeming one). The sandbox account has one custom
promotion attribute, `plu` (the till's product code; Leat's page shows a
`plu` too); an unknown promotion is 80002.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .db import Store
from .errors import ApiError
from .routes import envelope, route

#: The sandbox account's custom promotion attributes (Leat copies them onto each voucher).
ATTRIBUTES = ("plu",)


def not_found() -> ApiError:
    return ApiError(400, "Promotion not found.", 80002)


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM promotions WHERE uuid = ?", (uuid,))
    if row is None:
        raise not_found()
    return row


def attributes(row: sqlite3.Row) -> dict[str, Any]:
    stored = json.loads(row["attributes"] or "{}")
    return {name: stored.get(name) for name in ATTRIBUTES}


def as_json(row: sqlite3.Row) -> dict:
    """An item of `GET promotions`, as captured."""
    return {
        "attributes": attributes(row),
        "name": row["name"],
        "description": row["description"],
        "voucher_limit": row["voucher_limit"],
        "limit_per_contact": row["limit_per_contact"],
        "expiration_duration": row["expiration_duration"],
        "uuid": row["uuid"],
    }


def nested_json(row: sqlite3.Row) -> dict:
    """The promotion inside a voucher: its custom attributes flattened into it, as captured."""
    return {
        "uuid": row["uuid"],
        "name": row["name"],
        "description": row["description"],
        "voucher_limit": row["voucher_limit"],
        "limit_per_contact": row["limit_per_contact"],
        "expiration_duration": row["expiration_duration"],
        **attributes(row),
    }


@route("GET", "promotions", register=True)
def list_promotions(store, data, args):
    return 200, envelope([as_json(row) for row in store.all("SELECT * FROM promotions ORDER BY id")])


@route("GET", "promotions/{id}")
def show_promotion(store, data, args):
    return 200, envelope(as_json(get(store, args[0])))
