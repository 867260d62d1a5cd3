"""The contacts README's search examples find in the demo (README, "Customer
service: look a contact up"): `jose` finds José, `Anna de Vries, Haarlem`
finds Anna de Vries of Haarlem, `06-1234 5678`, `+31 6 12345678` and
`0031612345678` are her number, `2011 AB` her postcode, and the blocked
card `CARD-300901` was Daan Visser's, his only one, lost.

The generated contacts have none of these (no José, no postcodes, anna
lives in Eindhoven), and changing them would change every uuid and
transaction drawn after them. So these come last, from a random stream of
their own, after everything else is seeded: the rest stays as it was.
`tests/directory/test_readme_examples.py` searches each example.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from dataclasses import dataclass

from .db import seeded_uuid, stamp


@dataclass(frozen=True)
class Example:
    email: str
    first: str
    last: str
    city: str
    postcode: str
    phone: str
    card: str = ""
    card_name: str = "Loyalty Card"
    card_active: bool = True


EXAMPLES = (
    Example("jose.garcia@example.nl", "José", "García", "Utrecht", "3511 LN", "+31 6 20481937"),
    Example("anna.de.vries@example.nl", "Anna", "de Vries", "Haarlem", "2011 AB", "+31 6 12345678"),
    # A customer who lost their only card: blocked, not replaced yet.
    Example("daan.visser@example.nl", "Daan", "Visser", "Leiden", "2312 BK", "+31 6 30592214", "CARD-300901", "Lost card", card_active=False),
)


def add_examples(conn: sqlite3.Connection, rng: random.Random, *, now: dt.datetime) -> list[int]:
    """Insert the README's contacts; returns their ids."""
    ids = []
    for example in EXAMPLES:
        created = now - dt.timedelta(days=rng.randint(30, 900), hours=rng.randint(0, 23))
        values = {
            "firstname": example.first,
            "lastname": example.last,
            "city": example.city,
            "postalcode": example.postcode,
            "phonenumber": example.phone,
            "locale": "nl_NL",
        }
        contact_id = conn.execute(
            "INSERT INTO contacts (uuid, email, is_anonymous, channel, attributes, created_at, updated_at) VALUES (?, ?, 0, 'BUSINESS_DASHBOARD', ?, ?, ?)",
            (seeded_uuid(rng), example.email, json.dumps(values), stamp(created), stamp(created)),
        ).lastrowid
        if example.card:
            conn.execute(
                "INSERT INTO contact_identifiers (value, contact_id, name, active) VALUES (?, ?, ?, ?)",
                (example.card, contact_id, example.card_name, int(example.card_active)),
            )
        ids.append(contact_id)
    return ids
