"""Form fields on a page, beyond what `{{ field }}` does."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def autofocused(field: BoundField) -> str:
    """The field's widget with `autofocus`: the one box a page is for (the lookup's search)."""
    return field.as_widget(attrs={"autofocus": True})
