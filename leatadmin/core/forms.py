"""Leat's answers to a write, shown in words at the right form field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.leat import errors

from .failures import describe

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

    def apply_leat_error(self, error: errors.LeatError) -> None:
        if isinstance(error, (errors.Unavailable, errors.RateLimited, errors.Unauthenticated)):
            failure = describe(error)
            self.failure_status, self.retry_after = failure.status, failure.retry_after
            if not self.is_bound:
                self._notices = [f"{failure.title} {failure.advice}"]
                return
            self.add_error(None, f"{failure.title} {failure.advice} {_('Your input is kept below.')}")
            return
        placed = False
        for leat_field, messages in error.field_errors.items():
            field = self._field(self.leat_fields.get(leat_field, leat_field))
            for message in messages:
                self.add_error(field, message)
            placed = True
        for kind, field in self.leat_error_fields.items():
            if isinstance(error, kind):
                self.add_error(self._field(field), MESSAGES.get(kind, error.message))
                return
        if not placed:
            self.add_error(None, MESSAGES.get(type(error)) or _("Leat refused this: %(message)s") % {"message": error.message})
