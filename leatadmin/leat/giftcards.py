"""Gift cards, their programs and their transactions, in cents.

A transaction of a positive `amount_in_cents` tops the card up, a negative one
pays with it; Leat refuses going below zero (`InsufficientGiftcardBalance`)
or above the program's maximum (`GiftcardMaximumExceeded`). Correcting books
the opposite amount, for the card's last transaction only
(`NotLastGiftcardTransaction` otherwise), and answers with that new one.
"""

from __future__ import annotations

from typing import Any

from .models import Giftcard, GiftcardProgram, GiftcardTransaction, Page
from .resource import Resource, items, segment

MAX_GIFTCARD_LIMIT = 100
MAX_TRANSACTION_LIMIT = 100
#: `POST giftcards`: Leat makes digital cards only (type 1) through this API.
DIGITAL_TYPE = 1
SORTS = ("created_at", "-created_at")


class GiftcardPrograms(Resource):
    def list(self) -> list[GiftcardProgram]:
        """Every gift card program (Leat does not page them)."""
        return items(self.client.data("GET", "giftcard-programs"), GiftcardProgram.from_api, "gift card program")


class Giftcards(Resource):
    def list(self, *, giftcard_program_uuid: str | None = None, page: int = 1, limit: int = 30) -> Page[Giftcard]:
        limit = max(1, min(int(limit), MAX_GIFTCARD_LIMIT))
        params = {"giftcard_program_uuid": giftcard_program_uuid, "page": max(1, int(page)), "limit": limit}
        return Page.from_api(self.client.request("GET", "giftcards", params=params), Giftcard.from_api, requested_page=page, requested_limit=limit)

    def create(self, *, giftcard_program_uuid: str) -> Giftcard:
        """A new digital gift card of the program, with a zero balance (Leat
        makes no physical cards through its API: `OnlyDigitalGiftcards`)."""
        payload = {"giftcard_program_uuid": giftcard_program_uuid, "type": DIGITAL_TYPE}
        return Giftcard.from_api(self.client.data("POST", "giftcards", json=payload))

    def find(self, hash: str) -> Giftcard:
        """The card with this number (`hash`: printed, or in its QR code);
        `GiftcardNotFound` otherwise. Only outer spaces are taken off."""
        return Giftcard.from_api(self.client.data("GET", "giftcards/find-one-by", params={"hash": str(hash).strip()}))

    def get(self, uuid: str) -> Giftcard:
        return Giftcard.from_api(self.client.data("GET", f"giftcards/{segment(uuid)}"))

    def send_by_email(self, uuid: str, *, contact_uuid: str, email_uuid: str | None = None) -> Giftcard | None:
        """Email the card to a contact with the account's gift card email (or
        `email_uuid`). Leat answers with the card (as captured) or only
        "success" (as documented): the card, or None."""
        payload: dict[str, Any] = {"contact_uuid": contact_uuid}
        if email_uuid:
            payload["email_uuid"] = email_uuid
        data = self.client.data("POST", f"giftcards/{segment(uuid)}/send-by-email", json=payload)
        return Giftcard.from_api(data) if isinstance(data, dict) and data.get("uuid") is not None else None


class GiftcardTransactions(Resource):
    def list(
        self,
        *,
        giftcard_hash: str | None = None,
        giftcard_program_uuid: str | None = None,
        shop_uuid: str | None = None,
        sort: str | None = None,
        page: int = 1,
        limit: int = 10,
    ) -> Page[GiftcardTransaction]:
        """One page of transactions, filtered by card (its number: Leat's
        documented filter is the hash, and Leat ignores filters it does not
        know, answering every card's transactions), program or shop; `sort`
        "created_at" (oldest first, Leat's default) or "-created_at"; `limit`
        up to 100. Items may have no uuid (see `GiftcardTransaction.key`)."""
        if sort is not None and sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        limit = max(1, min(int(limit), MAX_TRANSACTION_LIMIT))
        params = {
            "giftcard_hash": giftcard_hash,
            "giftcard_program_uuid": giftcard_program_uuid,
            "shop_uuid": shop_uuid,
            "sort": sort,
            "page": max(1, int(page)),
            # The docs name the page size `perPage`; Leat's answer calls it `limit`.
            "limit": limit,
            "perPage": limit,
        }
        return Page.from_api(
            self.client.request("GET", "giftcard-transactions", params=params), GiftcardTransaction.from_api, requested_page=page, requested_limit=limit
        )

    def create(self, *, giftcard_uuid: str, amount_in_cents: int, shop_uuid: str) -> GiftcardTransaction:
        """Top up (positive) or pay with (negative) the card, at a shop."""
        if isinstance(amount_in_cents, bool) or int(amount_in_cents) != amount_in_cents:
            raise ValueError("amount_in_cents must be a whole number of cents.")
        payload = {"giftcard_uuid": giftcard_uuid, "amount_in_cents": int(amount_in_cents), "shop_uuid": shop_uuid}
        return GiftcardTransaction.from_api(self.client.data("POST", "giftcard-transactions", json=payload))

    def get(self, uuid: str) -> GiftcardTransaction:
        return GiftcardTransaction.from_api(self.client.data("GET", f"giftcard-transactions/{segment(uuid)}"))

    def correct(self, uuid: str) -> GiftcardTransaction:
        """Book the opposite of the card's last transaction; Leat answers with
        that new transaction."""
        return GiftcardTransaction.from_api(self.client.data("POST", f"giftcard-transactions/{segment(uuid)}/correct"))
