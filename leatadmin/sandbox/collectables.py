"""Collectable rewards: physical rewards a contact claimed (a reward reception)
and has yet to pick up at a shop. They are the reward receptions in
`transactions` with their `collected` flag; collecting or undoing it changes
neither credits nor balances.

`GET collectable-rewards?contact_uuid=` (1003 without it, 55031 unknown)
lists the contact's physical reward receptions that are not collected, not
reversed and not expired, newest first, each with its contact and credit
balance (as captured; `meta` is `{}`). `PUT collectable-rewards/collect/{uuid}`
takes the reward reception's uuid and marks it collected; Leat's page gives
80300 for "Reward not found." (an unknown uuid, or one that is no reward
reception or was reversed) and for "Reward is expired."; collecting it twice
is 1003 (the sandbox's wording). `POST collectable-rewards/{uuid}/reverse`
makes a collected one waiting again; the captured answer still shows
`has_been_collected: true` (the reward as it was collected), so the sandbox
answers that way too: the list tells it is waiting again. Reversing one that
is not collected is 1003.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from . import contact_rows, transactions
from .checks import require
from .counter_db import clock_now
from .db import Store
from .errors import ApiError, invalid
from .routes import envelope, route

CLAIMED = "t.type = 'reward_reception' AND r.reward_type = 'PHYSICAL' AND t.reversed_by_id IS NULL AND t.reverses_id IS NULL"


def expires_at(row: sqlite3.Row) -> str | None:
    if not row["expiration_days"]:
        return None
    return (dt.datetime.fromisoformat(row["created_at"]) + dt.timedelta(days=row["expiration_days"])).isoformat()


def waiting(store: Store, contact_id: int) -> list[sqlite3.Row]:
    rows = store.all(f"{transactions.SELECT} WHERE t.contact_id = ? AND t.collected = 0 AND {CLAIMED} ORDER BY t.created_at DESC, t.id DESC", (contact_id,))
    now = clock_now(store)
    return [row for row in rows if (expires_at(row) or "9999") > now]


def _claimed(conn: sqlite3.Connection, uuid: str) -> sqlite3.Row:
    row = conn.execute(f"{transactions.SELECT} WHERE t.uuid = ? AND {CLAIMED}", (uuid,)).fetchone()
    if row is None:
        raise ApiError(400, "Reward not found.", 80300)
    return row


def collect(store: Store, uuid: str) -> int:
    with store.write() as conn:
        row = _claimed(conn, uuid)
        if row["collected"]:
            raise invalid({"loyalty_transaction_uuid": "The reward has already been collected."})
        if (expires_at(row) or "9999") <= clock_now(store):
            raise ApiError(400, "Reward is expired.", 80300)
        conn.execute("UPDATE transactions SET collected = 1 WHERE id = ?", (row["id"],))
        return row["id"]


def reverse(store: Store, uuid: str) -> dict:
    """Answers with the reward as it was collected (as captured), then makes it wait again."""
    with store.write() as conn:
        row = _claimed(conn, uuid)
        if not row["collected"]:
            raise invalid({"collectable_reward_redemption_uuid": "The reward has not been collected."})
        answer = as_json(row, conn.execute("SELECT * FROM contacts WHERE id = ?", (row["contact_id"],)).fetchone(), with_balance=False)
        conn.execute("UPDATE transactions SET collected = 0 WHERE id = ?", (row["id"],))
        return answer


# --- JSON ------------------------------------------------------------------------


def as_json(row: sqlite3.Row, contact: sqlite3.Row | None, *, with_balance: bool) -> dict:
    """As captured: the list's contact carries its credit balance, a collect answer's does not."""
    person = None
    if contact is not None:
        person = {"uuid": contact["uuid"], "email": contact["email"]}
        if with_balance:
            person["credit_balance"] = {"id": contact["id"], "balance": contact["credit_balance"]}
    return {
        "contact": person,
        "created_at": row["created_at"],
        "uuid": row["uuid"],
        "title": row["reward_title"],
        "reward": transactions._reward(row),
        "expires_at": expires_at(row),
        "has_been_collected": bool(row["collected"]),
    }


# --- Routes ------------------------------------------------------------------------


@route("GET", "collectable-rewards")
def list_route(store, data, args):
    errors: dict[str, str] = {}
    require(data, ("contact_uuid",), errors)
    if errors:
        raise invalid(errors)
    contact = contact_rows.get(store, str(data["contact_uuid"]))
    return 200, envelope([as_json(row, contact, with_balance=True) for row in waiting(store, contact["id"])], {})


@route("PUT", "collectable-rewards/collect/{id}")
def collect_route(store, data, args):
    transaction_id = collect(store, args[0])
    row = store.one(f"{transactions.SELECT} WHERE t.id = ?", (transaction_id,))
    return 200, envelope(as_json(row, store.one("SELECT * FROM contacts WHERE id = ?", (row["contact_id"],)), with_balance=False), {})


@route("POST", "collectable-rewards/{id}/reverse")
def reverse_route(store, data, args):
    return 200, envelope(reverse(store, args[0]), {})
