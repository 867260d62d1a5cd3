"""Filtering by calendar days, as staff mean them: in their own time zone."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone


def within_days(queryset: QuerySet, field: str, first: dt.date | None, last: dt.date | None) -> QuerySet:
    """Rows whose `field` falls on or after `first` and on or before `last` (both optional)."""
    zone = timezone.get_current_timezone()
    # Forms refuse such days (core.fields.DayField); at the very ends of the
    # calendar a bound means nothing anyway, and computing it would overflow.
    first = first if first and first > dt.date.min + dt.timedelta(days=2) else None
    last = last if last and last < dt.date.max - dt.timedelta(days=2) else None
    if first:
        queryset = queryset.filter(**{f"{field}__gte": dt.datetime.combine(first, dt.time.min, tzinfo=zone)})
    if last:
        queryset = queryset.filter(**{f"{field}__lt": dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)})
    return queryset
