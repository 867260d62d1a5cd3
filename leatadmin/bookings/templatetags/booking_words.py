"""Template filters for bookings: their status in words ({% load booking_words %})."""

from django import template

from leatadmin.bookings.status import label

register = template.Library()


@register.filter
def booking_status(value: str | None) -> str:
    """A booking's status in words (bookings/status.py)."""
    return label(value)
