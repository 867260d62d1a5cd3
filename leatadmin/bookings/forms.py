from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leatadmin.core.converters import LEAT_ID_RE
from leatadmin.core.fields import DateTimeLocalField, EurosField, WholeNumberField
from leatadmin.core.filters import DayRangeForm
from leatadmin.core.forms import LeatForm
from leatadmin.core.person_filter import PersonFilterForm
from leatadmin.leat import errors
from leatadmin.leat.bookings import KNOWN_STATUSES
from leatadmin.visits.forms import OwnedMixin, VisitDetailsForm

from .models import BookingRecord
from .selectors import booking_shop_of, booking_uuid_for
from .status import LABELS, refusal

STATUS_CHOICES = [("", "—"), *[(status, LABELS[status]) for status in KNOWN_STATUSES]]


class BookingDetailsForm(VisitDetailsForm):
    """Every field of a booking that can change after it is made."""

    checked_in_at = DateTimeLocalField(label=gettext_lazy("Checked in at"))
    number_of_people = WholeNumberField(label=gettext_lazy("Party size"), required=False, min_value=1, max_value=10_000)
    company_name = forms.CharField(label=gettext_lazy("Company name"), required=False, max_length=255)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=STATUS_CHOICES)
    prepaid_amount = EurosField(label=gettext_lazy("Prepaid amount (€)"), help_text=gettext_lazy("In euros, e.g. 25.50. Leat keeps it in cents."))

    leat_names = ("external_id", "source", "starts_at", "ends_at", "checked_in_at", "number_of_people", "company_name", "status")
    field_order = ["starts_at", "ends_at", "number_of_people", "status", "checked_in_at", "prepaid_amount", "company_name", "source", "external_id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Leat may send a status outside the documented four: keep it choosable.
        current = self.initial.get("status") or (self.data.get("status") if self.is_bound else "")
        if current and current not in KNOWN_STATUSES:
            self.fields["status"].choices = [*STATUS_CHOICES, (current, _("%(status)s (from Leat)") % {"status": current})]

    def to_leat(self) -> dict[str, Any]:
        values = super().to_leat()
        if "prepaid_amount" in self.fields:
            values["prepaid_amount"] = EurosField.to_cents(self.cleaned_data.get("prepaid_amount"))
        return values

    @staticmethod
    def initial_from(record: BookingRecord) -> dict[str, Any]:
        initial = record.values()
        initial["prepaid_amount"] = EurosField.from_cents(record.prepaid_amount)
        return initial


class BookingCreateForm(OwnedMixin, BookingDetailsForm):
    field_order = ["shop", "contact", *BookingDetailsForm.field_order]


class ReasonMixin(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("Kept in the booking's history."))


class BookingCorrectForm(ReasonMixin, BookingDetailsForm):
    field_order = [*BookingDetailsForm.field_order, "reason"]


class BookingElsewhereForm(ReasonMixin, BookingDetailsForm):
    """A booking leatadmin did not make: its identifier, and only the fields to change."""

    uuid = forms.CharField(
        label=gettext_lazy("Booking UUID or external id"), max_length=255, help_text=gettext_lazy("The booking's UUID in Leat, or its external id if leatadmin's ledger knows the booking.")
    )
    field_order = ["uuid", *BookingDetailsForm.field_order, "reason"]
    leat_fields = {**BookingDetailsForm.leat_fields, "uuid": "uuid"}
    leat_error_fields = {errors.NotFound: "uuid"}
    #: Blank fields stay as they are in Leat, so an end alone is a change of the end.
    blank_means_unchanged = True

    def __init__(self, *args: Any, shops: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shops = shops  # the staff member's shops, when limited to them (staff/scoping.py)

    def clean_uuid(self) -> str:
        """Staff have the external id more often than the UUID; Leat cannot look
        a booking up by external id, so only the ledger can turn one into the other."""
        reference = self.cleaned_data["uuid"].strip()
        try:
            uuid = booking_uuid_for(reference=reference)
        except LookupError as error:
            raise forms.ValidationError(str(error)) from None
        if self.shops is not None:
            # Leat cannot show a booking: only the ledger can say its shop, before anything is sent.
            shop = booking_shop_of(uuid=uuid)
            if shop is None:
                raise forms.ValidationError(_("Your account is limited to your shops, and leatadmin's ledger does not know this booking, so not its shop either: ask a colleague who is not limited to shops."))
            if shop not in self.shops:
                raise forms.ValidationError(_("This booking is at a shop that is not one of yours."))
        return uuid

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) not in (None, "") for name in (*self.leat_names, "prepaid_amount")):
            raise forms.ValidationError(_("Fill in at least one field to change."))
        return cleaned


class BookingFilterForm(PersonFilterForm, DayRangeForm):
    person_field = "q"  # an email or part of one: posted, and by reference in the list's URL (core/person_filter.py)
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=255, widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Contact email, external id or UUID"), "type": "search"}))
    shop = forms.ChoiceField(label=gettext_lazy("Shop"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, shops: list[tuple[str, str]], statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shop"].choices = [("", _("All shops")), *shops]
        self.fields["status"].choices = [("", _("Any status")), *statuses]


class BookingSettleForm(LeatForm):
    """After checking Leat for a booking whose creation answer was lost."""

    made = forms.TypedChoiceField(
        choices=[("yes", gettext_lazy("It is in Leat")), ("no", gettext_lazy("It is not in Leat"))], coerce=lambda v: v == "yes", widget=forms.RadioSelect, label=gettext_lazy("What did you find in Leat?")
    )
    uuid = forms.RegexField(label=gettext_lazy("Its identifier in Leat (if it is there)"), regex=LEAT_ID_RE, max_length=128, required=False)

    def __init__(self, *args: Any, record: BookingRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.record.confirmed:
            raise forms.ValidationError(_("This booking is already confirmed; nothing changed."))
        if cleaned.get("made") and not cleaned.get("uuid"):
            self.add_error("uuid", _("Paste the booking's identifier from Leat."))
        elif cleaned.get("made") and BookingRecord.objects.filter(uuid=cleaned["uuid"]).exists():
            self.add_error("uuid", _("The ledger already has a booking with this identifier."))
        return cleaned


class BookingActionForm(LeatForm):
    """Check in, complete or cancel: nothing to fill in; the booking's status decides."""

    def __init__(self, *args: Any, record: BookingRecord, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record, self.action = record, action

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        why = refusal(self.record, self.action)
        if why:
            self.failure_status = 409  # refused by the booking's status: nothing goes to Leat
            raise forms.ValidationError(why)
        return cleaned
