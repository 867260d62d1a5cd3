from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import EurosField, ReasonField
from leatadmin.core.forms import LeatForm
from leatadmin.core.templatetags.leat_format import cents
from leatadmin.leat import errors

PAY, TOP_UP = "pay", "top_up"
KINDS = ((PAY, gettext_lazy("Pay with it (take an amount off)")), (TOP_UP, gettext_lazy("Top up (add money)")))


class PayOrTopUpForm(LeatForm):
    kind = forms.ChoiceField(label=gettext_lazy("What"), choices=KINDS, widget=forms.RadioSelect, initial=PAY)
    amount = EurosField(label=gettext_lazy("Amount (€)"), required=True, help_text=gettext_lazy("In euros as you would write it, e.g. 12,50."))
    shop = forms.ChoiceField(label=gettext_lazy("Shop"))
    reason = ReasonField()

    leat_fields = {"amount_in_cents": "amount", "shop_uuid": "shop", "giftcard_uuid": "amount"}
    # Leat's refusals of the card are about the amount; a shop outside the card's program is about the shop.
    leat_error_fields = {errors.ShopNotInGiftcardProgram: "shop", errors.ShopNotFound: "shop", errors.GiftcardRefused: "amount"}

    def __init__(self, *args: Any, shops: list[tuple[str, str]], balance: int | None, maximum: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.balance, self.maximum = balance, maximum
        self.fields["shop"].choices = [("", "—"), *shops]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        amount, kind = data.get("amount"), data.get("kind")
        if amount is None or kind is None:
            return data
        wanted = EurosField.to_cents(amount)
        if wanted <= 0:
            self.add_error("amount", _("Enter an amount above zero."))
        elif kind == PAY and self.balance is not None and wanted > self.balance:
            self.add_error("amount", _("More than the gift card's balance: at most %(balance)s can be paid with it.") % {"balance": cents(self.balance)})
        elif kind == TOP_UP and self.maximum is not None and self.balance is not None and self.balance + wanted > self.maximum:
            said = {"maximum": cents(self.maximum), "room": cents(max(0, self.maximum - self.balance))}
            self.add_error("amount", _("The gift card would then hold more than its program's maximum of %(maximum)s: top up at most %(room)s.") % said)
        return data

    @property
    def amount_in_cents(self) -> int:
        amount = EurosField.to_cents(self.cleaned_data["amount"])
        return -amount if self.cleaned_data["kind"] == PAY else amount


class UndoForm(LeatForm):
    reason = ReasonField()

    def __init__(self, *args: Any, problem: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problem = problem

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.problem:
            raise forms.ValidationError(self.problem)
        return data


class SendForm(LeatForm):
    email = forms.EmailField(
        label=gettext_lazy("Contact's email"), max_length=254,
        help_text=gettext_lazy("Leat emails the gift card to the contact with this email."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = ReasonField(required=False, help_text=gettext_lazy("Optional: why it is sent again (kept in the audit log)."))

    leat_fields = {"contact_uuid": "email"}

    def __init__(self, *args: Any, problem: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problem = problem

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.problem:
            raise forms.ValidationError(self.problem)
        return data

    def apply_leat_error(self, error: errors.LeatError) -> None:
        if isinstance(error, errors.ContactNotFound):
            self.add_error("email", _("Leat has no contact with this email."))
            return
        super().apply_leat_error(error)


class NewGiftcardForm(LeatForm):
    program = forms.ChoiceField(label=gettext_lazy("Gift card program"))
    reason = ReasonField(required=False, help_text=gettext_lazy("Optional: what the card is for (kept in the audit log)."))

    leat_fields = {"giftcard_program_uuid": "program"}
    leat_error_fields = {errors.GiftcardProgramNotFound: "program", errors.OnlyDigitalGiftcards: "program"}

    def __init__(self, *args: Any, programs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "—"), *programs]
