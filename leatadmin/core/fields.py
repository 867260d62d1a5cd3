"""Form fields shared by the visit and booking forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import validate_email

from .converters import is_leat_id

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalField(forms.DateTimeField):
    """A browser date-time picker. The value typed is in the staff member's
    time zone (the active one); it comes out aware, so it goes to Leat as
    ISO 8601 with that offset."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
        super().__init__(**kwargs)


class EurosField(forms.DecimalField):
    """Money typed in euros (up to two decimals, not negative), kept in cents."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("1000000"))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace("€", "").replace(",", ".").strip()
        return super().to_python(value)

    @staticmethod
    def to_cents(value: Decimal | None) -> int | None:
        return None if value is None else int(value * 100)

    @staticmethod
    def from_cents(cents: int | None) -> Decimal | None:
        return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


class ContactReferenceField(forms.CharField):
    """A contact by email (looked up in Leat) or by its identifier."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("help_text", "The contact's email, or its UUID.")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value).strip()
        if "@" in value:
            value = value.lower()
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError("This is not a valid email address.") from None
        elif value and not is_leat_id(value):
            raise forms.ValidationError("Enter the contact's email or UUID.")
        return value
