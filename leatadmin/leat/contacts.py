"""Contacts: lookup, creation (plain, async, find-or-create, anonymous),
claiming, attribute updates, deletion and balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from .models import Contact, ContactRef, CreditBalance, Listed, Page, PrepaidBalance
from .resource import Resource, iso, segment

DeletionType = Literal["DEFAULT", "GDPR"]
DELETION_TYPES: tuple[str, ...] = ("DEFAULT", "GDPR")
MAX_LIMIT = 100


class Contacts(Resource):
    def get(self, uuid: str) -> Contact:
        return Contact.from_api(self.client.data("GET", f"contacts/{segment(uuid)}"))

    def list[T](
        self, *, page: int = 1, limit: int = MAX_LIMIT, created_from: dt.datetime | str | None = None, newest_first: bool = False,
        parse: Callable[[Any], T] = Contact.from_api,  # type: ignore[assignment]
        item_shape: type | None = None,
    ) -> Page[T]:
        """All contacts, oldest first (or newest), from `created_from` on (inclusive).
        `parse` reads each item: a reader of every contact that needs a few of
        their values (the directory's backfill) reads them from Leat's JSON,
        and `item_shape` (a TypedDict of those members) keeps the rest of it
        from being built at all."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {"page": max(1, int(page)), "limit": limit, "sort": "-created_at" if newest_first else "created_at", "created_at[gte]": iso(created_from)}
        shape = Any if item_shape is None else Listed[item_shape]  # type: ignore[valid-type]
        return Page.from_api(self.client.request("GET", "contacts", params=params, shape=shape), parse, requested_page=page, requested_limit=limit)

    def find_by_email(self, email: str) -> Contact:
        return Contact.from_api(self.client.data("GET", "contacts/find-one-by", params={"email": email}))

    def create(self, email: str, *, referral_code: str | None = None) -> ContactRef:
        payload = {"email": email, **({"referral_code": referral_code} if referral_code else {})}
        return ContactRef.from_api(self.client.data("POST", "contacts", json=payload))

    def create_async(self, email: str, *, referral_code: str | None = None) -> ContactRef:
        payload = {"email": email, **({"referral_code": referral_code} if referral_code else {})}
        return ContactRef.from_api(self.client.data("POST", "contacts/async", json=payload))

    def find_or_create(self, email: str) -> Contact:
        return Contact.from_api(self.client.data("GET", "contacts/find-or-create", params={"email": email}))

    def find_or_create_async(self, email: str) -> ContactRef:
        return ContactRef.from_api(self.client.data("GET", "contacts/find-or-create/async", params={"email": email}))

    def create_anonymous(self, *, contact_identifier_value: str | None = None) -> ContactRef:
        payload = {"contact_identifier_value": contact_identifier_value} if contact_identifier_value else {}
        return ContactRef.from_api(self.client.data("POST", "contacts/anonymous", json=payload))

    def claim_anonymous(self, uuid: str, *, email: str) -> Contact:
        return Contact.from_api(self.client.data("PUT", f"contacts/{segment(uuid)}/claim", json={"email": email}))

    def update(self, uuid: str, *, attributes: dict[str, Any]) -> Contact:
        return Contact.from_api(self.client.data("PUT", f"contacts/{segment(uuid)}", json={"attributes": attributes}))

    def delete(self, uuid: str, *, type: DeletionType = "DEFAULT") -> None:
        if type not in DELETION_TYPES:
            raise ValueError(f"Deletion type must be one of {DELETION_TYPES}")
        self.client.request("POST", f"contacts/{segment(uuid)}/delete", json={"type": type})

    def credit_balance(self, uuid: str) -> CreditBalance:
        return CreditBalance.from_api(self.client.data("GET", f"contacts/{segment(uuid)}/credit-balance"))

    def prepaid_balance(self, uuid: str) -> PrepaidBalance:
        return PrepaidBalance.from_api(self.client.data("GET", f"contacts/{segment(uuid)}/prepaid-balance"))
