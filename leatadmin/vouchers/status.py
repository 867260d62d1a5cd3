"""A voucher's status in words, and why it can or cannot be used now.

Leat's status is the headline (ACTIVE, INACTIVE: not active yet, LOCKED,
REDEEMED, EXPIRED, DEACTIVATED); its dates say until or from when, and
leatadmin's audit log adds what Leat does not say: at which shop and by whom
it was redeemed, who deactivated it and why, until when a lock holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from leatadmin.audit.models import AuditEntry
from leatadmin.core.templatetags.leat_format import clock, when
from leatadmin.leat.models import Voucher
from leatadmin.leat.models.vouchers import ACTIVE, DEACTIVATED, EXPIRED, INACTIVE, LOCKED, REDEEMED

STATUS_WORDS = {
    ACTIVE: pgettext_lazy("voucher", "Active"),
    INACTIVE: gettext_lazy("Not active yet"),
    LOCKED: gettext_lazy("Locked"),
    REDEEMED: gettext_lazy("Redeemed"),
    EXPIRED: gettext_lazy("Expired"),
    DEACTIVATED: gettext_lazy("Deactivated"),
}


def status_text(status: str) -> str:
    """Leat's status in words (one Leat adds later, as Leat writes it)."""
    return str(STATUS_WORDS.get(status, status.capitalize()))


@dataclass(frozen=True)
class Usability:
    usable: bool
    why: str
    more: list[str] = field(default_factory=list)


def usability(
    voucher: Voucher,
    *,
    now: dt.datetime,
    redemption: AuditEntry | None = None,
    status_change: AuditEntry | None = None,
    held: bool = False,
    held_until: dt.datetime | None = None,
) -> Usability:
    """Whether the voucher can be redeemed now, and why (or why not), in words.
    `held`: locked by leatadmin's own redemption whose answer was lost (until `held_until`)."""
    status = voucher.status
    if status == REDEEMED or voucher.is_redeemed:
        return Usability(False, _redeemed(voucher, redemption))
    if status == DEACTIVATED:
        more = []
        if status_change is not None and status_change.action.startswith("voucher.deactivate"):
            more.append(_("Deactivated by %(who)s on %(when)s: “%(reason)s”") % {"who": status_change.username, "when": when(status_change.created_at), "reason": status_change.reason or "—"})
        return Usability(False, _("Deactivated: it cannot be used until a supervisor activates it again."), more)
    if status == EXPIRED or (voucher.expiration_date is not None and now >= voucher.expiration_date):
        if voucher.expiration_date is None:
            return Usability(False, _("Expired: it cannot be used any more."))
        return Usability(False, _("Expired on %(when)s: it cannot be used any more.") % {"when": when(voucher.expiration_date)})
    if status == INACTIVE or (voucher.activation_date is not None and now < voucher.activation_date):
        if voucher.activation_date is None:
            return Usability(False, _("Not active yet: Leat does not say from when it can be used."))
        return Usability(False, _("Not active until %(when)s: it cannot be used before then.") % {"when": when(voucher.activation_date)})
    if status == LOCKED:
        if held and held_until is not None:
            return Usability(False, _("Locked until %(time)s: leatadmin was redeeming it when Leat's answer was lost, so nobody can use it until that is clear. Check again, or redeem it again to use leatadmin's lock.") % {"time": clock(held_until)})
        if held:
            return Usability(False, _("Locked: leatadmin was redeeming it when Leat's answer was lost, so nobody can use it until that is clear. Check again, or redeem it again to use leatadmin's lock."))
        return Usability(False, _("Locked: a till is redeeming it right now. Leat releases a lock an hour after it was made at the latest."))
    if voucher.promotion is not None and not voucher.promotion.is_active:
        return Usability(False, _("Its promotion has ended, so Leat refuses it."))
    if status != ACTIVE:
        return Usability(False, _("Leat says its status is %(status)s.") % {"status": status})
    if voucher.expiration_date is not None:
        why = _("Can be used now, until %(when)s.") % {"when": when(voucher.expiration_date)}
    else:
        why = _("Can be used now; it does not expire.")
    more = []
    if voucher.redemptions_remaining is not None and voucher.total_redemptions_allowed:
        more.append(_("%(left)s of %(total)s uses left.") % {"left": voucher.redemptions_remaining, "total": voucher.total_redemptions_allowed})
    return Usability(True, why, more)


def _redeemed(voucher: Voucher, redemption: AuditEntry | None) -> str:
    at = voucher.redeemed_at or (redemption.created_at if redemption is not None else None)
    if redemption is not None and redemption.after.get("shop"):
        said = {"when": when(at), "shop": redemption.after["shop"], "who": redemption.username}
        return _("Redeemed on %(when)s at %(shop)s, by %(who)s in leatadmin: it cannot be used again.") % said
    if at is None:
        return _("Redeemed: it cannot be used again. Leat does not say when or at which shop.")
    return _("Redeemed on %(when)s: it cannot be used again. Leat does not say at which shop.") % {"when": when(at)}


def redeemed_by(redemption: AuditEntry | None) -> str:
    """Who redeemed it and when, from leatadmin's audit log ("" when leatadmin did not)."""
    if redemption is None:
        return ""
    said = {"who": redemption.username, "when": when(redemption.created_at), "shop": redemption.after.get("shop") or _("a shop")}
    return _("%(who)s redeemed it on %(when)s at %(shop)s.") % said


def validity_text(seconds: int | None) -> str:
    """How long each voucher of a promotion is valid (Leat gives seconds), in days or hours."""
    if not seconds:
        return ""
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    hours = -(-seconds // 3600)
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
