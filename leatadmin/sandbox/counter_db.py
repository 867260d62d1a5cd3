"""The store's tables for what staff handle at the counter: promotions and
their vouchers (with locks), gift card programs, gift cards and their
transactions, and the clock those rules read.

Apart from `db` (the contacts' schema) because these areas came later and
keep to themselves: `db` adds this schema to its own and drops these tables
first (they point at contacts and shops); so this module imports nothing of `db`. Rewards waiting to be collected
need no table: they are the reward receptions in `transactions`, and their
`collected` flag.

Times that decide a rule (a voucher not active yet or expired, a lock's hour,
a gift card's expiry, a reward's expiry) come from `store.clock`, so a test
can move the clock forward instead of waiting an hour.
"""

from __future__ import annotations

import datetime as dt

COUNTER_SCHEMA = """
-- `attributes`: the promotion's custom attributes (JSON), copied onto its vouchers.
CREATE TABLE IF NOT EXISTS promotions (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, description TEXT,
    voucher_limit INTEGER, limit_per_contact INTEGER, expiration_duration INTEGER,
    -- Not in Leat's answers (none captured shows it); an inactive promotion refuses new vouchers (80020).
    active INTEGER NOT NULL DEFAULT 1, attributes TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL
);
-- A voucher's status is worked out when asked (see vouchers.status_sql), from
-- these facts and the clock: redeemed, deactivated, expired, not active yet, locked.
CREATE TABLE IF NOT EXISTS vouchers (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, code TEXT UNIQUE NOT NULL,
    promotion_id INTEGER NOT NULL REFERENCES promotions(id),
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    activation_date TEXT, expiration_date TEXT, deactivated INTEGER NOT NULL DEFAULT 0,
    -- Leat's answers carry no shop for a redemption; the sandbox keeps it anyway.
    redeemed_at TEXT, redeemed_shop_id INTEGER REFERENCES shops(id), redemption_uuid TEXT,
    attributes TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS vouchers_contact ON vouchers (contact_id, id);
CREATE INDEX IF NOT EXISTS vouchers_promotion ON vouchers (promotion_id, contact_id);
-- A lock is held while `unlocked_at` is null and `system_release_at` (an hour
-- after locking) has not passed; released by hand, `system_release_at` is null.
CREATE TABLE IF NOT EXISTS voucher_locks (
    id INTEGER PRIMARY KEY, voucher_id INTEGER NOT NULL REFERENCES vouchers(id) ON DELETE CASCADE,
    release_key TEXT UNIQUE NOT NULL, locked_at TEXT NOT NULL, unlocked_at TEXT, system_release_at TEXT
);
CREATE INDEX IF NOT EXISTS voucher_locks_voucher ON voucher_locks (voucher_id, id);
CREATE TABLE IF NOT EXISTS giftcard_programs (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
    expiration_days INTEGER, max_amount_cents INTEGER, min_amount_cents INTEGER,
    calculator_flow TEXT NOT NULL DEFAULT 'DEFAULT', settles INTEGER NOT NULL DEFAULT 0
);
-- `amount_cents` is the balance, kept with the transactions that make it.
CREATE TABLE IF NOT EXISTS giftcards (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, program_id INTEGER NOT NULL REFERENCES giftcard_programs(id),
    type TEXT NOT NULL, hash TEXT UNIQUE NOT NULL, amount_cents INTEGER NOT NULL DEFAULT 0,
    upgradeable INTEGER NOT NULL DEFAULT 1, active INTEGER NOT NULL DEFAULT 1, expiration_date TEXT, created_at TEXT NOT NULL
);
-- `uuid` is null for old transactions, as in Leat's captured list (their `id` identifies them).
CREATE TABLE IF NOT EXISTS giftcard_transactions (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE, giftcard_id INTEGER NOT NULL REFERENCES giftcards(id) ON DELETE CASCADE,
    shop_id INTEGER REFERENCES shops(id), amount_cents INTEGER NOT NULL, type TEXT NOT NULL DEFAULT 'STANDARD',
    corrects_id INTEGER REFERENCES giftcard_transactions(id) ON DELETE SET NULL, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS giftcard_transactions_card ON giftcard_transactions (giftcard_id, created_at, id);
"""

#: Dropped and emptied before the contacts' tables, whose rows they point at.
COUNTER_TABLES = ("giftcard_transactions", "giftcards", "giftcard_programs", "voucher_locks", "vouchers", "promotions")


def clock_time(store) -> dt.datetime:
    """The store's clock as an aware UTC datetime (whole seconds, as Leat answers)."""
    return dt.datetime.fromtimestamp(int(store.clock()), dt.UTC)


def clock_now(store) -> str:
    """The store's clock in Leat's format (`db.stamp`'s), comparable as text with stored dates."""
    return clock_time(store).isoformat()
