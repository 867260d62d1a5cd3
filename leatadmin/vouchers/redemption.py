"""Redeeming a voucher at a shop, exactly once (the counter's action).

The staff-action steps guard the form (submit-once, the duplicate guard, two
tabs at the same instant: actions/view.py); Leat's lock guards the voucher
(no other till can use it while leatadmin redeems it: services.py). A second
redemption, from a double click, Back or another tab, is refused and says
who redeemed it when, from leatadmin's audit log.

A lost answer is settled by reading the voucher again: redeemed now, and not
before, is this redemption's doing, since leatadmin held the lock meanwhile.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.audit.settlement import written_since
from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core.claims import fingerprint
from leatadmin.core.results import Settled
from leatadmin.leat import errors
from leatadmin.leat.models.vouchers import LOCKED, REDEEMED
from leatadmin.shops.selectors import shop_choices, shop_names

from . import selectors, services
from .finder import PERMISSION
from .forms import RedeemForm
from .status import redeemed_by, usability
from .views import VoucherAction, voucher_url


class VoucherRedeem(VoucherAction):
    permission = PERMISSION
    form_class = RedeemForm
    title, submit = gettext_lazy("Redeem voucher"), gettext_lazy("Redeem")
    noun = gettext_lazy("voucher redemption")

    def held(self) -> selectors.HeldLock | None:
        """leatadmin's lock from a redemption whose answer was lost, if it still holds."""
        if not hasattr(self, "_held"):
            self._held = selectors.voucher_lock_held(uuid=self.voucher_uuid)
        return self._held

    def redemption(self):
        """leatadmin's record of the voucher's redemption, if any (who, when, where)."""
        if not hasattr(self, "_redemption"):
            self._redemption = selectors.voucher_redemption(uuid=self.voucher_uuid)
        return self._redemption

    def choices(self, target):
        return {"shops": shop_choices}

    def form_kwargs(self, target):
        return {"voucher": target, "redeemed_by": redeemed_by(self.redemption()), "held": self.held() is not None}

    def values(self, target):
        # Locked by leatadmin's own redemption whose answer was lost is, for
        # the form opened before, still the voucher it was: sending again uses that lock.
        return {"status": "ACTIVE" if target.status == LOCKED and self.held() is not None else target.status}

    def fingerprint(self, form, target):
        return fingerprint("voucher.redeem", self.voucher_uuid)

    def perform(self, form, target):
        data = form.cleaned_data
        contact = contact_resolve(reference=data["contact"]).uuid if data.get("contact") else None
        return services.voucher_redeem(
            user=self.request.user, voucher=target, shop_uuid=data["shop"], shop_name=_shop_name(form), contact_uuid=contact, held=self.held()
        )

    def reconcile(self, form, target, entry):
        """Redeemed now and not when the form was sent, since the write was sent: this redemption."""
        if entry.action != selectors.REDEEM or target.status == REDEEMED or target.is_redeemed:
            return None
        now = selectors.voucher_now(uuid=self.voucher_uuid)
        redeemed = now.status == REDEEMED or now.is_redeemed
        used_again = now.redeemed_at is not None and now.redeemed_at != target.redeemed_at and now.redeemed_at >= written_since(entry)  # a voucher of several uses
        if not (redeemed or used_again):
            return None
        return Settled(voucher_url(self.voucher_uuid), now.redemption_uuid or "", {**services.voucher_values(now), "shop_uuid": entry.sent.get("shop_uuid"), "shop": _shop_name(form)})

    def success_message(self, done, target):
        return _("Voucher %(code)s is redeemed.") % {"code": done.obj.code}

    def extra_context(self, target):
        if target is None:
            return {}
        held = self.held()
        intro = usability(target, now=timezone.now(), redemption=self.redemption(), held=held is not None, held_until=held.until if held else None).why
        facts = [(_("Promotion"), target.promotion.name if target.promotion else target.name), (_("Customer"), target.contact.email if target.contact else _("none yet"))]
        return {"intro": intro, "facts": facts}


def _shop_name(form: RedeemForm) -> str:
    """The shop's name for the audit log (Leat's voucher never says where): from the
    shops leatadmin keeps, else as the picker showed it."""
    uuid = form.cleaned_data.get("shop") or ""
    try:
        names = shop_names()
    except errors.LeatError:
        names = {}
    return names.get(uuid) or str(dict(form.fields["shop"].choices).get(uuid, ""))


redeem = VoucherRedeem.as_view()
