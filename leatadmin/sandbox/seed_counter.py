"""The counter's demo data: promotions (active and ended), vouchers in every
status, gift card programs, physical and digital gift cards with their
transactions (docs/sandbox.md lists the codes and numbers to try).

Seeded last, from a random stream of its own, into tables of its own: every
other table's rows, uuids and transactions stay exactly as they were
(`tests/sandbox/test_counter_seed.py` compares them with a seed without this
step). So anna's rewards waiting to be collected are the ones the seed
already gave her (reward receptions not collected, some of rewards that
never expire): adding receptions would change her 1,200 transactions.

Dates are fixed (the demo's `NOW`, or far ahead for what must stay usable),
except the one locked voucher: a lock lasts an hour, so it is locked at the
moment of seeding (`locked_at`) and is ACTIVE again an hour later.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3

from .db import seeded_uuid, stamp
from .vouchers import new_code

DAY = 86400
FAR = "2031-12-31T23:00:00+00:00"
# (name, description, voucher_limit, limit_per_contact, expiration_duration seconds, active, plu)
PROMOTIONS = [
    ("Welcome coffee", "A free coffee of choice for new members", None, 1, 30 * DAY, True, "PLU-1001"),
    ("10% off coffee beans", "Ten percent off a bag of beans", 500, None, 90 * DAY, True, "PLU-2040"),
    ("Birthday treat", "A pastry of choice on your birthday", None, 1, 14 * DAY, True, "PLU-1107"),
    ("Goodwill: free pastry", "Given by customer service to make up for something", None, None, None, True, "PLU-1100"),
    ("Launch weekend Leiden", "Two for one at the opening of Leiden Breestraat", 3, 1, None, True, None),
    ("Summer festival 2026", "An iced latte at the festival bar", 200, None, None, False, "PLU-3300"),
]
# anna's vouchers: (code, promotion, activation, expiration, what happened). One in every status.
ANNA_VOUCHERS = [
    ("VQ7HM2KXP", "Goodwill: free pastry", "2026-10-20T10:00:00+00:00", None, "active"),
    ("BEANS-ANNA-10", "10% off coffee beans", "2026-10-01T08:00:00+00:00", FAR, "active"),
    ("VR4TN8WQE", "Birthday treat", "2031-03-14T00:00:00+00:00", "2031-03-28T00:00:00+00:00", "active"),  # not active until then: INACTIVE
    ("VX2BK9LMD", "10% off coffee beans", "2026-03-01T08:00:00+00:00", "2026-05-30T08:00:00+00:00", "active"),  # EXPIRED
    ("VH6PC3ZRA", "Welcome coffee", "2026-10-14T09:00:00+00:00", "2026-11-13T09:00:00+00:00", "redeemed"),
    ("VD9WF5TNJ", "10% off coffee beans", "2026-09-01T08:00:00+00:00", FAR, "deactivated"),
    ("VL3QJ7HXS", "Goodwill: free pastry", "2026-10-25T12:00:00+00:00", None, "locked"),
]
ANNA_REDEEMED = ("2026-10-28T09:14:00+00:00", "Leat Coffee Utrecht Oudegracht")
FLYERS = ("FLYER-2026-0042", "FLYER-2026-0043")  # printed, no contact yet: redeeming one needs a contact

# (name, active, expiration_days, max_amount_in_cents)
PROGRAMS = [("Leat Coffee gift card", True, 730, 15000), ("Leat Coffee e-gift card", True, 365, 25000), ("Christmas 2024", False, None, None)]
# (id, hash, program, type, upgradeable, active, expiration, [(when, cents, shop index, type)], old: transactions without uuid)
CARDS = [
    (41001, "6036821000001234", 0, "PHYSICAL", True, True, "2028-09-12T10:15:00+00:00",
     [("2026-09-12T10:15:00+00:00", 5000, 0, "STANDARD"), ("2026-10-03T14:40:00+00:00", -1250, 2, "STANDARD")], False),
    (41002, "6036821000005678", 0, "PHYSICAL", True, True, "2028-06-01T09:00:00+00:00",
     [("2026-06-01T09:00:00+00:00", 2500, 1, "STANDARD"), ("2026-07-15T16:20:00+00:00", -1800, 1, "STANDARD"), ("2026-08-20T11:05:00+00:00", -700, 3, "STANDARD")], False),
    (41003, "6036821000009012", 0, "PHYSICAL", True, True, "2026-06-30T22:00:00+00:00",
     [("2024-06-30T12:00:00+00:00", 2000, 0, "STANDARD"), ("2025-01-11T10:30:00+00:00", -800, 4, "STANDARD"), ("2026-07-01T00:00:00+00:00", -1200, 0, "EXPIRED")], False),
    (41004, "6036821000003456", 0, "PHYSICAL", True, False, None, [], False),  # never activated
    (41005, "6036821000007890", 0, "PHYSICAL", True, True, "2028-10-10T13:00:00+00:00",
     [("2026-10-10T13:00:00+00:00", 10000, 5, "STANDARD"), ("2026-10-20T15:45:00+00:00", 4000, 5, "STANDARD")], False),
    (41006, "1000042", 0, "PHYSICAL", True, True, None,
     [("2019-12-14T11:00:00+00:00", 2500, 0, "STANDARD"), ("2020-01-08T09:40:00+00:00", -900, 0, "STANDARD"), ("2020-02-22T14:10:00+00:00", -400, 2, "STANDARD")], True),
    (41007, "6036821000002468", 2, "PHYSICAL", False, True, None,
     [("2024-12-20T17:00:00+00:00", 2500, 7, "STANDARD"), ("2025-01-15T12:30:00+00:00", -1000, 7, "STANDARD")], False),
    (41010, "41010", 1, "DIGITAL", False, True, "2030-10-15T08:00:00+00:00", [("2026-10-15T08:00:00+00:00", 2500, 6, "STANDARD")], False),
    (41011, "41011", 1, "DIGITAL", True, True, "2030-11-01T08:00:00+00:00", [], False),
    (41012, "41012", 0, "DIGITAL", True, True, "2028-05-02T19:00:00+00:00",
     [("2026-05-02T19:00:00+00:00", 10000, 6, "STANDARD"), ("2026-06-14T10:10:00+00:00", -2350, 0, "STANDARD"), ("2026-09-03T08:55:00+00:00", -1200, 8, "STANDARD")], False),
]


def add_counter(conn: sqlite3.Connection, rng: random.Random, *, now: dt.datetime, locked_at: dt.datetime) -> dict[str, int]:
    """Insert the counter's demo data; returns how much of each."""
    anna = conn.execute("SELECT id FROM contacts WHERE email = 'anna.devries@example.com'").fetchone()[0]
    people = [row[0] for row in conn.execute("SELECT id FROM contacts WHERE is_anonymous = 0 AND id != ? ORDER BY id", (anna,))]
    shop_ids = [row[0] for row in conn.execute("SELECT id FROM shops ORDER BY id")]
    shop_by_name = {row[1]: row[0] for row in conn.execute("SELECT id, name FROM shops")}
    promotion = {}
    for name, description, limit, per_contact, duration, active, plu in PROMOTIONS:
        promotion[name] = (conn.execute(
            "INSERT INTO promotions (uuid, name, description, voucher_limit, limit_per_contact, expiration_duration, active, attributes, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seeded_uuid(rng), name, description, limit, per_contact, duration, int(active), json.dumps({"plu": plu}), stamp(now - dt.timedelta(days=400))),
        ).lastrowid, plu)

    def voucher(code: str | None, name: str, contact: int | None, activation: str, expiration: str | None, *, redeemed: tuple[str, int] | None = None, deactivated: bool = False) -> int:
        promotion_id, plu = promotion[name]
        return conn.execute(
            "INSERT INTO vouchers (uuid, code, promotion_id, contact_id, activation_date, expiration_date, deactivated, redeemed_at, redeemed_shop_id,"
            " redemption_uuid, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seeded_uuid(rng), code or new_code(conn, rng), promotion_id, contact, activation, expiration, int(deactivated), redeemed[0] if redeemed else None,
             redeemed[1] if redeemed else None, seeded_uuid(rng) if redeemed else None, json.dumps({"plu": plu}), activation),
        ).lastrowid

    for code, name, activation, expiration, happened in ANNA_VOUCHERS:
        redeemed = (ANNA_REDEEMED[0], shop_by_name[ANNA_REDEEMED[1]]) if happened == "redeemed" else None
        made = voucher(code, name, anna, activation, expiration, redeemed=redeemed, deactivated=happened == "deactivated")
        if happened == "locked":
            conn.execute(
                "INSERT INTO voucher_locks (voucher_id, release_key, locked_at, system_release_at) VALUES (?, ?, ?, ?)",
                (made, seeded_uuid(rng), stamp(locked_at), stamp(locked_at + dt.timedelta(hours=1))),
            )
    for code in FLYERS:
        voucher(code, "10% off coffee beans", None, "2026-09-15T08:00:00+00:00", FAR)
    leiden = shop_by_name["Leat Coffee Leiden Breestraat"]
    for n, contact in enumerate(rng.sample(people, 3)):  # its limit of 3 reached
        voucher(None, "Launch weekend Leiden", contact, "2026-10-17T08:00:00+00:00", None, redeemed=(f"2026-10-1{7 + n % 2}T1{n}:30:00+00:00", leiden) if n < 2 else None)
    festival = shop_by_name["Leat Coffee Festival Bar"]
    for n, contact in enumerate(rng.sample(people, 6)):  # the promotion ended
        voucher(None, "Summer festival 2026", contact, "2026-07-01T08:00:00+00:00", "2026-08-31T22:00:00+00:00",
                redeemed=(f"2026-07-1{n}T15:00:00+00:00", festival) if n < 2 else None)
    given = set()  # (contact, promotion): Welcome coffee and Birthday treat are once per contact
    for _ in range(40):
        contact = rng.choice(people)
        name = rng.choice(["Welcome coffee", "10% off coffee beans", "Birthday treat"])
        if (contact, name) in given:
            name = "10% off coffee beans"
        given.add((contact, name))
        start = now - dt.timedelta(days=rng.randint(1, 300), hours=rng.randint(0, 12))
        duration = next(p[4] for p in PROMOTIONS if p[0] == name)
        ends = start + dt.timedelta(seconds=duration)
        used = rng.random() < 0.4 and ends > start + dt.timedelta(days=1)
        redeemed = (stamp(start + (ends - start) * rng.random()), rng.choice(shop_ids)) if used else None
        voucher(None, name, contact, stamp(start), stamp(ends), redeemed=redeemed, deactivated=not used and rng.random() < 0.1)

    programs = [
        conn.execute("INSERT INTO giftcard_programs (uuid, name, active, expiration_days, max_amount_cents) VALUES (?, ?, ?, ?, ?)",
                     (seeded_uuid(rng), name, int(active), days, maximum)).lastrowid
        for name, active, days, maximum in PROGRAMS
    ]
    cards = list(CARDS)
    for n in range(12):  # more cards in circulation, for the list
        start = now - dt.timedelta(days=rng.randint(20, 600))
        amounts = [rng.choice([2500, 5000, 7500, 10000])]
        for _ in range(rng.randint(0, 3)):
            spend = rng.choice([350, 475, 1200, 1850])
            if sum(amounts) >= spend:  # a card never goes below zero
                amounts.append(-spend)
        moves = [(stamp(start + dt.timedelta(days=7 * i, minutes=rng.randint(0, 600))), cents, rng.randrange(len(shop_ids)), "STANDARD") for i, cents in enumerate(amounts)]
        cards.append((41020 + n, f"60368210{rng.randint(10000000, 99999999)}", 0, "PHYSICAL", True, True, stamp(start + dt.timedelta(days=730)), moves, False))
    transactions = 0
    for card_id, card_hash, program, kind, upgradeable, active, expiration, moves, old in cards:
        created = moves[0][0] if moves else stamp(now - dt.timedelta(days=30))
        conn.execute(
            "INSERT INTO giftcards (id, uuid, program_id, type, hash, amount_cents, upgradeable, active, expiration_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (card_id, seeded_uuid(rng), programs[program], kind, card_hash, sum(move[1] for move in moves), int(upgradeable), int(active), expiration, created),
        )
        for when, cents, shop, move_type in moves:
            conn.execute(
                "INSERT INTO giftcard_transactions (uuid, giftcard_id, shop_id, amount_cents, type, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (None if old else seeded_uuid(rng), card_id, shop_ids[shop], cents, move_type, when),
            )
            transactions += 1
    (vouchers,) = conn.execute("SELECT count(*) FROM vouchers").fetchone()
    return {"promotions": len(PROMOTIONS), "vouchers": vouchers, "giftcards": len(cards), "giftcard_transactions": transactions}
