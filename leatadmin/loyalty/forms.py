from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import EurosField, ReasonField, WholeNumberField
from leatadmin.core.forms import LeatForm
from leatadmin.core.templatetags.leat_format import count, when
from leatadmin.leat import errors
from leatadmin.leat.models import Reward

#: The most credits one correction gives or takes: more is a typing mistake
#: (a goodwill gesture or a refund is never this large), refused at the field.
MAX_CREDITS = 10_000
MAX_PURCHASE = Decimal("10000")


class _ShopForm(LeatForm):
    shop = forms.ChoiceField(label=gettext_lazy("Shop"), choices=())

    leat_fields = {"shop_uuid": "shop"}

    def __init__(self, *args: Any, shops: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].choices = [("", _("Choose a shop…")), *shops]


class PointsForm(_ShopForm):
    """Give or take credits: an exact number, or a purchase amount the loyalty rules turn into credits."""

    how = forms.ChoiceField(
        label=gettext_lazy("How"),
        choices=[("credits", gettext_lazy("A number of credits")), ("purchase", gettext_lazy("A purchase amount: the loyalty rules decide the credits"))],
        widget=forms.RadioSelect,
        initial="credits",
    )
    credits = WholeNumberField(label=gettext_lazy("Credits"), required=False)
    purchase = EurosField(
        label=gettext_lazy("Purchase amount (€)"), max_value=MAX_PURCHASE, help_text=gettext_lazy("As the customer paid it, e.g. 12,50. You will see the credits it gives before anything is sent.")
    )
    reason = ReasonField()
    #: Set once staff have seen the credits a purchase amount gives.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = ["how", "credits", "purchase", "shop", "reason"]
    leat_fields = {"shop_uuid": "shop", "credits": "credits", "unit_value": "purchase"}
    leat_error_fields = {errors.MaximumCreditsReached: "credits", errors.ShopNotFound: "shop", errors.ContactNotFound: None}

    def __init__(self, *args: Any, balance: int | None, credit_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.balance, self.credit_name = balance, credit_name
        self.fields["credits"].help_text = _("Positive gives %(credit_name)s; negative takes them back (a partial refund). At most %(most)s either way.") % {"credit_name": credit_name, "most": count(MAX_CREDITS)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("how") == "purchase":
            cleaned["credits"] = None
            if not cleaned.get("purchase") and "purchase" not in self.errors:  # one message at the field, not two
                self.add_error("purchase", _("Type the purchase amount, e.g. 12,50."))
        elif cleaned.get("how") == "credits":
            cleaned["purchase"] = None
            credits = cleaned.get("credits")
            if credits is None and "credits" not in self.errors:
                self.add_error("credits", _("Type how many %(credit_name)s to give (or, with a minus, to take back).") % {"credit_name": self.credit_name})
            elif credits == 0:
                self.add_error("credits", _("Zero changes nothing: give a positive number, or a negative one to take credits back."))
            elif credits is not None and abs(credits) > MAX_CREDITS:
                self.add_error("credits", _("At most %(most)s %(credit_name)s in one correction.") % {"most": count(MAX_CREDITS), "credit_name": self.credit_name})
            elif credits is not None and credits < 0 and self.balance is not None and -credits > self.balance:
                self.add_error("credits", _("This contact has %(balance)s %(credit_name)s: you can take back at most that many.") % {"balance": count(self.balance), "credit_name": self.credit_name})
        return cleaned


class RewardForm(_ShopForm):
    reward = forms.ChoiceField(label=gettext_lazy("Reward"), widget=forms.RadioSelect)
    reason = ReasonField()

    field_order = ["reward", "shop", "reason"]
    leat_fields = {"shop_uuid": "shop", "reward_uuid": "reward"}
    leat_error_fields = {
        errors.InsufficientCredits: "reward",
        errors.RewardNotFound: "reward",
        errors.RewardInactive: "reward",
        errors.RewardOutOfStock: "reward",
        errors.RewardClaimLimitReached: "reward",
        errors.ShopNotFound: "shop",
        errors.ContactNotFound: None,
    }

    def __init__(self, *args: Any, rewards: list[Reward], balance: int | None, credit_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rewards, self.balance, self.credit_name = {reward.uuid: reward for reward in rewards}, balance, credit_name
        self.fields["reward"].choices = [(reward.uuid, self._label(reward)) for reward in rewards]
        if not rewards:
            self.fields["reward"].help_text = _("Leat has no reward this contact can get now.")

    def _label(self, reward: Reward) -> str:
        short = self.balance is not None and reward.required_credits > self.balance
        label = f"{reward.title}: {count(reward.required_credits)} {self.credit_name}"
        return label + " " + _("(not enough credits)") if short else label

    def clean_reward(self) -> Reward:
        reward = self.rewards.get(self.cleaned_data["reward"])
        if reward is None:  # kept from the posted form while Leat could not list the rewards
            raise forms.ValidationError(_("Leat cannot list the rewards right now, so this one cannot be checked: send the form again once Leat answers."))
        if self.balance is not None and reward.required_credits > self.balance:
            raise forms.ValidationError(
                _("%(reward)s costs %(cost)s %(credit_name)s; this contact has %(balance)s.")
                % {"reward": reward.title, "cost": count(reward.required_credits), "credit_name": self.credit_name, "balance": count(self.balance)}
            )
        return reward


class ReverseForm(LeatForm):
    reason = ReasonField()
    confirm = forms.BooleanField(label=gettext_lazy("Yes, reverse it: Leat books the opposite credits"), required=True)

    leat_error_fields = {errors.CreditReceptionNotFound: None, errors.InvalidInput: None}

    def __init__(self, *args: Any, already: Any = None, reversal_of: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: leatadmin's audit entry of the reversal of this reception, or of the
        #: reversal this reception itself is: either way there is nothing to undo.
        self.already, self.reversal_of = already, reversal_of

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.reversal_of is not None:
            said = {"who": self.reversal_of.username, "when": when(self.reversal_of.created_at)}
            raise forms.ValidationError(_("This transaction is itself a reversal (booked when %(who)s undid a reception on %(when)s), so it cannot be undone: nothing was sent.") % said)
        if self.already is not None:
            said = {"who": self.already.username, "when": when(self.already.created_at)}
            if self.already.outcome == "unknown":
                raise forms.ValidationError(_("%(who)s already reversed it on %(when)s (its outcome is unknown: check the transactions): nothing was sent.") % said)
            raise forms.ValidationError(_("%(who)s already reversed it on %(when)s: nothing was sent.") % said)
        return cleaned


class _CollectionForm(LeatForm):
    """Mark a reward collected, or undo that. `refusal` says why it cannot be
    sent now (already collected, expired, waiting again): shown as the form
    opens, and nothing is sent. `refused` is what Leat's 1003 means here."""

    refused = ""

    def __init__(self, *args: Any, refusal: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refusal = refusal
        if refusal and not self.is_bound:
            self._notices = [refusal]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal)
        return cleaned

    def apply_leat_error(self, error: errors.LeatError) -> None:
        # Leat's 1003 on these routes names its own field: said here in words of the action.
        if isinstance(error, errors.InvalidInput) and self.is_bound:
            self.add_error(None, str(self.refused))
            return
        super().apply_leat_error(error)


class CollectForm(_CollectionForm):
    note = ReasonField(label=gettext_lazy("Note"), required=False, help_text=gettext_lazy("Optional, kept in the audit log, e.g. “picked up by her son”."))

    refused = gettext_lazy("Leat refused: this reward is no longer waiting to be collected (it may just have been collected at another till).")
    leat_error_fields = {errors.CollectableRewardUnavailable: None}


class UncollectForm(_CollectionForm):
    reason = ReasonField(help_text=gettext_lazy("Why, in a few words (kept in the audit log), e.g. “marked the wrong reward”."))

    refused = gettext_lazy("Leat refused: this reward is not marked collected in Leat (the collection may already have been undone elsewhere).")
    leat_error_fields = {errors.CollectableRewardUnavailable: None}
