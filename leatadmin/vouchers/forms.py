from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import ContactReferenceField, ReasonField
from leatadmin.core.forms import MESSAGES, LeatForm
from leatadmin.leat import errors
from leatadmin.leat.models import Promotion, Voucher
from leatadmin.leat.models.vouchers import ACTIVE, DEACTIVATED, LOCKED, REDEEMED

from .services import LockAnswerLost, new_code
from .status import status_text

#: Leat's refusals of a voucher, said at its code.
CODE_ERRORS = (errors.VoucherRefused, errors.VoucherNotFound, LockAnswerLost)


class _VoucherForm(LeatForm):
    """A form about one voucher: its code shown at the top, where Leat's refusals of it are said."""

    code = forms.CharField(label=gettext_lazy("Voucher code"), required=False, disabled=True)

    leat_fields = {"code": "code"}
    leat_error_fields: dict[type[errors.LeatError], str] = dict.fromkeys(CODE_ERRORS, "code")

    def __init__(self, *args: Any, voucher: Voucher | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.voucher = voucher
        self.fields["code"].initial = voucher.code if voucher is not None else ""

    def apply_leat_error(self, error: errors.LeatError) -> None:
        if isinstance(error, LockAnswerLost):
            self.add_error("code", _("Leat's answer to locking the voucher was lost, so it was not redeemed. If Leat did lock it, it refuses the voucher as locked until the lock runs out (an hour at most); try again now, or then."))
            return
        super().apply_leat_error(error)


class RedeemForm(_VoucherForm):
    shop = forms.ChoiceField(label=gettext_lazy("Shop"), choices=())
    contact = ContactReferenceField(
        label=gettext_lazy("Customer"), required=False, help_text=gettext_lazy("This voucher belongs to no contact yet: Leat redeems it for a customer. Their email, or their UUID.")
    )

    leat_fields = {"code": "code", "shop_uuid": "shop", "contact_uuid": "contact"}
    leat_error_fields = {**dict.fromkeys(CODE_ERRORS, "code"), errors.ShopNotFound: "shop", errors.ContactNotFound: "contact"}

    def __init__(self, *args: Any, shops: list[tuple[str, str]], redeemed_by: str = "", held: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].choices = [("", _("Choose a shop…")), *shops]
        self.redeemed_by, self.held = redeemed_by, held
        if self.voucher is not None and self.voucher.contact is not None:
            del self.fields["contact"]  # Leat redeems it for its own contact

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        voucher = self.voucher
        if voucher is None:
            return data
        if voucher.status == REDEEMED or voucher.is_redeemed:
            self.add_error("code", " ".join(filter(None, [str(MESSAGES[errors.VoucherAlreadyRedeemed]), self.redeemed_by])))
        elif voucher.status == LOCKED and not self.held:
            self.add_error("code", MESSAGES[errors.VoucherLocked])
        elif voucher.status not in (ACTIVE, LOCKED):
            self.add_error("code", _("This voucher cannot be redeemed: it is %(status)s.") % {"status": status_text(voucher.status).lower()})
        if "contact" in self.fields and not data.get("contact"):
            self.add_error("contact", _("Say for which customer: Leat redeems a voucher that belongs to no contact only for one."))
        return data

    def apply_leat_error(self, error: errors.LeatError) -> None:
        super().apply_leat_error(error)
        if isinstance(error, errors.VoucherAlreadyRedeemed) and self.redeemed_by:
            self.add_error("code", self.redeemed_by)


class StatusForm(_VoucherForm):
    reason = ReasonField()

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status = status

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        voucher = self.voucher
        if voucher is None:
            return data
        if voucher.status == REDEEMED or voucher.is_redeemed:
            self.add_error("code", _("A redeemed voucher cannot be changed."))
        elif self.status == DEACTIVATED and voucher.status == DEACTIVATED:
            self.add_error("code", _("This voucher is deactivated already."))
        elif self.status == ACTIVE and voucher.status != DEACTIVATED:
            self.add_error("code", _("Only a deactivated voucher can be activated again; this one is %(status)s.") % {"status": status_text(voucher.status).lower()})
        return data


class GiveForm(LeatForm):
    promotion = forms.ChoiceField(label=gettext_lazy("Promotion"), choices=())
    # The code leatadmin chose for this form's voucher (services.new_code): hidden, as the form's token is.
    code = forms.RegexField(
        regex=r"^[A-Z0-9]{4,32}$", widget=forms.HiddenInput, error_messages={"invalid": gettext_lazy("This form was altered or is broken: reload the page and fill it in again.")}
    )
    reason = ReasonField()

    leat_fields = {"promotion_uuid": "promotion", "code": "promotion"}
    leat_error_fields = {
        errors.PromotionNotFound: "promotion", errors.PromotionInactive: "promotion", errors.VoucherLimitReached: "promotion",
        errors.ContactNotFound: None,
    }

    def __init__(self, *args: Any, promotions: list[Promotion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.promotions = {promotion.uuid: promotion for promotion in promotions}
        self.fields["promotion"].choices = [("", _("Choose a promotion…")), *((promotion.uuid, _promotion_label(promotion)) for promotion in promotions)]

    def apply_leat_error(self, error: errors.LeatError) -> None:
        if isinstance(error, errors.VoucherAlreadyExists):
            # Another voucher has the code leatadmin chose for this one (rare):
            # the form gets a new one, so sending it again makes the voucher.
            self.data = self.data.copy()
            self.data["code"] = new_code()
            self.add_error(None, _("Leat already has a voucher with the code leatadmin chose for this one, so none was made. Send the form again: it now has another code."))
            return
        super().apply_leat_error(error)


def _promotion_label(promotion: Promotion) -> str:
    if promotion.limit_per_contact:
        return _("%(name)s (at most %(limit)s per customer)") % {"name": promotion.name, "limit": promotion.limit_per_contact}
    return promotion.name
