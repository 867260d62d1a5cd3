"""What every API area shares: a handle on the client and safe path segments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .errors import BadResponse

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


def items[T](data: Any, parse: Callable[[Any], T], what: str) -> list[T]:
    """A list Leat does not page (rewards, subscription types, cards)."""
    if not isinstance(data, list):
        raise BadResponse(f"Leat sent no {what} list.")
    return [parse(item) for item in data]


def number(value: Decimal | float | int | str) -> float | int:
    """An amount as a JSON number (`10.40` for €10,40), as Leat's pages ask."""
    amount = Decimal(str(value).strip())
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount")
    return int(amount) if amount == amount.to_integral_value() else float(amount)
