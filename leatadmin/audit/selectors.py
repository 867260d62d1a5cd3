from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Q, QuerySet

from leatadmin.bookings.models import BookingRecord
from leatadmin.core.dates import within_days
from leatadmin.visits.models import VisitRecord

from .models import AuditEntry


def audit_search(*, username: str = "", action: str = "", target_type: str = "", target: str = "", outcome: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if username:
        entries = entries.filter(username=username)
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target.strip():
        entries = entries.filter(_about(target.strip()))
    outcomes = {"success": AuditEntry.Outcome.SUCCEEDED, "failure": AuditEntry.Outcome.FAILED, "unknown": AuditEntry.Outcome.UNKNOWN}
    if outcome in outcomes:
        entries = entries.filter(outcome=outcomes[outcome])
    return within_days(entries, "created_at", date_from, date_to)


def _about(reference: str) -> Q:
    """Entries about a contact, visit or booking, named as staff have it:
    an email or label, a UUID (of the target or its contact), or the
    external id of a visit or booking (the LA-… leatadmin gives them)."""
    about = Q(target_id=reference) | Q(contact_uuid=reference) | Q(target_label__icontains=reference)
    external_ids = {reference, reference.upper()}
    uuids = [
        *BookingRecord.objects.filter(external_id__in=external_ids).values_list("uuid", flat=True),
        *VisitRecord.objects.filter(external_id__in=external_ids).values_list("uuid", flat=True),
    ]
    if uuids:
        about |= Q(target_id__in=uuids)
    for external_id in external_ids:
        # Before Leat answered there was no identifier: a create keeps the external id it sent.
        about |= Q(sent__external_id=external_id) | Q(after__external_id=external_id)
    return about


def audit_usernames() -> list[str]:
    return list(AuditEntry.objects.order_by("username").values_list("username", flat=True).distinct())


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


# --- Settling a write whose answer was lost ---------------------------------------


def booked_from(sent_at: dt.datetime) -> dt.datetime:
    """The earliest time Leat can have booked a write sent at `sent_at`: down
    to Leat's whole second, less the most the two clocks may differ
    (LEAT_CLOCK_SKEW_SECONDS)."""
    return sent_at.replace(microsecond=0) - dt.timedelta(seconds=settings.LEAT_CLOCK_SKEW_SECONDS)


def written_since(entry: AuditEntry) -> dt.datetime:
    """The earliest time Leat can have booked the write recorded in `entry`."""
    return booked_from(entry.sent_at or entry.created_at)


def the_unaccounted_one[T](candidates: Iterable[T], *, id_of: Callable[[T], str] = lambda record: record.uuid) -> T | None:
    """Of the Leat records that match a lost write exactly, the one no audit
    entry accounts for (no earlier write made it, no other lost answer was
    settled against it). None when none is left, or more than one: then
    nobody can tell which is this write's, and its outcome stays unknown."""
    candidates = list(candidates)
    taken = set(AuditEntry.objects.filter(result_id__in=[id_of(record) for record in candidates]).values_list("result_id", flat=True))
    left = [record for record in candidates if id_of(record) not in taken]
    return left[0] if len(left) == 1 else None
