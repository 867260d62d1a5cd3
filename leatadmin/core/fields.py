"""Form fields shared by the visit and booking forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .converters import is_leat_id
from .money import AmountError, parse_amount
from .widgets import QuickDateInput

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
#: The days leatadmin accepts anywhere. Python's dates end at 9999-12-31 and
#: begin at 0001-01-01, so a day at either end cannot even be turned into a
#: range in another time zone: such input is refused at the field instead.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)
OUT_OF_RANGE = gettext_lazy("Enter a date between 1900 and 2999.")


def _within_range(day: dt.date) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")


class DayField(forms.DateField):
    """A calendar day (a filter's From and To): a date picker, 1900 to 2999."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        # The browser's date picker takes ISO dates whatever the language (never the Dutch 24-11-2026).
        kwargs.setdefault("widget", QuickDateInput(attrs={"type": "date", "min": EARLIEST_DAY.isoformat(), "max": LATEST_DAY.isoformat()}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            _within_range(value)


def validate_birth_date(value: dt.date | None) -> None:
    """A birth date: not in the future, not before 1900."""
    if value is None:
        return
    if value > timezone.localdate():
        raise forms.ValidationError(_("A birth date cannot be in the future."), code="future")
    if value < EARLIEST_DAY:
        raise forms.ValidationError(_("Enter a birth date from 1900 on."), code="too_early")


class BirthDateField(DayField):
    """A person's birth date (for any form that asks for one)."""

    default_validators = [validate_birth_date]


def _zone_named(help_text: str) -> str:
    """The field's help, then the time zone its times are in (the staff member's, at render time)."""
    zone = _("Time in %(zone)s.") % {"zone": timezone.get_current_timezone_name()}
    return f"{help_text} {zone}" if help_text else zone


zone_named = lazy(_zone_named, str)


class DateTimeLocalField(forms.DateTimeField):
    """A browser date-time picker. The value typed is in the staff member's
    time zone (the active one); it comes out aware, so it goes to Leat as
    ISO 8601 with that offset. Its help text names that zone, so nobody
    has to guess whether a time is local or UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
        kwargs["help_text"] = zone_named(kwargs.get("help_text", ""))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        # Year 1 or 9999 in a time zone with an offset cannot become UTC (OverflowError).
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        if isinstance(value, str) and value.strip()[:4].isdecimal() and not EARLIEST_DAY.year <= int(value.strip()[:4]) <= LATEST_DAY.year:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        return super().to_python(value)


def _at_most_money(limit: Decimal) -> str:
    from .templatetags.leat_format import cents

    return _("At most %(amount)s.") % {"amount": cents(int(limit * 100))}


at_most_money = lazy(_at_most_money, str)


class EurosField(forms.DecimalField):
    """Money typed in euros (up to two decimals, not negative), kept in cents.

    A text input, never `type=number` (Chromium reads `25,50` as `2550`), read
    by `money.parse_amount` as people type it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("1000000"))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}))
        kwargs.setdefault(
            "error_messages",
            {"min_value": gettext_lazy("The amount cannot be negative."), "max_value": at_most_money(kwargs["max_value"]), "max_decimal_places": gettext_lazy("At most two decimals (whole cents).")},
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                value = parse_amount(value)
            except AmountError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
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
        kwargs.setdefault("help_text", gettext_lazy("The contact's email, or its UUID."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value).strip()
        if "@" in value:
            value = value.lower()
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError(_("This is not a valid email address.")) from None
        elif value and not is_leat_id(value):
            raise forms.ValidationError(_("Enter the contact's email or UUID."))
        return value


class ReasonField(forms.CharField):
    """Why a staff member corrects something: kept in the audit entry."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Reason"))
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", gettext_lazy("Why, in a few words (kept in the audit log), e.g. “card lost, customer called”."))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("error_messages", {"required": gettext_lazy("Say why: the reason is kept in the audit log.")})
        super().__init__(**kwargs)
