"""Gift card programs and gift cards: the programs (name, maximum), the list
of cards, one card by uuid or by its hash (the number or QR code on it), a
new digital card, and sending a card by email. Their transactions are in
`giftcard_transactions`.

Shapes: a card answers as captured (`id`, `uuid`, `type`, `hash`,
`amount_in_cents`, `upgradeable`, `active`, `expiration_date`, `amount` in
euros, a balance `url`, `display_amount` "€1.10", `formatted_expiration_date`
"2024-12-07", its program with `max_amount_in_cents`, and
`giftcard_recipients`). The list (no capture) answers as Leat's page shows:
shorter items and `meta` `{page, per_page, last_page, total}`.

Rules (Leat's pages): a hash is matched exactly as stored (the app normalises
what staff type); only digital cards can be made (`type` 1; 0 is 55021); the
program is optional (the capture's wording; the page says required): without
one the first active program is used; an unknown program is 1100, an ended
one 1003 (the sandbox's choice); a new digital card's `hash` is its `id`, as
captured, and it expires after its program's `expiration_days`. An unknown
card is 5001. Sending by email needs a `contact_uuid` (1003, 55031) and is
recorded as a mail (`GET /__sandbox/mails`, kind `giftcard`); its answer is
the page's `{"message": "success", "data": "Email successfully sent"}`: the
collection's capture for that route is a copy of the create answer (another
card's uuid than the one in its path).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from . import contact_answers, contact_rows
from .checks import page_args, require
from .counter_db import clock_now, clock_time
from .db import Store, new_uuid
from .errors import ApiError, invalid
from .routes import envelope, route

BALANCE_PAGE = "https://giftcards.leat.example/giftcard-balance?hash="
TYPES = {"0": "PHYSICAL", "1": "DIGITAL"}


def card_not_found() -> ApiError:
    return ApiError(400, "Giftcard not found.", 5001)


def program_not_found() -> ApiError:
    return ApiError(400, "Giftcard Program not found.", 1100)


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM giftcards WHERE uuid = ?", (uuid,))
    if row is None:
        raise card_not_found()
    return row


def by_hash(store: Store, data: dict[str, Any]) -> sqlite3.Row:
    errors: dict[str, str] = {}
    require(data, ("hash",), errors)
    if errors:
        raise invalid(errors)
    row = store.one("SELECT * FROM giftcards WHERE hash = ?", (str(data["hash"]),))
    if row is None:
        raise card_not_found()
    return row


def program(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM giftcard_programs WHERE uuid = ?", (uuid,))
    if row is None:
        raise program_not_found()
    return row


def create(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("type",), errors)
    kind = str(data.get("type", "")).strip()
    if kind and kind not in TYPES:
        errors["type"] = "The selected type is invalid."
    if errors:
        raise invalid(errors)
    if TYPES[kind] != "DIGITAL":
        raise ApiError(400, "Only Digital giftcards can by created using the public API.", 55021)
    if data.get("giftcard_program_uuid"):
        chosen = program(store, str(data["giftcard_program_uuid"]))
        if not chosen["active"]:
            raise invalid({"giftcard_program_uuid": "The giftcard program is not active."})
    else:
        chosen = store.one("SELECT * FROM giftcard_programs WHERE active = 1 ORDER BY id LIMIT 1")
        if chosen is None:
            raise program_not_found()
    now = clock_time(store)
    expires = (now + dt.timedelta(days=chosen["expiration_days"])).isoformat() if chosen["expiration_days"] else None
    with store.write() as conn:
        card_id = conn.execute(
            "INSERT INTO giftcards (uuid, program_id, type, hash, expiration_date, created_at) VALUES (?, ?, 'DIGITAL', ?, ?, ?)",
            (new_uuid(), chosen["id"], new_uuid(), expires, now.isoformat()),
        ).lastrowid
        conn.execute("UPDATE giftcards SET hash = ? WHERE id = ?", (str(card_id), card_id))  # a digital card's hash is its id
        return card_id


def send_by_email(store: Store, uuid: str, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    require(data, ("contact_uuid",), errors)
    if errors:
        raise invalid(errors)
    get(store, uuid)
    contact = contact_rows.get(store, str(data["contact_uuid"]))
    with store.write() as conn:
        conn.execute("INSERT INTO mails (contact_id, kind, created_at) VALUES (?, 'giftcard', ?)", (contact["id"], clock_now(store)))


def expired(store: Store, card: sqlite3.Row) -> bool:
    return card["expiration_date"] is not None and card["expiration_date"] <= clock_now(store)


# --- JSON ------------------------------------------------------------------------


def euros(cents: int) -> int | float:
    """As PHP writes a float: 0 and 25 whole, 1.1 with decimals."""
    return cents // 100 if cents % 100 == 0 else cents / 100


def program_json(row: sqlite3.Row, card_count: int) -> dict:
    """An item of `GET giftcard-programs`, as captured."""
    return {
        "id": row["id"], "card_count": card_count, "settles": row["settles"], "uuid": row["uuid"], "name": row["name"], "active": bool(row["active"]),
        "expiration_days": row["expiration_days"], "max_amount_in_cents": row["max_amount_cents"], "min_amount_in_cents": row["min_amount_cents"],
        "calculator_flow": row["calculator_flow"],
    }


def as_json(store: Store, card: sqlite3.Row) -> dict:
    owner = store.one("SELECT * FROM giftcard_programs WHERE id = ?", (card["program_id"],))
    return {
        "id": card["id"],
        "uuid": card["uuid"],
        "type": card["type"],
        "hash": card["hash"],
        "amount_in_cents": card["amount_cents"],
        "upgradeable": bool(card["upgradeable"]),
        "active": bool(card["active"]),
        "expiration_date": card["expiration_date"],
        "amount": euros(card["amount_cents"]),
        "url": BALANCE_PAGE + card["hash"],
        "display_amount": contact_answers.money(card["amount_cents"]),
        "formatted_expiration_date": card["expiration_date"][:10] if card["expiration_date"] else None,
        "giftcard_program": {
            "id": owner["id"], "name": owner["name"], "uuid": owner["uuid"], "max_amount_in_cents": owner["max_amount_cents"],
            "calculator_flow": owner["calculator_flow"], "expiration_days": owner["expiration_days"],
        },
        "giftcard_recipients": [],
    }


def list_item(card: sqlite3.Row) -> dict:
    """An item of `GET giftcards`, as Leat's page shows it."""
    return {
        "uuid": card["uuid"], "type": card["type"], "hash": card["hash"], "expiration_date": card["expiration_date"], "active": bool(card["active"]),
        "upgradeable": bool(card["upgradeable"]), "amount_in_cents": card["amount_cents"],
        "giftcard_program": {"uuid": card["program_uuid"], "name": card["program_name"]},
    }


# --- Routes ------------------------------------------------------------------------


@route("GET", "giftcard-programs")
def list_programs(store, data, args):
    counts = dict(store.all("SELECT program_id, count(*) FROM giftcards GROUP BY program_id"))
    return 200, envelope([program_json(row, counts.get(row["id"], 0)) for row in store.all("SELECT * FROM giftcard_programs ORDER BY id")])


@route("GET", "giftcards")
def list_cards(store, data, args):
    page, limit = page_args(data, default_limit=30, max_limit=100)
    where, params = "", ()
    if data.get("giftcard_program_uuid"):
        where, params = "WHERE g.program_id = ?", (program(store, str(data["giftcard_program_uuid"]))["id"],)
    (total,) = store.one(f"SELECT count(*) FROM giftcards g {where}", params)
    rows = store.all(
        f"SELECT g.*, p.uuid AS program_uuid, p.name AS program_name FROM giftcards g JOIN giftcard_programs p ON p.id = g.program_id {where}"
        " ORDER BY g.id LIMIT ? OFFSET ?",
        (*params, limit, (page - 1) * limit),
    )
    meta = {"page": page, "per_page": limit, "last_page": max(1, -(-total // limit)), "total": total}
    return 200, envelope([list_item(row) for row in rows], meta)


@route("POST", "giftcards", register=True)
def create_route(store, data, args):
    return 200, envelope(as_json(store, store.one("SELECT * FROM giftcards WHERE id = ?", (create(store, data),))))


@route("GET", "giftcards/find-one-by", register=True)
def find_route(store, data, args):
    return 200, envelope(as_json(store, by_hash(store, data)))


@route("GET", "giftcards/{id}")
def show_route(store, data, args):
    return 200, envelope(as_json(store, get(store, args[0])))


@route("POST", "giftcards/{id}/send-by-email")
def send_route(store, data, args):
    send_by_email(store, args[0], data)
    return 200, envelope({"message": "success", "data": "Email successfully sent"}, {})
