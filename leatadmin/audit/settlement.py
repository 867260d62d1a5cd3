"""The settlement rule (README, "Every write exactly once"): a write whose
answer was lost is settled only against a Leat record booked after it was
sent, that matches it exactly, and that no other audit entry accounts for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings

from .models import AuditEntry


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
