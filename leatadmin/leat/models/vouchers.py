"""Promotions and their vouchers, and a voucher's lock.

A voucher's `status` is Leat's word for it (ACTIVE, INACTIVE: not active yet,
LOCKED, REDEEMED, EXPIRED, DEACTIVATED); its dates say when it can be used.
Leat's answers carry no shop for a redemption (`shop` is read where an answer
does carry one, else None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadResponse
from .common import ContactSummary, Shop
from .values import as_dict, parse_bool, parse_datetime, parse_id, parse_int, parse_str, require_dict, require_id

ACTIVE, INACTIVE, LOCKED, REDEEMED, EXPIRED, DEACTIVATED = "ACTIVE", "INACTIVE", "LOCKED", "REDEEMED", "EXPIRED", "DEACTIVATED"
#: Leat's voucher statuses (the list's `status` filter takes any of them).
VOUCHER_STATUSES = (ACTIVE, INACTIVE, LOCKED, REDEEMED, EXPIRED, DEACTIVATED)


@dataclass(frozen=True)
class Promotion:
    """What vouchers are made from: its limits are None where it has none."""

    uuid: str
    name: str
    description: str = ""
    #: How many vouchers it may give in all, and to one contact.
    voucher_limit: int | None = None
    limit_per_contact: int | None = None
    #: Seconds a voucher of it stays valid (None: Leat's validity rules, or no end).
    expiration_duration: int | None = None
    #: Leat's captured promotions do not say; True unless an answer says otherwise.
    is_active: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, data: Any) -> Promotion:
        data = require_dict(data, "promotion")
        return cls(
            uuid=require_id(data, "promotion"),
            name=parse_str(data.get("name")),
            description=parse_str(data.get("description")),
            voucher_limit=parse_int(data.get("voucher_limit")),
            limit_per_contact=parse_int(data.get("limit_per_contact")),
            expiration_duration=parse_int(data.get("expiration_duration")),
            is_active=parse_bool(data.get("is_active", data.get("active", True))),
            attributes=as_dict(data.get("attributes")),
        )

    @classmethod
    def optional(cls, data: Any) -> Promotion | None:
        return cls.from_api(data) if isinstance(data, dict) and data.get("uuid") is not None else None


@dataclass(frozen=True)
class Voucher:
    uuid: str
    code: str
    status: str
    name: str = ""
    description: str = ""
    activation_date: dt.datetime | None = None
    expiration_date: dt.datetime | None = None
    redeemed_at: dt.datetime | None = None
    is_redeemed: bool = False
    contact: ContactSummary | None = None
    promotion: Promotion | None = None
    #: Multi-use vouchers (the docs' answers; the captured ones do not say: None).
    times_redeemed: int | None = None
    redemptions_remaining: int | None = None
    total_redemptions_allowed: int | None = None
    #: The redemption a redeem answer names (`voucher_redemption.uuid`), if any.
    redemption_uuid: str | None = None
    #: Where it was redeemed, if the answer says (Leat's captured answers do not).
    shop: Shop | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, data: Any) -> Voucher:
        data = require_dict(data, "voucher")
        contact = data.get("contact")
        redemption = as_dict(data.get("voucher_redemption"))
        return cls(
            uuid=require_id(data, "voucher"),
            code=parse_str(data.get("code")),
            status=parse_str(data.get("status")).upper(),
            name=parse_str(data.get("name")),
            description=parse_str(data.get("description")),
            activation_date=parse_datetime(data.get("activation_date")),
            expiration_date=parse_datetime(data.get("expiration_date")),
            redeemed_at=parse_datetime(data.get("redeemed_at")) or parse_datetime(redemption.get("created_at")),
            is_redeemed=parse_bool(data.get("is_redeemed")) or parse_str(data.get("status")).upper() == REDEEMED,
            contact=ContactSummary.from_api(contact) if isinstance(contact, dict) and contact.get("uuid") is not None else None,
            promotion=Promotion.optional(data.get("promotion")),
            times_redeemed=parse_int(data.get("times_redeemed")),
            redemptions_remaining=parse_int(data.get("redemptions_remaining")),
            total_redemptions_allowed=parse_int(data.get("total_redemptions_allowed")),
            redemption_uuid=parse_id(redemption.get("uuid")),
            shop=Shop.optional(data.get("shop")) or Shop.optional(redemption.get("shop")),
            attributes=as_dict(data.get("attributes")),
        )

    def is_usable(self, at: dt.datetime) -> bool:
        """Whether Leat would redeem it at `at` (an aware date-time): active,
        activated, not expired. Leat's own answer is the last word."""
        if self.status != ACTIVE or self.is_redeemed:
            return False
        if self.activation_date is not None and at < self.activation_date:
            return False
        return self.expiration_date is None or at < self.expiration_date


@dataclass(frozen=True)
class VoucherLock:
    """`POST vouchers/{uuid}/lock` and `.../release`: the voucher's new status
    and the lock. `release_key` redeems the locked voucher or releases it; Leat
    releases a lock itself at `system_release_at` (an hour after locking)."""

    voucher_uuid: str
    status: str
    release_key: str
    locked_at: dt.datetime | None = None
    unlocked_at: dt.datetime | None = None
    system_release_at: dt.datetime | None = None

    @classmethod
    def from_api(cls, data: Any) -> VoucherLock:
        data = require_dict(data, "voucher lock")
        voucher, lock = as_dict(data.get("voucher")), as_dict(data.get("lock"))
        release_key = parse_str(lock.get("release_key"))
        if not release_key:
            raise BadResponse("Leat sent a voucher lock without its release key.")
        return cls(
            voucher_uuid=require_id(voucher, "voucher"),
            status=parse_str(voucher.get("status")).upper(),
            release_key=release_key,
            locked_at=parse_datetime(lock.get("locked_at")),
            unlocked_at=parse_datetime(lock.get("unlocked_at")),
            system_release_at=parse_datetime(lock.get("system_release_at")),
        )
