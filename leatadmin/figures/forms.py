"""The figures page's choice: a shop (or all the staff member may see) and a period, in the URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.filters import DayRangeForm

from .periods import DEFAULT_DAYS, LAST_DAYS, MAX_DAYS, Period

CHOSEN = "days"
PERIODS = [
    ("7", gettext_lazy("Last 7 days")),
    ("30", gettext_lazy("Last 30 days")),
    ("90", gettext_lazy("Last 90 days")),
    (CHOSEN, gettext_lazy("Chosen days")),
]


class FiguresForm(DayRangeForm):
    shop = forms.ChoiceField(label=gettext_lazy("Shop"), required=False)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False, widget=forms.RadioSelect)

    def __init__(self, data: Any, *, shops: list[tuple[str, str]], limited: bool, today: dt.date, **kwargs: Any) -> None:
        data = data.copy()
        if not data.get("period"):
            # Days given without a period are chosen days; nothing given, the last 30 days.
            data["period"] = CHOSEN if data.get("date_from") or data.get("date_to") else str(DEFAULT_DAYS)
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["shop"].choices = [("", _("All your shops") if limited else _("All shops")), *shops]
        self.fields["date_from"].help_text = self.fields["date_to"].help_text = ""
        self.order_fields(["shop", "period", "date_from", "date_to"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("period") != CHOSEN:
            return cleaned
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if not first and "date_from" not in self.errors:
            self.add_error("date_from", _("Enter the first day of the period."))
        if not last and "date_to" not in self.errors:
            self.add_error("date_to", _("Enter the last day of the period."))
        if first and last and last >= first and (last - first).days + 1 > MAX_DAYS:
            self.add_error("date_to", _("Choose at most %(days)d days.") % {"days": MAX_DAYS})
        return cleaned

    def chosen_period(self) -> Period:
        """The period asked for (the form is valid)."""
        data = self.cleaned_data
        if data.get("period") == CHOSEN:
            return Period(data["date_from"], data["date_to"])
        days = int(data.get("period") or DEFAULT_DAYS)
        return Period.last_days(days if days in LAST_DAYS else DEFAULT_DAYS, self.today)
