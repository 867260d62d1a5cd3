"""Rewards and reward receptions.

`GET rewards` lists every reward (inactive ones with `is_active: false`);
with `contact_uuid` it lists "the claimable rewards" of that contact: active,
in stock and under the contact's claim limit. Whether the contact has the
credits is left to the caller (it has `required_credits` and the balance):
Leat's page does not say the list checks credits, and the reception does
(1017).

A reward reception books minus the reward's cost; its checks follow Leat's
documented codes in this order: 1003, 55031, 1008, 6003, 1052 (inactive),
1018 (stock empty), 1019 (claim limit), 1017 (insufficient credits).

Reversing (docs: "This will create a new Credit Reception with the same data
as initially used, to reissue the credits used") books a credit reception of
the reward's cost and gives the stock back. As for credit receptions, Leat's
captured answer is the reversed reward reception itself. An unknown reward
reception is 1003 about its uuid (Leat's list of codes has no "reward
reception not found").
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import contacts, loyalty, shops, transactions
from .checks import check_string, require, reversible
from .db import Store
from .errors import ApiError, invalid
from .routes import envelope, route

# --- Store operations ----------------------------------------------------------


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM rewards WHERE uuid = ?", (uuid,))
    if row is None:
        raise ApiError(400, "Reward not found.", 6003)
    return row


def claims(conn: Any, contact_id: int, reward_id: int) -> int:
    """Receptions of this reward by this contact that were not reversed."""
    (count,) = conn.execute(
        "SELECT count(*) FROM transactions WHERE contact_id = ? AND reward_id = ? AND type = 'reward_reception' AND reversed_by_id IS NULL",
        (contact_id, reward_id),
    ).fetchone()
    return count


def claimable(store: Store, row: sqlite3.Row, contact_id: int) -> bool:
    with store.connection() as conn:
        return (
            bool(row["active"])
            and (row["stock"] is None or row["stock"] > 0)
            and (row["claim_limit"] is None or claims(conn, contact_id, row["id"]) < row["claim_limit"])
        )


def listed(store: Store, params: dict[str, Any]) -> list[sqlite3.Row]:
    if params.get("shop_uuid"):
        shops.get(store, str(params["shop_uuid"]))
    rows = store.all("SELECT * FROM rewards ORDER BY position, required_credits, id")
    if params.get("contact_uuid"):
        contact = contacts.get(store, str(params["contact_uuid"]))
        rows = [row for row in rows if claimable(store, row, contact["id"])]
    return rows


def create_reception(store: Store, data: dict[str, Any]) -> int:
    errors: dict[str, str] = {}
    require(data, ("contact_uuid", "reward_uuid", "shop_uuid"), errors)
    card_value = check_string(data.get("contact_identifier_value"), "contact_identifier_value", errors)
    if errors:
        raise invalid(errors)
    contact = contacts.get(store, str(data["contact_uuid"]))
    shop = shops.get(store, str(data["shop_uuid"]))
    card_value = loyalty.card(store, card_value, contact["id"])
    with store.write() as conn:
        reward = conn.execute("SELECT * FROM rewards WHERE uuid = ?", (str(data["reward_uuid"]),)).fetchone()
        if reward is None:
            raise ApiError(400, "Reward not found.", 6003)
        if not reward["active"]:
            raise ApiError(400, "Reward is inactive.", 1052)
        if reward["stock"] is not None and reward["stock"] <= 0:
            raise ApiError(400, "The stock on this reward is empty.", 1018)
        if reward["claim_limit"] is not None and claims(conn, contact["id"], reward["id"]) >= reward["claim_limit"]:
            raise ApiError(400, "You have reached your claim limit on this reward.", 1019)
        (balance,) = conn.execute("SELECT credit_balance FROM contacts WHERE id = ?", (contact["id"],)).fetchone()
        if balance < reward["required_credits"]:
            raise ApiError(400, "Onvoldoende punten | Insufficient credits.", 1017)
        made = transactions.book(
            conn, contact["id"], "reward_reception", -reward["required_credits"], shop_id=shop["id"], reward_id=reward["id"], card=card_value
        )
        if reward["stock"] is not None:
            conn.execute("UPDATE rewards SET stock = stock - 1 WHERE id = ?", (reward["id"],))
        transactions.refresh_summary(conn, contact["id"])
        return made


def reverse_reception(store: Store, uuid: str) -> int:
    with store.write() as conn:
        row = conn.execute("SELECT * FROM transactions WHERE uuid = ? AND type = 'reward_reception'", (uuid,)).fetchone()
        if row is None:
            raise invalid({"reward_reception_uuid": "The selected reward reception uuid is invalid."})
        reversible(row, "reward_reception_uuid", "reward reception")
        transactions.book(
            conn, row["contact_id"], "credit_reception", -row["credits"], shop_id=row["shop_id"], card=row["contact_identifier"], reverses_id=row["id"]
        )
        conn.execute("UPDATE rewards SET stock = stock + 1 WHERE id = ? AND stock IS NOT NULL", (row["reward_id"],))
        transactions.refresh_summary(conn, row["contact_id"])
        return row["id"]


# --- JSON ------------------------------------------------------------------------


def as_json(row: sqlite3.Row) -> dict:
    """An item of `GET rewards`, with the keys of Leat's captured list."""
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "title": row["title"],
        "description": row["description"],
        "type": row["reward_type"],
        "reward_type": row["reward_type"],
        "is_active": bool(row["active"]),
        "required_credits": row["required_credits"],
        "media": {"type": "image", "value": row["media_url"]} if row["media_url"] else None,
        "pre_redeemable": False,
        "expiration_duration": row["expiration_days"] * 86400 if row["expiration_days"] else None,
    }


# --- Routes ------------------------------------------------------------------------


@route("GET", "rewards", register=True)
def list_rewards(store, data, args):
    return 200, envelope([as_json(row) for row in listed(store, data)], {})


@route("POST", "reward-receptions", register=True)
def create_reception_route(store, data, args):
    return transactions.answer(store, create_reception(store, data))


@route("POST", "reward-receptions/{id}/reverse", register=True)
def reverse_reception_route(store, data, args):
    return transactions.answer(store, reverse_reception(store, args[0]))
