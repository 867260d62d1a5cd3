"""The agenda's fixtures: ledger rows and index rows on one fixed day, real
bookings in the sandbox for the row actions, and staff limited to shops."""

from __future__ import annotations

import datetime as dt
import html
import re
import secrets
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from leatadmin.agenda.selectors import LOCAL_SHOPS_KEY
from leatadmin.bookings.models import BookingRecord
from leatadmin.bookings.services import booking_create
from leatadmin.shops.selectors import shop_list
from leatadmin.visits.models import VisitRecord

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY = dt.date(2026, 12, 24)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    """A moment on the shop's wall clock (the tests' time zone is Amsterdam's)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def day_url(shop_uuid: str, day: dt.date = DAY) -> str:
    return reverse("agenda:day", args=[shop_uuid, day.isoformat()])


@pytest.fixture(autouse=True)
def _local_shops_read_afresh():
    """The agenda keeps the ledger's and the index's shops in the cache: each test its own."""
    cache.delete(LOCAL_SHOPS_KEY)
    yield
    cache.delete(LOCAL_SHOPS_KEY)


@pytest.fixture
def shops(leat):
    """Two of the sandbox's shops: a manager's own, and another."""
    return leat.shops.list()[3:5]


@pytest.fixture
def shop(shops):
    # Leat's shop list as a page that showed a shop picker left it cached: the agenda never asks
    # Leat for it, so without it a shop with nothing in the ledger or index is unknown.
    shop_list()
    return shops[0]


@pytest.fixture
def ledger():
    """`ledger(shop, starts_at, **fields)`: a booking in the ledger only (the agenda reads nothing else)."""

    def make(shop, starts_at, **fields) -> BookingRecord:
        values = {
            "uuid": f"bk-{secrets.token_hex(6)}", "shop_uuid": shop.uuid, "shop_name": shop.name, "contact_uuid": f"ct-{secrets.token_hex(6)}",
            "contact_email": f"guest.{secrets.token_hex(3)}@example.com", "starts_at": starts_at, "status": "created", "number_of_people": 2, **fields,
        }  # fmt: skip
        return BookingRecord.objects.create(**values)

    return make


@pytest.fixture
def indexed():
    """`indexed(shop, starts_at, **fields)`: a visit in the visit index."""

    def make(shop, starts_at, **fields) -> VisitRecord:
        values = {
            "uuid": f"vs-{secrets.token_hex(6)}",
            "shop_uuid": shop.uuid,
            "shop_name": shop.name,
            "contact_email": f"visitor.{secrets.token_hex(3)}@example.com",
            "starts_at": starts_at,
            "sort_at": starts_at,
            "synced_at": timezone.now(),
            **fields,
        }
        return VisitRecord.objects.create(**values)

    return make


@pytest.fixture
def in_leat(supervisor, anna):
    """`in_leat(shop, starts_at)`: a booking made in Leat through leatadmin (in the ledger too), so its actions reach the sandbox."""

    def make(shop, starts_at, **fields) -> BookingRecord:
        fields = {"starts_at": starts_at, "number_of_people": 4, "status": "created", **fields}
        return booking_create(user=supervisor.user, shop_uuid=shop.uuid, contact_uuid=anna.uuid, contact_email=anna.email, fields=fields).obj

    return make


def row_button(page: str, uuid: str, action: str) -> tuple[str, dict]:
    """The URL and the fields a row's button posts (as the browser sends them:
    the row form's hidden fields, and the clicked button's own token)."""
    row = page.split(f'id="booking-{uuid}"')[1].split("</tr>")[0]
    button = re.search(rf'<button type="submit" formaction="([^"]*/bookings/{re.escape(uuid)}/{action}/[^"]*)"[^>]* name="token" value="([^"]*)"', row)
    assert button, f"no {action} button on the row of {uuid}"
    form = dict(re.findall(r'<input type="hidden" name="(version|in_page|csrfmiddlewaretoken)" value="([^"]*)"', row))
    return html.unescape(button.group(1)), {**form, "token": button.group(2)}


def counts(page: str) -> dict[str, str]:
    """The counts at the top of the day, by their id."""
    return dict(re.findall(r'id="count-([a-z-]+)"[^>]*><dt>[^<]*</dt><dd>([^<]*)</dd>', page))
