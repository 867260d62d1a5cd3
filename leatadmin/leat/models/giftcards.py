"""Gift cards, their programs and their transactions, in cents.

A transaction's `amount_in_cents` carries Leat's sign: positive tops the card
up, negative pays with it. Leat's captured transaction lists give `uuid: null`
(the list's items), so a transaction is keyed by `key` (below), and only one
with a uuid can be named in a call (`correct`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import BadResponse
from .common import Shop
from .values import as_dict, parse_bool, parse_datetime, parse_decimal, parse_id, parse_int, parse_str, require_dict, require_id

DIGITAL, PHYSICAL = "DIGITAL", "PHYSICAL"
#: `POST giftcards` names the type by number.
_TYPE_NAMES = {"0": PHYSICAL, "1": DIGITAL}


@dataclass(frozen=True)
class GiftcardProgram:
    """A gift card program. From `GET giftcard-programs` it always has its
    uuid; nested in a gift card it may have only its name (uuid None)."""

    uuid: str | None
    name: str
    active: bool = True
    #: The most a card of it may hold, and the least (None: no limit).
    max_amount_in_cents: int | None = None
    min_amount_in_cents: int | None = None
    #: Days a new card of it stays valid (None: it does not expire).
    expiration_days: int | None = None
    card_count: int | None = None

    @classmethod
    def from_api(cls, data: Any) -> GiftcardProgram:
        data = require_dict(data, "gift card program")
        require_id(data, "gift card program")
        return cls._read(data)

    @classmethod
    def optional(cls, data: Any) -> GiftcardProgram | None:
        return cls._read(data) if isinstance(data, dict) and data else None

    @classmethod
    def _read(cls, data: dict[str, Any]) -> GiftcardProgram:
        return cls(
            uuid=parse_id(data.get("uuid")),
            name=parse_str(data.get("name")),
            active=parse_bool(data.get("active", True)),
            max_amount_in_cents=parse_int(data.get("max_amount_in_cents")),
            min_amount_in_cents=parse_int(data.get("min_amount_in_cents")),
            expiration_days=parse_int(data.get("expiration_days")),
            card_count=parse_int(data.get("card_count")),
        )


@dataclass(frozen=True)
class Giftcard:
    """A gift card: `hash` is its number (what is printed or in the QR code)."""

    uuid: str
    hash: str
    type: str  # DIGITAL or PHYSICAL
    amount_in_cents: int
    active: bool = True
    upgradeable: bool = False
    expiration_date: dt.datetime | None = None
    program: GiftcardProgram | None = None
    #: Leat's own formatting of the balance ("€1.10"), and the card's public balance page.
    display_amount: str = ""
    url: str = ""
    id: int | None = None

    @classmethod
    def from_api(cls, data: Any) -> Giftcard:
        data = require_dict(data, "gift card")
        cents = parse_int(data.get("amount_in_cents"))
        if cents is None:  # only the euros: `amount` (1.1)
            euros = parse_decimal(data.get("amount"))
            cents = int((euros * 100).to_integral_value()) if euros is not None else 0
        kind = parse_str(data.get("type")).upper()
        return cls(
            uuid=require_id(data, "gift card"),
            hash=parse_str(data.get("hash")),
            type=_TYPE_NAMES.get(kind, kind),
            amount_in_cents=cents,
            active=parse_bool(data.get("active", True)),
            upgradeable=parse_bool(data.get("upgradeable")),
            expiration_date=parse_datetime(data.get("expiration_date")),
            program=GiftcardProgram.optional(data.get("giftcard_program")),
            display_amount=parse_str(data.get("display_amount")),
            url=parse_str(data.get("url")),
            id=parse_int(data.get("id")),
        )

    @property
    def is_digital(self) -> bool:
        return self.type == DIGITAL

    @property
    def balance(self) -> Decimal:
        """The balance in euros."""
        return Decimal(self.amount_in_cents) / 100

    def is_expired(self, at: dt.datetime) -> bool:
        return self.expiration_date is not None and self.expiration_date <= at


@dataclass(frozen=True)
class GiftcardTransaction:
    """Money on a gift card, in cents, with Leat's sign."""

    #: None in Leat's captured lists; such a transaction cannot be corrected.
    uuid: str | None
    amount_in_cents: int
    created_at: dt.datetime | None = None
    type: str = ""
    settled: bool = False
    shop: Shop | None = None
    #: The card it is on (Leat's `card`: its uuid may be null too, its id is not).
    giftcard_uuid: str | None = None
    giftcard_id: int | None = None
    #: Leat's numeric id: present in every captured answer, uuid or not.
    id: int | None = None

    @classmethod
    def from_api(cls, data: Any) -> GiftcardTransaction:
        data = require_dict(data, "gift card transaction")
        card = as_dict(data.get("card"))
        cents = parse_int(data.get("amount_in_cents"))
        if cents is None:
            raise BadResponse("Leat sent a gift card transaction without its amount.")
        transaction = cls(
            uuid=parse_id(data.get("uuid")),
            amount_in_cents=cents,
            created_at=parse_datetime(data.get("created_at")),
            type=parse_str(data.get("type")),
            settled=parse_bool(data.get("settled")),
            shop=Shop.optional(data.get("shop")),
            giftcard_uuid=parse_id(card.get("uuid")),
            giftcard_id=parse_int(card.get("id")),
            id=parse_int(data.get("id")),
        )
        if transaction.uuid is None and transaction.id is None and transaction.created_at is None:
            raise BadResponse("Leat sent a gift card transaction that cannot be told apart from others.")
        return transaction

    @property
    def key(self) -> str:
        """What tells it apart: its uuid; without one (Leat's lists), Leat's
        numeric id; without either, when it was made, the amount and the card.
        Stable across reads, so tables, audit and "the last one" can name it."""
        if self.uuid is not None:
            return self.uuid
        if self.id is not None:
            return f"id:{self.id}"
        card = self.giftcard_uuid or ("" if self.giftcard_id is None else str(self.giftcard_id))
        stamp = self.created_at.isoformat() if self.created_at else ""
        return f"at:{stamp}|{self.amount_in_cents}|{card}"

    @property
    def can_be_corrected(self) -> bool:
        """Leat corrects a transaction named by its uuid (and only a card's last one)."""
        return self.uuid is not None
