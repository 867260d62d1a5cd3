"""Promotions and vouchers: listing, creating one for a contact, finding one by
its code, (de)activating, and redeeming it once.

Redeeming exactly once, as Leat advises: `lock` the voucher (no other till can
use it; Leat answers with a `release_key`), `redeem` with that key, and
`release` it with the key if the sale fails. Leat releases a lock itself an
hour after it was made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import VOUCHER_STATUSES, Page, Promotion, Voucher, VoucherLock
from .models.vouchers import ACTIVE, DEACTIVATED
from .resource import Resource, iso, items, segment

MAX_LIMIT = 500


class Promotions(Resource):
    def list(self) -> list[Promotion]:
        """Every promotion of the account (Leat does not page them)."""
        return items(self.client.data("GET", "promotions"), Promotion.from_api, "promotion")

    def get(self, uuid: str) -> Promotion:
        return Promotion.from_api(self.client.data("GET", f"promotions/{segment(uuid)}"))


class Vouchers(Resource):
    def list(
        self,
        *,
        contact_uuid: str | None = None,
        promotion_uuid: str | None = None,
        status: str | None = None,
        page: int = 1,
        limit: int = 30,
    ) -> Page[Voucher]:
        """One page of vouchers, filtered by contact, promotion and status (one
        of `VOUCHER_STATUSES`); `limit` up to 500 (Leat's default is 30)."""
        if status is not None and status not in VOUCHER_STATUSES:
            raise ValueError(f"status must be one of {VOUCHER_STATUSES}")
        limit = max(1, min(int(limit), MAX_LIMIT))
        params = {"contact_uuid": contact_uuid, "promotion_uuid": promotion_uuid, "status": status, "page": max(1, int(page)), "limit": limit}
        return Page.from_api(self.client.request("GET", "vouchers", params=params), Voucher.from_api, requested_page=page, requested_limit=limit)

    def create(
        self,
        *,
        promotion_uuid: str,
        contact_uuid: str | None = None,
        code: str | None = None,
        activation_date: dt.datetime | None = None,
        expiration_date: dt.datetime | None = None,
        total_redemptions_allowed: int | None = None,
    ) -> Voucher:
        """A voucher of a promotion, for a contact if given. Without `code`
        Leat makes one; without dates the promotion's validity rules apply
        (Leat advises leaving them to it). Dates must be aware."""
        payload: dict[str, Any] = {
            "promotion_uuid": promotion_uuid,
            "contact_uuid": contact_uuid,
            "code": code,
            "activation_date": iso(activation_date),
            "expiration_date": iso(expiration_date),
            "total_redemptions_allowed": None if total_redemptions_allowed is None else int(total_redemptions_allowed),
        }
        payload = {name: value for name, value in payload.items() if value is not None}
        return Voucher.from_api(self.client.data("POST", "vouchers", json=payload))

    def find(self, code: str) -> Voucher:
        """The voucher with this code, as Leat has it (`VoucherNotFound`
        otherwise). Only outer spaces are taken off: a code may hold dashes."""
        return Voucher.from_api(self.client.data("GET", "vouchers/find", params={"code": str(code).strip()}))

    def get(self, uuid: str) -> Voucher:
        return Voucher.from_api(self.client.data("GET", f"vouchers/{segment(uuid)}"))

    def update(self, uuid: str, *, status: str, expiration_date: dt.datetime | None = None) -> Voucher:
        """Set the status to ACTIVE or DEACTIVATED (Leat's only two choices here),
        and the expiration date if given (of an inactive or active voucher)."""
        if status not in (ACTIVE, DEACTIVATED):
            raise ValueError(f"status must be {ACTIVE} or {DEACTIVATED}")
        payload: dict[str, Any] = {"status": status}
        if expiration_date is not None:
            payload["expiration_date"] = iso(expiration_date)
        return Voucher.from_api(self.client.data("PUT", f"vouchers/{segment(uuid)}", json=payload))

    def activate(self, uuid: str) -> Voucher:
        return self.update(uuid, status=ACTIVE)

    def deactivate(self, uuid: str) -> Voucher:
        return self.update(uuid, status=DEACTIVATED)

    def lock(self, uuid: str) -> VoucherLock:
        """Hold the voucher for this sale: `VoucherLocked` if another holds it."""
        return VoucherLock.from_api(self.client.data("POST", f"vouchers/{segment(uuid)}/lock"))

    def release(self, uuid: str, *, release_key: str) -> VoucherLock:
        """Give a locked voucher back (ACTIVE again), with the lock's key."""
        return VoucherLock.from_api(self.client.data("POST", f"vouchers/{segment(uuid)}/release", json={"release_key": release_key}))

    def redeem(self, *, code: str, shop_uuid: str, contact_uuid: str | None = None, release_key: str | None = None) -> Voucher:
        """Redeem by code at a shop. `contact_uuid` is needed for a voucher of
        no contact (and checked against the voucher's contact otherwise);
        `release_key` is the lock's, for a locked voucher."""
        payload = {"code": code, "shop_uuid": shop_uuid}
        if contact_uuid:
            payload["contact_uuid"] = contact_uuid
        if release_key:
            payload["release_key"] = release_key
        return Voucher.from_api(self.client.data("POST", "vouchers/redeem", json=payload))
