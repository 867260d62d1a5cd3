"""Comparing what a form says with what Leat holds, to send only changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime


def _same(a: Any, b: Any) -> bool:
    empty = (None, "")
    if a in empty and b in empty:
        return True
    if isinstance(a, str) != isinstance(b, str) and isinstance(a, (str, int, float)) and isinstance(b, (str, int, float)):
        return str(a) == str(b)  # Leat sends some attributes as numbers (housenumber 12 vs "12")
    return a == b


def changed_values(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The entries of `wanted` that differ from `current` (aware datetimes
    compare as instants, so a time zone change alone is no change)."""
    return {name: value for name, value in wanted.items() if not _same(current.get(name), value)}


def without_empty(values: dict[str, Any]) -> dict[str, Any]:
    """A create sends what was filled in; empty optional fields are left out."""
    return {name: value for name, value in values.items() if value not in (None, "")}


def holds_what_was_sent(current: dict[str, Any], sent: dict[str, Any]) -> bool:
    """Whether Leat now holds each value a write sent (as recorded in the
    audit log, where date-times are ISO text): to settle a lost answer."""
    for name, value in sent.items():
        have = current.get(name)
        if isinstance(have, dt.datetime) and isinstance(value, str):
            value = parse_datetime(value) or value
        if not _same(have, value):
            return False
    return True
