"""Reading the booking ledger (local: Leat has no way to list bookings)."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from leatadmin.core.dates import within_days
from leatadmin.leat.bookings import KNOWN_STATUSES

from .models import BookingRecord
from .status import label as status_label


def booking_get(*, uuid: str) -> BookingRecord:
    return get_object_or_404(BookingRecord, uuid=uuid)


UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def booking_uuid_for(*, reference: str) -> str:
    """The Leat identifier of a booking given by UUID or by external id.

    Raises LookupError (with words for staff) for an external id the ledger
    does not know, or knows more than once: Leat has no booking lookup."""
    if BookingRecord.objects.filter(uuid=reference).exists() or UUID_RE.match(reference):
        return reference
    uuids = list(BookingRecord.objects.filter(external_id=reference).values_list("uuid", flat=True)[:2])
    if len(uuids) == 1:
        return uuids[0]
    if uuids:
        raise LookupError(_("More than one booking in the ledger has this external id: paste the booking's UUID instead."))
    raise LookupError(_("No booking in leatadmin's ledger has this external id, and Leat cannot look bookings up by external id: paste the booking's UUID from Leat instead."))


def booking_search(
    *, query: str = "", shop_uuid: str = "", status: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None, shops: frozenset[str] | None = None
) -> QuerySet[BookingRecord]:
    """The ledger's bookings, filtered; only at `shops` for a staff member limited to them (staff/scoping.py)."""
    bookings = BookingRecord.objects.all() if shops is None else BookingRecord.objects.filter(shop_uuid__in=shops)
    query = query.strip()
    if query:
        bookings = bookings.filter(Q(contact_email__icontains=query) | Q(external_id__icontains=query) | Q(uuid=query) | Q(contact_uuid=query))
    if shop_uuid:
        bookings = bookings.filter(shop_uuid=shop_uuid)
    if status:
        bookings = bookings.filter(status=status)
    return within_days(bookings, "starts_at", date_from, date_to)


def booking_shop_choices() -> list[tuple[str, str]]:
    """The shops bookings in the ledger are at (no Leat call for a filter)."""
    rows = BookingRecord.objects.exclude(shop_uuid="").values_list("shop_uuid", "shop_name").distinct().order_by("shop_name")
    return [(uuid, name or uuid) for uuid, name in rows]


def booking_status_choices() -> list[tuple[str, str]]:
    seen = set(BookingRecord.objects.exclude(status="").values_list("status", flat=True).distinct())
    return [(status, status_label(status)) for status in [*KNOWN_STATUSES, *sorted(seen - set(KNOWN_STATUSES))]]


def contact_bookings(*, contact_uuid: str, shops: frozenset[str] | None = None) -> QuerySet[BookingRecord]:
    bookings = BookingRecord.objects.filter(contact_uuid=contact_uuid)
    return bookings if shops is None else bookings.filter(shop_uuid__in=shops)


def contact_bookings_elsewhere(*, contact_uuid: str, shops: frozenset[str]) -> int:
    """How many of a contact's bookings are not at `shops` (the panel says so)."""
    return BookingRecord.objects.filter(contact_uuid=contact_uuid).exclude(shop_uuid__in=shops).count()


def booking_shop_of(*, uuid: str) -> str | None:
    """The shop of a booking in the ledger; None when the ledger does not know the booking."""
    return BookingRecord.objects.filter(uuid=uuid).values_list("shop_uuid", flat=True).first()
