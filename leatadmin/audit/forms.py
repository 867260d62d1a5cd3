from __future__ import annotations

from typing import Any

from django import forms

from leatadmin.core.fields import DayField

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    username = forms.ChoiceField(label="Staff member", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    target_type = forms.ChoiceField(label="Target", required=False, choices=[("", "Anything"), *AuditEntry.Target.choices])
    target = forms.CharField(label="Target id or email", required=False, max_length=255)
    outcome = forms.ChoiceField(label="Outcome", required=False, choices=[("", "Any"), ("success", "Succeeded"), ("failure", "Failed"), ("unknown", "Outcome unknown")])
    date_from = DayField(label="From")
    date_to = DayField(label="To")

    def __init__(self, *args: Any, usernames: list[str], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "Anyone"), *[(u, u) for u in usernames]]
        self.fields["action"].choices = [("", "Any action"), *[(a, a) for a in actions]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned
