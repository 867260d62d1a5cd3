"""Visits, and bookings (a booking is a visit with more)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .common import ContactSummary, Shop
from .values import parse_datetime, parse_int, parse_str, require_dict, require_id


def _visit_fields(data: dict[str, Any], what: str) -> dict[str, Any]:
    """What a visit and a booking share (a booking is a visit with more)."""
    contact = data.get("contact")
    return {
        "uuid": require_id(data, what),
        "contact": ContactSummary.from_api(contact) if isinstance(contact, dict) else None,
        "external_id": parse_str(data.get("external_id")),
        "source": parse_str(data.get("source")),
        "starts_at": parse_datetime(data.get("starts_at")),
        "ends_at": parse_datetime(data.get("ends_at")),
        "created_at": parse_datetime(data.get("created_at")),
        "shop": Shop.optional(data.get("shop")),
    }


@dataclass(frozen=True)
class Visit:
    uuid: str
    contact: ContactSummary | None
    external_id: str = ""
    source: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    shop: Shop | None = None

    @classmethod
    def from_api(cls, data: Any) -> Visit:
        return cls(**_visit_fields(require_dict(data, "visit"), "visit"))


@dataclass(frozen=True)
class Booking(Visit):
    checked_in_at: dt.datetime | None = None
    number_of_people: int | None = None
    company_name: str = ""
    status: str = ""
    prepaid_amount: int | None = None  # cents

    @classmethod
    def from_api(cls, data: Any) -> Booking:
        data = require_dict(data, "booking")
        return cls(
            **_visit_fields(data, "booking"),
            checked_in_at=parse_datetime(data.get("checked_in_at")),
            number_of_people=parse_int(data.get("number_of_people")),
            company_name=parse_str(data.get("company_name")),
            status=parse_str(data.get("status")),
            prepaid_amount=parse_int(data.get("prepaid_amount")),
        )
