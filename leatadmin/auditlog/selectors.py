"""Reading the audit log as supervisors search it: by who, what, which
target (an email or label, a UUID, or the external id of a visit or booking),
outcome and days."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from leatadmin.audit.models import AuditEntry
from leatadmin.bookings.models import BookingRecord
from leatadmin.core.dates import within_days
from leatadmin.staff.scoping import shops_of
from leatadmin.visits.models import VisitRecord


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


def audit_seen_by(entries: QuerySet[AuditEntry], *, user) -> QuerySet[AuditEntry]:
    """The entries a staff member may read. One limited to shops
    (staff/scoping.py) reads those about a visit or booking at their shops,
    and their own; not those of others about no shop (a contact, points,
    a voucher), which are about the whole chain, not a shop."""
    shops = shops_of(user)
    if shops is None:
        return entries
    bookings = BookingRecord.objects.filter(shop_uuid__in=shops).values("uuid")
    visits = VisitRecord.objects.filter(shop_uuid__in=shops).values("uuid")
    theirs = (
        Q(target_type=AuditEntry.Target.BOOKING, target_id__in=bookings)
        | Q(target_type=AuditEntry.Target.VISIT, target_id__in=visits)
        # A create that failed, or whose answer was lost, has no identifier: the shop it was sent for says.
        | Q(target_type__in=(AuditEntry.Target.BOOKING, AuditEntry.Target.VISIT), sent__shop_uuid__in=sorted(shops))
        | Q(user_id=user.pk)
    )
    return entries.filter(theirs)


def audit_usernames(entries: QuerySet[AuditEntry] | None = None) -> list[str]:
    entries = AuditEntry.objects.all() if entries is None else entries
    return list(entries.order_by("username").values_list("username", flat=True).distinct())


def audit_actions(entries: QuerySet[AuditEntry] | None = None) -> list[str]:
    entries = AuditEntry.objects.all() if entries is None else entries
    return list(entries.order_by("action").values_list("action", flat=True).distinct())
