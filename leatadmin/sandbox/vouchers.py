"""Vouchers: the list (filtered, paged like Laravel with `per_page` a string,
newest first), making one or a batch from a promotion, finding one by its
code, reading one, and activating or deactivating it. Locking, releasing and
redeeming are in `voucher_use`.

A voucher's `status` is worked out from its facts and the store's clock
(`status_sql`), in this order: REDEEMED, DEACTIVATED, EXPIRED (its
expiration date has passed), INACTIVE (its activation date has not come),
LOCKED (a lock less than an hour old), else ACTIVE. Its `name` and
`description` are its promotion's; its `attributes` the promotion's custom
attributes, as captured. Codes are matched exactly as stored: what staff
type is normalised by the app.

Leat's codes (its vouchers page): 1003 (with per-field messages), 80002
promotion not found, 80003 a code that exists, 80004 voucher not found,
80008 the promotion's `voucher_limit` or `limit_per_contact` reached, 55031
contact not found, and the sandbox's 80020 for a promotion that ended.
`GET vouchers/{uuid}` is neither captured nor on Leat's page; it answers as
`vouchers/find` does. Changing the status of a redeemed voucher is 1003, and
so is a new expiration date for one that is not ACTIVE or INACTIVE (the page:
"only for inactive and active Vouchers").
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import string
from typing import Any
from zoneinfo import ZoneInfo

from . import contact_rows, promotions
from .checks import check_string, parse_when, parse_whole, require
from .counter_db import clock_now, clock_time
from .db import Store, new_uuid
from .errors import ApiError, invalid
from .laravel_pages import page_answer
from .routes import envelope, route

STATUSES = ("ACTIVE", "REDEEMED", "EXPIRED", "DEACTIVATED", "INACTIVE", "LOCKED")
CODE_ALPHABET = string.ascii_uppercase + string.digits
ACCOUNT_TIME_ZONE = ZoneInfo("Europe/Amsterdam")  # the batch's `created_at` is local, as captured
_codes = random.SystemRandom()


def status_sql(alias: str = "v") -> str:
    """The status as SQL; the query binds `:now` (the store's clock)."""
    a = alias
    return (
        f"CASE WHEN {a}.redeemed_at IS NOT NULL THEN 'REDEEMED' WHEN {a}.deactivated THEN 'DEACTIVATED'"
        f" WHEN {a}.expiration_date IS NOT NULL AND {a}.expiration_date <= :now THEN 'EXPIRED'"
        f" WHEN {a}.activation_date IS NOT NULL AND {a}.activation_date > :now THEN 'INACTIVE'"
        f" WHEN EXISTS (SELECT 1 FROM voucher_locks l WHERE l.voucher_id = {a}.id AND l.unlocked_at IS NULL AND l.system_release_at > :now)"
        " THEN 'LOCKED' ELSE 'ACTIVE' END"
    )


SELECT = f"SELECT v.*, {status_sql()} AS status, c.uuid AS contact_uuid, c.email AS contact_email FROM vouchers v LEFT JOIN contacts c ON c.id = v.contact_id"


def not_found() -> ApiError:
    return ApiError(400, "Voucher not found.", 80004)


def one(conn: sqlite3.Connection, now: str, where: str, value: Any) -> sqlite3.Row:
    row = conn.execute(f"{SELECT} WHERE {where} = :value", {"now": now, "value": value}).fetchone()
    if row is None:
        raise not_found()
    return row


def get(store: Store, uuid: str) -> sqlite3.Row:
    with store.connection() as conn:
        return one(conn, clock_now(store), "v.uuid", uuid)


def find(store: Store, data: dict[str, Any]) -> sqlite3.Row:
    errors: dict[str, str] = {}
    require(data, ("code",), errors)
    code = check_string(data.get("code"), "code", errors)
    if errors:
        raise invalid(errors)
    with store.connection() as conn:
        return one(conn, clock_now(store), "v.code", code)


def new_code(conn: sqlite3.Connection, rng: random.Random = _codes) -> str:
    """Leat's generated codes look like `VTESCW2CT`: V and eight capitals or digits."""
    while True:
        code = "V" + "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        if conn.execute("SELECT 1 FROM vouchers WHERE code = ?", (code,)).fetchone() is None:
            return code


def _custom_attributes(value: Any, errors: dict[str, str]) -> dict[str, Any]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        errors["custom_attributes"] = "The custom attributes must be an array."
        return {}
    for name in value:
        if name not in promotions.ATTRIBUTES:
            errors[f"custom_attributes.{name}"] = f"The attribute {name} does not exist."
    return dict(value)


def create(store: Store, data: dict[str, Any], *, batch: bool = False) -> list[int]:
    """One voucher (`POST vouchers`) or `quantity` of them (`POST vouchers/batch`); their ids."""
    errors: dict[str, str] = {}
    require(data, ("promotion_uuid", "quantity") if batch else ("promotion_uuid",), errors)
    quantity = parse_whole(data.get("quantity"), "quantity", errors, minimum=1) if batch else 1
    if batch and quantity is not None and quantity > 500:
        errors["quantity"] = "The quantity may not be greater than 500."
    code = None if batch else check_string(data.get("code"), "code", errors)
    activation = parse_when(data.get("activation_date"), "activation_date", errors)
    expiration = parse_when(data.get("expiration_date"), "expiration_date", errors)
    if activation and expiration and expiration <= activation:
        errors["expiration_date"] = "The expiration date must be a date after activation date."
    custom = _custom_attributes(data.get("custom_attributes"), errors)
    if errors:
        raise invalid(errors)
    promotion = promotions.get(store, str(data["promotion_uuid"]))
    contact = contact_rows.get(store, str(data["contact_uuid"])) if data.get("contact_uuid") else None
    if not promotion["active"]:
        raise ApiError(400, "Promotion is inactive.", 80020)
    now = clock_time(store)
    if activation is None:
        activation = now.isoformat()
    if expiration is None and promotion["expiration_duration"]:
        expiration = (dt.datetime.fromisoformat(activation) + dt.timedelta(seconds=promotion["expiration_duration"])).isoformat()
    values = {**promotions.attributes(promotion), **custom}
    with store.write() as conn:
        if code and conn.execute("SELECT 1 FROM vouchers WHERE code = ?", (code,)).fetchone():
            raise ApiError(400, "Voucher already exists.", 80003)
        (made,) = conn.execute("SELECT count(*) FROM vouchers WHERE promotion_id = ?", (promotion["id"],)).fetchone()
        if promotion["voucher_limit"] is not None and made + quantity > promotion["voucher_limit"]:
            raise ApiError(400, "Voucher limit reached.", 80008)
        if contact is not None and promotion["limit_per_contact"] is not None:
            (theirs,) = conn.execute("SELECT count(*) FROM vouchers WHERE promotion_id = ? AND contact_id = ?", (promotion["id"], contact["id"])).fetchone()
            if theirs + quantity > promotion["limit_per_contact"]:
                raise ApiError(400, "Voucher limit reached.", 80008)
        return [
            conn.execute(
                "INSERT INTO vouchers (uuid, code, promotion_id, contact_id, activation_date, expiration_date, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (new_uuid(), code or new_code(conn), promotion["id"], contact["id"] if contact else None, activation, expiration, json.dumps(values), now.isoformat()),
            ).lastrowid
            for _ in range(quantity)
        ]


def update(store: Store, uuid: str, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    status = data.get("status")
    if status not in (None, "") and status not in ("ACTIVE", "DEACTIVATED"):
        errors["status"] = "The selected status is invalid. Options are ACTIVE and DEACTIVATED."
    expiration = parse_when(data.get("expiration_date"), "expiration_date", errors)
    custom = _custom_attributes(data.get("custom_attributes"), errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        voucher = one(conn, clock_now(store), "v.uuid", uuid)
        if voucher["status"] == "REDEEMED" and (status or expiration):
            raise invalid({"status" if status else "expiration_date": "A redeemed voucher cannot be changed."})
        if expiration and voucher["status"] not in ("ACTIVE", "INACTIVE"):
            raise invalid({"expiration_date": "The expiration date can only be changed for active and inactive vouchers."})
        fields: dict[str, Any] = {}
        if status:
            fields["deactivated"] = int(status == "DEACTIVATED")
        if expiration:
            fields["expiration_date"] = expiration
        if custom:
            fields["attributes"] = json.dumps({**json.loads(voucher["attributes"]), **custom})
        for column, value in fields.items():
            conn.execute(f"UPDATE vouchers SET {column} = ? WHERE id = ?", (value, voucher["id"]))
        return voucher["id"]


def listed(store: Store, params: dict[str, Any]) -> tuple[list[sqlite3.Row], int, int, int]:
    errors: dict[str, str] = {}
    page = parse_whole(params.get("page"), "page", errors, minimum=1) or 1
    limit = parse_whole(params.get("limit"), "limit", errors, minimum=0)
    if limit is not None and limit > 500:
        errors["limit"] = "The limit may not be greater than 500."
    status = params.get("status") or None
    if status is not None and status not in STATUSES:
        errors["status"] = "The selected status is invalid. Options are " + ", ".join(STATUSES) + "."
    if errors:
        raise invalid(errors)
    limit = limit or 30
    where, args = [], {"now": clock_now(store)}
    if params.get("promotion_uuid"):
        where.append("v.promotion_id = :promotion")
        args["promotion"] = promotions.get(store, str(params["promotion_uuid"]))["id"]
    if params.get("contact_uuid"):
        where.append("v.contact_id = :contact")
        args["contact"] = contact_rows.get(store, str(params["contact_uuid"]))["id"]
    if status:
        where.append(f"({status_sql()}) = :status")
        args["status"] = status
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    with store.connection() as conn:
        (total,) = conn.execute(f"SELECT count(*) FROM vouchers v {clause}", args).fetchone()
        rows = conn.execute(f"{SELECT} {clause} ORDER BY v.id DESC LIMIT :limit OFFSET :offset", {**args, "limit": limit, "offset": (page - 1) * limit}).fetchall()
    return rows, page, limit, total


# --- JSON ------------------------------------------------------------------------


def as_json(row: sqlite3.Row, promotion: sqlite3.Row) -> dict:
    """A voucher as `vouchers/find`, `PUT vouchers/{uuid}` and `vouchers/redeem` answer it (captured)."""
    return {
        "uuid": row["uuid"],
        "code": row["code"],
        "status": row["status"],
        "name": promotion["name"],
        "description": promotion["description"],
        "expiration_date": row["expiration_date"],
        "activation_date": row["activation_date"],
        "redeemed_at": row["redeemed_at"],
        "is_redeemed": row["redeemed_at"] is not None,
        "attributes": {name: json.loads(row["attributes"] or "{}").get(name) for name in promotions.ATTRIBUTES},
        "contact": None if row["contact_uuid"] is None else {"uuid": row["contact_uuid"], "email": row["contact_email"]},
        "promotion": promotions.nested_json(promotion),
    }


def answers(store: Store, rows: list[sqlite3.Row]) -> list[dict]:
    by_id = {row["id"]: row for row in store.all("SELECT * FROM promotions")}
    return [as_json(row, by_id[row["promotion_id"]]) for row in rows]


def answer(store: Store, voucher_id: int) -> tuple[int, Any]:
    with store.connection() as conn:
        row = one(conn, clock_now(store), "v.id", voucher_id)
    return 200, envelope(answers(store, [row])[0])


# --- Routes ------------------------------------------------------------------------


@route("GET", "vouchers", register=True)
def list_route(store, data, args):
    rows, page, limit, total = listed(store, data)
    return 200, page_answer(answers(store, rows), "vouchers", page=page, per_page=limit, total=total)


@route("POST", "vouchers", register=True)
def create_route(store, data, args):
    """No capture: answered like `vouchers/find`, with 200 as Leat's other creates."""
    return answer(store, create(store, data)[0])


@route("POST", "vouchers/batch")
def batch_route(store, data, args):
    """Leat queues a batch (`PENDING`); the sandbox makes the vouchers at once."""
    made = create(store, data, batch=True)
    created = clock_time(store).astimezone(ACCOUNT_TIME_ZONE).strftime("%Y-%m-%d, %H:%M")
    return 201, envelope({"uuid": new_uuid(), "type": "vouchers", "quantity": len(made), "status": "PENDING", "created_at": created})


@route("GET", "vouchers/find", register=True)
def find_route(store, data, args):
    return 200, envelope(answers(store, [find(store, data)])[0])


@route("GET", "vouchers/{id}")
def show_route(store, data, args):
    return 200, envelope(answers(store, [get(store, args[0])])[0])


@route("PUT", "vouchers/{id}")
def update_route(store, data, args):
    return answer(store, update(store, args[0], data))
