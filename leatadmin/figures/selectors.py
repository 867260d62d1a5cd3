"""Reading the shop's figures: days from the daily figures (never the mirror's
transactions), visits from the visit index and bookings from the ledger, all
local: the figures page makes no Leat call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from leatadmin.bookings.selectors import booking_search
from leatadmin.bookings.status import CANCELED, COMPLETED, CREATED, IN_PROGRESS
from leatadmin.bookings.status import label as status_label
from leatadmin.shops.selectors import cached_shop_name
from leatadmin.visits.selectors import visit_search

from .mirror import mirror_last, mirror_last_done, shop_zone
from .models import EVERY_SHOP, DailyShopFigures, MirroredShop, MirrorRun
from .periods import Period

NO_SHOW = "no-show"
#: The statuses counted in the figures, in the order a booking goes through them.
STATUSES = (CREATED, IN_PROGRESS, COMPLETED, CANCELED)


@dataclass
class Day:
    """One day's figures (or a period's sums: `Figures.totals`)."""

    day: dt.date | None = None
    visits: int = 0
    bookings: int = 0
    no_shows: int = 0
    transactions: int = 0
    credits_given: int = 0
    credits_taken: int = 0
    rewards: int = 0
    reward_credits: int = 0
    purchase_amount: Decimal = Decimal(0)
    purchases: int = 0
    contacts: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


#: The figures a period adds up, and compares with the period before.
SUMMED = tuple(f.name for f in fields(Day) if f.name not in ("day", "statuses"))


@dataclass(frozen=True)
class Change:
    """A figure this period beside the period before."""

    now: int | Decimal
    before: int | Decimal

    @property
    def percent(self) -> int | None:
        """+12 for 12 % more; None when there was nothing before to compare with."""
        if not self.before:
            return None
        return round((Decimal(self.now) - Decimal(self.before)) * 100 / abs(Decimal(self.before)))


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    now: int
    before: int


@dataclass(frozen=True)
class Figures:
    shop_uuid: str
    period: Period
    previous: Period
    days: list[Day]
    totals: Day
    before: Day
    unit_label: str

    def change(self, name: str) -> Change:
        return Change(getattr(self.totals, name), getattr(self.before, name))

    @property
    def contacts_per_day(self) -> Change:
        """Distinct contacts a day, on average: a period's distinct contacts would need every transaction."""
        return Change(_average(self.totals.contacts, self.period.length), _average(self.before.contacts, self.previous.length))

    @property
    def statuses(self) -> list[StatusCount]:
        seen = [status for status in sorted(set(self.totals.statuses) | set(self.before.statuses)) if status not in STATUSES]
        rows = [StatusCount(status, status_label(status), self.totals.statuses.get(status, 0), self.before.statuses.get(status, 0)) for status in (*STATUSES, *seen)]
        return [*rows, StatusCount(NO_SHOW, gettext("No-shows"), self.totals.no_shows, self.before.no_shows)]


def _average(total: int, days: int) -> Decimal:
    return (Decimal(total) / days).quantize(Decimal("0.1")) if days else Decimal(0)


def shop_figures(*, shop_uuid: str, scope: frozenset[str] | None, period: Period) -> Figures:
    """The figures of a shop (`shop_uuid`; "": every shop the staff member
    may see, `scope`) for each day of `period`, and the sums of it and of the period before."""
    previous = period.before()
    days = {day: Day(day=day) for day in (*previous.days, *period.days)}
    unit = _daily(days, shop_uuid, scope, previous.first, period.last)
    _visits(days, shop_uuid, scope, previous.first, period.last)
    _bookings(days, shop_uuid, scope, previous.first, period.last)
    current = [days[day] for day in period.days]
    return Figures(
        shop_uuid=shop_uuid, period=period, previous=previous, days=current,
        totals=_sum(current), before=_sum([days[day] for day in previous.days]), unit_label=unit,
    )


def _sum(days: list[Day]) -> Day:
    total = Day(**{name: sum((getattr(day, name) for day in days), start=type(getattr(Day(), name))()) for name in SUMMED})
    for day in days:
        for status, count in day.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + count
    return total


DAILY = ("transactions", "credits_given", "credits_taken", "rewards", "reward_credits", "purchase_amount", "purchases", "contacts")


def _daily(days: dict[dt.date, Day], shop_uuid: str, scope: frozenset[str] | None, first: dt.date, last: dt.date) -> str:
    """The mirror's daily figures into `days`; returns the unit of the purchase amounts."""
    rows = DailyShopFigures.objects.filter(day__gte=first, day__lte=last)
    if shop_uuid:
        rows = rows.filter(shop_uuid=shop_uuid)
    elif scope is None:
        rows = rows.filter(shop_uuid=EVERY_SHOP)  # the chain's own row: its distinct contacts are the chain's
    else:
        rows = rows.filter(shop_uuid__in=scope)  # a contact at two of them counts at each
    unit = ""
    for values in rows.order_by().values("day").annotate(**{name: Sum(name) for name in DAILY}, unit=Max("unit_label")):
        day = days.get(values.pop("day"))
        unit = values.pop("unit") or unit
        if day is not None:
            for name, value in values.items():
                setattr(day, name, value or 0)
    return unit


def _visits(days: dict[dt.date, Day], shop_uuid: str, scope: frozenset[str] | None, first: dt.date, last: dt.date) -> None:
    zone = shop_zone()
    with timezone.override(zone):  # the shops' days, whoever looks
        visits = visit_search(shop_uuid=shop_uuid, date_from=first, date_to=last, shops=scope)
    for values in visits.order_by().annotate(on=TruncDate("starts_at", tzinfo=zone)).values("on").annotate(count=Count("id")):
        if values["on"] in days:
            days[values["on"]].visits = values["count"]


def _bookings(days: dict[dt.date, Day], shop_uuid: str, scope: frozenset[str] | None, first: dt.date, last: dt.date) -> None:
    zone = shop_zone()
    with timezone.override(zone):
        bookings = booking_search(shop_uuid=shop_uuid, date_from=first, date_to=last, shops=scope)
    # No-shows as the agenda counts them (agenda/selectors.is_no_show): booked, never checked in, its start
    # past by more than AGENDA_NO_SHOW_MINUTES; an unconfirmed booking (a lost answer) is nobody's.
    late = timezone.now() - dt.timedelta(minutes=settings.AGENDA_NO_SHOW_MINUTES)
    waiting = Q(confirmed=True, status__in=("", CREATED), checked_in_at__isnull=True, starts_at__lt=late)
    counted = bookings.order_by().annotate(on=TruncDate("starts_at", tzinfo=zone)).values("on", "status").annotate(count=Count("id"), no_shows=Count("id", filter=waiting))
    for values in counted:
        day = days.get(values["on"])
        if day is not None:
            day.bookings += values["count"]
            day.no_shows += values["no_shows"]
            day.statuses[values["status"]] = day.statuses.get(values["status"], 0) + values["count"]


# --- The shop picker and the mirror's state -------------------------------------------------


def figures_shop_choices(scope: frozenset[str] | None) -> list[tuple[str, str]]:
    """The shops of Leat's transactions, by the name the latest one gave,
    without asking Leat (nor reading every visit and booking for their shops);
    a limited staff member's own shops always among them."""
    names = {uuid: name or uuid for uuid, name in MirroredShop.objects.values_list("uuid", "name")}
    for uuid in scope or ():
        names.setdefault(uuid, cached_shop_name(uuid) or uuid)
    return sorted(names.items(), key=lambda item: (item[1].lower(), item[0]))


@dataclass(frozen=True)
class MirrorState:
    """What the figures of transactions rest on: the latest read and the latest that finished."""

    last: MirrorRun | None
    last_done: MirrorRun | None

    @property
    def failed(self) -> bool:
        return self.last is not None and self.last.status == MirrorRun.Status.FAILED

    @property
    def reading(self) -> bool:
        return self.last is not None and self.last.is_active


def mirror_state() -> MirrorState:
    last = mirror_last()
    return MirrorState(last=last, last_done=last if last is not None and last.status == MirrorRun.Status.DONE else mirror_last_done())
