"""The input checks every area shares, with Leat's 1003 messages per field
(required, a string of at most 255 characters, an email, a date, a whole
number, a number), reversing at most once, and a paged list's `page` and
`limit`. Apart from `db` (the store itself) because they judge what a
request asks before anything is stored: each adds its message to an
`errors` dict (or raises 1003 through `invalid`) and changes no data.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from decimal import Decimal, InvalidOperation
from typing import Any

from .db import stamp
from .errors import invalid

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_STRING = 255


def label(field: str) -> str:
    return field.replace("_", " ")


def parse_when(value: Any, field: str, errors: dict[str, str]) -> str | None:
    """ISO 8601 in (a date alone means its midnight, UTC), UTC ISO 8601 out."""
    if value in (None, ""):
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        errors[field] = f"The {label(field)} is not a valid date."
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return stamp(parsed)


def parse_whole(value: Any, field: str, errors: dict[str, str], *, minimum: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[field] = f"The {label(field)} must be an integer."
        return None
    if number < minimum:
        errors[field] = f"The {label(field)} must be at least {minimum}."
    return number


def parse_number(value: Any, field: str, errors: dict[str, str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = Decimal(str(value).strip())
        if not number.is_finite():
            raise ValueError
    except (InvalidOperation, ValueError):
        errors[field] = f"The {label(field)} must be a number."
        return None
    return number


def parse_integer(value: Any, field: str, errors: dict[str, str]) -> int | None:
    """A whole number, negative allowed; `10`, `"10"` and `10.0` are 10."""
    found: dict[str, str] = {}
    number = parse_number(value, field, found)
    if found or (number is not None and number != number.to_integral_value()):
        errors[field] = f"The {label(field)} must be an integer."
        return None
    return None if number is None else int(number)


def require(data: dict[str, Any], fields: tuple[str, ...], errors: dict[str, str]) -> None:
    for field in fields:
        if data.get(field) in (None, ""):
            errors[field] = f"The {label(field)} field is required."


def reversible(row: sqlite3.Row, field: str, what: str) -> sqlite3.Row:
    """Reversed once; a reversal itself never (both 1003 about the uuid)."""
    if row["reverses_id"] is not None:
        raise invalid({field: f"The {what} is itself a reversal and cannot be reversed."})
    if row["reversed_by_id"] is not None:
        raise invalid({field: f"The {what} has already been reversed."})
    return row


def check_string(value: Any, field: str, errors: dict[str, str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        errors[field] = f"The {label(field)} must be a string."
        return None
    text = str(value)
    if len(text) > MAX_STRING:
        errors[field] = f"The {label(field)} may not be greater than {MAX_STRING} characters."
    return text


def check_email(value: Any, errors: dict[str, str], field: str = "email") -> str:
    email = str(value or "").strip()
    if not email:
        errors[field] = f"The {field} field is required."
    elif len(email) > MAX_STRING or not EMAIL_RE.match(email):
        errors[field] = f"The {field} must be a valid email address."
    return email


def page_args(params: dict[str, Any], *, default_limit: int, max_limit: int) -> tuple[int, int]:
    errors: dict[str, str] = {}
    page = parse_whole(params.get("page"), "page", errors, minimum=1) or 1
    limit = parse_whole(params.get("limit"), "limit", errors, minimum=0)
    if limit is not None and limit > max_limit:
        errors["limit"] = f"The limit may not be greater than {max_limit}."
    if errors:
        raise invalid(errors)
    return page, (limit or default_limit)


def last_page(total: int, limit: int) -> int:
    return max(1, -(-total // limit))
