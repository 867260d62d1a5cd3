from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.audit.models import AuditEntry, action_text
from leatadmin.core.filters import DayRangeForm
from leatadmin.core.person_filter import PersonFilterForm


class AuditFilterForm(PersonFilterForm, DayRangeForm):
    person_field = "target"  # often an email: posted, and by reference in the log's URL (core/person_filter.py)
    username = forms.ChoiceField(label=gettext_lazy("Staff member"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    target_type = forms.ChoiceField(label=gettext_lazy("Target"), required=False, choices=[("", gettext_lazy("Anything")), *AuditEntry.Target.choices])
    target = forms.CharField(
        label=gettext_lazy("Contact, visit or booking"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("An email, a UUID, or a visit's or booking's external id (LA-…)."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        required=False,
        choices=[("", gettext_lazy("Any")), ("success", gettext_lazy("Succeeded")), ("failure", gettext_lazy("Failed")), ("unknown", gettext_lazy("Outcome unknown"))],
    )

    def __init__(self, *args: Any, usernames: list[str], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].choices = [("", _("Anyone")), *[(u, u) for u in usernames]]
        self.fields["action"].choices = [("", _("Any action")), *sorted(((code, action_text(code)) for code in actions), key=lambda choice: choice[1].lower())]
