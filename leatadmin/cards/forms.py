from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import ReasonField
from leatadmin.core.forms import LeatForm
from leatadmin.leat import errors
from leatadmin.leat.models import ContactIdentifier

CARD_ERRORS = (errors.IdentifierNotFound, errors.IdentifierInactive, errors.IdentifierAlreadyLinked)


class CardNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)


class LinkCardForm(LeatForm):
    value = CardNumberField(label=gettext_lazy("Card number"), help_text=gettext_lazy("As printed on the card, e.g. CARD-200050."))
    reason = ReasonField()

    leat_fields = {"contact_identifier_value": "value"}
    leat_error_fields = dict.fromkeys(CARD_ERRORS, "value")


class ReplaceCardForm(LeatForm):
    old = forms.ChoiceField(label=gettext_lazy("Lost card (will be blocked)"))
    new = CardNumberField(label=gettext_lazy("New card"), required=False, help_text=gettext_lazy("The card the customer gets instead. Leave empty to only block the lost card."))
    reason = ReasonField()

    leat_fields = {"contact_identifier_value": "new"}
    leat_error_fields = dict.fromkeys(CARD_ERRORS, "new")

    def __init__(self, *args: Any, cards: list[ContactIdentifier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Blocked cards are not offered; one blocked since the form was opened
        # stays valid, so the stale-form guard can say who blocked it.
        posted = self.data.get("old") if self.is_bound else None
        self.cards = {card.value: card for card in cards if card.active or card.value == posted}
        self.fields["old"].choices = [(value, f"{value} ({card.name})" if card.name else value) for value, card in self.cards.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new") and data.get("new") == data.get("old"):
            self.add_error("new", _("The new card must be another card than the lost one."))
        return data
