"""Contact identifiers (loyalty cards): finding one by its value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import ContactSummary, parse_bool, parse_str, require_dict
from .resource import Resource


@dataclass(frozen=True)
class Card:
    """A loyalty card and the contact it is linked to (None while unlinked)."""

    value: str
    name: str = ""
    active: bool = True
    contact: ContactSummary | None = None

    @classmethod
    def from_api(cls, data: Any) -> Card:
        data = require_dict(data, "contact identifier")
        contact = data.get("contact")
        return cls(
            value=parse_str(data.get("value")),
            name=parse_str(data.get("name")),
            active=parse_bool(data.get("active", True)),
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) and contact.get("uuid") else None,
        )


class ContactIdentifiers(Resource):
    def find(self, value: str) -> Card:
        """Raises NotFound (60003) for an unknown card; Leat answers 60004 for an inactive one."""
        return Card.from_api(self.client.data("GET", "contact-identifiers/find", params={"contact_identifier_value": value}))
