"""The agenda's reads: one shop's day, from the booking ledger and the visit
index, and the shops a staff member may open it for.

Local only. Showing a day makes no Leat call at all (issue #26): the desk's
page answers in milliseconds whatever Leat is doing, and a busy shop is never
held up by Leat's rate limit. So the shops are the ones leatadmin already
knows (the cached shop list, the ledger's and the index's shops), and the
visits are the index as it stands (it learns of visits made elsewhere when
anyone opens the visit list, and from its daily full read: visits/index.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from leatadmin.bookings.models import BookingRecord
from leatadmin.bookings.selectors import booking_search, booking_shop_choices
from leatadmin.bookings.status import CANCELED, COMPLETED, CREATED, IN_PROGRESS
from leatadmin.core.dates import within_days
from leatadmin.shops.selectors import CACHE_KEY, LAST_KNOWN_KEY
from leatadmin.staff.scoping import scope_shop_choices
from leatadmin.visits.models import VisitRecord
from leatadmin.visits.selectors import visit_shop_choices

BOOKING, VISIT = "booking", "visit"
#: Statuses of a booking still waiting for its guests (no status: just created).
WAITING = frozenset({"", CREATED})


@dataclass(frozen=True)
class AgendaRow:
    """One line of the day: a booking or a visit, at its time."""

    kind: str
    uuid: str
    at: dt.datetime | None
    ends_at: dt.datetime | None
    contact_uuid: str
    contact_email: str
    number_of_people: int | None = None
    company_name: str = ""
    status: str = ""
    prepaid_amount: int | None = None
    no_show: bool = False
    #: The ledger's row, for its one-click actions (None for a visit).
    booking: BookingRecord | None = None


@dataclass(frozen=True)
class Counts:
    """The day at a glance. `booked` is every booking of the day; the others
    are parts of it: checked in (arrived: a check-in time, or in progress),
    completed, cancelled, and no-shows (still only booked, never checked in,
    and their start passed by more than AGENDA_NO_SHOW_MINUTES)."""

    booked: int = 0
    checked_in: int = 0
    completed: int = 0
    cancelled: int = 0
    no_shows: int = 0
    visits: int = 0


@dataclass(frozen=True)
class AgendaDay:
    shop_uuid: str
    day: dt.date
    rows: list[AgendaRow] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


def is_no_show(booking: BookingRecord, now: dt.datetime, grace: dt.timedelta) -> bool:
    """Booked, never checked in, and its start passed by more than `grace`.
    An unconfirmed booking is nobody's no-show: Leat may not even have it."""
    return bool(booking.confirmed and booking.status in WAITING and not booking.checked_in_at and booking.starts_at and now - booking.starts_at > grace)


def agenda_day(*, shop_uuid: str, day: dt.date, now: dt.datetime) -> AgendaDay:
    """The shop's bookings and visits starting on `day` (in the staff member's
    time zone), in time order, with the day's counts. Two queries, no Leat call."""
    grace = dt.timedelta(minutes=settings.AGENDA_NO_SHOW_MINUTES)
    bookings = booking_search(shop_uuid=shop_uuid, date_from=day, date_to=day).order_by("starts_at", "id")
    # A visit without a start is placed at when it was made (`sort_at`, as the visit list orders it).
    visits = within_days(VisitRecord.objects.filter(synced_at__isnull=False, shop_uuid=shop_uuid), "sort_at", day, day).order_by("sort_at", "id")
    rows = [_booking_row(booking, is_no_show(booking, now, grace)) for booking in bookings]
    rows += [_visit_row(visit) for visit in visits]
    # Bookings before visits at the same minute: the booking is what the desk acts on.
    rows.sort(key=lambda row: (row.at is None, row.at or now, row.kind != BOOKING))
    return AgendaDay(shop_uuid=shop_uuid, day=day, rows=rows, counts=_counts(rows))


def _booking_row(booking: BookingRecord, no_show: bool) -> AgendaRow:
    return AgendaRow(
        kind=BOOKING, uuid=booking.uuid, at=booking.starts_at, ends_at=booking.ends_at, contact_uuid=booking.contact_uuid, contact_email=booking.contact_email,
        number_of_people=booking.number_of_people, company_name=booking.company_name, status=booking.status, prepaid_amount=booking.prepaid_amount,
        no_show=no_show, booking=booking,
    )  # fmt: skip


def _visit_row(visit: VisitRecord) -> AgendaRow:
    return AgendaRow(kind=VISIT, uuid=visit.uuid, at=visit.sort_at, ends_at=visit.ends_at, contact_uuid=visit.contact_uuid, contact_email=visit.contact_email)


def _counts(rows: list[AgendaRow]) -> Counts:
    bookings = [row.booking for row in rows if row.booking is not None]
    return Counts(
        booked=len(bookings),
        checked_in=sum(1 for b in bookings if b.checked_in_at or b.status == IN_PROGRESS),
        completed=sum(1 for b in bookings if b.status == COMPLETED),
        cancelled=sum(1 for b in bookings if b.status == CANCELED),
        no_shows=sum(1 for row in rows if row.no_show),
        visits=len(rows) - len(bookings),
    )


#: The shops the ledger and the index know, kept as long as the shop list:
#: finding them reads both tables whole (100 ms and more at 100,000 rows each).
LOCAL_SHOPS_KEY = "agenda-local-shops"


def agenda_shops(user) -> list[tuple[str, str]]:
    """The shops `user` may open an agenda for, by name: Leat's list as last
    cached (never asked for here), and any shop the ledger or the index knows."""
    known: dict[str, str] = {shop.uuid: shop.name for shop in _cached_shops()}
    local = cache.get(LOCAL_SHOPS_KEY)
    if local is None:
        local = [*booking_shop_choices(), *visit_shop_choices()]
        cache.set(LOCAL_SHOPS_KEY, local, settings.LEAT_SHOPS_CACHE_SECONDS)
    for uuid, name in local:
        known.setdefault(uuid, name)
    return scope_shop_choices(user, sorted(known.items(), key=lambda item: (item[1].lower(), item[0])))


def agenda_shop_name(shop_uuid: str) -> str:
    """A shop's name without asking Leat; "" when leatadmin never learnt it."""
    for shop in _cached_shops():
        if shop.uuid == shop_uuid:
            return shop.name
    for model in (BookingRecord, VisitRecord):
        names = model.objects.filter(shop_uuid=shop_uuid).exclude(shop_name="").order_by().values_list("shop_name", flat=True)[:1]
        if names:
            return names[0]
    return ""


def _cached_shops() -> list:
    # shops.selectors.shop_list would ask Leat when the cache is cold; the agenda never does.
    return cache.get(CACHE_KEY) or cache.get(LAST_KNOWN_KEY) or []
