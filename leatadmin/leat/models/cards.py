"""Loyalty cards: Leat's contact identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import BadResponse
from .common import ContactSummary
from .values import parse_bool, parse_str, require_dict


@dataclass(frozen=True)
class ContactIdentifier:
    """A loyalty card (or any identifier): `contact` is None while unlinked.
    Its `value` is what identifies it (there is no uuid)."""

    value: str
    name: str = ""
    active: bool = True
    contact: ContactSummary | None = None

    @classmethod
    def from_api(cls, data: Any) -> ContactIdentifier:
        data = require_dict(data, "contact identifier")
        value = parse_str(data.get("value"))
        if not value:
            raise BadResponse("Leat sent a contact identifier without its value.")
        contact = data.get("contact")
        return cls(
            value=value,
            name=parse_str(data.get("name")),
            active=parse_bool(data.get("active", True)),
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) else None,
        )
