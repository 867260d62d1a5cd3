"""What every API area shares: a handle on the client and safe path segments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from .client import LeatClient


def segment(identifier: str) -> str:
    """Identifiers are opaque: quote them so `a/b` stays one segment. A segment
    of only dots cannot be quoted (HTTP clients resolve it), so it is refused."""
    text = str(identifier)
    if not text.strip("."):
        raise ValueError(f"{identifier!r} is not an identifier")
    return quote(text, safe="")


def iso(value: Any) -> Any:
    """Datetimes go to Leat as ISO 8601 with their offset."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("Leat needs date-times with a time zone offset.")
        return value.isoformat(timespec="seconds")
    return value


def body(fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return {name: iso(value) for name, value in fields.items()}


class Resource:
    def __init__(self, client: LeatClient) -> None:
        self.client = client
