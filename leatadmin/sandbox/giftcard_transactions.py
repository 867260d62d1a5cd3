"""Gift card transactions: the list, booking one (cents: positive tops up,
negative pays), reading one, and correcting the card's last one.

A card's balance (`giftcards.amount_cents`) is the sum of its transactions
and changes with them in one database transaction. Leat's codes, checked in
this order (its transactions page): 1003 (fields; an amount of 0), 5001
unknown card, 1008 unknown shop, 1010 card not activated (`active` false),
5002 expired, 5006 topping up a card that is not `upgradeable` (once it has
been loaded), 5003 below zero ("Insufficient amount on giftcard."), 5008
above the program's `max_amount_in_cents`. An unknown transaction is 5010.

Correcting (`POST giftcard-transactions/{uuid}/correct`, captured; the page
calls it reverse, also served) books the opposite amount at the same shop and
answers with that new transaction. Only the card's last transaction can be
corrected: 55025 "This is not the giftcards last transaction." The new one
is then the last, so correcting the same transaction twice is 55025 too. A
correction obeys the balance rules (5002, 5003, 5008).

The list follows the page and the captures: `perPage` (default 10, at most
100) and `page`, filters `giftcard_hash`, `giftcard_program_uuid`,
`shop_uuid` and `created_at[gt|gte|lt|lte]`, `sort` `created_at` (the
default: oldest first) or `-created_at`, and `meta` `{page, limit,
viewing_from, viewing_to, last_page, total}`. Parameters the page does not
list (`giftcard_uuid`, `limit`) are ignored, as Laravel ignores them. Old
transactions have `uuid: null` (the captured list's are all null): `id`
identifies a transaction in every answer, and they cannot be fetched or
corrected by uuid.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import giftcards, shops, transactions
from .checks import parse_integer, parse_whole, require
from .counter_db import clock_now
from .db import Store, new_uuid
from .errors import ApiError, invalid
from .routes import envelope, route

SORTS = {"created_at": "ASC", "-created_at": "DESC"}


def not_found() -> ApiError:
    return ApiError(400, "Giftcard transaction not found.", 5010)


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM giftcard_transactions WHERE uuid = ?", (uuid,))
    if row is None:
        raise not_found()
    return row


def book(store: Store, conn: sqlite3.Connection, card_id: int, amount: int, *, shop_id: int | None, corrects_id: int | None = None) -> int:
    """Check Leat's rules on the card as it is now, then book and keep the balance."""
    card = conn.execute("SELECT * FROM giftcards WHERE id = ?", (card_id,)).fetchone()
    if not card["active"]:
        raise ApiError(400, "Kaart is niet geactiveerd. | Card is not activated.", 1010)
    if giftcards.expired(store, card):
        raise ApiError(400, "Het bedrag op de kaart is verlopen. | This giftcard has expired.", 5002)
    loaded = conn.execute("SELECT 1 FROM giftcard_transactions WHERE giftcard_id = ? LIMIT 1", (card_id,)).fetchone()
    if corrects_id is None and amount > 0 and not card["upgradeable"] and loaded:
        raise ApiError(400, "Deze giftcard kan niet opgewaardeerd worden. | This giftcard cannot be incremented.", 5006)
    balance = card["amount_cents"] + amount
    if balance < 0:
        raise ApiError(400, "Het bedrag op de kaart is niet toereikend. | Insufficient amount on giftcard.", 5003)
    maximum = conn.execute("SELECT max_amount_cents FROM giftcard_programs WHERE id = ?", (card["program_id"],)).fetchone()[0]
    if amount > 0 and maximum is not None and balance > maximum:
        raise ApiError(400, "Maximale limiet op kaart bereikt. | Max amount will be exceeded.", 5008)
    made = conn.execute(
        "INSERT INTO giftcard_transactions (uuid, giftcard_id, shop_id, amount_cents, corrects_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (new_uuid(), card_id, shop_id, amount, corrects_id, clock_now(store)),
    ).lastrowid
    conn.execute("UPDATE giftcards SET amount_cents = ? WHERE id = ?", (balance, card_id))
    return made


def create(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("giftcard_uuid", "amount_in_cents", "shop_uuid"), errors)
    amount = parse_integer(data.get("amount_in_cents"), "amount_in_cents", errors)
    if amount == 0:
        errors["amount_in_cents"] = "The amount in cents must not be 0."
    if errors:
        raise invalid(errors)
    card = giftcards.get(store, str(data["giftcard_uuid"]))
    shop = shops.get(store, str(data["shop_uuid"]))
    with store.write() as conn:
        return book(store, conn, card["id"], amount, shop_id=shop["id"])


def correct(store: Store, uuid: str) -> int:
    with store.write() as conn:
        row = conn.execute("SELECT * FROM giftcard_transactions WHERE uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise not_found()
        (last,) = conn.execute("SELECT id FROM giftcard_transactions WHERE giftcard_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", (row["giftcard_id"],)).fetchone()
        if last != row["id"]:
            raise ApiError(400, "This is not the giftcards last transaction.", 55025)
        return book(store, conn, row["giftcard_id"], -row["amount_cents"], shop_id=row["shop_id"], corrects_id=row["id"])


def listed(store: Store, params: dict[str, Any]) -> tuple[list[sqlite3.Row], int, int, int]:
    errors: dict[str, str] = {}
    page = parse_whole(params.get("page"), "page", errors, minimum=1) or 1
    per_page = parse_whole(params.get("perPage"), "perPage", errors, minimum=1) or 10
    if per_page > 100:
        errors["perPage"] = "The per page may not be greater than 100."
    sort = params.get("sort") or "created_at"
    if sort not in SORTS:
        errors["sort"] = "The selected sort is invalid. Options are created_at and -created_at."
    dates = transactions._date_filters(params, errors)
    if errors:
        raise invalid(errors)
    where, args = [], []
    if params.get("giftcard_hash"):
        where.append("t.giftcard_id = ?")
        args.append(giftcards.by_hash(store, {"hash": params["giftcard_hash"]})["id"])
    if params.get("giftcard_program_uuid"):
        where.append("t.giftcard_id IN (SELECT id FROM giftcards WHERE program_id = ?)")
        args.append(giftcards.program(store, str(params["giftcard_program_uuid"]))["id"])
    if params.get("shop_uuid"):
        where.append("t.shop_id = ?")
        args.append(shops.get(store, str(params["shop_uuid"]))["id"])
    for operator, moment in dates:
        where.append(f"t.created_at {operator} ?")
        args.append(moment)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    (total,) = store.one(f"SELECT count(*) FROM giftcard_transactions t {clause}", tuple(args))
    order = f"t.created_at {SORTS[sort]}, t.id {SORTS[sort]}"
    rows = store.all(f"{SELECT} {clause} ORDER BY {order} LIMIT ? OFFSET ?", (*args, per_page, (page - 1) * per_page))
    return rows, page, per_page, total


# --- JSON ------------------------------------------------------------------------

SELECT = (
    "SELECT t.*, g.uuid AS card_uuid, s.uuid AS shop_uuid, s.name AS shop_name FROM giftcard_transactions t"
    " JOIN giftcards g ON g.id = t.giftcard_id LEFT JOIN shops s ON s.id = t.shop_id"
)


def as_json(row: sqlite3.Row) -> dict:
    """As captured; `type` is STANDARD, or EXPIRED for a balance written off at expiry."""
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "amount_in_cents": row["amount_cents"],
        "type": row["type"],
        "settled": False,
        "card": {"id": row["giftcard_id"], "uuid": row["card_uuid"]},
        "shop": None if row["shop_uuid"] is None else {"id": row["shop_id"], "uuid": row["shop_uuid"], "name": row["shop_name"]},
        "settlements": [],
        "created_at": row["created_at"],
    }


def answer(store: Store, transaction_id: int) -> tuple[int, Any]:
    return 200, envelope(as_json(store.one(f"{SELECT} WHERE t.id = ?", (transaction_id,))))


# --- Routes ------------------------------------------------------------------------


@route("GET", "giftcard-transactions", register=True)
def list_route(store, data, args):
    rows, page, per_page, total = listed(store, data)
    start = (page - 1) * per_page + 1 if rows else 0
    meta = {
        "page": page, "limit": per_page, "viewing_from": start, "viewing_to": start + len(rows) - 1 if rows else 0,
        "last_page": max(1, -(-total // per_page)), "total": total,
    }
    return 200, envelope([as_json(row) for row in rows], meta)


@route("POST", "giftcard-transactions", register=True)
def create_route(store, data, args):
    return answer(store, create(store, data))


@route("GET", "giftcard-transactions/{id}", register=True)
def show_route(store, data, args):
    return answer(store, get(store, args[0])["id"])


@route("POST", "giftcard-transactions/{id}/correct", register=True)
def correct_route(store, data, args):
    return answer(store, correct(store, args[0]))


@route("POST", "giftcard-transactions/{id}/reverse")
def reverse_route(store, data, args):
    """The page's name for the same thing."""
    return answer(store, correct(store, args[0]))
