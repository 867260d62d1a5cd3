"""The store's core: one SQLite file, a connection per thread, the schema,
the write lock, scheduled deletions, and the time and uuid helpers.

The area modules (`contacts`, `transactions`, `visits`, ...) hold the
operations; each takes a `Store` and validates like Leat does (1003 with
per-field messages, with the checks in `checks`), changing data inside
`store.write()` so related rows (balances and the transactions that make
them) change together.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import threading
import time
import uuid as uuidlib
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .counter_db import COUNTER_SCHEMA, COUNTER_TABLES

#: Bumped whenever the schema changes: an older sandbox file is rebuilt empty
#: (it holds demo data only; `seed_sandbox --if-empty` fills it again).
SCHEMA_VERSION = 4  # 4: the counter's tables (counter_db)

SCHEMA = """
CREATE TABLE IF NOT EXISTS shops (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
    type TEXT NOT NULL, reference TEXT, street TEXT, city TEXT
);
CREATE TABLE IF NOT EXISTS tiers (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
    description TEXT, position INTEGER
);
CREATE TABLE IF NOT EXISTS subscription_types (
    id INTEGER PRIMARY KEY, uuid TEXT, name TEXT NOT NULL, description TEXT,
    active INTEGER NOT NULL DEFAULT 1, strategy TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rewards (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, title TEXT NOT NULL, description TEXT,
    reward_type TEXT NOT NULL DEFAULT 'PHYSICAL', media_url TEXT, required_credits INTEGER NOT NULL,
    expiration_days INTEGER, active INTEGER NOT NULL DEFAULT 1,
    -- NULL: no limit. `stock` goes down with each reception (up again when reversed);
    -- `claim_limit` is per contact, counting receptions that were not reversed.
    stock INTEGER, claim_limit INTEGER, position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, email TEXT NOT NULL,
    is_anonymous INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'ACTIVE',
    channel TEXT, tier_id INTEGER REFERENCES tiers(id), referral_code TEXT,
    -- Attribute values by name, typed as JSON (see attributes.py).
    attributes TEXT NOT NULL DEFAULT '{}',
    credit_balance INTEGER NOT NULL DEFAULT 0, previous_credit_balance INTEGER NOT NULL DEFAULT 0,
    prepaid_cents INTEGER NOT NULL DEFAULT 0,
    -- Kept beside the transactions (like Leat's loyalty_* system values), so
    -- showing a contact costs the same with 10 transactions or 100,000.
    tx_count INTEGER NOT NULL DEFAULT 0, tx_first TEXT, tx_last TEXT, tx_received INTEGER NOT NULL DEFAULT 0,
    tx_shops TEXT NOT NULL DEFAULT '',
    -- Deletion is scheduled: the contact stays findable until this moment (epoch seconds).
    delete_after REAL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_email ON contacts (lower(email));
CREATE INDEX IF NOT EXISTS contacts_delete_after ON contacts (delete_after) WHERE delete_after IS NOT NULL;
-- `GET contacts` pages by creation date, as Leat does, without sorting every contact for every page.
CREATE INDEX IF NOT EXISTS contacts_created ON contacts (created_at, id);
-- Identifiers (loyalty cards) exist before they are linked to a contact.
CREATE TABLE IF NOT EXISTS contact_identifiers (
    value TEXT PRIMARY KEY, contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    name TEXT NOT NULL DEFAULT 'Loyalty Card', active INTEGER NOT NULL DEFAULT 1
);
-- A contact's cards (each answer names its first), without a scan of every card.
CREATE INDEX IF NOT EXISTS contact_identifiers_contact ON contact_identifiers (contact_id, value);
CREATE TABLE IF NOT EXISTS contact_subscriptions (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    type_id INTEGER NOT NULL REFERENCES subscription_types(id),
    status TEXT NOT NULL, PRIMARY KEY (contact_id, type_id)
);
-- `credits` carries Leat's sign: a reward reception is minus the reward's
-- cost; a credit reception is negative for a partial refund.
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    type TEXT NOT NULL, credits INTEGER NOT NULL, shop_id INTEGER REFERENCES shops(id),
    unit_value TEXT, reward_id INTEGER REFERENCES rewards(id), collected INTEGER NOT NULL DEFAULT 0,
    contact_identifier TEXT, created_at TEXT NOT NULL,
    -- A reversal is a new transaction of the opposite sign; both ends are kept
    -- so a transaction is reversed once and a reversal is never reversed.
    reverses_id INTEGER REFERENCES transactions(id) ON DELETE SET NULL,
    reversed_by_id INTEGER REFERENCES transactions(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS transactions_contact ON transactions (contact_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS transactions_contact_type ON transactions (contact_id, type, created_at DESC, id DESC);
-- Prepaid money in cents, with the balance each transaction left (Leat shows it per item).
CREATE TABLE IF NOT EXISTS prepaid_transactions (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    shop_id INTEGER REFERENCES shops(id), amount_cents INTEGER NOT NULL, balance_after_cents INTEGER NOT NULL,
    contact_identifier TEXT, created_at TEXT NOT NULL,
    reverses_id INTEGER REFERENCES prepaid_transactions(id) ON DELETE SET NULL,
    reversed_by_id INTEGER REFERENCES prepaid_transactions(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS prepaid_contact ON prepaid_transactions (contact_id, created_at DESC, id DESC);
-- Mails Leat would have sent (double opt-in confirmations), for tests and demos: `GET /__sandbox/mails`.
CREATE TABLE IF NOT EXISTS mails (
    id INTEGER PRIMARY KEY, contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, subscription_type_id INTEGER REFERENCES subscription_types(id), created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS visits (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    -- Kept, though Leat's visit answers never show it.
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    external_id TEXT, source TEXT, starts_at TEXT, ends_at TEXT, created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS visits_external_id ON visits (external_id) WHERE external_id IS NOT NULL AND external_id != '';
CREATE INDEX IF NOT EXISTS visits_contact ON visits (contact_id, created_at DESC);
CREATE INDEX IF NOT EXISTS visits_created ON visits (created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS bookings (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    external_id TEXT, source TEXT, starts_at TEXT, ends_at TEXT, checked_in_at TEXT,
    number_of_people INTEGER, company_name TEXT, status TEXT, prepaid_amount INTEGER,
    created_at TEXT NOT NULL
);
"""
TABLES = (
    *COUNTER_TABLES, "mails", "prepaid_transactions", "transactions", "visits", "bookings", "contact_subscriptions", "contact_identifiers",
    "contacts", "rewards", "shops", "tiers", "subscription_types",
)

DEFAULT_DELETION_DELAY = 120.0


def now() -> str:
    return stamp(dt.datetime.now(dt.UTC))


def stamp(moment: dt.datetime) -> str:
    """Leat's date format: ISO 8601 with `T` and `+00:00`; sorts as text."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def seeded_uuid(rng: random.Random) -> str:
    """A uuid drawn from `rng`: the demo data is the same every time it is seeded."""
    return str(uuidlib.UUID(int=rng.getrandbits(128), version=4))


def update_row(conn: sqlite3.Connection, table: str, row_id: int, fields: dict[str, Any]) -> None:
    if fields:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*fields.values(), row_id))


def _deletion_delay_from_env() -> float:
    raw = os.environ.get("SANDBOX_DELETION_DELAY_SECONDS", "")
    return float(raw) if raw.strip() else DEFAULT_DELETION_DELAY


class Store:
    """One SQLite file; a connection per thread; writes serialised by a lock.

    `deletion_delay` (seconds; default `SANDBOX_DELETION_DELAY_SECONDS` or 120)
    is how long a contact stays findable after `POST contacts/{uuid}/delete`;
    `clock` gives the time in epoch seconds (tests may replace it).
    """

    def __init__(self, path: str | Path, *, deletion_delay: float | None = None, clock: Callable[[], float] = time.time) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self.contact_limit: int | None = None
        self.deletion_delay = _deletion_delay_from_env() if deletion_delay is None else float(deletion_delay)
        self.clock = clock
        with self.connection() as conn:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                for table in TABLES:
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.executescript(SCHEMA + COUNTER_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        yield conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock, self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def one(self, sql: str, args: tuple = ()) -> sqlite3.Row | None:
        with self.connection() as conn:
            return conn.execute(sql, args).fetchone()

    def all(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self.connection() as conn:
            return conn.execute(sql, args).fetchall()

    def remembered(self, key: Hashable, compute: Callable[[sqlite3.Connection], Any]) -> Any:
        """`compute(conn)`, remembered on this thread's connection until the
        data changes: a commit by any other connection (SQLite's data_version)
        or a change by this one (its total_changes)."""
        with self.connection() as conn:
            memo = self._local.__dict__.setdefault("memo", {})
            state = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
            found = memo.get(key)
            if found is not None and found[0] == state:
                return found[1]
            if len(memo) > 100:
                memo.clear()
            value = compute(conn)
            memo[key] = (state, value)
            return value

    def purge_due_deletions(self) -> int:
        """Remove the contacts whose scheduled deletion is due (run before each request)."""
        moment = self.clock()
        if self.one("SELECT 1 FROM contacts WHERE delete_after IS NOT NULL AND delete_after <= ? LIMIT 1", (moment,)) is None:
            return 0
        with self.write() as conn:
            return conn.execute("DELETE FROM contacts WHERE delete_after IS NOT NULL AND delete_after <= ?", (moment,)).rowcount
