"""Loyalty transactions, one Leat page at a time."""

from __future__ import annotations

from .models import LoyaltyTransaction, Page
from .resource import Resource

#: The list filter uses plural names; each item's own `type` is singular.
TYPES = ("credit_receptions", "reward_receptions")
MAX_LIMIT = 100


class LoyaltyTransactions(Resource):
    def list(
        self,
        *,
        contact_uuid: str | None = None,
        type: str | None = None,
        page: int = 1,
        limit: int = 10,
    ) -> Page[LoyaltyTransaction]:
        if type is not None and type not in TYPES:
            raise ValueError(f"type must be one of {TYPES}")
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {"contact_uuid": contact_uuid, "type": type, "page": max(1, int(page)), "limit": limit}
        return Page.from_api(
            self.client.request("GET", "loyalty-transactions", params=params),
            LoyaltyTransaction.from_api,
            requested_page=page,
            requested_limit=limit,
        )
