"""Loyalty transactions, one Leat page at a time."""

from __future__ import annotations

import datetime as dt

from .models import LoyaltyTransaction, Page
from .resource import Resource, iso

#: The list filter uses plural names; each item's own `type` is singular.
TYPES = ("credit_receptions", "reward_receptions")
MAX_LIMIT = 100


class LoyaltyTransactions(Resource):
    def list(
        self,
        *,
        contact_uuid: str | None = None,
        type: str | None = None,
        shop_uuid: str | None = None,
        created_from: dt.datetime | None = None,
        created_until: dt.datetime | None = None,
        page: int = 1,
        limit: int = 10,
    ) -> Page[LoyaltyTransaction]:
        """`created_from` and `created_until` are inclusive bounds (aware date-times)."""
        if type is not None and type not in TYPES:
            raise ValueError(f"type must be one of {TYPES}")
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {
            "contact_uuid": contact_uuid,
            "type": type,
            "shop_uuid": shop_uuid,
            "created_at[gte]": iso(created_from),
            "created_at[lte]": iso(created_until),
            "page": max(1, int(page)),
            "limit": limit,
        }
        return Page.from_api(
            self.client.request("GET", "loyalty-transactions", params=params),
            LoyaltyTransaction.from_api,
            requested_page=page,
            requested_limit=limit,
        )
