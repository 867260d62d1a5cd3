"""A contact's prepaid money: the history panel, a top-up or refund, and
reversing a transaction from its row."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from leatadmin.contacts import page, panels
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.actions import fingerprint
from leatadmin.core.templatetags.leat_format import cents, when
from leatadmin.leat import errors
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import PrepaidForm, ReverseForm

PER_PAGE = 10
#: A transaction booked this long before its audit entry still counts as that write (clocks differ).
CLOCK_SLACK = dt.timedelta(minutes=2)


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def prepaid_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.panel_response(request, uuid, panels.PREPAID)


def _found_since(contact_uuid: str, amount: int, entry, shop_uuid: str | None = None) -> str | None:
    if entry is None:
        return None
    try:
        found = selectors.prepaid_booked_since(contact_uuid=contact_uuid, amount_in_cents=amount, since=entry.created_at - CLOCK_SLACK, shop_uuid=shop_uuid)
    except errors.LeatError:
        return None
    return contact_url(contact_uuid) if found is not None else None


class PrepaidBook(ContactCorrection):
    permission = "staff.topup_prepaid"
    form_class = PrepaidForm
    title, submit = gettext_lazy("Top up prepaid"), gettext_lazy("Book it")
    noun = gettext_lazy("prepaid transaction")

    def load(self):
        return selectors.prepaid_balance(contact_uuid=self.contact_uuid)

    def may_refund(self) -> bool:
        return self.request.user.has_perm("staff.refund_prepaid")

    def form_kwargs(self, target):
        return {"shops": self.leat_choices(shop_choices, []), "balance": target, "may_refund": self.may_refund()}

    def values(self, target):
        return {"balance": target}

    def value_text(self, name, value):
        return cents(value)

    def labels(self):
        return {"balance": _("Prepaid balance")}

    def fingerprint(self, form, target):
        return fingerprint("prepaid.book", self.contact_uuid, form.amount_in_cents)

    def perform(self, form, target):
        return services.prepaid_book(
            user=self.request.user, contact_uuid=self.contact_uuid, shop_uuid=form.cleaned_data["shop"],
            amount_in_cents=form.amount_in_cents, balance_before=target, reason=self.reason(form),
        )

    def reconcile(self, form, target, entry):
        return _found_since(self.contact_uuid, form.amount_in_cents, entry, form.cleaned_data["shop"])

    def success_message(self, done, target):
        said = {"amount": cents(abs(done.obj.amount_in_cents)), "balance": cents(done.obj.balance_in_cents)}
        if done.obj.amount_in_cents > 0:
            return _("Topped up %(amount)s. The prepaid balance is now %(balance)s.") % said
        return _("Refunded %(amount)s. The prepaid balance is now %(balance)s.") % said

    def extra_context(self, target):
        title = _("Top up or refund prepaid") if self.may_refund() else self.title
        balance = _("The prepaid balance is %(balance)s.") % {"balance": cents(target)} if target is not None else ""
        refund = _("A refund pays money back: at most the balance.") if self.may_refund() else ""
        return {"title": title, "intro": f"{balance} {refund}".strip()}


class PrepaidReverse(ContactCorrection):
    permission = "staff.refund_prepaid"
    form_class = ReverseForm
    title, submit = gettext_lazy("Reverse a prepaid transaction"), gettext_lazy("Reverse transaction")
    danger = True
    noun = gettext_lazy("reversal")

    def load(self):
        return selectors.prepaid_transaction_find(contact_uuid=self.contact_uuid, uuid=self.kwargs["transaction"])

    def form_kwargs(self, target):
        return {"found": target is not None}

    def fingerprint(self, form, target):
        return fingerprint("prepaid.reverse", self.kwargs["transaction"])

    def perform(self, form, target):
        return services.prepaid_reverse(user=self.request.user, contact_uuid=self.contact_uuid, transaction=target, reason=self.reason(form))

    def reconcile(self, form, target, entry):
        return _found_since(self.contact_uuid, -target.amount_in_cents, entry)

    def success_message(self, done, target):
        return _("Reversed: Leat booked %(amount)s. The prepaid balance is now %(balance)s.") % {"amount": cents(done.obj.amount_in_cents), "balance": cents(done.obj.balance_in_cents)}

    def extra_context(self, target):
        if target is None:
            return {}
        said = {"opposite": cents(-target.amount_in_cents), "amount": cents(target.amount_in_cents), "when": when(target.created_at) if target.created_at else _("an unknown date")}
        return {
            "intro": _("Books the opposite amount (%(opposite)s) as a new transaction, undoing the one of %(amount)s on %(when)s. This cannot be undone.") % said,
            "facts": [(_("Amount"), cents(target.amount_in_cents)), (_("Shop"), target.shop.name if target.shop else ""), (_("Card"), target.card)],
        }


book = PrepaidBook.as_view()
reverse_transaction = PrepaidReverse.as_view()
