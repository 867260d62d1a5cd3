"""Template filters for contacts ({% load contact_words %})."""

from django import template

from leatadmin.contacts.attributes import CODE_WORDS

register = template.Library()


@register.filter
def contact_status(value: str | None) -> str:
    """A contact's status (Leat's ACTIVE, INACTIVE) in words."""
    return str(CODE_WORDS["status"].get(value or "", (value or "").capitalize()))
