"""How Leat's values read on a page."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def cents(value: int | None) -> str:
    """2000 -> '€20.00'; Leat keeps money in cents."""
    if value in (None, ""):
        return "—"
    amount = Decimal(int(value)) / 100
    sign = "-" if amount < 0 else ""
    return f"{sign}€{intcomma(f'{abs(amount):.2f}')}"


@register.filter
def credits(value: int | None) -> str:
    return "—" if value is None else intcomma(value)


TRANSACTION_LABELS = {
    "credit_reception": "Credits received",
    "reward_reception": "Reward",
    "digital_reward_reception": "Digital reward",
}


@register.filter
def transaction_type(value: str) -> str:
    return TRANSACTION_LABELS.get(value, value.replace("_", " ").capitalize())
