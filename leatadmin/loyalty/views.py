"""Loyalty corrections on the contact page: give or take points, give a
reward, undo a reception. Each is a StaffAction that opens in the contact
page's action slot and, when done, refreshes the balances and transactions."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.contacts import selectors as contacts
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.actions import fingerprint
from leatadmin.core.fields import EurosField
from leatadmin.core.templatetags.leat_format import cents, count, signed_credits
from leatadmin.leat.models import Contact
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import PointsForm, ReverseForm, RewardForm

#: A lost answer is looked for among transactions booked this long before it was recorded.
SETTLE_WINDOW = dt.timedelta(minutes=2)


def _balance_now(balance: int | None, credit_name: str) -> str:
    """' The balance is now 325 Beans.' when Leat said it, else nothing."""
    if balance is None:
        return ""
    return " " + _("The balance is now %(balance)s %(credit_name)s.") % {"balance": count(balance), "credit_name": credit_name}


class _LoyaltyAction(ContactCorrection):
    permission = "staff.correct_loyalty"

    def load(self):
        return contacts.contact_get(uuid=self.contact_uuid)

    def stand_in(self):
        return Contact(uuid=self.contact_uuid, email="")

    def settled(self, entry, matches) -> str | None:
        if entry is None:
            return None
        found = selectors.recent_transaction(contact_uuid=self.contact_uuid, since=entry.created_at - SETTLE_WINDOW, matches=matches)
        return contact_url(self.contact_uuid) if found else None

    def extra_context(self, target):
        return {"contact": target if target is not None and target.email else None}


class GivePoints(_LoyaltyAction):
    form_class = PointsForm
    title, submit, noun = gettext_lazy("Give or take points"), gettext_lazy("Send"), gettext_lazy("credit reception")
    intro = gettext_lazy("Goodwill, missing points for a purchase, or a partial refund (a negative number of credits, as Leat advises).")

    def form_kwargs(self, target):
        return {"shops": self.leat_choices(shop_choices, []), "balance": target.credit_balance if target else None, "credit_name": selectors.credit_name()}

    def fingerprint(self, form, target):
        data = form.cleaned_data
        return fingerprint("loyalty.credits", self.kwargs["uuid"], data["how"], data.get("credits"), data.get("purchase"), data["shop"])

    def review(self, form, target):
        """A purchase amount: show the credits Leat's rules give for it, then send on confirmation."""
        data = form.cleaned_data
        if data["how"] != "purchase" or data.get("confirmed"):
            return None
        credits = selectors.credits_for_purchase(shop_uuid=data["shop"], purchase=data["purchase"], contact_uuid=self.kwargs["uuid"])
        form.data = form.data.copy()
        form.data["confirmed"] = "1"
        name = selectors.credit_name()
        said = {"amount": cents(EurosField.to_cents(data["purchase"])), "credits": count(credits), "credit_name": name}
        return {"review": _("A purchase of %(amount)s gives %(credits)s %(credit_name)s under the loyalty rules. Send it to confirm; change the amount to see again.") % said}

    def perform(self, form, target):
        data = form.cleaned_data
        return services.credits_give(user=self.request.user, contact=target, shop_uuid=data["shop"], reason=data["reason"], credits=data.get("credits"), purchase=data.get("purchase"))

    def reconcile(self, form, target, entry):
        sent = entry.sent if entry else {}
        return self.settled(entry, lambda item: item.type == "credit_reception" and item.shop is not None and item.shop.uuid == sent.get("shop_uuid") and ("credits" not in sent or item.credits == sent["credits"]))

    def success_message(self, done, target):
        name = selectors.credit_name()
        credits = done.obj.credits
        said = {"credits": count(abs(credits)), "credit_name": name, "signed": signed_credits(credits)}
        text = (_("Gave %(credits)s %(credit_name)s (%(signed)s).") if credits >= 0 else _("Took back %(credits)s %(credit_name)s (%(signed)s).")) % said
        return text + _balance_now(done.obj.contact_balance, name)


class GiveReward(_LoyaltyAction):
    form_class = RewardForm
    title, submit, noun = gettext_lazy("Give a reward"), gettext_lazy("Give reward"), gettext_lazy("reward reception")

    def form_kwargs(self, target):
        rewards = self.leat_choices(lambda: selectors.rewards_for(contact_uuid=self.contact_uuid), []) if target is not None and target.email else []
        return {"shops": self.leat_choices(shop_choices, []), "rewards": rewards, "balance": target.credit_balance if target else None, "credit_name": selectors.credit_name()}

    def fingerprint(self, form, target):
        return fingerprint("loyalty.reward", self.kwargs["uuid"], form.cleaned_data["reward"].uuid)

    def perform(self, form, target):
        data = form.cleaned_data
        return services.reward_give(user=self.request.user, contact=target, reward=data["reward"], shop_uuid=data["shop"], reason=data["reason"])

    def reconcile(self, form, target, entry):
        reward_uuid = (entry.sent if entry else {}).get("reward_uuid")
        return self.settled(entry, lambda item: item.is_reward and item.reward is not None and item.reward.uuid == reward_uuid)

    def success_message(self, done, target):
        name = selectors.credit_name()
        said = {"reward": done.obj.title or _("the reward"), "credits": count(abs(done.obj.credits)), "credit_name": name}
        return _("Gave %(reward)s for %(credits)s %(credit_name)s.") % said + _balance_now(done.obj.contact_balance, name)


class ReverseReception(_LoyaltyAction):
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

    def form_kwargs(self, target):
        return {"already": selectors.reversals(transaction_uuids=[self.kwargs["transaction"]]).get(self.kwargs["transaction"])}

    def target_id(self, target):
        return self.kwargs["transaction"]

    def fingerprint(self, form, target):
        return fingerprint("loyalty.reverse", self.kwargs["transaction"])

    def perform(self, form, target):
        return services.reception_reverse(user=self.request.user, contact=target, transaction_uuid=self.kwargs["transaction"], reward=self.reward, reason=form.cleaned_data["reason"])

    def success_message(self, done, target):
        name = selectors.credit_name()
        return _("Reversed: Leat booked %(credits)s %(credit_name)s.") % {"credits": signed_credits(-done.obj.credits), "credit_name": name} + _balance_now(done.obj.contact_balance, name)

    def extra_context(self, target):
        return {**super().extra_context(target), "facts": [(_("Reception"), self.kwargs["transaction"])]}


give_points = GivePoints.as_view()
give_reward = GiveReward.as_view()
reverse_reception = ReverseReception.as_view()
