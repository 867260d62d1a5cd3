"""What the lists' filter forms share: a range of days, From and To."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .fields import DayField


class DayRangeForm(forms.Form):
    """From and To, both optional, both days in the staff member's time zone
    (`core.dates.within_days` applies them); To before From is refused."""

    date_from = DayField(label=pgettext_lazy("date range", "From"))
    date_to = DayField(label=pgettext_lazy("date range", "To"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The days come last, after whatever the list filters by.
        self.order_fields([name for name in self.fields if name not in ("date_from", "date_to")] + ["date_from", "date_to"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
