"""Form fields shared by leatadmin's forms: days, date-times, money and numbers.

Every number staff type goes through one of these fields. Python reads
other scripts' digits as numbers (`int("٣") == 3`, `Decimal("３") == 3`),
so Django's number fields take them silently; these accept the digits 0–9
only, and say so.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .converters import is_leat_id
from .money import AmountError, decimal_mark, parse_amount, too_many_decimals
from .templatetags.leat_format import cents
from .wall_time import WALL_FORMATS, WallTimeInput, resolve
from .widgets import QuickDateInput

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

    widget = WallTimeInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", list(WALL_FORMATS))
        kwargs["help_text"] = zone_named(kwargs.get("help_text", ""))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        # Year 1 or 9999 in a time zone with an offset cannot become UTC (OverflowError).
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        if isinstance(value, str) and value.strip()[:4].isdecimal() and not EARLIEST_DAY.year <= int(value.strip()[:4]) <= LATEST_DAY.year:
            raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            # Django's "couldn't be interpreted ... ambiguous or may not exist": the night of a clock change.
            naive = (error.params or {}).get("datetime") if error.code == "ambiguous_timezone" else None
            moment = resolve(naive, getattr(value, "offset", "")) if isinstance(naive, dt.datetime) else None
            if moment is None:
                raise
            return moment


def _at_most_money(limit: Decimal) -> str:
    return _("At most %(amount)s.") % {"amount": cents(int(limit * 100))}


at_most_money = lazy(_at_most_money, str)


class EurosField(forms.DecimalField):
    """Money typed in euros (up to two decimals, not negative), kept in cents.

    A text input, never `type=number` (Chromium reads `25,50` as `2550`), read
    by `money.parse_amount` as people type it. Its limits are its min and max
    values, each with one message: no count of digits on top (Django's "no
    more than 9 digits in total" beside "At most €10,000.00")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("1000000"))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}))
        kwargs.setdefault("error_messages", {"min_value": gettext_lazy("The amount cannot be negative."), "max_value": at_most_money(kwargs["max_value"])})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                amount = parse_amount(value)
            except AmountError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
            if amount is not None and self.decimal_places is not None and -int(amount.as_tuple().exponent) > self.decimal_places:
                # Said here, with what they typed, rather than by Django's validator, which never sees it.
                raise forms.ValidationError(too_many_decimals(value, amount, decimal_mark(value)), code="max_decimal_places")
            value = amount
        return super().to_python(value)

    @staticmethod
    def to_cents(value: Decimal | None) -> int | None:
        return None if value is None else int(value * 100)

    @staticmethod
    def from_cents(cents: int | None) -> Decimal | None:
        return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


#: Digits from other scripts (Arabic-Indic `٣`, full-width `３`...): refused with this, not read.
OTHER_DIGITS = gettext_lazy("Type the number with the digits 0–9.")
WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)
NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)", re.ASCII)


def _typed_number(value: Any, pattern: re.Pattern, invalid: str) -> Any:
    """The text of a number staff typed, if it is one in the digits 0–9; a
    true minus sign (as leatadmin writes negative numbers) counts as a minus."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace("\u2212", "-")
    if not text:
        return text
    if not text.isascii() and any(character.isdigit() for character in text):
        raise forms.ValidationError(OTHER_DIGITS, code="invalid")
    if not pattern.fullmatch(text):
        raise forms.ValidationError(invalid, code="invalid")
    return text


class WholeNumberField(forms.IntegerField):
    """A whole number staff type (credits, a party size), in the digits 0–9."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        return super().to_python(_typed_number(value, WHOLE, self.error_messages["invalid"]))


class NumberField(forms.DecimalField):
    """A number staff type (a numeric contact attribute): `12`, `1.5` or the
    Dutch `1,5`, in the digits 0–9 (never `1e3`)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:
        text = _typed_number(value, NUMBER, self.error_messages["invalid"])
        return super().to_python(text.replace(",", ".") if isinstance(text, str) else text)


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
