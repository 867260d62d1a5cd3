"""A contact's prepaid money: the history panel, a top-up or refund, and
reversing a transaction from its row."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from leatadmin.contacts import page
from leatadmin.contacts import selectors as contacts
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.claims import fingerprint
from leatadmin.core.reads import Reads
from leatadmin.core.results import Settled
from leatadmin.core.templatetags.leat_format import cents, when
from leatadmin.leat.models import Contact, PrepaidTransaction
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import REFUND, PrepaidForm, ReverseForm
from .panels import PREPAID

PER_PAGE = 10


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def prepaid_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.panel_response(request, uuid, PREPAID)


@dataclass(frozen=True)
class Holder:
    """The contact whose prepaid money it is, their balance (cents), and the
    transaction the action is about (a reversal's)."""

    contact: Contact
    balance: int | None = None
    transaction: PrepaidTransaction | None = None


class _PrepaidAction(ContactCorrection):
    def holder(self) -> Contact:
        return contacts.contact_get(uuid=self.contact_uuid)

    def settled(self, entry, matches) -> Settled | None:
        """The transaction this lost write made, if Leat shows exactly that one."""
        found = selectors.booked_since(contact_uuid=self.contact_uuid, entry=entry, matches=matches)
        return Settled(contact_url(self.contact_uuid), found.uuid, services.transaction_values(found)) if found is not None else None


class PrepaidBook(_PrepaidAction):
    permission = "staff.topup_prepaid"
    form_class = PrepaidForm
    title, submit = gettext_lazy("Top up prepaid"), gettext_lazy("Book it")
    noun = gettext_lazy("prepaid transaction")

    def load(self):
        """The balance and the contact (for the audit log), asked at once."""
        reads = Reads()
        reads.start("balance", lambda: selectors.prepaid_balance(contact_uuid=self.contact_uuid))
        contact = self.holder()
        return Holder(contact, reads.result("balance"))

    def may_refund(self) -> bool:
        return self.request.user.has_perm("staff.refund_prepaid")

    def needs_fresh_check(self) -> bool:
        return self.request.POST.get("kind") == REFUND  # paying money back asks for the second factor again

    def choices(self, target):
        return {"shops": shop_choices}

    def form_kwargs(self, target):
        return {"balance": target.balance if target else None, "may_refund": self.may_refund()}

    def values(self, target):
        return {"balance": target.balance}

    def value_text(self, name, value):
        return cents(value)

    def labels(self):
        return {"balance": _("Prepaid balance")}

    def fingerprint(self, form, target):
        return fingerprint("prepaid.book", self.contact_uuid, form.amount_in_cents, form.cleaned_data["shop"])

    def perform(self, form, target):
        return services.prepaid_book(
            user=self.request.user, contact_uuid=self.contact_uuid, contact_label=target.contact.email, shop_uuid=form.cleaned_data["shop"],
            amount_in_cents=form.amount_in_cents, balance_before=target.balance, reason=self.reason(form),
        )

    def reconcile(self, form, target, entry):
        sent = entry.sent
        return self.settled(entry, lambda item: item.amount_in_cents == sent["amount_in_cents"] and (item.shop.uuid if item.shop else None) == sent["shop_uuid"])

    def success_message(self, done, target):
        said = {"amount": cents(abs(done.obj.amount_in_cents)), "balance": cents(done.obj.balance_in_cents)}
        if done.obj.amount_in_cents > 0:
            return _("Topped up %(amount)s. The prepaid balance is now %(balance)s.") % said
        return _("Refunded %(amount)s. The prepaid balance is now %(balance)s.") % said

    def extra_context(self, target):
        title = _("Top up or refund prepaid") if self.may_refund() else self.title
        balance = _("The prepaid balance is %(balance)s.") % {"balance": cents(target.balance)} if target is not None and target.balance is not None else ""
        refund = _("A refund pays money back: at most the balance.") if self.may_refund() else ""
        return {"title": title, "intro": f"{balance} {refund}".strip()}


class PrepaidReverse(_PrepaidAction):
    permission = "staff.refund_prepaid"
    form_class = ReverseForm
    fresh_check = True
    title, submit = gettext_lazy("Reverse a prepaid transaction"), gettext_lazy("Reverse transaction")
    danger = True
    noun = gettext_lazy("reversal")

    def load(self):
        reads = Reads()
        reads.start("transaction", lambda: selectors.prepaid_transaction_find(contact_uuid=self.contact_uuid, uuid=self.kwargs["transaction"]))
        contact = self.holder()
        return Holder(contact, transaction=reads.result("transaction"))

    def stand_in(self):
        return Holder(Contact(uuid=self.contact_uuid, email=""))

    def form_kwargs(self, target):
        return {"found": target.transaction is not None}

    def fingerprint(self, form, target):
        return fingerprint("prepaid.reverse", self.kwargs["transaction"])

    def perform(self, form, target):
        return services.prepaid_reverse(user=self.request.user, contact_uuid=self.contact_uuid, contact_label=target.contact.email, transaction=target.transaction, reason=self.reason(form))

    def reconcile(self, form, target, entry):
        transaction = target.transaction
        return self.settled(entry, lambda item: item.uuid != transaction.uuid and item.amount_in_cents == -transaction.amount_in_cents)

    def success_message(self, done, target):
        return _("Reversed: Leat booked %(amount)s. The prepaid balance is now %(balance)s.") % {"amount": cents(done.obj.amount_in_cents), "balance": cents(done.obj.balance_in_cents)}

    def extra_context(self, target):
        transaction = target.transaction
        if transaction is None:
            return {}
        said = {"opposite": cents(-transaction.amount_in_cents), "amount": cents(transaction.amount_in_cents), "when": when(transaction.created_at) if transaction.created_at else _("an unknown date")}
        return {
            "intro": _("Books the opposite amount (%(opposite)s) as a new transaction, undoing the one of %(amount)s on %(when)s. This cannot be undone.") % said,
            "facts": [(_("Amount"), cents(transaction.amount_in_cents)), (_("Shop"), transaction.shop.name if transaction.shop else ""), (_("Card"), transaction.card)],
        }


book = PrepaidBook.as_view()
reverse_transaction = PrepaidReverse.as_view()
