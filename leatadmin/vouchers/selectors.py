"""Reading vouchers and promotions from Leat, and what leatadmin's own audit
log knows about a voucher that Leat does not say (where it was redeemed, who
deactivated it, the lock a lost redemption left)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from leatadmin.audit.models import SETTLED, AuditEntry
from leatadmin.core.leat import leat
from leatadmin.leat.models import Page, Promotion, Voucher

#: A voucher found by the search box is handed to its page through the cache,
#: so a code typed at the counter costs one Leat call, not two (as a contact does).
HANDOFF_SECONDS = 60
TARGET = "voucher"
REDEEM, LOCK, RELEASE = "voucher.redeem", "voucher.lock", "voucher.release"
STATUS_CHANGES = ("voucher.activate", "voucher.deactivate")


def _handoff_key(uuid: str) -> str:
    return f"voucher-handoff:{uuid}"


def voucher_hand_over(voucher: Voucher) -> None:
    cache.set(_handoff_key(voucher.uuid), voucher, HANDOFF_SECONDS)


def voucher_get(*, uuid: str) -> Voucher:
    """The voucher the search box just found (used once), else Leat's."""
    key = _handoff_key(uuid)
    voucher = cache.get(key)
    if voucher is not None:
        cache.delete(key)
        return voucher
    return voucher_now(uuid=uuid)


def voucher_now(*, uuid: str) -> Voucher:
    """As Leat has it now (no handoff): before a write, and to check what one did."""
    return leat().vouchers.get(uuid)


def voucher_by_code(*, code: str) -> Voucher:
    return leat().vouchers.find(code)


def contact_vouchers(*, contact_uuid: str, page: int, per_page: int) -> Page[Voucher]:
    """One of Leat's pages of the contact's vouchers, newest first."""
    return leat().vouchers.list(contact_uuid=contact_uuid, page=page, limit=per_page)


def promotions_to_give() -> list[Promotion]:
    """The promotions a voucher can be given from: the active ones, by name."""
    return sorted((promotion for promotion in leat().promotions.list() if promotion.is_active), key=lambda promotion: promotion.name.lower())


# --- What leatadmin's audit log knows ---------------------------------------------


def _about(uuid: str):
    return AuditEntry.objects.filter(target_type=TARGET, target_id=uuid).order_by("-created_at", "-id")


def voucher_redemption(*, uuid: str) -> AuditEntry | None:
    """leatadmin's record of the voucher's redemption (who, when, at which
    shop), if leatadmin redeemed it: Leat's voucher does not say where."""
    return _about(uuid).filter(action__in=(REDEEM, REDEEM + SETTLED), succeeded=True).first()


def voucher_status_change(*, uuid: str) -> AuditEntry | None:
    """The latest deactivation or activation through leatadmin (who, when,
    why: a settled one's reason is the lost write's)."""
    entry = _about(uuid).filter(action__in=STATUS_CHANGES + tuple(action + SETTLED for action in STATUS_CHANGES), succeeded=True).first()
    if entry is not None and entry.action.endswith(SETTLED):
        return AuditEntry.objects.filter(pk=entry.sent.get("audit_entry")).first() or entry
    return entry


@dataclass(frozen=True)
class HeldLock:
    """A lock leatadmin made whose redemption's answer was lost: Leat may hold
    the voucher locked with this key until `until`. Sending the redemption
    again uses it (a new lock would be refused: the voucher is locked)."""

    release_key: str
    until: dt.datetime | None


def voucher_lock_held(*, uuid: str) -> HeldLock | None:
    """The lock of leatadmin's latest redemption of the voucher, if that
    redemption's answer was lost (nothing since settled or released it) and
    the lock has not run out."""
    latest, lock = _latest_lock(uuid)
    if latest is None or latest.action != REDEEM or latest.outcome != AuditEntry.Outcome.UNKNOWN or lock is None:
        return None
    return HeldLock(lock.after["release_key"], _until(lock))


def _latest_lock(uuid: str) -> tuple[AuditEntry | None, AuditEntry | None]:
    """leatadmin's latest step in using the voucher, and the lock it was made
    under, if that lock still holds (Leat releases a lock after an hour)."""
    latest = _about(uuid).filter(action__in=(LOCK, REDEEM, REDEEM + SETTLED, RELEASE)).first()
    if latest is None:
        return None, None
    key = latest.after.get("release_key") if latest.action == LOCK else latest.sent.get("release_key")
    lock = latest if latest.action == LOCK else _about(uuid).filter(action=LOCK, succeeded=True, after__release_key=key).first() if key else None
    if lock is None or not lock.succeeded:
        return latest, None
    until = _until(lock)
    return latest, lock if until is None or until > timezone.now() else None


def _until(lock: AuditEntry) -> dt.datetime | None:
    return parse_datetime(str(lock.after.get("system_release_at") or ""))
