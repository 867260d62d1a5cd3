from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from leatadmin.core.dates import within_days

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
        entries = entries.filter(Q(target_id=target.strip()) | Q(target_label__icontains=target.strip()))
    outcomes = {"success": AuditEntry.Outcome.SUCCEEDED, "failure": AuditEntry.Outcome.FAILED, "unknown": AuditEntry.Outcome.UNKNOWN}
    if outcome in outcomes:
        entries = entries.filter(outcome=outcomes[outcome])
    return within_days(entries, "created_at", date_from, date_to)


def audit_usernames() -> list[str]:
    return list(AuditEntry.objects.order_by("username").values_list("username", flat=True).distinct())


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
