"""Realistic demo data for the sandbox, the same every time (seeded RNG).

Shops (one with a non-UUID identifier, as Leat allows), tiers, subscription
types, 300 contacts (some anonymous, some with a tier and subscriptions),
loyalty transactions whose sums are the balances, visits and bookings.
Loyalty cards CARD-200000 to CARD-200099 exist unlinked (for anonymous
contacts). Two contacts are there for demos and tests: `anna.devries@example.com`
with 1,200 transactions of both types, and `few.transactions@example.com`
with exactly ten. `large=True` adds `big.account@example.com` with 100,000.

For customer-service corrections there are more rewards (one inactive, one
with a stock, one with a claim limit, one nobody can afford), every
subscription type but one older type has a uuid, cards have names (one of
anna's is inactive, and `CARD-299999` is an inactive unlinked card), and
every prepaid balance is the sum of its contact's prepaid transactions.
These come from a second random stream, so adding them left the rest of the
data (uuids, transactions) exactly as it was. The contacts README's search
examples find (José, Anna de Vries of Haarlem with her phone and postcode,
Daan Visser's blocked card) come last, from a third (seed_examples.py), and
after them the counter's promotions, vouchers and gift cards, from a fourth
(seed_counter.py).

How each contact's loyalty and prepaid transactions are drawn is in
seed_transactions.py.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field

from . import attributes, seed_counter, seed_examples, transactions
from .counter_db import clock_time
from .db import TABLES, Store, seeded_uuid, stamp
from .seed_transactions import Account, insert_prepaid, insert_transactions, loyalty_transactions

FIRST_NAMES = [
    "Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Gijs", "Hanna", "Ilse", "Jasper", "Julia", "Lars",
    "Lotte", "Mees", "Noor", "Olaf", "Pien", "Quinten", "Rosa", "Sem", "Tess", "Ugo", "Vera", "Wouter",
    "Yara", "Zoë", "Aïcha", "Mohammed", "Sofia", "Luuk", "Fenna", "Milan",
]
LAST_NAMES = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits", "El Amrani", "Yılmaz", "O'Brien", "Nguyen",
]
CITIES = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Haarlem", "Leiden"]
DRINKS = [value for value, _ in attributes.DRINKS] + [None]
ALLERGIES = ["", "", "", "lactose", "nuts", "gluten"]
LOCALES = ["nl_NL", "nl_NL", "en_GB", "de_DE", "fr_FR", None]
# (name, type, city); some have no reference, as in Leat.
SHOPS = [
    ("Leat Coffee Amsterdam Centraal", "physical", "Amsterdam"),
    ("Leat Coffee Rotterdam Markthal", "physical", "Rotterdam"),
    ("Leat Coffee Utrecht Oudegracht", "physical", "Utrecht"),
    ("Leat Coffee Den Haag Plein", "physical", "Den Haag"),
    ("Leat Coffee Eindhoven Strijp", "physical", "Eindhoven"),
    ("Leat Coffee Groningen Grote Markt", "physical", "Groningen"),
    ("Leat Coffee Webshop", "web", None),
    ("Leat Coffee Festival Bar", "on_site", "Haarlem"),
    ("Leat Coffee Leiden Breestraat", "physical", "Leiden"),
    ("Leat Coffee Airport Kiosk", "on_site", "Amsterdam"),
]
TIERS = [("Bronze", "Everyone starts here", 1), ("Silver", "500 credits a year", 2), ("Gold", "1500 credits a year", 3)]
SUBSCRIPTION_TYPES = [
    ("Marketing", "Subscribe here for marketing purposes", "DOUBLE_OPT_IN"),
    ("Monthly deals", "A monthly email with our best offers", "DOUBLE_OPT_IN"),
    ("Events", "Stay in the loop for our special events", "OPT_IN"),
    ("News", "Never miss out on our newest features", "OPT_OUT"),
]
# (title, description, type, required credits, days valid after redeeming)
REWARDS = [
    ("Free coffee", "Any coffee from the menu", "PHYSICAL", 100, 90),
    ("Pastry of choice", None, "PHYSICAL", 150, 30),
    ("Coffee beans 250 g", "Beans of the month", "PHYSICAL", 400, None),
    ("Tote bag", "Canvas, with logo", "PHYSICAL", 600, 365),
]
# (title, description, required credits, days valid, active, stock, claim limit per contact)
MORE_REWARDS = [
    ("Birthday cake", "A slice on your birthday", 50, 7, True, None, 1),
    ("Limited edition mug", "Only a few made", 250, None, True, 3, None),
    ("Summer iced latte", "Ended with the summer", 80, 30, False, None, None),
    ("Espresso machine", "Our best home machine", 100_000, None, True, 2, None),
]
OLD_SUBSCRIPTION_TYPE = ("Newsletter (2019)", "Our old newsletter", "OPT_IN")  # older types have no uuid
CARD_NAMES = ["Loyalty Card", "Loyalty Card", "Keyring tag", "App card"]
SOURCES = ["Kiosk", "Website", "App", "Phone", "Walk-in"]
BOOKING_STATUSES = ["created", "in progress", "completed", "canceled"]
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


@dataclass
class SeedReport:
    shops: int = 0
    contacts: int = 0
    transactions: int = 0
    visits: int = 0
    bookings: int = 0
    examples: int = 0  # README's search examples, besides `contacts`
    counter: dict[str, int] = field(default_factory=dict)  # the counter's promotions, vouchers and gift cards

    def __str__(self) -> str:
        return (
            f"{self.shops} shops, {self.contacts} contacts (and {self.examples} for README's search examples), "
            f"{self.transactions} loyalty transactions, {self.visits} visits, {self.bookings} bookings"
            + "".join(f", {count} {name.replace('_', ' ')}" for name, count in self.counter.items())
        )


def _stamp(moment: dt.datetime) -> str:
    return stamp(moment)


def _add_contact(conn, rng: random.Random, email: str, first: str | None, last: str | None, *, anonymous: bool, tier_id: int | None, created: dt.datetime, prepaid: int) -> int:
    values: dict = {}
    if first is not None:
        values = {
            "firstname": first,
            "lastname": last,
            "city": rng.choice(CITIES),
            "phonenumber": f"+31 6 {rng.randint(10000000, 99999999)}",
            "birthdate": f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "locale": rng.choice(LOCALES),
            "favourite_drink": rng.choice(DRINKS),
            "member_since": created.date().isoformat() if rng.random() < 0.5 else None,
            "vip": rng.random() < 0.1,
            "visits_per_month": rng.choice([None, 1, 2, 4, 8, 12]),
            "allergies": rng.choice(ALLERGIES),
        }
        values = {name: value for name, value in values.items() if value not in (None, "")}
    cursor = conn.execute(
        "INSERT INTO contacts (uuid, email, is_anonymous, channel, tier_id, attributes, prepaid_cents, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seeded_uuid(rng), email, int(anonymous), rng.choice(["OAUTH_API", "BUSINESS_DASHBOARD", "WIDGET"]), tier_id, json.dumps(values), prepaid, _stamp(created), _stamp(created)),
    )
    return cursor.lastrowid


def seed(store: Store, *, contacts: int = 300, large: bool = False, random_seed: int = 2026) -> SeedReport:
    """Empty the store and fill it. Idempotent: the same data every run."""
    rng = random.Random(random_seed)
    more = random.Random(random_seed + 1)  # for what was added later: the first stream stays as it was
    report = SeedReport()
    with store.write() as conn:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")
        shop_ids = []
        for n, (name, kind, city) in enumerate(SHOPS):
            # One shop has an identifier that is not a UUID: Leat's are opaque.
            shop_uuid = "shop-0007" if n == 6 else seeded_uuid(rng)
            shop_ids.append(conn.execute(
                "INSERT INTO shops (uuid, name, type, reference, street, city) VALUES (?, ?, ?, ?, ?, ?)",
                (shop_uuid, name, kind, f"S{n + 1:03d}" if n % 3 else None, f"Koffiestraat {n + 1}" if city else None, city),
            ).lastrowid)
        report.shops = len(shop_ids)
        tier_ids = [conn.execute("INSERT INTO tiers (uuid, name, description, position) VALUES (?, ?, ?, ?)", (seeded_uuid(rng), *tier)).lastrowid for tier in TIERS]
        type_ids = [
            conn.execute("INSERT INTO subscription_types (uuid, name, description, strategy) VALUES (?, ?, ?, ?)", (seeded_uuid(rng) if i == 0 else seeded_uuid(more), *kind)).lastrowid
            for i, kind in enumerate(SUBSCRIPTION_TYPES)
        ]

        rewards = [
            (conn.execute(
                "INSERT INTO rewards (uuid, title, description, reward_type, media_url, required_credits, expiration_days) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (seeded_uuid(rng), title, description, kind, f"https://media.leat.example/rewards/{n + 1}.jpg", cost, days),
            ).lastrowid, cost)
            for n, (title, description, kind, cost, days) in enumerate(REWARDS)
        ]
        for n, (title, description, cost, days, active, stock, limit) in enumerate(MORE_REWARDS, start=len(REWARDS)):
            conn.execute(
                "INSERT INTO rewards (uuid, title, description, reward_type, media_url, required_credits, expiration_days, active, stock, claim_limit, position)"
                " VALUES (?, ?, ?, 'PHYSICAL', ?, ?, ?, ?, ?, ?, ?)",
                (seeded_uuid(more), title, description, f"https://media.leat.example/rewards/{n + 1}.jpg" if n % 2 else None, cost, days, int(active), stock, limit, n),
            )
        conn.execute("UPDATE rewards SET position = id - 1 WHERE position = 0")
        prepaid_accounts: list[tuple[int, int, dt.datetime, str | None]] = []

        specials = [
            ("anna.devries@example.com", "Anna", "de Vries", 1200, tier_ids[2], 2000),
            ("few.transactions@example.com", "Sem", "Bakker", 10, tier_ids[0], 0),
        ]
        if large:
            specials.append(("big.account@example.com", "Bram", "Groot", 100_000, tier_ids[2], 12550))
        used_emails = set()
        contact_ids: list[int] = []
        for email, first, last, count, tier_id, prepaid in specials:
            created = NOW - dt.timedelta(days=1400)
            contact_id = _add_contact(conn, rng, email, first, last, anonymous=False, tier_id=tier_id, created=created, prepaid=prepaid)
            card = f"CARD-{300000 + len(contact_ids)}"
            conn.execute("INSERT INTO contact_identifiers (value, contact_id) VALUES (?, ?)", (card, contact_id))
            if prepaid:
                prepaid_accounts.append((contact_id, prepaid, created, card))
            rows = loyalty_transactions(rng, Account(contact_id, card), shop_ids, rewards, count, created, now=NOW)
            insert_transactions(conn, rows)
            transactions.refresh_summary(conn, contact_id)
            for type_id in type_ids[:2]:
                conn.execute("INSERT INTO contact_subscriptions VALUES (?, ?, 'SUBSCRIBED')", (contact_id, type_id))
            report.transactions += len(rows)
            contact_ids.append(contact_id)
            used_emails.add(email)

        for n in range(contacts - len(specials)):
            anonymous = n % 15 == 14
            created = NOW - dt.timedelta(days=rng.randint(1, 1300), hours=rng.randint(0, 23))
            if anonymous:
                email, first, last = f"anonymous-{seeded_uuid(rng)}@anonymous.leat.invalid", None, None
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
                email = f"{local}@example.com"
                suffix = 2
                while email in used_emails:
                    email, suffix = f"{local}{suffix}@example.com", suffix + 1
            used_emails.add(email)
            tier_id = rng.choice(tier_ids) if not anonymous and rng.random() < 0.4 else None
            prepaid = rng.choice([0, 0, 0, 500, 1000, 2500]) if not anonymous else 0
            contact_id = _add_contact(conn, rng, email, first, last, anonymous=anonymous, tier_id=tier_id, created=created, prepaid=prepaid)
            card = f"CARD-{100000 + n}" if anonymous or n % 4 == 0 else None
            if card:
                conn.execute("INSERT INTO contact_identifiers (value, contact_id, name) VALUES (?, ?, ?)", (card, contact_id, more.choice(CARD_NAMES)))
            if prepaid:
                prepaid_accounts.append((contact_id, prepaid, created, card))
            if not anonymous and rng.random() < 0.5:
                for type_id in type_ids:
                    status = rng.choice(["SUBSCRIBED", "UNSUBSCRIBED"])
                    conn.execute("INSERT INTO contact_subscriptions VALUES (?, ?, ?)", (contact_id, type_id, status))
            rows = loyalty_transactions(rng, Account(contact_id, card), shop_ids, rewards, rng.randint(0, 25), created, now=NOW)
            insert_transactions(conn, rows)
            transactions.refresh_summary(conn, contact_id)
            report.transactions += len(rows)
            contact_ids.append(contact_id)
        report.contacts = len(contact_ids)
        # Loyalty cards handed out but not yet linked to anyone.
        conn.executemany("INSERT INTO contact_identifiers (value, contact_id) VALUES (?, NULL)", [(f"CARD-{200000 + n}",) for n in range(100)])
        conn.execute("INSERT INTO contact_identifiers (value, contact_id, name, active) VALUES ('CARD-299999', NULL, 'Blocked card', 0)")
        # anna's lost keyring, blocked; her card in use has a name of its own.
        conn.execute("INSERT INTO contact_identifiers (value, contact_id, name, active) VALUES ('CARD-300900', ?, 'Old keyring (lost)', 0)", (contact_ids[0],))
        conn.execute("UPDATE contact_identifiers SET name = 'Keyring tag' WHERE value = 'CARD-300000'")
        conn.execute("INSERT INTO subscription_types (uuid, name, description, strategy) VALUES (NULL, ?, ?, ?)", OLD_SUBSCRIPTION_TYPE)
        for contact_id, balance, created, card in prepaid_accounts:
            insert_prepaid(conn, more, contact_id, balance, created, card, shop_ids, now=NOW)

        for n in range(min(600, contacts * 2)):
            contact_id = contact_ids[0] if n < 25 else rng.choice(contact_ids)
            start = NOW - dt.timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 12))
            conn.execute(
                "INSERT INTO visits (uuid, contact_id, shop_id, external_id, source, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seeded_uuid(rng), contact_id, rng.choice(shop_ids), f"V-{10000 + n}", rng.choice(SOURCES), _stamp(start), _stamp(start + dt.timedelta(minutes=rng.randint(20, 150))), _stamp(start - dt.timedelta(days=rng.randint(0, 14)))),
            )
            report.visits += 1
        for n in range(min(150, contacts // 2)):
            contact_id = rng.choice(contact_ids)
            start = NOW + dt.timedelta(days=rng.randint(-60, 60), hours=rng.randint(0, 10))
            conn.execute(
                "INSERT INTO bookings (uuid, contact_id, shop_id, external_id, source, starts_at, ends_at, number_of_people, company_name, status, prepaid_amount, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (seeded_uuid(rng), contact_id, rng.choice(shop_ids), f"B-{20000 + n}", rng.choice(SOURCES), _stamp(start), _stamp(start + dt.timedelta(hours=2)), rng.randint(1, 8), rng.choice(["", "", "Acme BV", "Initech"]), rng.choice(BOOKING_STATUSES), rng.choice([0, 0, 1500, 5000]), _stamp(start - dt.timedelta(days=7))),
            )
            report.bookings += 1
        # Last, from a stream of their own: the contacts README's search examples find.
        report.examples = len(seed_examples.add_examples(conn, random.Random(random_seed + 2), now=NOW))
        # And after those, from a fourth stream, into tables of its own: the counter's vouchers and gift cards.
        report.counter = seed_counter.add_counter(conn, random.Random(random_seed + 3), now=NOW, locked_at=clock_time(store))
    return report
