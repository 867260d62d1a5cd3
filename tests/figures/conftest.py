"""The figures (#26): Leat's transactions made at chosen moments, and staff limited to shops."""

from __future__ import annotations

import datetime as dt

import pytest

from leatadmin.sandbox.db import new_uuid, stamp
from leatadmin.sandbox.transactions import refresh_summary


@pytest.fixture
def newcomer(leat, unique_email):
    return leat.contacts.get(leat.contacts.create(unique_email).uuid)


@pytest.fixture
def book(sandbox):
    """`book(contact_uuid, shop_uuid, credits, at, reward=False, unit_value=None)`: a loyalty
    transaction in Leat (the sandbox's store) made at `at`, as a till elsewhere would; its uuid.
    Gone from Leat after the test: the sandbox serves the whole session, and a
    transaction dated ahead would stand before every read's cursor."""
    made: list[str] = []

    def make(contact_uuid: str, shop_uuid: str, credits: int, at: dt.datetime, *, reward: bool = False, unit_value: str | None = None) -> str:
        uuid = new_uuid()
        with sandbox.store.write() as conn:
            (contact_id,) = conn.execute("SELECT id FROM contacts WHERE uuid = ?", (contact_uuid,)).fetchone()
            (shop_id,) = conn.execute("SELECT id FROM shops WHERE uuid = ?", (shop_uuid,)).fetchone()
            conn.execute(
                "INSERT INTO transactions (uuid, contact_id, type, credits, shop_id, unit_value, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uuid, contact_id, "reward_reception" if reward else "credit_reception", credits, shop_id, unit_value, stamp(at)),
            )
            refresh_summary(conn, contact_id)
        made.append(uuid)
        return uuid

    yield make
    with sandbox.store.write() as conn:
        contacts = {row[0] for row in conn.execute(f"SELECT contact_id FROM transactions WHERE uuid IN ({', '.join('?' * len(made))})", made)}
        conn.execute(f"DELETE FROM transactions WHERE uuid IN ({', '.join('?' * len(made))})", made)
        for contact_id in contacts:
            refresh_summary(conn, contact_id)


def leat_uuids(sandbox) -> list[str]:
    """Every loyalty transaction Leat holds."""
    return [row["uuid"] for row in sandbox.store.all("SELECT uuid FROM transactions")]


@pytest.fixture
def shops(leat):
    """Two of the sandbox's shops: a manager's own, and another."""
    return leat.shops.list()[:2]


#: A fortnight before the sandbox's history begins (2023), in winter time (CET, UTC+1):
#: the period asked for is 10-11 March 2020, the period before 8-9 March.
def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2020, 3, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def quiet_days(book, leat, shops, unique_email):
    """Transactions, visits and bookings of March 2020 at two shops, whose
    figures tests/figures/test_figures.py computes by hand; the mirror read."""
    from leatadmin.bookings.models import BookingRecord
    from leatadmin.figures.mirror import mirror_start
    from leatadmin.visits.models import VisitRecord

    a, b = shops
    x = leat.contacts.create(f"x.{unique_email}").uuid
    y = leat.contacts.create(f"y.{unique_email}").uuid
    book(x, a.uuid, 10, utc(10, 9), unit_value="20.00")
    book(y, a.uuid, 5, utc(10, 12), unit_value="10.50")
    book(x, a.uuid, -3, utc(10, 15), unit_value="-1.50")  # part of a purchase returned
    book(y, a.uuid, -8, utc(10, 16), reward=True)
    book(x, a.uuid, 4, utc(10, 23, 30), unit_value="8.00")  # 00:30 on the 11th in Amsterdam
    book(y, a.uuid, 6, utc(9, 22, 59), unit_value="12.00")  # 23:59 on the 9th in Amsterdam
    book(x, b.uuid, 7, utc(10, 10), unit_value="14.00")

    def visits(shop, day, count, hour=10, minute=0):
        for _ in range(count):
            at = utc(day, hour, minute)
            VisitRecord.objects.create(uuid=new_uuid(), shop_uuid=shop.uuid, shop_name=shop.name, starts_at=at, sort_at=at, synced_at=at)

    visits(a, 10, 27)
    visits(a, 10, 1, hour=23, minute=30)  # the 11th in Amsterdam
    visits(a, 8, 12)
    visits(a, 9, 13)
    visits(b, 10, 5)

    def booking(shop, day, status, checked_in=False, hour=11):
        at = utc(day, hour)
        BookingRecord.objects.create(uuid=new_uuid(), shop_uuid=shop.uuid, shop_name=shop.name, starts_at=at, status=status, checked_in_at=at if checked_in else None, number_of_people=2)

    booking(a, 10, "created")
    booking(a, 10, "created")
    booking(a, 10, "completed", checked_in=True)
    booking(a, 10, "canceled")
    booking(a, 10, "in progress", checked_in=True)
    booking(a, 11, "created")
    booking(a, 9, "completed", checked_in=True)
    booking(a, 9, "completed", checked_in=True)
    booking(b, 10, "created")
    run = mirror_start()
    assert run.status == run.Status.DONE
    return {"a": a, "b": b, "x": x, "y": y}
