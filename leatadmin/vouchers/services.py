"""Writing vouchers to Leat: redeeming one exactly once, deactivating or
activating it, giving one from a promotion. Every write is audited.

Redeeming is Leat's three steps, each its own audit entry (one entry per
write sent to Leat, as everywhere in leatadmin): lock the voucher (no other
till can use it meanwhile; Leat answers with a release key), redeem it with
that key, and release the lock if Leat refused the redemption. The entries
say exactly what Leat was asked and answered: the lock's key and when Leat
lets go of it, the redemption (at which shop: Leat's voucher never says),
and whether the lock was given back.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.utils.translation import gettext_noop

from leatadmin.audit.services import audited
from leatadmin.core.leat import leat
from leatadmin.core.results import Did, Done
from leatadmin.leat import errors
from leatadmin.leat.models import Promotion, Voucher, VoucherLock
from leatadmin.leat.models.vouchers import ACTIVE

from .selectors import LOCK, REDEEM, RELEASE, TARGET, HeldLock

logger = logging.getLogger(__name__)

#: A code leatadmin makes for a voucher it gives: Leat's own shape (nine
#: capitals and digits), without the ones read wrongly aloud (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 9


class LockAnswerLost(errors.LeatError):
    """Leat's answer to the lock was lost: the redemption was never sent, so
    nothing was redeemed (the outcome is known), but Leat may hold the voucher
    locked, with a key nobody has, until the lock runs out (an hour)."""

    default_message = gettext_noop("Leat's answer to locking the voucher was lost, so it was not redeemed.")


def voucher_values(voucher: Voucher) -> dict[str, Any]:
    """A voucher as the audit log keeps it."""
    return {"code": voucher.code, "status": voucher.status, "redeemed_at": voucher.redeemed_at, "expiration_date": voucher.expiration_date}


def _lock_values(lock: VoucherLock) -> dict[str, Any]:
    return {"status": lock.status, "release_key": lock.release_key, "locked_at": lock.locked_at, "system_release_at": lock.system_release_at}


def _contact_of(voucher: Voucher, contact_uuid: str | None) -> str:
    return contact_uuid or (voucher.contact.uuid if voucher.contact else "")


def voucher_redeem(*, user: Any, voucher: Voucher, shop_uuid: str, shop_name: str, contact_uuid: str | None = None, held: HeldLock | None = None) -> Done[Voucher]:
    """Redeem at a shop, once: lock, redeem with the lock's key, release the
    lock if Leat refuses. `held` is leatadmin's lock from a redemption whose
    answer was lost: redeeming again uses it (Leat refuses a second lock).

    A lost answer to the redemption leaves the voucher locked (nobody else
    can use it while nobody knows), and raises with the redemption's entry."""
    label, contact = voucher.code, _contact_of(voucher, contact_uuid)
    key = held.release_key if held is not None else _lock(user=user, voucher=voucher, contact=contact).release_key
    sent = {"code": voucher.code, "shop_uuid": shop_uuid, "contact_uuid": contact_uuid, "release_key": key}
    try:
        with audited(user=user, action=REDEEM, target_type=TARGET, target_id=voucher.uuid, target_label=label, contact_uuid=contact, before=voucher_values(voucher), sent=sent) as write:
            redeemed = leat().vouchers.redeem(code=voucher.code, shop_uuid=shop_uuid, contact_uuid=contact_uuid, release_key=key)
            write.after = {**voucher_values(redeemed), "shop_uuid": shop_uuid, "shop": shop_name}
            write.result_id = redeemed.redemption_uuid or ""
    except errors.LeatError as error:
        if not error.outcome_unknown:
            _release(user=user, voucher=voucher, contact=contact, key=key)
        raise
    return Done(Did.CHANGED, redeemed, ("status",))


def _lock(*, user: Any, voucher: Voucher, contact: str) -> VoucherLock:
    try:
        with audited(user=user, action=LOCK, target_type=TARGET, target_id=voucher.uuid, target_label=voucher.code, contact_uuid=contact, before=voucher_values(voucher), sent={"voucher_uuid": voucher.uuid}) as write:
            lock = leat().vouchers.lock(voucher.uuid)
            write.after = _lock_values(lock)
    except errors.LeatError as error:
        if error.outcome_unknown:
            # Nothing was redeemed, which is all the redemption needs to know:
            # said as a refusal, so the form can be sent again (Leat refuses a
            # second lock while the first holds: staff are told so then).
            raise LockAnswerLost(error.message, status=error.status) from error
        raise
    return lock


def _release(*, user: Any, voucher: Voucher, contact: str, key: str) -> None:
    """Give the lock back after a refused redemption, so another till may try;
    if that fails too, Leat lets go of it by itself within the hour."""
    try:
        with audited(user=user, action=RELEASE, target_type=TARGET, target_id=voucher.uuid, target_label=voucher.code, contact_uuid=contact, sent={"release_key": key}) as write:
            write.after = _lock_values(leat().vouchers.release(voucher.uuid, release_key=key))
    except errors.LeatError:
        logger.warning("The lock of a voucher whose redemption Leat refused could not be released; Leat releases it within the hour.")


def voucher_set_status(*, user: Any, voucher: Voucher, status: str, reason: str) -> Done[Voucher]:
    """Deactivate (nobody can use it) or activate it again (ACTIVE or DEACTIVATED)."""
    action = "voucher.activate" if status == ACTIVE else "voucher.deactivate"
    contact = _contact_of(voucher, None)
    with audited(
        user=user, action=action, target_type=TARGET, target_id=voucher.uuid, target_label=voucher.code, contact_uuid=contact,
        before={"status": voucher.status}, sent={"status": status}, reason=reason,
    ) as write:
        changed = leat().vouchers.update(voucher.uuid, status=status)
        write.after = {"status": changed.status}
    return Done(Did.CHANGED, changed, ("status",))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def voucher_give(*, user: Any, contact_uuid: str, contact_label: str, promotion: Promotion, code: str, reason: str) -> Done[Voucher]:
    """A voucher of the promotion for the contact, as goodwill. leatadmin
    chooses its code (`new_code`, kept in the form), so a lost answer is
    settled by finding exactly that code, and the same form never makes two."""
    sent = {"promotion_uuid": promotion.uuid, "promotion": promotion.name, "contact_uuid": contact_uuid, "code": code}
    with audited(user=user, action="voucher.give", target_type="contact", target_id=contact_uuid, target_label=contact_label, sent=sent, reason=reason) as write:
        voucher = leat().vouchers.create(promotion_uuid=promotion.uuid, contact_uuid=contact_uuid, code=code)
        write.after, write.result_id = {**voucher_values(voucher), "uuid": voucher.uuid}, voucher.uuid
    return Done(Did.CREATED, voucher)
