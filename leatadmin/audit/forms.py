from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from leatadmin.core.filters import DayRangeForm

from .models import AuditEntry, action_text


class AuditFilterForm(DayRangeForm):
    username = forms.ChoiceField(label="Staff member", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    target_type = forms.ChoiceField(label="Target", required=False, choices=[("", "Anything"), *AuditEntry.Target.choices])
    target = forms.CharField(
        label=_("Contact, visit or booking"), required=False, max_length=255,
        help_text=_("An email, a UUID, or a visit's or booking's external id (LA-…)."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    outcome = forms.ChoiceField(label="Outcome", required=False, choices=[("", "Any"), ("success", "Succeeded"), ("failure", "Failed"), ("unknown", "Outcome unknown")])

    def __init__(self, *args: Any, usernames: list[str], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", "Anyone"), *[(u, u) for u in usernames]]
        self.fields["action"].choices = [("", "Any action"), *sorted(((code, action_text(code)) for code in actions), key=lambda choice: choice[1].lower())]
