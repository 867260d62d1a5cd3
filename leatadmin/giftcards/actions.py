"""What staff do with a gift card, each a staff action (leatadmin/actions):
pay with it or top it up, undo its last transaction, email it again, and
make a new digital one. Opened from the card's page, the first three open
and finish in its action slot, and the page's parts refresh themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.actions.view import StaffAction
from leatadmin.contacts.selectors import contact_resolve
from leatadmin.core.claims import fingerprint
from leatadmin.core.reads import Reads
from leatadmin.core.results import Settled
from leatadmin.core.templatetags.leat_format import cents, signed_cents, when
from leatadmin.leat.errors import LeatError
from leatadmin.leat.models import Giftcard, GiftcardProgram, GiftcardTransaction
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import PAY, TOP_UP, NewGiftcardForm, PayOrTopUpForm, SendForm, UndoForm
from .views import card_url


@dataclass(frozen=True)
class Holder:
    """The card an action is about, its program (for the maximum), and its
    last transaction (the one an undo is about)."""

    card: Giftcard
    program: GiftcardProgram | None = None
    last: GiftcardTransaction | None = None


class _CardAction(StaffAction):
    in_place = True

    @property
    def card_uuid(self) -> str:
        return self.kwargs["uuid"]

    def reason(self, form) -> str:
        return (form.cleaned_data.get("reason") or "").strip()

    def target_id(self, target):
        return self.card_uuid

    def success_url(self, done, target):
        return card_url(self.card_uuid)

    def cancel_url(self, target):
        return card_url(self.card_uuid)

    def check_url(self, form, target, entry):
        return card_url(self.card_uuid)

    def settled(self, target: Holder, entry, matches) -> Settled | None:
        """The transaction this lost write made, if the card's newest ones show exactly that one."""
        found = selectors.booked_since(number=target.card.hash, entry=entry, matches=matches)
        if found is None:
            return None
        return Settled(card_url(self.card_uuid), selectors.transaction_ref(found), services.transaction_values(found))


class PayOrTopUp(_CardAction):
    permission = "staff.giftcard_transactions"
    form_class = PayOrTopUpForm
    title, submit = gettext_lazy("Pay with the gift card or top it up"), gettext_lazy("Book it")
    noun = gettext_lazy("gift card transaction")

    def load(self):
        """The card as it is now and the programs (cached), asked at once."""
        reads = Reads()
        reads.start("programs", selectors.giftcard_programs)
        card = selectors.giftcard_now(uuid=self.card_uuid)
        try:
            programs = reads.result("programs")
        except LeatError:
            programs = None  # the card's own word on its program stands in
        return Holder(card, selectors.program_of(card, programs))

    def choices(self, target):
        return {"shops": shop_choices}

    def form_kwargs(self, target):
        program = target.program if target else None
        return {"balance": target.card.amount_in_cents if target else None, "maximum": program.max_amount_in_cents if program else None}

    def initial(self, target):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in (PAY, TOP_UP) else {}

    def values(self, target):
        return {"balance": target.card.amount_in_cents}

    def labels(self):
        return {"balance": _("Balance")}

    def value_text(self, name, value):
        return cents(value)

    def fingerprint(self, form, target):
        return fingerprint("giftcard.book", self.card_uuid, form.amount_in_cents, form.cleaned_data["shop"])

    def perform(self, form, target):
        return services.giftcard_book(
            user=self.request.user, card=target.card, shop_uuid=form.cleaned_data["shop"], amount_in_cents=form.amount_in_cents, reason=self.reason(form)
        )

    def reconcile(self, form, target, entry):
        sent = entry.sent
        return self.settled(target, entry, lambda item: item.amount_in_cents == sent["amount_in_cents"] and (item.shop.uuid if item.shop else None) == sent["shop_uuid"])

    def success_message(self, done, target):
        amount = done.obj.amount_in_cents
        said = {"amount": cents(abs(amount)), "balance": cents(target.card.amount_in_cents + amount)}
        if amount > 0:
            return _("Topped the gift card up with %(amount)s. Its balance is now %(balance)s.") % said
        return _("Paid %(amount)s with the gift card. Its balance is now %(balance)s.") % said

    def extra_context(self, target):
        if target is None:
            return {"shop_refresh": True}
        said = {"balance": cents(target.card.amount_in_cents)}
        intro = _("The gift card's balance is %(balance)s.") % said
        if target.program is not None and target.program.max_amount_in_cents is not None:
            intro += " " + _("Its program allows at most %(maximum)s on it.") % {"maximum": cents(target.program.max_amount_in_cents)}
        return {"intro": intro, "shop_refresh": True}


def _last_said(last: GiftcardTransaction) -> str:
    shop = last.shop.name if last.shop else _("an unknown shop")
    on = when(last.created_at) if last.created_at else _("an unknown date")
    return _("%(amount)s at %(shop)s on %(when)s") % {"amount": signed_cents(last.amount_in_cents), "shop": shop, "when": on}


class UndoLast(_CardAction):
    permission = "staff.manage_giftcards"
    form_class = UndoForm
    title, submit = gettext_lazy("Undo the gift card's last transaction"), gettext_lazy("Undo it")
    danger = True
    fresh_check = True
    noun = gettext_lazy("correction")

    def load(self):
        """The card and its last transaction, at once when the card's number is known."""
        reads = Reads()
        number = selectors.giftcard_number(uuid=self.card_uuid)
        if number:
            reads.start("last", lambda: selectors.giftcard_last_transaction(number=number))
        card = selectors.giftcard_now(uuid=self.card_uuid)
        if not number:
            reads.start("last", lambda: selectors.giftcard_last_transaction(number=card.hash))
        return Holder(card, last=reads.result("last"))

    def form_kwargs(self, target):
        return {"problem": self.problem(target)}

    @staticmethod
    def problem(target: Holder | None) -> str:
        if target is None:
            return ""
        if target.last is None:
            return _("This gift card has no transactions to undo.")
        if not target.last.can_be_corrected:
            return _(
                "Leat gave this transaction no identifier (it was booked before Leat had them), so Leat cannot undo it. To put it right, book the opposite amount with Pay or Top up."
            )
        return ""

    def values(self, target):
        last = target.last
        stamp = last.created_at.isoformat() if last and last.created_at else None
        return {"last": [last.key, last.amount_in_cents, stamp] if last else None, "balance": target.card.amount_in_cents}

    def labels(self):
        return {"last": _("Last transaction"), "balance": _("Balance")}

    def value_text(self, name, value):
        if name == "balance":
            return cents(value)
        if not value:
            return ""
        at = dt.datetime.fromisoformat(value[2]) if value[2] else None
        return f"{signed_cents(value[1])}, {when(at)}"

    def fingerprint(self, form, target):
        return fingerprint("giftcard.undo", self.card_uuid, target.last.key)

    def perform(self, form, target):
        return services.giftcard_undo(user=self.request.user, card=target.card, transaction=target.last, reason=self.reason(form))

    def reconcile(self, form, target, entry):
        undone = selectors.transaction_ref(target.last)
        opposite = -target.last.amount_in_cents
        return self.settled(target, entry, lambda item: item.amount_in_cents == opposite and selectors.transaction_ref(item) != undone)

    def success_message(self, done, target):
        said = {"amount": signed_cents(done.obj.amount_in_cents), "balance": cents(target.card.amount_in_cents + done.obj.amount_in_cents)}
        return _("Undone: Leat booked %(amount)s. The gift card's balance is now %(balance)s.") % said

    def extra_context(self, target):
        problem = self.problem(target)
        if problem or target is None:
            return {"intro": problem}
        last = target.last
        intro = _("Undoes the gift card's last transaction, %(last)s: Leat books the opposite amount (%(opposite)s) as a new transaction. Leat undoes only a card's last transaction.") % {
            "last": _last_said(last), "opposite": signed_cents(-last.amount_in_cents),
        }
        return {"intro": intro}


class SendAgain(_CardAction):
    permission = "staff.giftcard_transactions"
    form_class = SendForm
    title, submit = gettext_lazy("Send the gift card again by email"), gettext_lazy("Send it")
    noun = gettext_lazy("gift card email")

    def load(self):
        return Holder(selectors.giftcard_now(uuid=self.card_uuid))

    @staticmethod
    def problem(target: Holder | None) -> str:
        physical = target is not None and not target.card.is_digital
        return _("Only a digital gift card can be sent by email; this one is a physical card.") if physical else ""

    def form_kwargs(self, target):
        return {"problem": self.problem(target)}

    def fingerprint(self, form, target):
        return fingerprint("giftcard.send", self.card_uuid, form.cleaned_data["email"].strip().lower())

    def perform(self, form, target):
        # Leat gives no contact with a card: staff say whose it is, by email.
        contact = contact_resolve(reference=form.cleaned_data["email"])
        return services.giftcard_send(user=self.request.user, card=target.card, contact_uuid=contact.uuid, reason=self.reason(form))

    def success_message(self, done, target):
        return _("Leat is emailing the gift card to the contact.")

    def extra_context(self, target):
        return {"intro": self.problem(target) or _("Leat emails the gift card again to a contact (with the account's gift card email): ask the customer for their email.")}


class NewGiftcard(StaffAction):
    permission = "staff.manage_giftcards"
    form_class = NewGiftcardForm
    title, submit = gettext_lazy("New digital gift card"), gettext_lazy("Make it")
    noun = gettext_lazy("gift card")
    intro = gettext_lazy("Leat makes a digital gift card of the program, with nothing on it: top it up on its page to give it a value.")

    def choices(self, target):
        return {"programs": selectors.program_choices}

    def fingerprint(self, form, target):
        return fingerprint("giftcard.create", form.cleaned_data["program"])

    def perform(self, form, target):
        program = form.cleaned_data["program"]
        name = dict(form.fields["program"].choices).get(program, "")
        done = services.giftcard_create(user=self.request.user, program_uuid=program, program_name=str(name), reason=(form.cleaned_data.get("reason") or "").strip())
        selectors.giftcard_hand_over(done.obj)  # its page shows it without asking Leat again
        return done

    def success_url(self, done, target):
        return card_url(done.obj.uuid)

    def success_message(self, done, target):
        return _("New digital gift card %(number)s made in Leat, with nothing on it yet.") % {"number": done.obj.hash}

    def cancel_url(self, target):
        return reverse("home")


pay_or_top_up = PayOrTopUp.as_view()
undo = UndoLast.as_view()
send = SendAgain.as_view()
new = NewGiftcard.as_view()
