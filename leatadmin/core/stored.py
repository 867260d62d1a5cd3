"""Text from Leat, made storable before it is stored.

Leat's strings can be longer than the column leatadmin keeps them in, and can
hold NUL or lone surrogates (valid JSON escapes). SQLite stores all of that;
PostgreSQL refuses it (NUL in text and jsonb, a value over max_length, an
integer out of range), and by then Leat has already acted, so retrying fails
the same way forever. Every place that stores what Leat said goes through
`fitted` (model fields) or `stored_json` (JSON values).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
ELLIPSIS = "…"


def stored_text(value: Any, max_length: int | None = None) -> str:
    """`value` as text a database keeps: no NUL or lone surrogate, cut (with …) to `max_length`."""
    text = "" if value is None else str(value)
    if "\x00" in text or not text.isascii():  # a surrogate is never ASCII; most text is (a backfill stores 1.4 million values)
        text = UNSTORABLE.sub(lambda match: "" if match.group() == "\x00" else "\ufffd", text)
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1] + ELLIPSIS
    return text


def stored_json(value: Any) -> Any:
    """A JSON value with every string (keys too) made storable (jsonb refuses \\u0000)."""
    if isinstance(value, str):
        return stored_text(value)
    if isinstance(value, dict):
        return {stored_text(key): stored_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [stored_json(item) for item in value]
    return value


def fitted(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """`values` for `model`'s fields, each made to fit its column: text cleaned
    and cut to max_length, JSON cleaned, an integer out of the column's range
    dropped (None) rather than refused by the database."""
    result = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if isinstance(field, (models.CharField, models.TextField)) and value is not None:
            value = stored_text(value, field.max_length)
        elif isinstance(field, models.JSONField):
            value = stored_json(value)
        elif isinstance(field, models.IntegerField) and isinstance(value, int) and not isinstance(value, bool):
            try:
                field.run_validators(value)  # includes the database's range for this column
            except ValidationError:
                value = None if field.null else 0
        result[name] = value
    return result
