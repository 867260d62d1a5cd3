"""Using a voucher at the till: lock it, redeem it (exactly once), or release
the lock when the redemption did not go through.

Leat's vouchers page, as the sandbox follows it:

* Locking answers a `release_key`; the lock holds for an hour
  (`system_release_at`), after which the voucher is ACTIVE again by itself.
  A voucher that is redeemed (80005), deactivated (80012), expired (80006),
  not active yet (80014) or locked already (80017) cannot be locked.
* Releasing takes the `release_key` (1003 without it, or with one that is not
  this voucher's); a voucher that is redeemed (80005) or expired (80006)
  cannot be released. Releasing twice answers the same lock again.
* Redeeming takes the `code` and a `shop_uuid` (1008 for an unknown shop);
  a voucher with no contact needs a `contact_uuid` (which it then belongs
  to), one with a contact accepts only that contact's (both 1003, the
  sandbox's wording). Refused: unknown code 80004, redeemed 80005,
  deactivated 80012, expired 80006, not active yet 80014, its promotion
  ended 80020, and locked without that lock's `release_key` 80017. With the
  key, redeeming releases the lock. Leat's redeem answer (captured) carries
  no shop; the sandbox keeps it.

Messages are the page's, its typo included ("Voucher code as already been
redeemed.").
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from . import contact_rows, shops, vouchers
from .checks import check_string, require
from .counter_db import clock_now, clock_time
from .db import Store, new_uuid
from .errors import ApiError, invalid
from .routes import envelope, route

LOCK_HOURS = 1

REFUSALS = {
    "REDEEMED": (80005, "Voucher code as already been redeemed."),
    "DEACTIVATED": (80012, "Voucher is deactivated."),
    "EXPIRED": (80006, "Voucher has expired."),
    "INACTIVE": (80014, "Voucher is inactive."),
    "LOCKED": (80017, "Voucher is already locked."),
}


def refuse(status: str) -> ApiError:
    code, message = REFUSALS[status]
    return ApiError(400, message, code)


def held_lock(conn: sqlite3.Connection, voucher_id: int, now: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM voucher_locks WHERE voucher_id = ? AND unlocked_at IS NULL AND system_release_at > ? ORDER BY id DESC LIMIT 1", (voucher_id, now)
    ).fetchone()


def lock(store: Store, uuid: str) -> int:
    with store.write() as conn:
        now = clock_now(store)
        voucher = vouchers.one(conn, now, "v.uuid", uuid)
        if voucher["status"] != "ACTIVE":
            raise refuse(voucher["status"])
        release_at = (clock_time(store) + dt.timedelta(hours=LOCK_HOURS)).isoformat()
        return conn.execute(
            "INSERT INTO voucher_locks (voucher_id, release_key, locked_at, system_release_at) VALUES (?, ?, ?, ?)", (voucher["id"], new_uuid(), now, release_at)
        ).lastrowid


def release(store: Store, uuid: str, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("release_key",), errors)
    key = check_string(data.get("release_key"), "release_key", errors)
    if errors:
        raise invalid(errors)
    with store.write() as conn:
        now = clock_now(store)
        voucher = vouchers.one(conn, now, "v.uuid", uuid)
        if voucher["status"] in ("REDEEMED", "EXPIRED"):
            raise refuse(voucher["status"])
        found = conn.execute("SELECT * FROM voucher_locks WHERE voucher_id = ? AND release_key = ?", (voucher["id"], key)).fetchone()
        if found is None:
            raise invalid({"release_key": "The release key is invalid."})
        if found["unlocked_at"] is None:
            if found["system_release_at"] > now:
                conn.execute("UPDATE voucher_locks SET unlocked_at = ?, system_release_at = NULL WHERE id = ?", (now, found["id"]))
            else:  # the hour had passed: the system released it then
                conn.execute("UPDATE voucher_locks SET unlocked_at = system_release_at WHERE id = ?", (found["id"],))
        return found["id"]


def redeem(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("code", "shop_uuid"), errors)
    code = check_string(data.get("code"), "code", errors)
    key = check_string(data.get("release_key"), "release_key", errors)
    if errors:
        raise invalid(errors)
    shop = shops.get(store, str(data["shop_uuid"]))
    contact = contact_rows.get(store, str(data["contact_uuid"])) if data.get("contact_uuid") else None
    with store.write() as conn:
        now = clock_now(store)
        voucher = vouchers.one(conn, now, "v.code", code)
        status = voucher["status"]
        if status in ("REDEEMED", "DEACTIVATED", "EXPIRED", "INACTIVE"):
            raise refuse(status)
        if not conn.execute("SELECT active FROM promotions WHERE id = ?", (voucher["promotion_id"],)).fetchone()["active"]:
            raise ApiError(400, "Promotion is inactive.", 80020)
        held = held_lock(conn, voucher["id"], now)
        if held is not None and held["release_key"] != key:
            raise refuse("LOCKED")
        owner = voucher["contact_id"]
        if owner is None and contact is None:
            raise invalid({"contact_uuid": "The contact uuid field is required when the voucher has no contact."})
        if owner is not None and contact is not None and contact["id"] != owner:
            raise invalid({"contact_uuid": "The voucher belongs to another contact."})
        conn.execute(
            "UPDATE vouchers SET redeemed_at = ?, redeemed_shop_id = ?, redemption_uuid = ?, contact_id = ? WHERE id = ?",
            (now, shop["id"], new_uuid(), owner if owner is not None else contact["id"], voucher["id"]),
        )
        if held is not None:
            conn.execute("UPDATE voucher_locks SET unlocked_at = ?, system_release_at = NULL WHERE id = ?", (now, held["id"]))
        return voucher["id"]


# --- JSON ------------------------------------------------------------------------


def lock_answer(store: Store, lock_id: int) -> tuple[int, Any]:
    """`{voucher: {uuid, status}, lock: {release_key, locked_at, unlocked_at, system_release_at}}`, as captured."""
    row = store.one("SELECT * FROM voucher_locks WHERE id = ?", (lock_id,))
    voucher = vouchers.get(store, store.one("SELECT uuid FROM vouchers WHERE id = ?", (row["voucher_id"],))["uuid"])
    return 200, envelope({
        "voucher": {"uuid": voucher["uuid"], "status": voucher["status"]},
        "lock": {"release_key": row["release_key"], "locked_at": row["locked_at"], "unlocked_at": row["unlocked_at"], "system_release_at": row["system_release_at"]},
    })


# --- Routes ------------------------------------------------------------------------


@route("POST", "vouchers/{id}/lock")
def lock_route(store, data, args):
    return lock_answer(store, lock(store, args[0]))


@route("POST", "vouchers/{id}/release")
def release_route(store, data, args):
    return lock_answer(store, release(store, args[0], data))


@route("POST", "vouchers/redeem", register=True)
def redeem_route(store, data, args):
    return vouchers.answer(store, redeem(store, data))
