"""Links that pick a person's value without putting it in the URL (core/person_filter.py)."""

from __future__ import annotations

from django import template

from leatadmin.core.person_filter import pick_token

register = template.Library()


@register.filter
def picked_by(value: str) -> str:
    """`?card={{ card.value|picked_by }}`: a token the view turns back into the card (`person_filter.picked`)."""
    return pick_token(str(value))
