"""Prepaid money on a contact: the balance and its transactions, in cents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .common import ContactSummary, Shop
from .values import as_dict, parse_datetime, parse_int, parse_str, require_dict, require_id


@dataclass(frozen=True)
class PrepaidBalance:
    balance_in_cents: int
    balance: str = ""

    @classmethod
    def from_api(cls, data: Any) -> PrepaidBalance:
        data = require_dict(data, "prepaid balance")
        return cls(
            balance_in_cents=parse_int(data.get("balance_in_cents")) or 0,
            balance=parse_str(data.get("balance")),
        )


@dataclass(frozen=True)
class PrepaidTransaction:
    """Money on a contact's prepaid balance, in cents: positive tops it up,
    negative pays or refunds. `balance_in_cents` is the balance it left."""

    uuid: str
    amount_in_cents: int
    balance_in_cents: int | None = None
    created_at: dt.datetime | None = None
    shop: Shop | None = None
    #: The card used (Leat's `contact_identifier.value`), if any.
    card: str = ""
    #: List items only; the create and reverse answers carry no contact.
    contact: ContactSummary | None = None

    @classmethod
    def from_api(cls, data: Any) -> PrepaidTransaction:
        data = require_dict(data, "prepaid transaction")
        contact = data.get("contact")
        return cls(
            uuid=require_id(data, "prepaid transaction"),
            amount_in_cents=parse_int(data.get("amount_in_cents")) or 0,
            balance_in_cents=parse_int(as_dict(data.get("prepaid_balance")).get("balance_in_cents")),
            created_at=parse_datetime(data.get("created_at")),
            shop=Shop.optional(data.get("shop")),
            card=parse_str(as_dict(data.get("contact_identifier")).get("value")),
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) else None,
        )
