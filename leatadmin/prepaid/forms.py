from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import EurosField, ReasonField
from leatadmin.core.forms import LeatForm
from leatadmin.core.templatetags.leat_format import cents

TOP_UP, REFUND = "top_up", "refund"


class PrepaidForm(LeatForm):
    kind = forms.ChoiceField(label=gettext_lazy("What"), choices=[(TOP_UP, gettext_lazy("Top up (add money)"))], initial=TOP_UP)
    amount = EurosField(label=gettext_lazy("Amount (€)"), required=True, help_text=gettext_lazy("In euros as you would write it, e.g. 25,50."))
    shop = forms.ChoiceField(label=gettext_lazy("Shop"))
    reason = ReasonField()

    leat_fields = {"amount_in_cents": "amount", "shop_uuid": "shop"}

    def __init__(self, *args: Any, shops: list[tuple[str, str]], balance: int | None, may_refund: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.balance = balance
        self.fields["shop"].choices = [("", "—"), *shops]
        if may_refund:
            self.fields["kind"].choices = [(TOP_UP, _("Top up (add money)")), (REFUND, _("Refund (pay money back)"))]
            self.fields["kind"].widget = forms.RadioSelect(choices=self.fields["kind"].choices)
        else:
            self.fields["kind"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        amount = data.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("Enter an amount above zero; choose Refund to pay money back."))
        elif amount is not None and data.get("kind") == REFUND and self.balance is not None and EurosField.to_cents(amount) > self.balance:
            self.add_error("amount", _("A refund can be at most the prepaid balance, %(balance)s.") % {"balance": cents(self.balance)})
        return data

    @property
    def amount_in_cents(self) -> int:
        amount = EurosField.to_cents(self.cleaned_data["amount"])
        return -amount if self.cleaned_data["kind"] == REFUND else amount


class ReverseForm(LeatForm):
    reason = ReasonField()

    def __init__(self, *args: Any, found: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.found = found

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.found:
            raise forms.ValidationError(_("This transaction is not in this contact's recent prepaid history, so it cannot be reversed here."))
        return data
