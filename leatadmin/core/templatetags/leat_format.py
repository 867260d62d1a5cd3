"""How Leat's values read on a page: the one place that writes money, counts,
dates and yes/no, in the active language's style (leatadmin/formats/).

Templates use these as filters; tables, forms and messages import the same
functions, so `€ 20,00` in Dutch is `€20.00` in English everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

register = template.Library()

#: A true minus sign (U+2212), never a hyphen, before money and credits alike.
MINUS = "\u2212"
NOTHING = "—"


def _number(value: int | Decimal, places: int | None = None) -> str:
    """`value` grouped by thousands, with `places` decimals, in the active
    language's style: Django's `number_format` with leatadmin/formats/. The
    callers write the sign: a true minus, where Django writes a hyphen."""
    return formats.number_format(value, decimal_pos=places, force_grouping=True)


@register.filter
def count(value: int | None) -> str:
    """1612 -> '1.612' (Dutch) or '1,612' (English)."""
    if value in (None, ""):
        return NOTHING
    return f"{MINUS if int(value) < 0 else ''}{_number(abs(int(value)))}"


@register.filter
def decimal(value: float | Decimal | None, places: int = 2) -> str:
    """A number with decimals, e.g. a purchase amount: '12,50' or '12.50'."""
    if value in (None, ""):
        return NOTHING
    number = Decimal(str(value))
    return f"{MINUS if number < 0 else ''}{_number(abs(number), places)}"


@register.filter
def cents(value: int | None) -> str:
    """2000 -> '€ 20,00' (Dutch) or '€20.00' (English); Leat keeps money in cents."""
    if value in (None, ""):
        return NOTHING
    amount = Decimal(int(value)) / 100
    pattern = formats.get_format("MONEY_FORMAT")
    if "{amount}" not in pattern:  # a language without leatadmin's formats module
        pattern = "€{amount}"
    return f"{MINUS if amount < 0 else ''}{pattern.format(amount=_number(abs(amount), 2))}"


@register.filter
def euros(value: float | Decimal | int | None) -> str:
    """An amount Leat gives in euros (e.g. the prepaid_balance attribute), as money."""
    if value in (None, ""):
        return NOTHING
    return cents(int((Decimal(str(value)) * 100).to_integral_value()))


@register.filter
def signed_cents(value: int | None) -> str:
    """Money moved, with its sign always shown: +€ 25,50, −€ 5,25."""
    if value in (None, ""):
        return NOTHING
    return f"+{cents(value)}" if int(value) > 0 else cents(value)


@register.filter
def credits(value: int | None) -> str:
    return NOTHING if value is None else count(value)


@register.filter
def signed_credits(value: int | None) -> str:
    """Credits with Leat's own sign, always shown: +10, −2, 0 (a true minus sign)."""
    if value is None:
        return NOTHING
    number = int(value)
    return f"+{count(number)}" if number > 0 else count(number)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """A calendar day: '24-11-2026' or '24 Nov 2026' (a date-time: its day in the staff member's zone)."""
    if value in (None, ""):
        return NOTHING
    if isinstance(value, dt.datetime):
        value = _local(value)
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def when(value: dt.datetime | dt.date | None) -> str:
    """A moment in the staff member's time zone: '24-11-2026 18:00' or '24 Nov 2026, 18:00'."""
    if value in (None, ""):
        return NOTHING
    if not isinstance(value, dt.datetime):
        return day(value)
    return formats.date_format(_local(value), "DATETIME_FORMAT")


@register.filter
def clock(value: dt.datetime | dt.time | None) -> str:
    """Only the time of day, '18:00', in the staff member's zone."""
    if value in (None, ""):
        return NOTHING
    if isinstance(value, dt.datetime):
        value = _local(value)
    return formats.time_format(value, "TIME_FORMAT")


@register.filter
def ago(value: dt.datetime | None) -> str:
    """How long ago something happened: '5 minutes ago', and under a minute
    'just now' (Django's timesince says '0 minutes')."""
    if value in (None, ""):
        return NOTHING
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if timezone.now() - value < dt.timedelta(minutes=1):
        return _("just now")
    return _("%(ago)s ago") % {"ago": timesince(value)}


YES, NO = gettext_lazy("Yes"), gettext_lazy("No")


@register.filter
def yes_no(value: object) -> str:
    """True/False (or Leat's 'true', '1', 'False'...) as a word; nothing as a dash."""
    if value in (None, ""):
        return NOTHING
    if isinstance(value, str):
        value = value.strip().lower() in ("true", "1", "yes")
    return str(YES if value else NO)


TRANSACTION_LABELS = {
    "credit_reception": pgettext_lazy("transaction type", "Credits received"),
    "reward_reception": pgettext_lazy("transaction type", "Reward"),
    "digital_reward_reception": pgettext_lazy("transaction type", "Digital reward"),
}


@register.filter
def transaction_type(value: str) -> str:
    return str(TRANSACTION_LABELS.get(value, value.replace("_", " ").capitalize()))


def transaction_description(item) -> str:
    """What a transaction was: its type, and for a reward which reward."""
    label = transaction_type(item.type)
    return _("%(type)s: %(title)s") % {"type": label, "title": item.title} if item.title else label


@register.filter
def shown(value: object) -> str:
    """Any value in a history or diff: date-times in the staff member's time
    zone, yes/no for booleans, nothing as a dash."""
    if value in (None, ""):
        return NOTHING
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.datetime | dt.date):
        return when(value)
    return str(value)


@register.filter
def has_errors(fields) -> bool:
    """Whether any of these bound fields has an error (e.g. `form.hidden_fields|has_errors`)."""
    return any(field.errors for field in fields)


#: Units of Leat's loyalty rules that are money: their values are written as money.
MONEY_UNITS = frozenset({"euro", "euros", "eur", "€"})


def unit_amount(value: Decimal | float | None, unit: str) -> str:
    """A transaction's unit value: money as money (Leat's unit "Euro"), anything else with its unit."""
    if value in (None, ""):
        return NOTHING
    if unit.strip().lower() in MONEY_UNITS:
        return euros(value)
    return f"{decimal(value, 2)} {unit}".strip()


@register.filter
def reason(value: str | None) -> str:
    """A recorded reason as staff read it: the ones leatadmin writes itself
    (stored in English, marked with gettext_noop where they are written) in
    the page's language; what staff typed, as they typed it."""
    return _(value) if value else ""
