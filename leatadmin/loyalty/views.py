"""Loyalty corrections on the contact page: give or take points, give a
reward, undo a reception. Each is a StaffAction that opens in the contact
page's action slot and, when done, refreshes the balances and transactions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.contacts import selectors as contacts
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.contacts.program import credit_name
from leatadmin.core.claims import fingerprint
from leatadmin.core.fields import EurosField
from leatadmin.core.reads import Reads
from leatadmin.core.results import Settled
from leatadmin.core.templatetags.leat_format import cents, count, signed_credits, transaction_description, when
from leatadmin.leat.models import Contact, LoyaltyTransaction
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import PointsForm, ReverseForm, RewardForm

#: What can be undone: Leat's reversal routes take these two.
RECEPTIONS = ("credit_reception", "reward_reception")

def _balance_now(balance: int | None, credit_name: str) -> str:
    """' The balance is now 325 Beans.' when Leat said it, else nothing."""
    if balance is None:
        return ""
    return " " + _("The balance is now %(balance)s %(credit_name)s.") % {"balance": count(balance), "credit_name": credit_name}


def _same_shop(item: LoyaltyTransaction, shop_uuid: str | None) -> bool:
    return (item.shop.uuid if item.shop else None) == shop_uuid


class _LoyaltyAction(ContactCorrection):
    permission = "staff.correct_loyalty"

    def load(self):
        return contacts.contact_get(uuid=self.contact_uuid)

    def stand_in(self):
        return Contact(uuid=self.contact_uuid, email="")

    def settled(self, entry, matches) -> Settled | None:
        """The reception this lost write made, if Leat shows exactly that one."""
        found = selectors.booked_since(contact_uuid=self.contact_uuid, entry=entry, matches=matches)
        if found is None:
            return None
        return Settled(contact_url(self.contact_uuid), found.uuid, {"transaction_uuid": found.uuid, "credits": found.credits, "credit_balance": found.contact_balance})

    def extra_context(self, target):
        return {"contact": target if target is not None and target.email else None}


class GivePoints(_LoyaltyAction):
    form_class = PointsForm
    title, submit, noun = gettext_lazy("Give or take points"), gettext_lazy("Send"), gettext_lazy("credit reception")
    intro = gettext_lazy("Goodwill, missing points for a purchase, or a partial refund (a negative number of credits, as Leat advises).")

    def choices(self, target):
        return {"shops": shop_choices}

    def form_kwargs(self, target):
        return {"balance": target.credit_balance if target else None, "credit_name": credit_name()}

    def fingerprint(self, form, target):
        data = form.cleaned_data
        return fingerprint("loyalty.credits", self.kwargs["uuid"], data["how"], data.get("credits"), data.get("purchase"), data["shop"])

    def review(self, form, target):
        """A purchase amount: show the credits Leat's rules give for it, then send on confirmation."""
        data = form.cleaned_data
        if data["how"] != "purchase" or data.get("confirmed"):
            return None
        credits = selectors.credits_for_purchase(shop_uuid=data["shop"], purchase=data["purchase"], contact_uuid=self.kwargs["uuid"])
        name = credit_name()
        said = {"amount": cents(EurosField.to_cents(data["purchase"])), "credits": count(credits), "credit_name": name}
        if credits <= 0:
            form.add_error("purchase", _("A purchase of %(amount)s gives no %(credit_name)s under the loyalty rules: there is nothing to send.") % said)
            return {}
        form.data = form.data.copy()
        form.data["confirmed"] = "1"
        return {
            "review": _("A purchase of %(amount)s gives %(credits)s %(credit_name)s under the loyalty rules. Confirm to send it; change the amount to see again.") % said,
            "submit": _("Confirm and give %(credits)s %(credit_name)s") % said,
        }

    def perform(self, form, target):
        data = form.cleaned_data
        return services.credits_give(user=self.request.user, contact=target, shop_uuid=data["shop"], reason=data["reason"], credits=data.get("credits"), purchase=data.get("purchase"))

    def reconcile(self, form, target, entry):
        sent = entry.sent

        def same(item: LoyaltyTransaction) -> bool:
            if item.type != "credit_reception" or not _same_shop(item, sent.get("shop_uuid")):
                return False
            if "credits" in sent:
                return item.credits == sent["credits"]
            return item.unit_value is not None and item.unit_value == Decimal(sent["unit_value"])

        return self.settled(entry, same)

    def success_message(self, done, target):
        name = credit_name()
        credits = done.obj.credits
        said = {"credits": count(abs(credits)), "credit_name": name, "signed": signed_credits(credits)}
        text = (_("Gave %(credits)s %(credit_name)s (%(signed)s).") if credits >= 0 else _("Took back %(credits)s %(credit_name)s (%(signed)s).")) % said
        return text + _balance_now(done.obj.contact_balance, name)


class GiveReward(_LoyaltyAction):
    form_class = RewardForm
    title, submit, noun = gettext_lazy("Give a reward"), gettext_lazy("Give reward"), gettext_lazy("reward reception")

    def choices(self, target):
        has_contact = target is not None and bool(target.email)
        return {"shops": shop_choices, "rewards": (lambda: selectors.rewards_for(contact_uuid=self.contact_uuid)) if has_contact else list}

    def form_kwargs(self, target):
        return {"balance": target.credit_balance if target else None, "credit_name": credit_name()}

    def fingerprint(self, form, target):
        return fingerprint("loyalty.reward", self.kwargs["uuid"], form.cleaned_data["reward"].uuid)

    def perform(self, form, target):
        data = form.cleaned_data
        return services.reward_give(user=self.request.user, contact=target, reward=data["reward"], shop_uuid=data["shop"], reason=data["reason"])

    def reconcile(self, form, target, entry):
        sent = entry.sent
        return self.settled(entry, lambda item: item.is_reward and item.reward is not None and item.reward.uuid == sent.get("reward_uuid") and _same_shop(item, sent.get("shop_uuid")))

    def success_message(self, done, target):
        name = credit_name()
        said = {"reward": done.obj.title or _("the reward"), "credits": count(abs(done.obj.credits)), "credit_name": name}
        return _("Gave %(reward)s for %(credits)s %(credit_name)s.") % said + _balance_now(done.obj.contact_balance, name)


@dataclass(frozen=True)
class Undo:
    """The reception to undo, and its contact (whose it is, as Leat's list says)."""

    contact: Contact
    reception: LoyaltyTransaction | None


class ReverseReception(ContactCorrection):
    permission = "staff.correct_loyalty"
    form_class = ReverseForm
    submit, noun, danger = gettext_lazy("Reverse it"), gettext_lazy("reversal"), True

    @property
    def reward(self) -> bool:
        if self.kwargs["kind"] not in ("credits", "reward"):
            raise Http404(_("No such reception."))
        return self.kwargs["kind"] == "reward"

    @property
    def title(self) -> str:
        return _("Undo a reward reception") if self.reward else _("Undo a credit reception")

    @property
    def intro(self) -> str:
        if self.reward:
            return _("Leat books the opposite transaction: this gives the reward's credits back. The reason goes into the audit log.")
        return _("Leat books the opposite transaction: this takes the credits of this reception back. The reason goes into the audit log.")

    def load(self):
        """The contact, and the reception as Leat lists it among the contact's
        transactions (both asked at once): a transaction of anyone else is a 404."""
        reads = Reads()
        reads.start("reception", lambda: selectors.reception_of(contact_uuid=self.contact_uuid, uuid=self.kwargs["transaction"], at=self._booked_at()))
        contact = contacts.contact_get(uuid=self.contact_uuid)
        reception = reads.result("reception")
        if reception is None or reception.type not in RECEPTIONS or reception.is_reward != self.reward:
            raise Http404(_("This contact has no such reception."))
        return Undo(contact, reception)

    def _booked_at(self) -> dt.datetime | None:
        """When the reception was booked, as the row it was opened from says (it finds it in one Leat call)."""
        at = parse_datetime(self.request.GET.get("at", "")[:40]) if self.request.GET.get("at") else None
        return at if at is not None and timezone.is_aware(at) else None

    def stand_in(self):
        return Undo(Contact(uuid=self.contact_uuid, email=""), None)

    def form_kwargs(self, target):
        reversed_, reversals_ = selectors.reversal_marks(transaction_uuids=[self.kwargs["transaction"]])
        return {"already": reversed_.get(self.kwargs["transaction"]), "reversal_of": reversals_.get(self.kwargs["transaction"])}

    def target_id(self, target):
        return self.kwargs["transaction"]

    def fingerprint(self, form, target):
        return fingerprint("loyalty.reverse", self.kwargs["transaction"])

    def perform(self, form, target):
        return services.reception_reverse(user=self.request.user, contact=target.contact, reception=target.reception, reason=form.cleaned_data["reason"])

    def reconcile(self, form, target, entry):
        """A lost reversal: settled if Leat shows the opposite reception booked since."""
        reception = target.reception
        found = selectors.booked_since(
            contact_uuid=self.contact_uuid, entry=entry,
            matches=lambda item: item.type == "credit_reception" and item.uuid != reception.uuid and item.credits == -reception.credits and _same_shop(item, reception.shop.uuid if reception.shop else None),
        )
        if found is None:
            return None
        return Settled(contact_url(self.contact_uuid), found.uuid, {"credits_booked": found.credits, "credit_balance": found.contact_balance})

    def success_message(self, done, target):
        name = credit_name()
        return _("Reversed: Leat booked %(credits)s %(credit_name)s.") % {"credits": signed_credits(-done.obj.credits), "credit_name": name} + _balance_now(done.obj.contact_balance, name)

    def extra_context(self, target):
        reception = target.reception if target is not None else None
        contact = target.contact if target is not None and target.contact.email else None
        if reception is None:
            return {"contact": contact, "facts": [(_("Reception"), self.kwargs["transaction"])]}
        name = credit_name()
        return {
            "contact": contact,
            "facts": [
                (_("Booked"), when(reception.created_at) if reception.created_at else _("an unknown date")),
                (_("What"), transaction_description(reception)),
                (name, signed_credits(reception.credits)),
                (_("Shop"), reception.shop.name if reception.shop else ""),
                (_("Card"), reception.card),
            ],
        }


give_points = GivePoints.as_view()
give_reward = GiveReward.as_view()
reverse_reception = ReverseReception.as_view()
