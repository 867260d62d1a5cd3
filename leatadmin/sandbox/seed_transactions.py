"""The demo's transactions, drawn for one contact at a time: loyalty
transactions and prepaid top-ups and payments that add up to the
contact's balance. Apart from `seed` (which shops, tiers, contacts, visits
and bookings there are) because these are the rules a contact's history
follows; `seed` passes in its random streams and its `NOW`, so the same
data comes out every time.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass

from .db import seeded_uuid, stamp


@dataclass
class Account:
    """What a contact's transactions draw on."""

    contact_id: int
    card: str | None = None  # the loyalty card some transactions were made with


def loyalty_transactions(
    rng: random.Random, account: Account, shop_ids: list[int], rewards: list[tuple[int, int]], count: int, start: dt.datetime, *, now: dt.datetime,
) -> list[tuple]:
    """Credit receptions, rewards spent from them when the balance allows, and
    now and then a partial refund (a negative credit reception).

    Transactions carry Leat's signs: reward receptions are negative, and some
    credit receptions are negative too (partial refunds). Those made with a
    loyalty card name it (`contact_identifier`)."""
    rows, balance = [], 0
    step = (now - start) / max(count, 1)
    for n in range(count):
        moment = start + step * n + dt.timedelta(minutes=rng.randint(0, 59))
        card = account.card if account.card and n % 3 == 0 else None
        reward_id, cost = rng.choice(rewards)
        if n % 7 == 6 and balance >= cost:
            rows.append((seeded_uuid(rng), account.contact_id, "reward_reception", -cost, rng.choice(shop_ids), None, reward_id, int(n % 2 == 0), card, stamp(moment)))
            balance -= cost
        elif n % 11 == 10 and balance >= 5:
            refund = -rng.randint(1, min(balance, 20))  # part of an earlier purchase returned
            rows.append((seeded_uuid(rng), account.contact_id, "credit_reception", refund, rng.choice(shop_ids), f"{refund / 2:.2f}", None, 0, card, stamp(moment)))
            balance += refund
        else:
            amount = rng.choice([250, 375, 450, 520, 680, 1150, 2300])  # cents spent
            credits = amount // 50
            rows.append((seeded_uuid(rng), account.contact_id, "credit_reception", credits, rng.choice(shop_ids), f"{amount / 100:.2f}", None, 0, card, stamp(moment)))
            balance += credits
    return rows


def insert_transactions(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Rows go in with `executemany`, so the 100,000-transaction account seeds in seconds."""
    conn.executemany(
        "INSERT INTO transactions (uuid, contact_id, type, credits, shop_id, unit_value, reward_id, collected, contact_identifier, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_prepaid(
    conn: sqlite3.Connection, rng: random.Random, contact_id: int, balance: int, created: dt.datetime, card: str | None, shop_ids: list[int], *, now: dt.datetime,
) -> None:
    """Top-ups and payments whose sum is `balance` (cents), oldest first, each with the balance it left."""
    spends = [-rng.choice([250, 450, 500, 750, 1250]) for _ in range(rng.randint(0, 3))]
    first_top_up = balance - sum(spends)
    amounts = [first_top_up, *spends]
    if first_top_up >= 2000 and rng.random() < 0.5:  # topped up twice
        half = first_top_up // 2 // 100 * 100
        amounts = [half, first_top_up - half, *spends]
    step = (now - created) / (len(amounts) + 1)
    running = 0
    for n, amount in enumerate(amounts):
        running += amount
        conn.execute(
            "INSERT INTO prepaid_transactions (uuid, contact_id, shop_id, amount_cents, balance_after_cents, contact_identifier, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (seeded_uuid(rng), contact_id, rng.choice(shop_ids), amount, running, card if card and rng.random() < 0.5 else None, stamp(created + step * (n + 1))),
        )
