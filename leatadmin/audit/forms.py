from __future__ import annotations

from typing import Any

from django import forms

from leatadmin.core.filters import DayRangeForm

from .models import AuditEntry


class AuditFilterForm(DayRangeForm):
    username = forms.ChoiceField(label="Staff member", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    target_type = forms.ChoiceField(label="Target", required=False, choices=[("", "Anything"), *AuditEntry.Target.choices])
    target = forms.CharField(label="Target id or email", required=False, max_length=255)
    outcome = forms.ChoiceField(label="Outcome", required=False, choices=[("", "Any"), ("success", "Succeeded"), ("failure", "Failed"), ("unknown", "Outcome unknown")])

    def __init__(self, *args: Any, usernames: list[str], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "Anyone"), *[(u, u) for u in usernames]]
        self.fields["action"].choices = [("", "Any action"), *[(a, a) for a in actions]]
