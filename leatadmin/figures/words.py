"""The figures written once each, in the page's language (core's leat_format):
a 90-day page writes a few hundred numbers and days, most of them many times
over (a count in its table, its chart's bar and its description), and Django
looks the language's formats up anew at every call. So each value is written
once per page and remembered for the rest of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format

from leatadmin.core.templatetags.leat_format import count, day, decimal, unit_amount


class Words:
    """One page's writer (the language active when it is made: make one per request)."""

    def __init__(self, unit: str = "") -> None:
        self.unit = unit
        self._kept: dict[tuple[str, Any], str] = {}

    def _once(self, kind: str, value: Any, write: Callable[[Any], str]) -> str:
        key = (kind, value)
        text = self._kept.get(key)
        if text is None:
            text = self._kept[key] = write(value)
        return text

    def count(self, value: int | Decimal) -> str:
        return self._once("count", value, count)

    def amount(self, value: Decimal | int) -> str:
        """A purchase amount: money when the program's unit is (Euro), else with its unit."""
        return self._once("amount", value, lambda v: unit_amount(Decimal(v).quantize(Decimal("0.01")), self.unit))

    def tenths(self, value: Decimal) -> str:
        return self._once("tenths", value, lambda v: decimal(v, 1))

    def day(self, value: dt.date) -> str:
        """24-11-2026, or 24 Nov 2026."""
        return self._once("day", value, day)

    def short_day(self, value: dt.date) -> str:
        """The chart's axis: 24 november, or November 24."""
        return self._once("short", value, lambda v: date_format(v, "MONTH_DAY_FORMAT"))
