"""Visit forms. The booking forms build on `VisitDetailsForm`: a booking has
everything a visit has, and more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.fields import ContactReferenceField, DateTimeLocalField
from leatadmin.core.filters import DayRangeForm
from leatadmin.core.forms import LeatForm
from leatadmin.core.person_filter import PersonFilterForm
from leatadmin.leat import errors

from .selectors import UNKNOWN_SHOP


class VisitDetailsForm(LeatForm):
    """The fields Leat lets change after creation."""

    external_id = forms.CharField(label=gettext_lazy("External id"), required=False, max_length=255)
    source = forms.CharField(label=gettext_lazy("Source"), required=False, max_length=255, help_text=gettext_lazy("Where it came from, e.g. Kiosk, Website, Phone."))
    starts_at = DateTimeLocalField(label=gettext_lazy("Start"))
    ends_at = DateTimeLocalField(label=gettext_lazy("End"))

    leat_fields = {"shop_uuid": "shop", "contact_uuid": "contact"}
    leat_error_fields = {errors.ShopNotFound: "shop", errors.ContactNotFound: "contact"}
    #: The fields sent to Leat as they are (the rest are converted in `to_leat`).
    leat_names: tuple[str, ...] = ("external_id", "source", "starts_at", "ends_at")

    #: True where a blank field means "leave as it is in Leat" (a correction of a booking made elsewhere).
    blank_means_unchanged = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        elif ends and not starts and "starts_at" not in self.errors and not self.blank_means_unchanged:
            self.add_error("starts_at", _("An end without a start makes no sense: give the start too, or clear the end."))
        return cleaned

    def to_leat(self) -> dict[str, Any]:
        """The cleaned values as Leat takes them; empty text is sent as empty."""
        return {name: self.cleaned_data.get(name) for name in self.leat_names if name in self.fields}


class OwnedMixin(forms.Form):
    """Shop and contact, chosen once at creation (Leat does not let them change)."""

    shop = forms.ChoiceField(label=gettext_lazy("Shop"), choices=())
    contact = ContactReferenceField(label=gettext_lazy("Contact"))

    def __init__(self, *args: Any, shop_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].choices = [("", _("Choose a shop…")), *shop_choices]


class VisitCreateForm(OwnedMixin, VisitDetailsForm):
    field_order = ["shop", "contact", "starts_at", "ends_at", "source", "external_id"]


class VisitEditForm(VisitDetailsForm):
    field_order = ["starts_at", "ends_at", "source", "external_id"]


class VisitFilterForm(PersonFilterForm, DayRangeForm):
    person_field = "contact"  # posted, and by reference in the list's URL (core/person_filter.py)
    contact = ContactReferenceField(label=gettext_lazy("Contact"), required=False, help_text="")
    shop = forms.ChoiceField(label=gettext_lazy("Shop"), required=False)

    def __init__(self, *args: Any, shops: list[tuple[str, str]], unknown_shop: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Leat does not say where a visit was: only the shops of visits made in leatadmin are known.
        # (Staff limited to their shops see none of the others: `unknown_shop` False.)
        unknown = [(UNKNOWN_SHOP, _("Shop not known (made elsewhere)"))] if unknown_shop else []
        self.fields["shop"].choices = [("", _("All shops")), *shops, *unknown]
