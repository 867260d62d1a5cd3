"""The agenda's shop and day picker: a GET form, so the day stays in the URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import DayField


class AgendaPickForm(forms.Form):
    shop = forms.ChoiceField(label=gettext_lazy("Shop"))
    day = DayField(label=gettext_lazy("Day"), required=True)

    def __init__(self, *args: Any, shops: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].choices = shops
        if len(shops) == 1:
            self.fields["shop"].widget = forms.HiddenInput()  # one shop: nothing to pick
