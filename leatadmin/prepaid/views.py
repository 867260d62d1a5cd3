"""A contact's prepaid money: the history panel, a top-up or refund, and
reversing a transaction from its row."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET

from leatadmin.contacts import page, panels
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.actions import fingerprint
from leatadmin.core.templatetags.leat_format import cents
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
    title, submit = "Top up prepaid", "Book it"
    noun = "prepaid transaction"

    def load(self):
        return selectors.prepaid_balance(contact_uuid=self.contact_uuid)

    def may_refund(self) -> bool:
        return self.request.user.has_perm("staff.refund_prepaid")

    def form_kwargs(self, target):
        return {"shops": self.leat_choices(shop_choices, []), "balance": target, "may_refund": self.may_refund()}

    def values(self, target):
        return {"balance": cents(target)}

    def labels(self):
        return {"balance": "Prepaid balance"}

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
        what = "Topped up" if done.obj.amount_in_cents > 0 else "Refunded"
        return f"{what} {cents(abs(done.obj.amount_in_cents))}. The prepaid balance is now {cents(done.obj.balance_in_cents)}."

    def extra_context(self, target):
        title = "Top up or refund prepaid" if self.may_refund() else self.title
        balance = f"The prepaid balance is {cents(target)}." if target is not None else ""
        refund = " A refund pays money back: at most the balance." if self.may_refund() else ""
        return {"title": title, "intro": f"{balance}{refund}".strip()}


class PrepaidReverse(ContactCorrection):
    permission = "staff.refund_prepaid"
    form_class = ReverseForm
    title, submit = "Reverse a prepaid transaction", "Reverse transaction"
    danger = True
    noun = "reversal"

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
        return f"Reversed: Leat booked {cents(done.obj.amount_in_cents)}. The prepaid balance is now {cents(done.obj.balance_in_cents)}."

    def extra_context(self, target):
        if target is None:
            return {}
        when = dateformat.format(timezone.localtime(target.created_at), "j M Y, H:i") if target.created_at else "an unknown date"
        return {
            "intro": f"Books the opposite amount ({cents(-target.amount_in_cents)}) as a new transaction, undoing the one of {cents(target.amount_in_cents)} on {when}. This cannot be undone.",
            "facts": [("Amount", cents(target.amount_in_cents)), ("Shop", target.shop.name if target.shop else ""), ("Card", target.card)],
        }


book = PrepaidBook.as_view()
reverse_transaction = PrepaidReverse.as_view()
