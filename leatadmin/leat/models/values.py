"""Reading Leat's loose values: dates with `T` or a space, `Z` or an offset,
or as Leat displays them ("2023-11-13, 09:36"); numbers as strings or
floats; identifiers as numbers or strings; `meta` and nested objects as
`{}`, `[]` or null. Strict where a missing value would make a record
meaningless: an object without its identifier is a `BadResponse`."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import BadResponse

#: The date and the time, apart: `T` or a space.
_DATE_TIME_SEPARATOR = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+")
#: Leat's display form, "2023-11-13, 09:36" (a voucher batch's `created_at`):
#: the account's wall-clock time, without an offset (captured at 08:36 GMT).
_DISPLAYED = re.compile(r"^(\d{4}-\d{2}-\d{2}),\s*(\d{2}:\d{2}(?::\d{2})?)$")
#: The time zone of that display form: leatadmin's Leat accounts are Dutch.
ACCOUNT_TIME_ZONE = ZoneInfo("Europe/Amsterdam")


def parse_datetime(value: Any, *, account_zone: dt.tzinfo = ACCOUNT_TIME_ZONE) -> dt.datetime | None:
    """ISO 8601 with `T` or a space, `Z` or an offset, naive values as UTC (as
    Leat stores them); or Leat's display form "2023-11-13, 09:36", in the
    account's time zone (`account_zone`)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        text = str(value).strip()
        displayed = _DISPLAYED.fullmatch(text)
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            if displayed:
                return dt.datetime.fromisoformat(f"{displayed[1]}T{displayed[2]}").replace(tzinfo=account_zone)
            parsed = dt.datetime.fromisoformat(_DATE_TIME_SEPARATOR.sub(r"\1T", text, count=1))
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
