"""Reading Leat's loose values: dates with `T` or a space, `Z` or an offset;
numbers as strings or floats; identifiers as numbers or strings; `meta` and
nested objects as `{}`, `[]` or null. Strict where a missing value would make
a record meaningless: an object without its identifier is a `BadResponse`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import BadResponse


def parse_datetime(value: Any) -> dt.datetime | None:
    """ISO 8601 with `T` or a space, `Z` or an offset; naive values are UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise BadResponse(f"Leat sent a date that could not be read: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def parse_int(value: Any) -> int | None:
    """Numbers may arrive as strings ("10") or floats (10.0)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        raise BadResponse(f"Leat sent a number that could not be read: {value!r}") from None


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadResponse(f"Leat sent a number that could not be read: {value!r}") from None


def parse_id(value: Any) -> str | None:
    """Identifiers are opaque strings: `123` and `12345-abcdefg` are both valid."""
    if value is None or value == "":
        return None
    return str(value)


def parse_str(value: Any) -> str:
    return "" if value is None else str(value)


def parse_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def as_dict(value: Any) -> dict[str, Any]:
    """`meta` and nested objects come as `{}`, `[]` or null when empty."""
    return value if isinstance(value, dict) else {}


def require_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadResponse(f"Leat sent no {what} where one was expected.")
    return value


def require_id(data: dict[str, Any], what: str) -> str:
    uuid = parse_id(data.get("uuid"))
    if uuid is None:
        raise BadResponse(f"Leat sent a {what} without its identifier.")
    return uuid
