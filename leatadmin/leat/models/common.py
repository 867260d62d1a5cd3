"""Records nested in many answers: a shop, and the `{uuid, email}` stub of a contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .values import parse_str, require_dict, require_id


@dataclass(frozen=True)
class Shop:
    uuid: str
    name: str
    type: str = ""
    reference: str = ""

    @classmethod
    def from_api(cls, data: Any) -> Shop:
        data = require_dict(data, "shop")
        return cls(
            uuid=require_id(data, "shop"),
            name=parse_str(data.get("name")),
            type=parse_str(data.get("type")),
            reference=parse_str(data.get("reference")),
        )

    @classmethod
    def optional(cls, data: Any) -> Shop | None:
        return cls.from_api(data) if isinstance(data, dict) and data.get("uuid") is not None else None


@dataclass(frozen=True)
class ContactSummary:
    """The `{uuid, email}` stub nested in visits, bookings and transactions."""

    uuid: str
    email: str = ""

    @classmethod
    def from_api(cls, data: Any) -> ContactSummary:
        data = require_dict(data, "contact")
        return cls(uuid=require_id(data, "contact"), email=parse_str(data.get("email")))
