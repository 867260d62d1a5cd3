"""How Leat's values read on a page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as format_date
from django.utils import timezone

register = template.Library()


@register.filter
def cents(value: int | None) -> str:
    """2000 -> '€20.00'; Leat keeps money in cents."""
    if value in (None, ""):
        return "—"
    amount = Decimal(int(value)) / 100
    sign = "−" if amount < 0 else ""  # a true minus sign, as for credits
    return f"{sign}€{intcomma(f'{abs(amount):.2f}')}"


@register.filter
def signed_cents(value: int | None) -> str:
    """Money moved, with its sign always shown: +€25.50, −€5.25."""
    if value in (None, ""):
        return "—"
    return f"+{cents(value)}" if int(value) > 0 else cents(value)


@register.filter
def credits(value: int | None) -> str:
    return "—" if value is None else intcomma(value)


@register.filter
def signed_credits(value: int | None) -> str:
    """Credits with Leat's own sign, always shown: +10, −2, 0 (a true minus sign)."""
    if value is None:
        return "—"
    number = int(value)
    sign = "+" if number > 0 else "−" if number < 0 else ""
    return f"{sign}{intcomma(abs(number))}"


TRANSACTION_LABELS = {
    "credit_reception": "Credits received",
    "reward_reception": "Reward",
    "digital_reward_reception": "Digital reward",
}


@register.filter
def transaction_type(value: str) -> str:
    return TRANSACTION_LABELS.get(value, value.replace("_", " ").capitalize())


def transaction_description(item) -> str:
    """What a transaction was: its type, and for a reward which reward."""
    label = transaction_type(item.type)
    return f"{label}: {item.title}" if item.title else label


@register.filter
def shown(value: object) -> str:
    """Any value in a history or diff: date-times in the staff member's time zone, nothing as a dash."""
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.datetime):
        return format_date(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y, H:i")
    return str(value)


@register.filter
def has_errors(fields) -> bool:
    """Whether any of these bound fields has an error (e.g. `form.hidden_fields|has_errors`)."""
    return any(field.errors for field in fields)
