"""Loyalty corrections on the contact page: give or take points, give a
reward, undo a reception. Each is a StaffAction that opens in the contact
page's action slot and, when done, refreshes the balances and transactions."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from leatadmin.contacts import selectors as contacts
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.actions import fingerprint
from leatadmin.core.fields import EurosField
from leatadmin.core.templatetags.leat_format import cents, signed_credits
from leatadmin.leat.models import Contact
from leatadmin.shops.selectors import shop_choices

from . import selectors, services
from .forms import PointsForm, ReverseForm, RewardForm

#: A lost answer is looked for among transactions booked this long before it was recorded.
SETTLE_WINDOW = dt.timedelta(minutes=2)


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
    title, submit, noun = "Give or take points", "Send", "credit reception"
    intro = "Goodwill, missing points for a purchase, or a partial refund (a negative number of credits, as Leat advises)."

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
        return {"review": f"A purchase of {cents(EurosField.to_cents(data['purchase']))} gives {credits:,} {name} under the loyalty rules. Send it to confirm; change the amount to see again."}

    def perform(self, form, target):
        data = form.cleaned_data
        return services.credits_give(user=self.request.user, contact=target, shop_uuid=data["shop"], reason=data["reason"], credits=data.get("credits"), purchase=data.get("purchase"))

    def reconcile(self, form, target, entry):
        sent = entry.sent if entry else {}
        return self.settled(entry, lambda item: item.type == "credit_reception" and item.shop is not None and item.shop.uuid == sent.get("shop_uuid") and ("credits" not in sent or item.credits == sent["credits"]))

    def success_message(self, done, target):
        name = selectors.credit_name()
        credits = done.obj.credits
        verb = "Gave" if credits >= 0 else "Took back"
        balance = f" The balance is now {done.obj.contact_balance:,} {name}." if done.obj.contact_balance is not None else ""
        return f"{verb} {abs(credits):,} {name} ({signed_credits(credits)}).{balance}"


class GiveReward(_LoyaltyAction):
    form_class = RewardForm
    title, submit, noun = "Give a reward", "Give reward", "reward reception"

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
        balance = f" The balance is now {done.obj.contact_balance:,} {name}." if done.obj.contact_balance is not None else ""
        return f"Gave {done.obj.title or 'the reward'} for {abs(done.obj.credits):,} {name}.{balance}"


class ReverseReception(_LoyaltyAction):
    form_class = ReverseForm
    submit, noun, danger = "Reverse it", "reversal", True

    @property
    def reward(self) -> bool:
        if self.kwargs["kind"] not in ("credits", "reward"):
            raise Http404("No such reception.")
        return self.kwargs["kind"] == "reward"

    @property
    def title(self) -> str:
        return "Undo a reward reception" if self.reward else "Undo a credit reception"

    @property
    def intro(self) -> str:
        what = "gives the reward's credits back" if self.reward else "takes the credits of this reception back"
        return f"Leat books the opposite transaction: this {what}. The reason goes into the audit log."

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
        balance = f" The balance is now {done.obj.contact_balance:,} {name}." if done.obj.contact_balance is not None else ""
        return f"Reversed: Leat booked {signed_credits(-done.obj.credits)} {name}.{balance}"

    def extra_context(self, target):
        return {**super().extra_context(target), "facts": [("Reception", self.kwargs["transaction"])]}


give_points = GivePoints.as_view()
give_reward = GiveReward.as_view()
reverse_reception = ReverseReception.as_view()
