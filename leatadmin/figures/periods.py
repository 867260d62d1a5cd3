"""The figures' periods: the last 7, 30 or 90 days, or chosen days, and the
period before each (as long, ending the day before it starts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

LAST_DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
#: The longest period shown: a year and a day (a leap year's span from a day to the same day).
MAX_DAYS = 367


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @classmethod
    def last_days(cls, days: int, today: dt.date) -> Period:
        return cls(today - dt.timedelta(days=days - 1), today)

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range(self.length)]

    def before(self) -> Period:
        """The period as long as this one, just before it."""
        last = self.first - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.length - 1), last)


def today_in(zone: dt.tzinfo) -> dt.date:
    return timezone.now().astimezone(zone).date()
