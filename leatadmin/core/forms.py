"""Leat's answers to a write, shown in words at the right form field.

Every word staff read here is leatadmin's, in their language: Leat's own
messages go through `leat_words` (known ones said in words of our own, the
rest marked as Leat's).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.leat import errors

from .failures import describe
from .history import field_label
from .leat_words import field_said, said

#: What staff read for each Leat business error (Leat's own messages are terse).
MESSAGES: dict[type[errors.LeatError], str] = {
    errors.ContactAlreadyExists: gettext_lazy("A contact with this email already exists."),
    errors.UsageLimitReached: gettext_lazy("Usage limit reached: the Leat account allows no more of these. Ask a supervisor."),
    errors.ContactNotFound: gettext_lazy("Leat has no contact with this identifier (it may have been deleted)."),
    errors.ShopNotFound: gettext_lazy("Leat has no shop with this identifier (it may have been removed)."),
    errors.IdentifierNotFound: gettext_lazy("Leat has no loyalty card with this identifier."),
    errors.IdentifierAlreadyLinked: gettext_lazy("This loyalty card already belongs to another contact."),
    errors.ContactNotAnonymous: gettext_lazy("This contact is not anonymous, so it cannot be claimed."),
    errors.IdentifierInactive: gettext_lazy("This loyalty card is blocked (inactive), so it cannot be used. Use another card."),
    errors.SubscriptionTypeNotFound: gettext_lazy("Leat has no such subscription type (it may have been removed). Reload the contact page."),
    errors.InsufficientCredits: gettext_lazy("This contact has too few credits for this reward."),
    errors.RewardOutOfStock: gettext_lazy("This reward is out of stock."),
    errors.RewardClaimLimitReached: gettext_lazy("This contact has had this reward as often as it may be given."),
    errors.RewardInactive: gettext_lazy("This reward is not active in Leat."),
    errors.RewardNotFound: gettext_lazy("Leat has no such reward (it may have been removed)."),
    errors.MaximumCreditsReached: gettext_lazy("More credits than the loyalty program allows in one go."),
    errors.CreditReceptionNotFound: gettext_lazy("Leat has no such credit reception."),
    errors.VisitNotFound: gettext_lazy("Leat has no visit with this identifier."),
    errors.IdentifierNotLinked: gettext_lazy("This loyalty card is not linked to a contact."),
    errors.UnitNotFound: gettext_lazy("The loyalty program in Leat has no such unit."),
    errors.NoDefaultUnit: gettext_lazy("The loyalty program in Leat has no default unit, so a purchase amount cannot be turned into credits."),
    errors.CreditReceptionInProgress: gettext_lazy("Leat is still booking earlier credits for this contact. Wait a moment, then try again."),
    errors.IdentifierAlreadyExists: gettext_lazy("A loyalty card with this number already exists."),
    # At the counter: vouchers, promotions, rewards to collect, gift cards (#29).
    errors.PromotionNotFound: gettext_lazy("Leat has no such promotion (it may have been removed)."),
    errors.VoucherNotFound: gettext_lazy("Leat has no such voucher."),
    errors.VoucherAlreadyExists: gettext_lazy("A voucher with this code already exists. Choose another code."),
    errors.VoucherLimitReached: gettext_lazy("This promotion may give no more vouchers (its limit, in all or for this contact, is reached)."),
    errors.VoucherAlreadyRedeemed: gettext_lazy("This voucher has already been redeemed."),
    errors.VoucherExpired: gettext_lazy("This voucher has expired."),
    errors.VoucherDeactivated: gettext_lazy("This voucher has been deactivated, so it cannot be used."),
    errors.VoucherInactive: gettext_lazy("This voucher is not active yet."),
    errors.VoucherLocked: gettext_lazy("This voucher is being redeemed elsewhere right now (locked). Try again later: Leat releases a lock after an hour."),
    errors.VoucherRedemptionsExhausted: gettext_lazy("This voucher cannot be redeemed any more times."),
    errors.PromotionInactive: gettext_lazy("This voucher's promotion is not active."),
    errors.CollectableRewardUnavailable: gettext_lazy("This reward is not waiting to be collected (it may have expired)."),
    errors.GiftcardNotFound: gettext_lazy("Leat has no such gift card."),
    errors.GiftcardTransactionNotFound: gettext_lazy("Leat has no such gift card transaction."),
    errors.GiftcardProgramNotFound: gettext_lazy("Leat has no such gift card program (it may have been removed)."),
    errors.OnlyDigitalGiftcards: gettext_lazy("Leat makes only digital gift cards through its API."),
    errors.GiftcardInactive: gettext_lazy("This gift card is not activated (blocked), so it cannot be used."),
    errors.GiftcardExpired: gettext_lazy("This gift card has expired."),
    errors.InsufficientGiftcardBalance: gettext_lazy("More than the gift card's balance."),
    errors.GiftcardNotIncrementable: gettext_lazy("This gift card cannot be topped up."),
    errors.GiftcardWithoutProgram: gettext_lazy("This gift card belongs to no gift card program in Leat."),
    errors.GiftcardMaximumExceeded: gettext_lazy("The gift card would then hold more than its program's maximum."),
    errors.GiftcardInvalid: gettext_lazy("This gift card is not valid."),
    errors.ShopNotInGiftcardProgram: gettext_lazy("This shop may not use this gift card's program."),
    errors.GiftcardReincrementable: gettext_lazy("Leat does not let this kind of gift card (reloadable) be used through its API."),
    errors.NotLastGiftcardTransaction: gettext_lazy("Only the gift card's last transaction can be undone."),
}


class LeatForm(forms.Form):
    """A form whose data is sent to Leat.

    `leat_fields` maps Leat's field names (as in 1003's `errors`) to this
    form's fields; `leat_error_fields` says at which field a business error
    belongs. Anything unplaced becomes a form-level error, so nothing Leat
    said is lost.
    """

    leat_fields: dict[str, str] = {}
    leat_error_fields: dict[type[errors.LeatError], str] = {}

    #: Set when the write failed because Leat was unavailable: the HTTP status to answer with.
    failure_status: int | None = None
    retry_after: int | None = None

    def _field(self, name: str | None) -> str | None:
        """The form field for a message, or None (form-level) if this form has no such field."""
        return name if name in self.fields else None

    def non_field_errors(self):
        # Plus what could not be added as an error because the form is not bound
        # (Leat failed while a form was being opened).
        return forms.utils.ErrorList([*super().non_field_errors(), *getattr(self, "_notices", [])])

    def _label(self, leat_field: str) -> str:
        """How staff name a field Leat named: this form's label for it, else the history's."""
        field = self._field(self.leat_fields.get(leat_field, leat_field))
        if field is not None and self.fields[field].label:
            return str(self.fields[field].label)
        return field_label(leat_field.removeprefix("attributes."))

    def apply_leat_error(self, error: errors.LeatError) -> None:
        if isinstance(error, (errors.Unavailable, errors.RateLimited, errors.Unauthenticated)):
            failure = describe(error)
            self.failure_status, self.retry_after = failure.status, failure.retry_after
            if not self.is_bound:
                self._notices = [f"{failure.title} {failure.advice}"]
                return
            self.add_error(None, " ".join((failure.title, failure.advice, _("Your input is kept below."))))
            return
        placed = False
        for leat_field, messages in error.field_errors.items():
            field = self._field(self.leat_fields.get(leat_field, leat_field))
            for message in messages:
                # At its field a message need not name it; at the top it does.
                self.add_error(field, field_said(message, None if field else self._label(leat_field), self._label))
            placed = True
        for kind, field in self.leat_error_fields.items():
            if isinstance(error, kind):
                # 1003's own "Invalid input." adds nothing to the field messages it came with.
                if not (placed and type(error) is errors.InvalidInput):
                    self.add_error(self._field(field), MESSAGES.get(type(error)) or MESSAGES.get(kind) or said(error.message))
                return
        if not placed:
            self.add_error(None, MESSAGES.get(type(error)) or _("Leat refused this: %(message)s") % {"message": said(error.message)})
