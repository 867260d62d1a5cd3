"""Prepaid transactions: a contact's prepaid money, in cents.

A positive `amount_in_cents` tops the balance up; a negative one pays from
it or refunds it. Reversing books the opposite amount and answers with that
new transaction.
"""

from __future__ import annotations

from .models import Page, PrepaidTransaction
from .resource import Resource, segment

MAX_LIMIT = 30


class PrepaidTransactions(Resource):
    def list(self, *, contact_uuid: str | None = None, shop_uuid: str | None = None, page: int = 1, limit: int = 10) -> Page[PrepaidTransaction]:
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {"contact_uuid": contact_uuid, "shop_uuid": shop_uuid, "page": max(1, int(page)), "limit": limit}
        return Page.from_api(
            self.client.request("GET", "prepaid-transactions", params=params), PrepaidTransaction.from_api, requested_page=page, requested_limit=limit
        )

    def create(
        self, *, shop_uuid: str, amount_in_cents: int, contact_uuid: str | None = None, contact_identifier_value: str | None = None
    ) -> PrepaidTransaction:
        if not contact_uuid and not contact_identifier_value:
            raise ValueError("Give a contact_uuid or a contact_identifier_value.")
        if isinstance(amount_in_cents, bool) or int(amount_in_cents) != amount_in_cents:
            raise ValueError("amount_in_cents must be a whole number of cents.")
        payload = {"shop_uuid": shop_uuid, "amount_in_cents": int(amount_in_cents)}
        if contact_uuid:
            payload["contact_uuid"] = contact_uuid
        if contact_identifier_value:
            payload["contact_identifier_value"] = contact_identifier_value
        return PrepaidTransaction.from_api(self.client.data("POST", "prepaid-transactions", json=payload))

    def reverse(self, uuid: str) -> PrepaidTransaction:
        return PrepaidTransaction.from_api(self.client.data("POST", f"prepaid-transactions/{segment(uuid)}/reverse"))
