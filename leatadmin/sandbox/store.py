"""The sandbox's data and Leat's rules, on SQLite.

Each method is one API operation: it validates like Leat does (1003 with
per-field messages, 55031, 1008, 60005, 60000, 60014, 60016), changes the data
in one transaction, and returns rows that `representations` turns into
Leat's JSON. Balances are kept beside the transactions that make them, in
the same database transaction, so they always agree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ApiError, contact_not_found, invalid, shop_not_found

SCHEMA = """
CREATE TABLE IF NOT EXISTS shops (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
    type TEXT NOT NULL, reference TEXT, city TEXT
);
CREATE TABLE IF NOT EXISTS tiers (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL,
    description TEXT, position INTEGER
);
CREATE TABLE IF NOT EXISTS subscription_types (
    id INTEGER PRIMARY KEY, uuid TEXT, name TEXT NOT NULL, description TEXT,
    active INTEGER NOT NULL DEFAULT 1, strategy TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, email TEXT NOT NULL,
    is_anonymous INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'ACTIVE',
    channel TEXT, tier_id INTEGER REFERENCES tiers(id), referral_code TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    credit_balance INTEGER NOT NULL DEFAULT 0, previous_credit_balance INTEGER NOT NULL DEFAULT 0,
    prepaid_cents INTEGER NOT NULL DEFAULT 0,
    -- Kept beside the transactions (like Leat's loyalty_* system values), so
    -- showing a contact costs the same with 10 transactions or 100,000.
    tx_count INTEGER NOT NULL DEFAULT 0, tx_first TEXT, tx_last TEXT, tx_received INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_email ON contacts (lower(email));
-- Identifiers (loyalty cards) exist before they are linked to a contact.
CREATE TABLE IF NOT EXISTS contact_identifiers (
    value TEXT PRIMARY KEY, contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS contact_subscriptions (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    type_id INTEGER NOT NULL REFERENCES subscription_types(id),
    status TEXT NOT NULL, PRIMARY KEY (contact_id, type_id)
);
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    type TEXT NOT NULL, credits INTEGER NOT NULL, shop_id INTEGER REFERENCES shops(id),
    unit_value TEXT, reward_title TEXT, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_contact ON transactions (contact_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS transactions_contact_type ON transactions (contact_id, type, created_at DESC, id DESC);
CREATE TABLE IF NOT EXISTS visits (
    id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
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

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_STRING = 255

#: Attributes a client may write, with their labels. Anything in SYSTEM is Leat's.
EDITABLE_ATTRIBUTES = {
    "firstname": "First name",
    "lastname": "Last name",
    "birthdate": "Birth date",
    "phonenumber": "Phone number",
    "address": "Address",
    "housenumber": "House number",
    "postalcode": "Postal code",
    "city": "City",
    "locale": "Locale",
    "favourite_drink": "Favourite drink",
}
SYSTEM_ATTRIBUTES = frozenset(
    {
        "uuid", "email", "status", "tier", "channel", "created_at", "updated_at", "is_anonymous",
        "loyalty_balance", "prepaid_balance", "previous_loyalty_balance", "default_contact_identifier",
        "loyalty_number_of_transactions", "loyalty_total_credits_received",
        "loyalty_first_transaction_date", "loyalty_last_transaction_date", "add_to_wallet",
        "subscription_preferences_url", "custom_app_login_url", "custom_app_login_code",
    }
)
TRANSACTION_TYPES = {"credit_receptions": "credit_reception", "reward_receptions": "reward_reception"}
DELETION_TYPES = ("DEFAULT", "GDPR")


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def parse_when(value: Any, field: str, errors: dict[str, str]) -> str | None:
    """ISO 8601 in, UTC ISO 8601 out (so stored values sort as text)."""
    if value in (None, ""):
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        errors[field] = f"The {field.replace('_', ' ')} is not a valid date."
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def parse_whole(value: Any, field: str, errors: dict[str, str], *, minimum: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[field] = f"The {field.replace('_', ' ')} must be an integer."
        return None
    if number < minimum:
        errors[field] = f"The {field.replace('_', ' ')} must be at least {minimum}."
    return number


def check_string(value: Any, field: str, errors: dict[str, str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        errors[field] = f"The {field.replace('_', ' ')} must be a string."
        return None
    text = str(value)
    if len(text) > MAX_STRING:
        errors[field] = f"The {field.replace('_', ' ')} may not be greater than {MAX_STRING} characters."
    return text


def check_email(value: Any, errors: dict[str, str], field: str = "email") -> str:
    email = str(value or "").strip()
    if not email:
        errors[field] = f"The {field} field is required."
    elif len(email) > MAX_STRING or not EMAIL_RE.match(email):
        errors[field] = f"The {field} must be a valid email address."
    return email


def page_args(params: dict[str, Any], *, default_limit: int, max_limit: int) -> tuple[int, int]:
    errors: dict[str, str] = {}
    page = parse_whole(params.get("page"), "page", errors, minimum=1) or 1
    limit = parse_whole(params.get("limit"), "limit", errors, minimum=0)
    if limit is not None and limit > max_limit:
        errors["limit"] = f"The limit may not be greater than {max_limit}."
    if errors:
        raise invalid(errors)
    return page, (limit or default_limit)


class Store:
    """One SQLite file; a connection per thread; writes serialised by a lock."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self.contact_limit: int | None = None
        with self.connection() as conn:
            conn.executescript(SCHEMA)

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

    # --- Lookups ---------------------------------------------------------

    def contact(self, uuid: str) -> sqlite3.Row:
        row = self.one("SELECT * FROM contacts WHERE uuid = ?", (uuid,))
        if row is None:
            raise contact_not_found()
        return row

    def contact_by_email(self, email: str) -> sqlite3.Row | None:
        return self.one("SELECT * FROM contacts WHERE lower(email) = lower(?)", (email.strip(),))

    def shop(self, uuid: str) -> sqlite3.Row:
        row = self.one("SELECT * FROM shops WHERE uuid = ?", (uuid,))
        if row is None:
            raise shop_not_found()
        return row

    def shop_by_id(self, shop_id: int | None) -> sqlite3.Row | None:
        return self.one("SELECT * FROM shops WHERE id = ?", (shop_id,)) if shop_id else None

    def shops(self) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM shops ORDER BY name")

    def tier(self, tier_id: int | None) -> sqlite3.Row | None:
        return self.one("SELECT * FROM tiers WHERE id = ?", (tier_id,)) if tier_id else None

    def subscriptions(self, contact_id: int) -> list[sqlite3.Row]:
        return self.all(
            "SELECT t.*, coalesce(s.status, CASE t.strategy WHEN 'OPT_OUT' THEN 'SUBSCRIBED' ELSE 'UNSUBSCRIBED' END) AS status "
            "FROM subscription_types t LEFT JOIN contact_subscriptions s ON s.type_id = t.id AND s.contact_id = ? ORDER BY t.id",
            (contact_id,),
        )

    def identifier(self, contact_id: int) -> str | None:
        row = self.one("SELECT value FROM contact_identifiers WHERE contact_id = ? LIMIT 1", (contact_id,))
        return row["value"] if row else None

    @staticmethod
    def refresh_transaction_summary(conn: sqlite3.Connection, contact_id: int) -> None:
        """Recompute the stored balance and loyalty figures after transactions change."""
        conn.execute(
            "UPDATE contacts SET (credit_balance, tx_count, tx_first, tx_last, tx_received) = ("
            " SELECT coalesce(sum(CASE type WHEN 'credit_reception' THEN credits ELSE -credits END), 0),"
            " count(*), min(created_at), max(created_at),"
            " coalesce(sum(CASE WHEN type = 'credit_reception' THEN credits END), 0)"
            " FROM transactions WHERE contact_id = ?) WHERE id = ?",
            (contact_id, contact_id),
        )

    # --- Contacts ----------------------------------------------------------

    def _check_limit(self, conn: sqlite3.Connection) -> None:
        if self.contact_limit is not None:
            (count,) = conn.execute("SELECT count(*) FROM contacts").fetchone()
            if count >= self.contact_limit:
                raise ApiError(400, "Usage limit reached.", 60000)

    def _insert_contact(self, conn: sqlite3.Connection, email: str, *, anonymous: bool = False, referral_code: str | None = None, channel: str = "OAUTH_API") -> str:
        self._check_limit(conn)
        uuid, stamp = new_uuid(), now()
        conn.execute(
            "INSERT INTO contacts (uuid, email, is_anonymous, channel, referral_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (uuid, email, int(anonymous), channel, referral_code, stamp, stamp),
        )
        return uuid

    def create_contact(self, data: dict[str, Any]) -> str:
        errors: dict[str, str] = {}
        email = check_email(data.get("email"), errors)
        referral_code = check_string(data.get("referral_code"), "referral_code", errors)
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            if self.contact_by_email(email) is not None:
                raise ApiError(400, "Contact already exists.", 60005)
            return self._insert_contact(conn, email, referral_code=referral_code or None)

    def find_or_create_contact(self, data: dict[str, Any]) -> str:
        errors: dict[str, str] = {}
        email = check_email(data.get("email"), errors)
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            existing = self.contact_by_email(email)
            return existing["uuid"] if existing else self._insert_contact(conn, email)

    def find_contact(self, data: dict[str, Any]) -> sqlite3.Row:
        errors: dict[str, str] = {}
        email = check_email(data.get("email"), errors)
        if errors:
            raise invalid(errors)
        row = self.contact_by_email(email)
        if row is None:
            raise contact_not_found()
        return row

    def create_anonymous(self, data: dict[str, Any]) -> str:
        """An anonymous contact, optionally linked to an existing, unlinked identifier."""
        errors: dict[str, str] = {}
        value = check_string(data.get("contact_identifier_value"), "contact_identifier_value", errors)
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            if value:
                card = conn.execute("SELECT contact_id FROM contact_identifiers WHERE value = ?", (value,)).fetchone()
                if card is None:
                    raise ApiError(400, "Contact identifier not found.", 60003)
                if card["contact_id"] is not None:
                    raise ApiError(400, "Contact identifier is already linked.", 60014)
            uuid = self._insert_contact(conn, f"anonymous-{new_uuid()}@anonymous.leat.invalid", anonymous=True)
            if value:
                contact_id = conn.execute("SELECT id FROM contacts WHERE uuid = ?", (uuid,)).fetchone()[0]
                conn.execute("UPDATE contact_identifiers SET contact_id = ? WHERE value = ?", (contact_id, value))
            return uuid

    def claim_anonymous(self, uuid: str, data: dict[str, Any]) -> str:
        """Give an anonymous contact a real email; merge if that email exists."""
        errors: dict[str, str] = {}
        email = check_email(data.get("email"), errors)
        anonymous = self.contact(uuid)
        if not anonymous["is_anonymous"]:
            raise ApiError(400, "Contact not anonymous.", 60016)
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            target = self.contact_by_email(email)
            if target is None:
                conn.execute(
                    "UPDATE contacts SET email = ?, is_anonymous = 0, updated_at = ? WHERE id = ?",
                    (email, now(), anonymous["id"]),
                )
                return uuid
            # Merge: everything the anonymous contact earned moves to the real one.
            for table in ("transactions", "visits", "bookings", "contact_identifiers"):
                conn.execute(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (target["id"], anonymous["id"]))
            conn.execute(
                "UPDATE contacts SET previous_credit_balance = credit_balance, prepaid_cents = prepaid_cents + ?, updated_at = ? WHERE id = ?",
                (anonymous["prepaid_cents"], now(), target["id"]),
            )
            self.refresh_transaction_summary(conn, target["id"])
            conn.execute("DELETE FROM contacts WHERE id = ?", (anonymous["id"],))
            return target["uuid"]

    def update_contact(self, uuid: str, data: dict[str, Any]) -> None:
        contact = self.contact(uuid)
        attributes = data.get("attributes")
        if not isinstance(attributes, dict) or not attributes:
            raise invalid({"attributes": "The attributes field is required and must be an object."})
        errors: dict[str, str] = {}
        for name, value in attributes.items():
            key = f"attributes.{name}"
            if name in SYSTEM_ATTRIBUTES or name.startswith(("subscription_status_", "double_opt_in")):
                errors[key] = f"The attribute {name} is a system attribute and cannot be updated."
            elif name not in EDITABLE_ATTRIBUTES:
                errors[key] = f"The attribute {name} does not exist."
            elif value is not None and not isinstance(value, (str, int, float)):
                errors[key] = f"The attribute {name} must be a text value."
            elif value is not None and len(str(value)) > MAX_STRING:
                errors[key] = f"The attribute {name} may not be greater than {MAX_STRING} characters."
            elif name == "birthdate" and value not in (None, ""):
                try:
                    dt.date.fromisoformat(str(value))
                except ValueError:
                    errors[key] = "The birthdate must be a date (YYYY-MM-DD)."
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            current = json.loads(contact["attributes"] or "{}")
            current.update({k: (None if v is None else str(v)) for k, v in attributes.items()})
            conn.execute(
                "UPDATE contacts SET attributes = ?, updated_at = ? WHERE id = ?",
                (json.dumps(current), now(), contact["id"]),
            )

    def delete_contact(self, uuid: str, data: dict[str, Any]) -> None:
        contact = self.contact(uuid)
        if data.get("type") not in DELETION_TYPES:
            raise invalid({"type": "The selected type is invalid. Options are DEFAULT and GDPR."})
        with self.write() as conn:
            conn.execute("DELETE FROM contacts WHERE id = ?", (contact["id"],))

    # --- Loyalty transactions -------------------------------------------

    def transactions(self, params: dict[str, Any]) -> tuple[list[sqlite3.Row], int, int, int]:
        page, limit = page_args(params, default_limit=10, max_limit=100)
        kind = params.get("type") or None
        if kind is not None and kind not in TRANSACTION_TYPES:
            raise invalid({"type": "The selected type is invalid. Options are credit_receptions and reward_receptions."})
        where, args = [], []
        if params.get("contact_uuid"):
            where.append("contact_id = ?")
            args.append(self.contact(str(params["contact_uuid"]))["id"])
        if kind:
            where.append("type = ?")
            args.append(TRANSACTION_TYPES[kind])
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        (total,) = self.one(f"SELECT count(*) FROM transactions {clause}", tuple(args))
        rows = self.all(
            f"SELECT * FROM transactions {clause} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*args, limit, (page - 1) * limit),
        )
        return rows, page, limit, total

    # --- Visits ---------------------------------------------------------

    def visit(self, uuid: str) -> sqlite3.Row:
        row = self.one("SELECT * FROM visits WHERE uuid = ?", (uuid,))
        if row is None:
            raise ApiError(400, "Visit not found.", 1003, {"uuid": ["The selected visit is invalid."]})
        return row

    def visits(self, params: dict[str, Any]) -> tuple[list[sqlite3.Row], int, int, int]:
        page, limit = page_args(params, default_limit=30, max_limit=500)
        where, args = "", ()
        if params.get("contact_uuid"):
            where, args = "WHERE contact_id = ?", (self.contact(str(params["contact_uuid"]))["id"],)
        (total,) = self.one(f"SELECT count(*) FROM visits {where}", args)
        rows = self.all(
            f"SELECT * FROM visits {where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*args, limit, (page - 1) * limit),
        )
        return rows, page, limit, total

    def _timed_fields(self, data: dict[str, Any], errors: dict[str, str], names: tuple[str, ...]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name in names:
            if name in data:
                fields[name] = parse_when(data[name], name, errors)
        for name in ("external_id", "source", "company_name", "status"):
            if name in data:
                fields[name] = check_string(data[name], name, errors)
        return fields

    @staticmethod
    def _check_order(fields: dict[str, Any], current: Any, errors: dict[str, str]) -> None:
        starts = fields.get("starts_at", current["starts_at"] if current is not None else None)
        ends = fields.get("ends_at", current["ends_at"] if current is not None else None)
        if starts and ends and ends <= starts and "ends_at" not in errors:
            errors["ends_at"] = "The ends at must be a date after starts at."

    def _owners(self, data: dict[str, Any], errors: dict[str, str]) -> tuple[sqlite3.Row, sqlite3.Row]:
        """Required shop and contact; raises 1003 with every field error found so far."""
        for field in ("shop_uuid", "contact_uuid"):
            if not data.get(field):
                errors[field] = f"The {field.replace('_', ' ')} field is required."
        if errors:
            raise invalid(errors)
        shop = self.shop(str(data["shop_uuid"]))
        contact = self.contact(str(data["contact_uuid"]))
        return shop, contact

    def _check_visit_external_id(self, conn: sqlite3.Connection, external_id: str | None, own_id: int | None) -> None:
        if external_id:
            row = conn.execute("SELECT id FROM visits WHERE external_id = ?", (external_id,)).fetchone()
            if row is not None and row["id"] != own_id:
                raise invalid({"external_id": "The external id has already been taken."})

    def create_visit(self, data: dict[str, Any]) -> str:
        errors: dict[str, str] = {}
        fields = self._timed_fields(data, errors, ("starts_at", "ends_at"))
        fields.pop("company_name", None), fields.pop("status", None)
        self._check_order(fields, None, errors)
        shop, contact = self._owners(data, errors)
        with self.write() as conn:
            self._check_visit_external_id(conn, fields.get("external_id"), None)
            uuid = new_uuid()
            conn.execute(
                "INSERT INTO visits (uuid, contact_id, shop_id, external_id, source, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid, contact["id"], shop["id"], fields.get("external_id"), fields.get("source"), fields.get("starts_at"), fields.get("ends_at"), now()),
            )
            return uuid

    def update_visit(self, uuid: str, data: dict[str, Any]) -> None:
        visit = self.visit(uuid)
        errors: dict[str, str] = {}
        fields = self._timed_fields(data, errors, ("starts_at", "ends_at"))
        fields.pop("company_name", None), fields.pop("status", None)
        self._check_order(fields, visit, errors)
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            self._check_visit_external_id(conn, fields.get("external_id"), visit["id"])
            self._update(conn, "visits", visit["id"], fields)

    @staticmethod
    def _update(conn: sqlite3.Connection, table: str, row_id: int, fields: dict[str, Any]) -> None:
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*fields.values(), row_id))

    # --- Bookings -------------------------------------------------------

    def booking(self, uuid: str) -> sqlite3.Row:
        row = self.one("SELECT * FROM bookings WHERE uuid = ?", (uuid,))
        if row is None:
            raise ApiError(400, "Booking not found.", 1003, {"uuid": ["The selected booking is invalid."]})
        return row

    def _booking_fields(self, data: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
        fields = self._timed_fields(data, errors, ("starts_at", "ends_at", "checked_in_at"))
        if "number_of_people" in data:
            fields["number_of_people"] = parse_whole(data["number_of_people"], "number_of_people", errors, minimum=1)
        if "prepaid_amount" in data:
            fields["prepaid_amount"] = parse_whole(data["prepaid_amount"], "prepaid_amount", errors, minimum=0)
        return fields

    def create_booking(self, data: dict[str, Any]) -> str:
        errors: dict[str, str] = {}
        fields = self._booking_fields(data, errors)
        self._check_order(fields, None, errors)
        shop, contact = self._owners(data, errors)
        with self.write() as conn:
            uuid = new_uuid()
            names = ["uuid", "contact_id", "shop_id", "created_at", *fields]
            conn.execute(
                f"INSERT INTO bookings ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                (uuid, contact["id"], shop["id"], now(), *fields.values()),
            )
            return uuid

    def update_booking(self, uuid: str, data: dict[str, Any]) -> None:
        booking = self.booking(uuid)
        errors: dict[str, str] = {}
        fields = self._booking_fields(data, errors)
        self._check_order(fields, booking, errors)
        if errors:
            raise invalid(errors)
        with self.write() as conn:
            self._update(conn, "bookings", booking["id"], fields)
