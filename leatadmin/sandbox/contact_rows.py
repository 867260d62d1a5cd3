"""A contact's row by its uuid or email: what every route about a contact
looks up first (kept apart from the contact routes, which book transactions)."""

from __future__ import annotations

import sqlite3

from .db import Store
from .errors import contact_not_found


def get(store: Store, uuid: str) -> sqlite3.Row:
    row = store.one("SELECT * FROM contacts WHERE uuid = ?", (uuid,))
    if row is None:
        raise contact_not_found()
    return row


def by_email(store: Store, email: str) -> sqlite3.Row | None:
    return store.one("SELECT * FROM contacts WHERE lower(email) = lower(?)", (email.strip(),))
