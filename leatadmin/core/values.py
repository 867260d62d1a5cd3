"""Comparing what a form says with what Leat holds, to send only changes."""

from __future__ import annotations

from typing import Any


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
