"""Bookings: Leat offers create and update only (no list, no show).

`prepaid_amount` is in cents; date-times go as ISO 8601 with an offset.
"""

from __future__ import annotations

from typing import Any

from .models import Booking
from .resource import Resource, body, segment

CREATE_FIELDS = frozenset(
    {
        "shop_uuid",
        "contact_uuid",
        "external_id",
        "source",
        "starts_at",
        "ends_at",
        "checked_in_at",
        "number_of_people",
        "company_name",
        "status",
        "prepaid_amount",
    }
)
UPDATE_FIELDS = CREATE_FIELDS - {"shop_uuid", "contact_uuid"}
#: The statuses Leat documents; it may send others, which are kept as they come.
KNOWN_STATUSES = ("created", "in progress", "canceled", "completed")


class Bookings(Resource):
    def create(self, *, shop_uuid: str, contact_uuid: str, **fields: Any) -> Booking:
        payload = body({"shop_uuid": shop_uuid, "contact_uuid": contact_uuid, **fields}, CREATE_FIELDS)
        return Booking.from_api(self.client.data("POST", "bookings", json=payload))

    def update(self, uuid: str, **fields: Any) -> Booking:
        return Booking.from_api(self.client.data("PUT", f"bookings/{segment(uuid)}", json=body(fields, UPDATE_FIELDS)))
