from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from leatadmin.core.fields import DayField

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    username = forms.ChoiceField(label=gettext_lazy("Staff member"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    target_type = forms.ChoiceField(label=gettext_lazy("Target"), required=False, choices=[("", gettext_lazy("Anything")), *AuditEntry.Target.choices])
    target = forms.CharField(label=gettext_lazy("Target id or email"), required=False, max_length=255)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        required=False,
        choices=[("", gettext_lazy("Any")), ("success", gettext_lazy("Succeeded")), ("failure", gettext_lazy("Failed")), ("unknown", gettext_lazy("Outcome unknown"))],
    )
    date_from = DayField(label=pgettext_lazy("date range", "From"))
    date_to = DayField(label=pgettext_lazy("date range", "To"))

    def __init__(self, *args: Any, usernames: list[str], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", _("Anyone")), *[(u, u) for u in usernames]]
        self.fields["action"].choices = [("", _("Any action")), *[(a, a) for a in actions]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
